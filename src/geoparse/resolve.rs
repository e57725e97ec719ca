//! Resolution: drop unlikely mentions and pick one place per name.

use std::collections::HashMap;

use crate::geoparse::gazetteer::{
    Entry, EntryKind, F_CAPITAL, Gazetteer, KF_COMMON, KF_FIRST, KF_SURNAME, KF_UPPER, PF_ABBREV,
    PF_ALIAS, PF_DEMONYM, Slot,
};
use crate::geoparse::gazetteer::{FNV_START, finish, fnv};
use crate::geoparse::recognize::{
    RawMention, TokKind, area_codes, is_feature, is_life_verb, is_match_verb, is_place_preposition,
    is_speech_verb, next_token, prev_token, sentence_initial, starts_upper, surface_hash,
    word_flags,
};
use crate::geoparse::{Alternative, FoundPlace, PlaceKind, Span, language};

/// A fast hasher for small keys: entry indices, country codes and name hashes.
#[derive(Default, Clone, Copy)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type HashMap64<V> = HashMap<u64, V, std::hash::BuildHasherDefault<PassThrough>>;
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<PassThrough>>;

/// The most that the rest of the article can add to a candidate's score: enough for a
/// small town to beat a big city of the same name, not a capital across the world.
const MAX_CONTEXT: f32 = 7.0;
/// Below this population, a town named inside a run of capitalised words is dropped.
const SMALL_TOWN: u32 = 20_000;
/// How sharply scores turn into probabilities (confidence and how much a name tells others).
const SHARPNESS: f32 = 2.0;
/// A town of this many people, spelt exactly as the text does, keeps spelling variants of
/// its name from winning on context alone.
const EXACT_KNOWN: u32 = 100_000;
/// What a first-level region loses beside a bigger city of its name.
const SMALLER_THAN_ITS_CITY: f32 = 2.0;
/// A city this big is known by its other spellings too ("Bombay", "Peking").
const WELL_KNOWN: u32 = 1_000_000;
/// What a spelling variant loses beside such a town: more than context can give.
const VARIANT_PENALTY: f32 = 8.0;
/// Places within this distance of each other support each other.
const NEAR_KM: f32 = 150.0;
/// Names in one sentence are neighbours when at most this many bytes apart...
const LOCAL_BYTES: usize = 300;
/// ...and at most this many names apart.
const LOCAL_AHEAD: usize = 6;
/// A name keeps at most this many neighbours (a name said all through a long text would
/// otherwise gather thousands).
const MAX_NEIGHBOURS: usize = 24;
/// The most that a name's neighbours in its sentences add to a candidate's score, on top
/// of the article's context: evidence close to a mention counts more than far evidence.
const MAX_LOCAL: f32 = 5.0;
/// Above this many distinct names, nearness is not computed.
const MAX_GROUPS_FOR_NEARNESS: usize = 400;

/// Whether two points are within `km` of each other (equirectangular approximation).
fn near_km(lat1: f32, lon1: f32, lat2: f32, lon2: f32, km: f32) -> bool {
    let dlat = (lat2 - lat1).to_radians();
    let mut dlon = (lon2 - lon1).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let x = dlon.to_radians() * ((lat1 + lat2) / 2.0).to_radians().cos();
    6371.0 * (x * x + dlat * dlat).sqrt() <= km
}

/// Whether two entries are within 50 km of each other (great-circle distance). The
/// latitudes alone rule most pairs out: no path between two points is shorter than the
/// arc between their parallels.
fn within_50_km(a: &Entry, b: &Entry) -> bool {
    let (lat1, lat2) = (f64::from(a.lat), f64::from(b.lat));
    // 50 km and a little more, for rounding: pairs this far apart north to south are
    // surely farther than 50 km.
    if (lat2 - lat1).to_radians().abs() * 6371.0088 > 50.001 {
        return false;
    }
    crate::geoparse::eval::haversine_km(lat1, f64::from(a.lon), lat2, f64::from(b.lon)) <= 50.0
}

/// How many names ahead [`resolve`] fetches a name's postings (and half as many, its
/// entries).
const PREFETCH_NAMES: usize = 8;

/// At most this many candidates are scored per name (the most likely by prior).
const MAX_CANDIDATES: usize = 200;
const MAX_ALTERNATIVES: usize = 5;

#[derive(Clone, Copy, Debug)]
struct Cand {
    entry: u32,
    /// The entry, read once: the passes below read it again and again, and the
    /// gazetteer's entries are spread over megabytes.
    e: Entry,
    prior: f32,
    pflags: u8,
}

/// All mentions of one name (one sense per discourse).
struct Group {
    /// Its mentions with the [`surface_hash`] of each, in reading order (copied here as
    /// they are grouped: read back from the text's list, they would be far apart).
    mentions: Vec<(Span, u64)>,
    cands: Vec<Cand>,
    /// The chosen candidate (index into `cands`), and its score.
    best: usize,
    /// Recognition confidence.
    rec: f32,
    /// How sure the last pass was of `best` (0..1): how much this name may tell the others.
    weight: f32,
    /// Qualifier groups: names written right after a comma ("Paris, Texas").
    qualifiers: Vec<usize>,
    /// The name is an ordinary word of the text's language ("Reading"; "Auch" in German).
    common: bool,
    /// The name is an ordinary word of the text's language, which is not English.
    foreign: bool,
    /// The name is a common given name or surname ("Jackson").
    name_like: bool,
    /// The kind of the most likely candidate before context.
    top_kind: EntryKind,
    /// Every candidate is a town or district of under `SMALL_TOWN` people.
    small_only: bool,
    /// The name's key is an abbreviation in capitals ("NSW", "BC").
    upper: bool,
    /// The text says which level it means: "New York state" (`State`), "Quebec city"
    /// (`City`).
    level: Option<Level>,
    /// The name is the article's dateline ("WASHINGTON —"): a news desk's city, so the
    /// best-known place of the name, whatever else the article mentions.
    dateline: bool,
    /// The reading that a related name of the article gives this one, which no score
    /// overrides: "X County" for a bare "X", the town "X" for "X City" (see
    /// [`related_readings`]).
    forced: Option<usize>,
}

/// The level of place that a word after a name asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    State,
    City,
}

/// Whether a place speaks as its government or its people ("Washington said"): a capital
/// or a big city, by its own name (not another name it also goes by). A small town that
/// "said" is a person of its name.
fn speaks_for_itself(c: &Cand) -> bool {
    let e = &c.e;
    c.pflags & PF_ALIAS == 0
        && e.kind == EntryKind::City
        && (e.flags & F_CAPITAL != 0 || e.population >= EXACT_KNOWN)
}

/// Whether a word of `name` has a capital after its first letter, and small letters too
/// ("BriHi", "McAllen"; not "DUBLIN").
fn inner_capital(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase))
}

/// Whether a name has a capital after its first letter, across its spaces ("De Soto",
/// as "DeSoto" may write it).
fn capital_after_first(name: &str) -> bool {
    name.chars().skip(1).any(char::is_uppercase)
}

/// The word right after `end`, on the same line.
fn word_after(text: &str, end: usize) -> Option<&str> {
    let t = next_token(text, end).filter(|t| t.kind == TokKind::Word && !t.newline_before)?;
    text.get(t.start..t.end)
}

/// The word right before `start`, on the same line.
fn word_before(text: &str, start: usize) -> Option<&str> {
    let (t, _, newline) = prev_token(text, start);
    let t = t.filter(|t| t.kind == TokKind::Word && !newline)?;
    text.get(t.start..t.end)
}

/// Whether mention `m` is one half of the name written twice with a hyphen between
/// ("Maji-Maji").
fn doubled(text: &str, m: &RawMention) -> bool {
    let name = &text[m.start..m.end];
    let after = text[m.end..]
        .strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(name));
    let before = text[..m.start]
        .strip_suffix('-')
        .is_some_and(|rest| rest.ends_with(name));
    after || before
}

/// Whether a name follows a first name and a nobiliary particle, as a family name does:
/// "Otto von Bismarck", "Ludwig van Beethoven". (Not "de": "Gare de Lyon".)
fn after_a_particle(text: &str, start: usize) -> bool {
    let (particle, _, newline) = prev_token(text, start);
    let Some(particle) = particle.filter(|t| t.kind == TokKind::Word && !newline) else {
        return false;
    };
    if !matches!(&text[particle.start..particle.end], "von" | "van") {
        return false;
    }
    let (first, _, newline) = prev_token(text, particle.start);
    first
        .is_some_and(|t| t.kind == TokKind::Word && !newline && starts_upper(&text[t.start..t.end]))
}

/// The level that the word after a name asks for: "New York state officials", "Quebec
/// city", "New York Gov. Andrew Cuomo".
fn level_after(text: &str, end: usize) -> Option<Level> {
    // "New York's governor"
    let rest = text.get(end..)?;
    if let Some(s) = ["’s ", "'s "].iter().find(|s| rest.starts_with(**s)) {
        return word_after(text, end + s.len() - 1)
            .filter(|w| is_state_office(w))
            .map(|_| Level::State);
    }
    match word_after(text, end)? {
        "state" | "State" => Some(Level::State),
        "city" => Some(Level::City),
        w if is_state_office(w) => Some(Level::State),
        w if is_town_office(w) => Some(Level::City),
        "City" => {
            let next = next_token(text, end)?;
            (word_after(text, next.end) == Some("Council")).then_some(Level::City)
        }
        _ => None,
    }
}

/// Words after a name for what a town has and a country or a state has not: "the Jordan
/// Elementary School", "Jordan Mayor Tom Nikunen".
fn is_town_office(w: &str) -> bool {
    matches!(
        w,
        "Elementary" | "elementary" | "Mayor" | "mayor" | "aldermen" | "Aldermen" | "selectmen"
    )
}

/// Words after a name for the offices of a state or a province: "New York Gov. Andrew
/// Cuomo", "the Ohio Legislature", "New York's governor".
fn is_state_office(w: &str) -> bool {
    matches!(
        w,
        "Gov." | "Gov" | "Governor" | "governor" | "Legislature" | "legislature" | "lawmakers"
    )
}

/// Whether an ampersand joins the name to another word that is no place: "Stevens &
/// Wilkinson", "Marks & Spencer", a firm named after its founders (but not "Trinidad &
/// Tobago", two places). `prev` and `next` are the names recognized before and after.
fn beside_ampersand(
    text: &str,
    m: &RawMention,
    prev: Option<&RawMention>,
    next: Option<&RawMention>,
) -> bool {
    const SPACE: [char; 2] = [' ', '\u{a0}'];
    let after = text.get(m.end..).unwrap_or_default();
    let firm_after = after
        .trim_start_matches(SPACE)
        .strip_prefix('&')
        .is_some_and(|rest| {
            let other = m.end
                + (after.len() - rest.len())
                + (rest.len() - rest.trim_start_matches(SPACE).len());
            next.is_none_or(|n| n.start != other)
        });
    let before = text.get(..m.start).unwrap_or_default();
    let firm_before = before
        .trim_end_matches(SPACE)
        .strip_suffix('&')
        .is_some_and(|rest| {
            let other = rest.trim_end_matches(SPACE).len();
            prev.is_none_or(|p| p.end != other)
        });
    firm_after || firm_before
}

/// Datelines stand within this many bytes of the article's start.
const DATELINE_BYTES: usize = 400;

/// Whether `m` (within [`DATELINE_BYTES`] of the start) is a dateline: written in capitals
/// at the start of a line, and not qualified ("EDMONTON, Ky" and "PLYMOUTH CO." are left to the article's context).
fn is_dateline(text: &str, m: &RawMention) -> bool {
    let line_start = text.get(..m.start).is_some_and(|before| {
        before
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty())
    });
    let next_word = text
        .get(m.end..)
        .and_then(|after| after.split_whitespace().next())
        .unwrap_or("");
    m.all_caps && line_start && !m.comma_after && !next_word.ends_with('.')
}

fn prior(e: &Entry, pflags: u8) -> f32 {
    let pop = (e.population as f32 + 1.0).log10();
    let mut p = match e.kind {
        EntryKind::Country => 8.0 + 0.3 * pop,
        EntryKind::Continent => 9.5,
        EntryKind::Region => 8.5,
        EntryKind::Island => 4.0 + 0.4 * pop,
        EntryKind::Admin1 => 6.8 + 0.12 * pop,
        EntryKind::Admin2 => 3.5 + 0.4 * pop,
        EntryKind::City => pop + if e.flags & F_CAPITAL != 0 { 2.0 } else { 0.0 },
    };
    if pflags & PF_ALIAS != 0
        && !matches!(
            e.kind,
            EntryKind::Country | EntryKind::Region | EntryKind::Continent
        )
    {
        p -= 1.0;
    }
    p
}

fn is_big(e: &Entry) -> bool {
    matches!(
        e.kind,
        EntryKind::Country | EntryKind::Continent | EntryKind::Region | EntryKind::Admin1
    )
}

/// No group: the mention was dropped.
const NO_GROUP: u32 = u32::MAX;

/// The group index stored in `group_of`.
fn group(g: u32) -> Option<usize> {
    (g != NO_GROUP).then_some(g as usize)
}

/// Where [`resolve`] lists the mentions of the places it finds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum MentionsIn {
    /// In each place's [`FoundPlace::mentions`].
    Places,
    /// In one list in reading order, with the index of each one's place (the places'
    /// own lists are left empty: a long text's mentions take megabytes).
    ReadingOrder,
}

/// Resolves the names `raw` that were recognized in `text`. See [`Gazetteer::geoparse`].
/// The mentions are listed as `mentions_in` says; the list in reading order is empty if
/// they are in the places.
pub(crate) fn resolve(
    gaz: &Gazetteer,
    text: &str,
    parts: Vec<Vec<RawMention>>,
    streets: &[Span],
    mentions_in: MentionsIn,
) -> (Vec<FoundPlace>, Vec<(usize, Span)>) {
    // The names in reading order: the parts one after the other (recognition's runs of
    // lines, not copied into one list).
    let raw = || parts.iter().flatten();
    let n_raw: usize = parts.iter().map(Vec::len).sum();
    if n_raw == 0 {
        return (Vec::new(), Vec::new());
    }
    // ---- the distinct names (their slots), in the order of their first mentions, and the
    // name of each mention.
    let mut names: Vec<Slot> = Vec::new();
    let mut name_of: Vec<u32> = Vec::with_capacity(n_raw);
    // How many times each name is mentioned: its group's list is made that long at once.
    let mut times: Vec<u32> = Vec::new();
    // Where each name is first written.
    let mut first_said: Vec<(usize, usize)> = Vec::new();
    let mut seen: HashMap64<u32> = HashMap64::default();
    for m in raw() {
        let k = *seen.entry(m.slot.hash).or_insert_with(|| {
            names.push(m.slot);
            first_said.push((m.start, m.end));
            times.push(0);
            (names.len() - 1) as u32
        });
        times[k as usize] += 1;
        name_of.push(k);
    }
    drop(seen);
    // In another language than English, that language's common words are no names.
    let foreign_words = language::common_word_flags(text);
    // The states and provinces that the text's telephone numbers are in.
    let phone_regions = phone_regions(gaz, text);
    // ---- one group per name that has candidates. The postings and entries lie all over
    // the gazetteer: a name's postings are fetched some names ahead, its entries a few
    // names ahead, so that the cache misses of several names overlap.
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of_name: Vec<u32> = vec![NO_GROUP; names.len()];
    for (k, slot) in names.iter().enumerate() {
        if let Some(ahead) = names.get(k + PREFETCH_NAMES) {
            gaz.prefetch_postings(ahead);
        }
        if let Some(near) = names.get(k + PREFETCH_NAMES / 2) {
            for (entry, _) in gaz.postings(near).take(MAX_CANDIDATES) {
                gaz.prefetch_entry(entry);
            }
        }
        let mut cands: Vec<Cand> = Vec::new();
        for (entry, pflags) in gaz.postings(slot) {
            let e = gaz.entry(entry);
            cands.push(Cand {
                entry,
                e,
                prior: prior(&e, pflags),
                pflags,
            });
        }
        if cands.is_empty() {
            continue;
        }
        // A spelling variant does not beat a known place of exactly that name: "Sydney"
        // is the city, not Sidney, Ohio, whatever else the article says of Ohio. Only a
        // qualifier ("Sydney, Ohio") can still bring it back.
        let exact_known = cands.iter().any(|c| {
            c.pflags & PF_ALIAS == 0
                && matches!(c.e.kind, EntryKind::City | EntryKind::Admin2)
                && c.e.population >= EXACT_KNOWN
        });
        if exact_known {
            let said = text
                .get(first_said[k].0..first_said[k].1)
                .unwrap_or_default();
            for c in &mut cands {
                if c.pflags & PF_ALIAS != 0
                    && matches!(
                        c.e.kind,
                        EntryKind::City | EntryKind::Admin2 | EntryKind::Island
                    )
                    && is_spelling_variant(said, gaz.name(&c.e))
                {
                    c.prior -= VARIANT_PENALTY;
                }
            }
        }
        // A region smaller than a city of its name is not the likelier reading: Portland
        // is the city in Oregon before the parish in Jamaica.
        let biggest_city = cands
            .iter()
            .filter(|c| c.e.kind == EntryKind::City)
            .map(|c| c.e.population)
            .max()
            .unwrap_or(0);
        for c in &mut cands {
            if c.e.kind == EntryKind::Admin1 && c.e.population > 0 && c.e.population < biggest_city
            {
                c.prior -= SMALLER_THAN_ITS_CITY;
            }
        }
        cands.sort_by(|a, b| b.prior.total_cmp(&a.prior));
        cands.truncate(MAX_CANDIDATES);
        let small_only = cands.iter().all(|c| {
            let e = c.e;
            matches!(e.kind, EntryKind::City | EntryKind::Admin2) && e.population < SMALL_TOWN
        });
        let f = slot.flags;
        groups.push(Group {
            top_kind: cands[0].e.kind,
            small_only,
            mentions: Vec::with_capacity(times[k] as usize),
            cands,
            best: 0,
            rec: 0.9,
            weight: 1.0,
            qualifiers: Vec::new(),
            // A name written in capitals, as its key must be, is not the word or the
            // person's name of that spelling ("EU", not "eu").
            common: f & (KF_COMMON | foreign_words) != 0 && f & KF_UPPER == 0,
            foreign: f & foreign_words != 0 && f & KF_UPPER == 0,
            name_like: f & (KF_SURNAME | KF_FIRST) != 0 && f & KF_UPPER == 0,
            upper: f & KF_UPPER != 0,
            level: None,
            dateline: false,
            forced: None,
        });
        group_of_name[k] = (groups.len() - 1) as u32;
    }
    // ---- group mentions by name, and drop the ones that are surely not places.
    // The groups named in a person's context somewhere ("President Hasan"): one sense per
    // discourse, so all their mentions go.
    let mut person = vec![false; groups.len()];
    // The group of each mention, or `NO_GROUP` (u32: a long text has many mentions).
    let mut group_of: Vec<u32> = vec![NO_GROUP; n_raw];
    // (Streets, misused abbreviations and names too short to be places were left out by
    // recognition.)
    let mut prev: Option<&RawMention> = None;
    let nexts = raw().skip(1).map(Some).chain([None]);
    for (i, (m, next)) in raw().zip(nexts).enumerate() {
        let before = prev.replace(m);
        let f = m.slot.flags;
        let Some(gi) = group(group_of_name[name_of[i] as usize]) else {
            continue;
        };
        let g = &groups[gi];
        // The words on either side, looked up once, and only where a rule asks.
        let (after, before_word) = (std::cell::OnceCell::new(), std::cell::OnceCell::new());
        let word_after_m = || *after.get_or_init(|| word_after(text, m.end));
        let word_before_m = || *before_word.get_or_init(|| word_before(text, m.start));
        let person_ctx = m.title_before
            || m.prev_first
            || (g.top_kind != EntryKind::Country && after_a_particle(text, m.start))
            // "Costco Canada" and "Team England" are a firm's and a team's names, not a
            // person's: a country's name is no surname after another capitalised word (its
            // demonym may be: "Monica French").
            || (m.prev_cap
                && f & KF_SURNAME != 0
                && (g.top_kind != EntryKind::Country || g.cands[0].pflags & PF_DEMONYM != 0))
            // "Columbus Council" is the town's council, though "Council" is also a surname.
            || (f & KF_FIRST != 0 && m.next_cap && m.next_surname && !m.next_institution)
            || (g.name_like && beside_ampersand(text, m, before, next))
            // A town that speaks ("Petrova said") is a person, an agency or a firm of its
            // name; a capital or a big city speaks for its people.
            || (matches!(g.top_kind, EntryKind::City | EntryKind::Admin2)
                && !speaks_for_itself(&g.cands[0])
                && word_after_m().is_some_and(is_speech_verb)
                && !word_before_m().is_some_and(is_place_preposition))
            // A town that lives a person's life ("Lincoln lived to see") is a person,
            // however big; a capital may stand for its people ("Paris smiled").
            || (matches!(g.top_kind, EntryKind::City | EntryKind::Admin2)
                && g.cands[0].e.flags & F_CAPITAL == 0
                && word_after_m().is_some_and(is_life_verb));
        if person_ctx {
            person[gi] = true;
            continue;
        }
        // A town's name written as a person's ("D. Hardt", "Wilson, John", "Tyler
        // Besecker") is a person of that name, and so are its other mentions; a capital, a
        // big city, a state or a country is only not meant there. (A state or a country
        // before an unknown word names something of its own: "the Georgia School Boards
        // Association", "Alberta Liquor Store".)
        let town = matches!(g.top_kind, EntryKind::City | EntryKind::Admin2);
        if m.person_form || (m.unknown_after_given && town) {
            person[gi] |= town && !speaks_for_itself(&g.cands[0]);
            continue;
        }
        if g.common && (m.prev_cap || m.next_cap) && !matches!(g.top_kind, EntryKind::Country) {
            continue;
        }
        // An ordinary word after an ordinary capitalised word and "of" ends an
        // institution's or an award's name: "the Presidential Medal of Freedom", "the
        // Department of Conservation", "the Chamber of Commerce" (but "Michael Sweeney of
        // Hayward" is a man of the town).
        if g.common
            && !matches!(g.top_kind, EntryKind::Country | EntryKind::Continent)
            && word_before_m() == Some("of")
            && prev_token(text, m.start)
                .0
                .and_then(|of| prev_token(text, of.start).0)
                .filter(|w| w.kind == TokKind::Word && starts_upper(&text[w.start..w.end]))
                .is_some_and(|w| {
                    let flags = word_flags(gaz, text, &w);
                    flags & KF_COMMON != 0 && flags & (KF_FIRST | KF_SURNAME) == 0
                })
        {
            continue;
        }
        // A village name inside a run of capitalised words is most likely part of a
        // person's or an organisation's name ("Elon Musk", "Xi Jinping").
        if g.small_only
            && (m.prev_cap || (m.next_cap && !m.next_institution))
            && !names_a_county(&text[m.start..m.end])
        {
            continue;
        }
        // A town's or a province's name in the middle of a run of capitalised words is
        // part of another name ("Plantation Lakes Apartments" is no Lakes, South Sudan;
        // "Baker Detroit Partners"), unless it is a city known the world over, a country,
        // or the words after it name its institutions.
        if m.prev_cap
            && m.next_cap
            && !m.next_institution
            && !matches!(
                g.cands[0].e.kind,
                EntryKind::Country | EntryKind::Continent | EntryKind::Region
            )
            && g.cands[0].e.population < WELL_KNOWN
            && !names_a_county(&text[m.start..m.end])
        {
            continue;
        }
        // "BriHi" is no village Brihi: a capital inside a word that the gazetteer writes
        // without one makes it a nickname or a brand.
        if g.small_only
            && inner_capital(&text[m.start..m.end])
            && !capital_after_first(gaz.name(&g.cands[0].e))
        {
            continue;
        }
        // "New" and a name that the gazetteer does not hold as one (it would have been
        // matched whole, as "New York" and "New South Wales" are) is another place or
        // thing: "New Guinea" is no Guinea, "New England" no England. (Starting a
        // sentence, "New" may be the adjective: "New Gainesville prison opens".)
        if word_before_m() == Some("New")
            && prev_token(text, m.start)
                .0
                .is_some_and(|new| !sentence_initial(text, new.start))
        {
            continue;
        }
        // A name written twice with a hyphen is a compound word, not two mentions of the
        // place (were the compound a place, it would have been matched whole): "the
        // Maji-Maji Rebellion" is no Maji, Ethiopia.
        if doubled(text, m) {
            continue;
        }
        // A town takes no article, unless its own name has one ("the Hague"): "in the
        // Pacific (" is the ocean, not Pacific, Missouri. (Before a noun, a hyphen or a
        // list the town is attributive: "the Boston area", "the Albany-based", "the
        // Cambridge, Pleasant City and Lore City firefighters"; and a feature found by its
        // form is a mention of its town: "the Monongahela National Forest".)
        if g.top_kind == EntryKind::City
            && g.cands[0].e.population < WELL_KNOWN
            && word_before_m() == Some("the")
            && !text[m.start..m.end].contains(' ')
            && text[m.end..]
                .trim_start_matches(' ')
                .chars()
                .next()
                .is_none_or(|c| matches!(c, '.' | '(' | ')' | ';' | ':' | '!' | '?' | '\n'))
            && !gaz.name(&g.cands[0].e).starts_with("The ")
        {
            continue;
        }
        // A small town that beats another is a school's or a club's team.
        if g.small_only
            && (word_after_m().is_some_and(is_match_verb)
                || word_before_m().is_some_and(is_match_verb))
        {
            continue;
        }
        if g.common
            && m.sentence_initial
            && !matches!(g.top_kind, EntryKind::Country | EntryKind::Continent)
        {
            continue;
        }
        group_of[i] = gi as u32;
        groups[gi].mentions.push((
            Span {
                start: m.start,
                end: m.end,
            },
            m.surface,
        ));
        if m.start < DATELINE_BYTES {
            groups[gi].dateline |= is_dateline(text, m);
        }
        if let Some(level) = level_after(text, m.end) {
            groups[gi].level = Some(level);
        }
    }
    for (grp, _) in groups.iter_mut().zip(person).filter(|(_, person)| *person) {
        grp.mentions.clear();
    }
    // ---- qualifiers: "Paris, Texas", "Vladivostok, Russia".
    for (i, (m, next)) in raw().zip(raw().skip(1)).enumerate() {
        let Some(gi) = group(group_of[i]) else {
            continue;
        };
        if !m.comma_after || !next.comma_before {
            continue;
        }
        let between = &text[m.end..next.start];
        if between.trim() != "," {
            continue;
        }
        // The qualifier's group, whether or not this mention of it was kept.
        let Some(qg) = group(group_of_name[name_of[i + 1] as usize]) else {
            continue;
        };
        if qg != gi && !groups[gi].qualifiers.contains(&qg) {
            groups[gi].qualifiers.push(qg);
        }
    }
    let live: Vec<usize> = (0..groups.len())
        .filter(|&g| !groups[g].mentions.is_empty())
        .collect();
    let neighbours = neighbours(text, raw(), &group_of, &groups);
    let together = if live.len() <= MAX_GROUPS_FOR_NEARNESS {
        together(&groups, &live)
    } else {
        Vec::new()
    };
    // ---- resolve, three passes of context.
    let mut ctx_country: FastMap<[u8; 2], f32> = FastMap::default();
    let mut ctx_admin: FastMap<u32, f32> = FastMap::default();
    // Resolved towns and districts of the other names, for nearness (skipped on very long
    // texts, where it would cost too much).
    let mut points: Vec<(f32, f32, usize, f32)> = Vec::new();
    for pass in 0..3 {
        if pass > 0 {
            ctx_country.clear();
            ctx_admin.clear();
            points.clear();
            if live.len() <= MAX_GROUPS_FOR_NEARNESS {
                for &g in &live {
                    let e = &groups[g].cands[groups[g].best].e;
                    if matches!(
                        e.kind,
                        EntryKind::City | EntryKind::Admin2 | EntryKind::Island
                    ) {
                        points.push((e.lat, e.lon, g, groups[g].weight));
                    }
                }
            }
            for &g in &live {
                for (cc, admin, w) in group_contributions(gaz, &groups[g]) {
                    if let Some(cc) = cc {
                        *ctx_country.entry(cc).or_insert(0.0) += w;
                    }
                    if let Some(a) = admin {
                        *ctx_admin.entry(a).or_insert(0.0) += w;
                    }
                }
            }
            for &(cc, region) in &phone_regions {
                *ctx_country.entry(cc).or_insert(0.0) += PHONE_WEIGHT;
                *ctx_admin.entry(region).or_insert(0.0) += PHONE_WEIGHT;
            }
        }
        let named_states = named_states(&groups, &live, &phone_regions);
        let evidence = Evidence {
            country: &ctx_country,
            admin: &ctx_admin,
            points: &points,
            neighbours: &neighbours,
            together: &together,
            named_states: &named_states,
            local: pass > 0,
        };
        for &g in &live {
            let own = if pass > 0 {
                group_contributions(gaz, &groups[g])
            } else {
                Vec::new()
            };
            let scores: Vec<f32> = (0..groups[g].cands.len())
                .map(|ci| evidence.score(&groups, g, ci, &own))
                .collect();
            let mut best = 0;
            for (ci, sc) in scores.iter().enumerate() {
                if *sc > scores[best] {
                    best = ci;
                }
            }
            groups[g].best = best;
            groups[g].weight = certainty(&groups[g].cands, &scores, best);
        }
    }
    towns_in_their_counties(text, &mut groups, &live, &phone_regions);
    qualifiers_as_regions(&mut groups, &live);
    states_of_their_towns(&mut groups, &live);
    related_readings(text, &mut groups, &live);
    // ---- drop weak groups and build the places.
    let mut places: Vec<Building> = Vec::new();
    let mut place_of_entry: FastMap<u32, usize> = FastMap::default();
    // The place (index into `places`) of each group's mentions, or `NO_GROUP`.
    let mut place_of_group: Vec<u32> = vec![NO_GROUP; groups.len()];
    let named_states = named_states(&groups, &live, &phone_regions);
    let evidence = Evidence {
        country: &ctx_country,
        admin: &ctx_admin,
        points: &points,
        neighbours: &neighbours,
        together: &together,
        named_states: &named_states,
        local: true,
    };
    for &g in &live {
        let grp = &groups[g];
        let own = group_contributions(gaz, grp);
        let scores: Vec<f32> = (0..grp.cands.len())
            .map(|ci| evidence.score(&groups, g, ci, &own))
            .collect();
        // The best by the final scores: the last pass may have read a neighbour that
        // changed its mind after.
        let best = grp.forced.unwrap_or_else(|| {
            (0..scores.len())
                .max_by(|&x, &y| scores[x].total_cmp(&scores[y]).then(y.cmp(&x)))
                .unwrap_or(grp.best)
        });
        let b = prefer_city(&grp.cands, &scores, best);
        let e = &grp.cands[b].e;
        let (cw, admin_support) =
            support_parts(grp.cands[b].entry, e, &ctx_country, &ctx_admin, &own);
        let support = cw + admin_support;
        // Evidence close by: neighbours in the name's sentences, and other names that
        // could be places right beside this one.
        let close = local_support(&groups, &neighbours[g], &grp.cands[b]) + evidence.together(g, b);
        let mut rec = grp.rec;
        let qualified = grp.qualifiers.iter().any(|&q| {
            groups[q].cands.iter().any(|qc| {
                let qe = &qc.e;
                (qe.kind == EntryKind::Country && qe.cc == e.cc)
                    || (qe.kind == EntryKind::Admin1 && e.parent == qc.entry)
            })
        });
        // A reading that a related name gave ("X County") needs no more evidence.
        if (grp.common || grp.name_like) && grp.forced.is_none() {
            let alias = grp.cands[b].pflags & PF_ALIAS != 0;
            // Ordinary words need more evidence than given names and surnames.
            let ok = match e.kind {
                // Another language's word that is also another name of a place ("Mann" of
                // the Isle of Man, "Dabei" of Dubai) is taken on evidence only.
                _ if grp.foreign && alias => admin_support >= 0.5 || qualified,
                EntryKind::Country | EntryKind::Continent => true,
                EntryKind::City | EntryKind::Admin2 if grp.common => {
                    (e.population >= 100_000 && cw >= 1.0)
                        || e.population >= 300_000
                        || admin_support >= 0.5
                        || qualified
                }
                EntryKind::City | EntryKind::Admin2 => {
                    e.population >= 100_000 || admin_support >= 0.5 || qualified
                }
                EntryKind::Admin1 if grp.common => !alias && support >= 1.0,
                // A given name or surname as a first-level region needs a large one, or
                // evidence ("Patrick" is a parish of the Isle of Man, "Paul" a county of
                // Cape Verde; "Georgia" and "Victoria" are states).
                EntryKind::Admin1 => e.population >= 200_000 || support >= 1.0 || qualified,
                _ => !grp.common || admin_support >= 0.5 || qualified,
            };
            if !ok {
                continue;
            }
            if !is_big(e) {
                rec *= 0.6;
            }
        }
        if e.kind == EntryKind::City && e.population < 1000 && support < 1.0 && grp.forced.is_none()
        {
            continue;
        }
        // A name that is only another spelling of a town's ("Ismaili" of Ismayilli, "Evens"
        // of Evans) is most likely a word or a name of its own: taken only where the
        // article's other places agree, or for a well-known city ("Bombay").
        let said = text
            .get(grp.mentions[0].0.start..grp.mentions[0].0.end)
            .unwrap_or_default();
        if matches!(
            e.kind,
            EntryKind::City | EntryKind::Admin2 | EntryKind::Island
        ) && e.population < WELL_KNOWN
            && grp.cands[b].pflags & PF_ALIAS != 0
            && is_spelling_variant(said, gaz.name(e))
            && admin_support < 0.5
            && close < 1.0
            && !qualified
        {
            continue;
        }
        // An abbreviation in capitals is also something else ("BC", "before Christ"):
        // taken only where the article's other places agree with it.
        if grp.upper && grp.cands[b].pflags & PF_ABBREV != 0 && support < 0.5 && close < 0.5 {
            continue;
        }
        // softmax probability of the best candidate, counting near-duplicates (the same
        // place from two sources) with it
        let mx = scores[b];
        let mut z = 0.0f32;
        let mut near = 0.0f32;
        for (i, sc) in scores.iter().enumerate() {
            let p = (SHARPNESS * (sc - mx)).exp();
            z += p;
            let o = &grp.cands[i].e;
            if within_50_km(e, o) {
                near += p;
            }
        }
        let conf = (rec * near / z).clamp(0.0, 1.0);
        let mut order: Vec<usize> = (0..scores.len()).filter(|&i| i != b).collect();
        order.sort_by(|&x, &y| scores[y].total_cmp(&scores[x]));
        let alternatives: Vec<Alternative> = order
            .iter()
            .take(MAX_ALTERNATIVES)
            .map(|&i| alternative(gaz, &grp.cands[i].e))
            .collect();
        let mentions = grp.mentions.iter().copied();
        let entry = grp.cands[b].entry;
        let p = match place_of_entry.get(&entry) {
            Some(&p) => {
                let (place, spelt) = &mut places[p];
                spelt.extend(mentions);
                spelt.sort_by_key(|(s, _)| s.start);
                place.confidence = place.confidence.max(conf);
                p
            }
            None => {
                place_of_entry.insert(entry, places.len());
                let a = alternative(gaz, e);
                places.push((
                    FoundPlace {
                        name: a.name,
                        kind: place_kind(e),
                        lat: a.lat,
                        lon: a.lon,
                        country: a.country,
                        region: region_of(gaz, e),
                        geonameid: a.geonameid,
                        confidence: conf,
                        mentions: Vec::new(),
                        aliases: Vec::new(),
                        alternatives,
                    },
                    mentions.collect(),
                ));
                places.len() - 1
            }
        };
        place_of_group[g] = p as u32;
    }
    let mut shorthand = korean_shorthand(gaz, text, &mut places, &mut place_of_entry);
    shorthand.extend(streets_in_towns(text, streets, &mut places));
    // Places in the order of their first mentions: `index[p]` is where place `p` goes.
    let mut by_first: Vec<usize> = (0..places.len()).collect();
    by_first.sort_by_key(|&p| places[p].1.first().map_or(usize::MAX, |(s, _)| s.start));
    let mut index = vec![0; places.len()];
    for (new, &old) in by_first.iter().enumerate() {
        index[old] = new;
    }
    let in_order = match mentions_in {
        MentionsIn::Places => Vec::new(),
        MentionsIn::ReadingOrder => {
            let place_of_raw = |i: usize| {
                group(group_of[i])
                    .and_then(|g| group(place_of_group[g]))
                    .map(|p| index[p])
            };
            reading_order(raw(), place_of_raw, shorthand, &index, n_raw)
        }
    };
    let mut places: Vec<Option<FoundPlace>> = places
        .into_iter()
        .map(|(mut place, spelt)| {
            place.aliases = aliases(text, &place.name, &spelt);
            if mentions_in == MentionsIn::Places {
                place.mentions = spelt.into_iter().map(|(span, _)| span).collect();
            }
            Some(place)
        })
        .collect();
    let places = by_first.iter().filter_map(|&p| places[p].take()).collect();
    (places, in_order)
}

/// Every kept mention in reading order, with its place (where the place goes in the result,
/// as `index` says): the names' mentions `raw` come in that order already (`place_of_raw`
/// gives each one's place, or none for a dropped one), and the few "the South" mentions of
/// `shorthand` (places as indices before `index`) are merged in.
fn reading_order<'m>(
    raw: impl Iterator<Item = &'m RawMention>,
    place_of_raw: impl Fn(usize) -> Option<usize>,
    mut shorthand: Vec<(usize, Span)>,
    index: &[usize],
    n_raw: usize,
) -> Vec<(usize, Span)> {
    shorthand.sort_by_key(|&(p, span)| (span.start, index[p]));
    let mut shorthand = shorthand.into_iter().peekable();
    let mut in_order: Vec<(usize, Span)> = Vec::with_capacity(n_raw + shorthand.len());
    for (i, m) in raw.enumerate() {
        let Some(p) = place_of_raw(i) else {
            continue;
        };
        while let Some(&(q, span)) = shorthand.peek()
            && (span.start, index[q]) < (m.start, p)
        {
            in_order.push((index[q], span));
            shorthand.next();
        }
        in_order.push((
            p,
            Span {
                start: m.start,
                end: m.end,
            },
        ));
    }
    in_order.extend(shorthand.map(|(q, span)| (index[q], span)));
    in_order
}

/// A place being built: the place, and its mentions with the [`surface_hash`] of each.
type Building = (FoundPlace, Vec<(Span, u64)>);

/// The spellings of a place's mentions other than its `name`, each once, in reading order.
/// The text is read once per spelling, not once per mention: a long text has many
/// mentions, far apart in memory.
fn aliases(text: &str, name: &str, spelt: &[(Span, u64)]) -> Vec<String> {
    let mut seen: Vec<u64> = Vec::new();
    let mut aliases: Vec<String> = Vec::new();
    for (span, surface) in spelt {
        if *surface == STREET || seen.contains(surface) {
            continue;
        }
        seen.push(*surface);
        let said = text.get(span.start..span.end).unwrap_or_default();
        if said != name && !aliases.iter().any(|a| a == said) {
            aliases.push(said.to_owned());
        }
    }
    aliases
}

/// The surface hash of a street's mention in its town's list: the street is no spelling of
/// the town's name ([`aliases`] passes over it). No name hashes to 0.
const STREET: u64 = 0;
/// A street is put in a town named this close to it, if none is named in its sentence.
const STREET_NEAR_BYTES: usize = 1000;

/// Puts each street ("W. Bridge St.") in a town: the nearest one named in its sentence, else
/// the nearest within [`STREET_NEAR_BYTES`] (not for a feature, "Mill Creek"), else the
/// town the article names most (twice or more). A street written over a name that was kept ("Dublin Center Drive" beside the
/// place "Dublin") is left out. Gives the mentions it added, with their places.
fn streets_in_towns(text: &str, streets: &[Span], places: &mut [Building]) -> Vec<(usize, Span)> {
    if streets.is_empty() {
        return Vec::new();
    }
    let is_town = |p: &FoundPlace| matches!(p.kind, PlaceKind::City | PlaceKind::Town);
    let mut towns: Vec<(Span, usize)> = places
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| is_town(p))
        .flat_map(|(i, (_, spelt))| spelt.iter().map(move |(s, _)| (*s, i)))
        .collect();
    towns.sort_by_key(|(s, _)| s.start);
    let mut names: Vec<Span> = places
        .iter()
        .flat_map(|(_, spelt)| spelt.iter().map(|(s, _)| *s))
        .collect();
    names.sort_by_key(|s| s.start);
    let home = (0..places.len())
        .filter(|&i| is_town(&places[i].0) && places[i].1.len() >= 2)
        .max_by_key(|&i| places[i].1.len());
    let mut added = Vec::new();
    for &street in streets {
        let i = names.partition_point(|s| s.end <= street.start);
        if names.get(i).is_some_and(|s| s.start < street.end) {
            continue;
        }
        let k = towns.partition_point(|(s, _)| s.start < street.start);
        let gap = |s: &Span| {
            if s.start < street.start {
                text.get(s.end..street.start)
            } else {
                text.get(street.end..s.start)
            }
        };
        let beside: Vec<(usize, bool, usize)> = [k.checked_sub(1), Some(k)]
            .into_iter()
            .flatten()
            .filter_map(|j| towns.get(j))
            .filter_map(|(s, p)| {
                let gap = gap(s)?;
                (gap.len() <= STREET_NEAR_BYTES).then(|| (*p, !ends_sentence(gap), gap.len()))
            })
            .collect();
        // A feature ("Mill Creek") is in a town of its sentence, or the article's own: one
        // named a paragraph away may be well off.
        let feature = text.get(street.start..street.end).is_some_and(is_feature);
        let town = beside
            .iter()
            .filter(|(_, same_sentence, _)| *same_sentence)
            .min_by_key(|(_, _, d)| *d)
            .or_else(|| {
                beside
                    .iter()
                    .filter(|_| !feature)
                    .min_by_key(|(_, _, d)| *d)
            })
            .map(|(p, _, _)| *p)
            .or(home);
        if let Some(p) = town {
            added.push((p, street));
        }
    }
    for &(p, street) in &added {
        places[p].1.push((street, STREET));
    }
    let mut touched: Vec<usize> = added.iter().map(|&(p, _)| p).collect();
    touched.sort_unstable();
    touched.dedup();
    for p in touched {
        places[p].1.sort_by_key(|(s, _)| s.start);
    }
    added
}

/// In an article about North Korea, "the South" is South Korea and "the North" is North
/// Korea. Gives the mentions it added, with their places (indices into `places`).
fn korean_shorthand(
    gaz: &Gazetteer,
    text: &str,
    places: &mut Vec<Building>,
    place_of_entry: &mut FastMap<u32, usize>,
) -> Vec<(usize, Span)> {
    let mut added = Vec::new();
    let about_korea = places
        .iter()
        .any(|(p, _)| p.kind == PlaceKind::Country && p.country.as_deref() == Some("KP"));
    if !about_korea {
        return added;
    }
    for (word, key, cc) in [
        ("South", "south korea", *b"KR"),
        ("North", "north korea", *b"KP"),
    ] {
        let Some(slot) = gaz.lookup(finish(fnv(FNV_START, key.as_bytes()))) else {
            continue;
        };
        let Some(entry) = gaz.postings(&slot).map(|(e, _)| e).find(|&e| {
            let x = &gaz.entry(e);
            x.kind == EntryKind::Country && x.cc == cc
        }) else {
            continue;
        };
        let pattern = format!("the {word}");
        let mut spans = Vec::new();
        // memmem, not str::match_indices: about 25 times faster on a long text.
        for i in memchr::memmem::find_iter(text.as_bytes(), pattern.as_bytes()) {
            let start = i + 4;
            let end = start + word.len();
            if text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            match next_token(text, end) {
                Some(t)
                    if t.start == end
                        && text[t.start..t.end].chars().all(char::is_alphanumeric) =>
                {
                    continue; // "the Southern", inside a longer word
                }
                Some(t)
                    if t.kind == TokKind::Word
                        && text[t.start..t.end].starts_with(|c: char| c.is_uppercase()) =>
                {
                    continue; // "the South China Sea"
                }
                _ => {}
            }
            spans.push((Span { start, end }, surface_hash(word)));
        }
        if spans.is_empty() {
            continue;
        }
        let p = place_of_entry.get(&entry).copied().unwrap_or(places.len());
        added.extend(spans.iter().map(|&(span, _)| (p, span)));
        match places.get_mut(p) {
            Some((_, spelt)) => {
                spelt.extend(spans);
                spelt.sort_by_key(|(s, _)| s.start);
            }
            None => {
                let e = &gaz.entry(entry);
                let a = alternative(gaz, e);
                place_of_entry.insert(entry, places.len());
                places.push((
                    FoundPlace {
                        name: a.name,
                        kind: PlaceKind::Country,
                        lat: a.lat,
                        lon: a.lon,
                        country: a.country,
                        region: None,
                        geonameid: a.geonameid,
                        confidence: 0.6,
                        mentions: Vec::new(),
                        aliases: Vec::new(),
                        alternatives: Vec::new(),
                    },
                    spans,
                ));
            }
        }
    }
    added
}

/// The name of the first-level region `e` lies in, if it has one (a city's state).
fn region_of(gaz: &Gazetteer, e: &Entry) -> Option<String> {
    if e.parent == u32::MAX || !matches!(e.kind, EntryKind::City | EntryKind::Admin2) {
        return None;
    }
    let parent = gaz.entry(e.parent);
    let name = gaz.name(&parent);
    (parent.kind == EntryKind::Admin1 && !name.is_empty()).then(|| name.to_owned())
}

/// Whether the first-level divisions of this place's country are as broad as countries
/// (the United Kingdom's England, Scotland, Wales and Northern Ireland).
fn country_sized(e: &Entry) -> bool {
    e.cc == *b"GB"
}

/// Whether `said` is another spelling of the place name `name` ("Sydney" of Sidney), not
/// the same name abbreviated ("St. Petersburg" of Saint Petersburg) or a short form of a
/// longer one ("Richmond" of Richmond upon Thames), nor the same name with accents.
fn is_spelling_variant(said: &str, name: &str) -> bool {
    fn words(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let w = w.to_lowercase();
                match w.as_str() {
                    "st" => "saint".to_owned(),
                    "ste" => "sainte".to_owned(),
                    "mt" => "mount".to_owned(),
                    "ft" => "fort".to_owned(),
                    _ => w,
                }
            })
            .collect()
    }
    // Accents are the same name written another way ("Sao Paulo"), not another spelling.
    if !said.is_ascii() || !name.is_ascii() {
        return false;
    }
    let (a, b) = (words(said), words(name));
    a.len() == b.len() && a != b
}

/// A city known the world over: a capital, or a city of a million people.
fn is_famous(e: &Entry) -> bool {
    e.kind == EntryKind::City && (e.flags & F_CAPITAL != 0 || e.population >= WELL_KNOWN)
}

/// A capital or a city of a million people keeps its name against a namesake elsewhere
/// unless the text says otherwise: a qualifier ("Paris, Texas"); the namesake's state named
/// in the article (for a capital, in one of the name's sentences, or anywhere in an
/// article that names the place more than once: one "Dublin" in a game report is not moved
/// to Ohio by an "Ohio" sentences away); the article's other places in the namesake's
/// country and none in the famous one's ("London police" beside Toronto and Canada); both
/// of these last come as `elsewhere`, asked only when the cheaper tests fail; several
/// towns of its state (`region_support`); or a place named right beside the namesake
/// ("Paris and Henry County", `together`). These last four hold only for a namesake of
/// [`NAMESAKE_TOWN`] people or more. One city far off ("Flights from London to Paris ...
/// and Toronto airport closed") leaves London and Paris where a reader puts them. Gives the candidate's score, `total`, capped
/// below the famous city's prior when none of these holds.
fn famous_first(
    grp: &Group,
    c: &Cand,
    together: f32,
    region_support: impl FnOnce() -> f32,
    named_states: &[u32],
    elsewhere: impl FnOnce() -> bool,
    total: f32,
) -> f32 {
    let Some(famous) = grp.cands.first() else {
        return total;
    };
    let f = &famous.e;
    if !is_famous(f)
        || famous.entry == c.entry
        || near_km(f.lat, f.lon, c.e.lat, c.e.lon, 50.0)
        || !grp.qualifiers.is_empty()
        || grp.level.is_some()
    {
        return total;
    }
    // Only a namesake of its own can be meant by a famous name: a hamlet (London,
    // California) is not, whatever the article says of its state or its neighbours.
    if c.e.population >= NAMESAKE_TOWN
        && (together >= TOGETHER
            || (named_states.binary_search(&c.e.parent).is_ok()
                && (f.flags & F_CAPITAL == 0 || grp.mentions.len() >= 2))
            || elsewhere()
            || region_support() >= REGION_NAMED)
    {
        return total;
    }
    total.min(famous.prior - 0.5)
}

/// Words after a name that make it a county of that name: "DeKalb County".
const COUNTY_WORDS: [&str; 3] = ["County", "Parish", "Borough"];
/// A bare name's reading this close to its county is of it (a town of the county, or the
/// county itself).
const COUNTY_KM: f32 = 80.0;

/// Whether a name says that it is a county ("Laurel County"): whatever capitalised words
/// follow it name the county's offices ("Laurel County Clerk", "the Laurel County
/// Detention Center"), not a person or a firm.
fn names_a_county(name: &str) -> bool {
    name.rsplit(' ')
        .next()
        .is_some_and(|w| COUNTY_WORDS.contains(&w))
}

/// Each live name as its first mention writes it, lowercased.
fn lowercased_names(text: &str, groups: &[Group], live: &[usize]) -> Vec<(usize, String)> {
    live.iter()
        .filter_map(|&g| {
            let (span, _) = groups[g].mentions.first()?;
            Some((g, text.get(span.start..span.end)?.to_lowercase()))
        })
        .collect()
}

/// Whether a lowercased name ends in a county word: "fulton county", "desoto parish".
fn ends_in_county_word(name: &str) -> bool {
    name.rsplit_once(' ')
        .is_some_and(|(_, last)| COUNTY_WORDS.iter().any(|w| w.eq_ignore_ascii_case(last)))
}

/// Names that an article writes in two ways read as one place: a bare name beside its
/// county ("north DeKalb" beside "DeKalb County") is that county, or a town of its name in
/// it, not a namesake far away; "X City" beside the town "X" that the article names more
/// often is that town ("Dublin City Council" in a story on Dublin, Ohio). Sets the
/// `forced` reading of such groups, once the passes have read the others.
fn related_readings(text: &str, groups: &mut [Group], live: &[usize]) {
    let names = lowercased_names(text, groups, live);
    let related = |name: &str| ends_in_county_word(name) || name.ends_with(" city");
    if !names.iter().any(|(_, name)| related(name)) {
        return;
    }
    let by_name: HashMap<&str, usize> = names.iter().map(|(g, n)| (n.as_str(), *g)).collect();
    for (g, name) in &names {
        // A bare name beside its county.
        if let Some(&cg) = COUNTY_WORDS
            .iter()
            .find_map(|w| by_name.get(format!("{name} {}", w.to_lowercase()).as_str()))
        {
            let county = groups[cg].cands[groups[cg].best];
            if county.e.kind == EntryKind::Admin2 {
                read_near(&mut groups[*g], county, |c| {
                    matches!(c.e.kind, EntryKind::City | EntryKind::Admin2)
                });
            }
        }
        // "X City" beside the town X.
        if let Some(&tg) = name.strip_suffix(" city").and_then(|x| by_name.get(x)) {
            let town = groups[tg].cands[groups[tg].best];
            if town.e.kind == EntryKind::City
                && groups[tg].mentions.len() >= 2 * groups[*g].mentions.len()
            {
                read_near(&mut groups[*g], town, |_| true);
            }
        }
    }
}

/// A qualifier is the region of the place it qualifies: "Rego Park, New York" names the
/// state, not the city; "Bronx, New York" too. Sets the qualifier's `forced` reading to
/// the first-level region (or the country) that holds the qualified place, where it has
/// one and reads otherwise.
fn qualifiers_as_regions(groups: &mut [Group], live: &[usize]) {
    for &g in live {
        let place = groups[g].cands[groups[g].forced.unwrap_or(groups[g].best)];
        for qi in 0..groups[g].qualifiers.len() {
            let q = groups[g].qualifiers[qi];
            let holds = |c: &Cand| match c.e.kind {
                EntryKind::Admin1 => place.e.parent == c.entry,
                EntryKind::Country => place.e.cc == c.e.cc && place.e.kind != EntryKind::Country,
                _ => false,
            };
            let qg = &groups[q];
            if qg.mentions.is_empty() || qg.forced.is_some() || holds(&qg.cands[qg.best]) {
                continue;
            }
            if let Some(i) = qg.cands.iter().position(holds) {
                groups[q].forced = Some(i);
            }
        }
    }
}

/// A name that is both a country and a state is the state where a town of the article is
/// in that state and nothing of the article is in the country: "Police in Georgia were
/// busy. Later, Atlanta was calm." Kept: a name with a qualifier, a level or a forced
/// reading.
fn states_of_their_towns(groups: &mut [Group], live: &[usize]) {
    let reading = |grp: &Group| grp.cands[grp.forced.unwrap_or(grp.best)];
    for &g in live {
        let grp = &groups[g];
        let current = reading(grp);
        if current.e.kind != EntryKind::Country
            || grp.forced.is_some()
            || grp.level.is_some()
            || !grp.qualifiers.is_empty()
        {
            continue;
        }
        let Some(state) = grp.cands.iter().position(|c| c.e.kind == EntryKind::Admin1) else {
            continue;
        };
        let state_entry = grp.cands[state].entry;
        let others = live
            .iter()
            .filter(|&&h| h != g)
            .map(|&h| reading(&groups[h]));
        let mut town_in_state = false;
        let mut in_country = false;
        for other in others {
            town_in_state |= matches!(other.e.kind, EntryKind::City | EntryKind::Admin2)
                && other.e.parent == state_entry;
            in_country |= other.e.cc == current.e.cc;
        }
        if town_in_state && !in_country {
            groups[g].forced = Some(state);
        }
    }
}

/// How many of a name's likeliest readings [`towns_in_their_counties`] pairs.
const PAIR_CANDIDATES: usize = 60;
/// In pairing a town with a county, each this many km between the two cost as much as a
/// reading e times less likely: a town inside the county beats one at its edge.
const PAIR_KM_PER_PRIOR: f32 = 20.0;

/// A town and a county that one article names ("Paris and Henry County", "Henry County
/// deputies arrested a Paris man") are a town in that county, where one pair of their
/// readings makes one and their own readings are far apart: the likeliest pair, the nearer
/// the better, in a first-level region that the article names if it names any, though a
/// namesake of either is better known alone. Sets the `forced` readings of both. Kept as
/// they are: a reading in a region that the article names, or beside another of its names
/// ("Kanawha" beside Charleston, West Virginia), a name with a qualifier ("Paris, Texas"),
/// a level ("Paris city") or a forced reading, and a name written in two ways, which
/// would part.
fn towns_in_their_counties(
    text: &str,
    groups: &mut [Group],
    live: &[usize],
    phone_regions: &[PhoneRegion],
) {
    // A text of very many names (a long report, a whole feed read as one) is no one
    // town's news, and pairing its names would cost the most.
    if live.len() > MAX_GROUPS_FOR_NEARNESS {
        return;
    }
    let named_states = named_states(groups, live, phone_regions);
    let names = lowercased_names(text, groups, live);
    let counties: Vec<usize> = names
        .iter()
        .filter(|(_, name)| ends_in_county_word(name))
        .map(|&(g, _)| g)
        .collect();
    if counties.is_empty() {
        return;
    }
    let written_twice = |g: usize| {
        let Some((_, name)) = names.iter().find(|(h, _)| *h == g) else {
            return true;
        };
        names.iter().filter(|(_, n)| n == name).count() > 1
    };
    let anchored =
        |c: &Cand| c.e.parent != u32::MAX && named_states.binary_search(&c.e.parent).is_ok();
    // For each name, the other names that read near it: "Kanawha" beside Charleston,
    // West Virginia, "North Druid Hills" beside DeKalb County, Georgia.
    let reading = |g: usize| groups[g].cands[groups[g].best].e;
    let beside: Vec<Vec<usize>> = live
        .iter()
        .map(|&g| {
            let c = reading(g);
            live.iter()
                .copied()
                .filter(|&k| {
                    let o = reading(k);
                    k != g
                        && o.kind != EntryKind::Admin1
                        && near_km(c.lat, c.lon, o.lat, o.lon, COUNTY_KM)
                })
                .collect()
        })
        .collect();
    let beside_another = |g: usize, other: usize| {
        live.iter()
            .position(|&k| k == g)
            .is_some_and(|i| beside[i].iter().any(|&k| k != other))
    };
    let name_of = |g: usize| names.iter().find(|(h, _)| *h == g).map(|(_, n)| n.as_str());
    for &h in &counties {
        for &g in live {
            if g == h || counties.contains(&g) {
                continue;
            }
            // "Fulton" beside "Fulton County" is read by `related_readings`.
            if let (Some(town), Some(county)) = (name_of(g), name_of(h))
                && county
                    .strip_prefix(town)
                    .is_some_and(|rest| rest.starts_with(' '))
            {
                continue;
            }
            let (town, county) = (&groups[g], &groups[h]);
            if town.forced.is_some()
                || county.forced.is_some()
                || !town.qualifiers.is_empty()
                || !county.qualifiers.is_empty()
                || town.level.is_some()
            {
                continue;
            }
            let (t, c) = (&town.cands[town.best], &county.cands[county.best]);
            if near_km(t.e.lat, t.e.lon, c.e.lat, c.e.lon, COUNTY_KM)
                || (t.e.parent == c.e.parent && t.e.parent != u32::MAX)
                || anchored(t)
                || anchored(c)
                || written_twice(g)
                || written_twice(h)
                || beside_another(g, h)
                || beside_another(h, g)
            {
                continue;
            }
            let mut best: Option<(usize, usize, f32)> = None;
            for (ti, t) in town.cands.iter().enumerate().take(PAIR_CANDIDATES) {
                if t.e.kind != EntryKind::City {
                    continue;
                }
                for (ci, c) in county.cands.iter().enumerate().take(PAIR_CANDIDATES) {
                    if c.e.kind != EntryKind::Admin2
                        || !near_km(t.e.lat, t.e.lon, c.e.lat, c.e.lon, COUNTY_KM)
                        || (!named_states.is_empty()
                            && named_states.binary_search(&c.e.parent).is_err())
                    {
                        continue;
                    }
                    let km = crate::geoparse::eval::haversine_km(
                        f64::from(t.e.lat),
                        f64::from(t.e.lon),
                        f64::from(c.e.lat),
                        f64::from(c.e.lon),
                    ) as f32;
                    let score = t.prior + c.prior - km / PAIR_KM_PER_PRIOR;
                    if best.is_none_or(|(_, _, p)| score > p) {
                        best = Some((ti, ci, score));
                    }
                }
            }
            if let Some((ti, ci, _)) = best {
                groups[g].forced = Some(ti);
                groups[h].forced = Some(ci);
            }
        }
    }
}

/// Makes `grp` read as a place within [`COUNTY_KM`] of `anchor`, unless its reading is there
/// already: the first of its candidates there that `fits`, else `anchor` itself.
fn read_near(grp: &mut Group, anchor: Cand, fits: impl Fn(&Cand) -> bool) {
    let near = |c: &Cand| near_km(c.e.lat, c.e.lon, anchor.e.lat, anchor.e.lon, COUNTY_KM);
    if near(&grp.cands[grp.best]) {
        return;
    }
    let pick = match grp.cands.iter().position(|c| fits(c) && near(c)) {
        Some(i) => i,
        None => {
            grp.cands.push(anchor);
            grp.cands.len() - 1
        }
    };
    grp.forced = Some(pick);
}

/// The first-level regions that the article names outright: the readings of its names
/// that are such regions, and the regions of its telephone numbers, sorted.
fn named_states(groups: &[Group], live: &[usize], phone_regions: &[PhoneRegion]) -> Vec<u32> {
    let mut named: Vec<u32> = live
        .iter()
        .map(|&g| &groups[g].cands[groups[g].best])
        .filter(|c| c.e.kind == EntryKind::Admin1)
        .map(|c| c.entry)
        .chain(phone_regions.iter().map(|&(_, region)| region))
        .collect();
    named.sort_unstable();
    named.dedup();
    named
}

/// What a telephone number's area code adds to its state's and its country's support: as
/// much as a name read there for sure.
const PHONE_WEIGHT: f32 = 1.0;

/// A telephone number's first-level region: its country code and its entry.
type PhoneRegion = ([u8; 2], u32);

/// The first-level regions of the area codes of the telephone numbers in `text`
/// ("806-423-1253": Texas), from the gazetteer's `"+1 NXX"` keys.
fn phone_regions(gaz: &Gazetteer, text: &str) -> Vec<PhoneRegion> {
    area_codes(text)
        .into_iter()
        .filter_map(|code| {
            let key = finish(fnv(FNV_START, format!("+1 {code}").as_bytes()));
            let slot = gaz.lookup(key)?;
            let (entry, _) = gaz.postings(&slot).next()?;
            let e = gaz.entry(entry);
            (e.kind == EntryKind::Admin1).then_some((e.cc, entry))
        })
        .collect()
}

/// What the article says of its names' readings, for one pass of scoring.
struct Evidence<'a> {
    country: &'a FastMap<[u8; 2], f32>,
    admin: &'a FastMap<u32, f32>,
    /// Resolved towns and districts: (lat, lon, group, weight).
    points: &'a [(f32, f32, usize, f32)],
    /// Each name's neighbours in its sentences.
    neighbours: &'a [Vec<Neighbour>],
    /// See [`together`]; empty on a text of very many names.
    together: &'a [Vec<f32>],
    /// See [`named_states`].
    named_states: &'a [u32],
    /// Whether the neighbours count (not in the first pass: nothing is read yet).
    local: bool,
}

impl Evidence<'_> {
    /// What other names that could be places beside candidate `ci` of name `g` add.
    fn together(&self, g: usize, ci: usize) -> f32 {
        self.together
            .get(g)
            .and_then(|t| t.get(ci))
            .map_or(0.0, |t| TOGETHER * t.min(MAX_TOGETHER))
    }

    /// The whole score of candidate `ci` of name `g`; `own` is what the name's current
    /// reading adds to the context (left out of its own support).
    fn score(&self, groups: &[Group], g: usize, ci: usize, own: &[Contribution]) -> f32 {
        let c = &groups[g].cands[ci];
        let local = if self.local {
            local_support(groups, &self.neighbours[g], c)
        } else {
            0.0
        };
        let together = self.together(g, ci);
        let total =
            score(groups, g, c, self.country, self.admin, own, self.points) + local + together;
        let region_support = || support_parts(c.entry, &c.e, self.country, self.admin, own).1;
        // The candidate's state is named in one of its sentences; or the article's other
        // places are in the candidate's country and none in the famous namesake's ("London
        // police" in a story on Ontario and Canada). Worked out only where it decides.
        let elsewhere = || {
            let state_beside = self.neighbours[g].iter().any(|n| {
                let ng = &groups[n.group as usize];
                ng.cands[ng.best].entry == c.e.parent
            });
            state_beside
                || groups[g].cands.first().is_some_and(|famous| {
                    famous.e.cc != c.e.cc
                        && self.country_of_others(c.e.cc, own) >= 1.0
                        && self.country_of_others(famous.e.cc, own) <= 0.0
                })
        };
        let total = famous_first(
            &groups[g],
            c,
            together,
            region_support,
            self.named_states,
            elsewhere,
            total,
        );
        self.namesake_of_named_state(groups, g, c, own, total)
    }

    /// How much the article's other names say for country `cc`: the context less what the
    /// name's own reading, `own`, adds to it.
    fn country_of_others(&self, cc: [u8; 2], own: &[Contribution]) -> f32 {
        let all = self.country.get(&cc).copied().unwrap_or(0.0);
        let its_own: f32 = own
            .iter()
            .filter(|(k, _, _)| *k == Some(cc))
            .map(|(_, _, w)| w)
            .sum();
        all - its_own
    }

    /// A famous city's namesake in a state that the article names, where nothing else in
    /// the article is in the famous city's country, is read as the namesake: a local
    /// paper's "Dublin City Council" in a story that names Ohio once. The name must be
    /// written twice or more (one "Dublin" in a game report stays in Ireland though Ohio
    /// is named later), as the namesake is spelt ("Sydney" is never Sidney, Ohio), and the
    /// namesake a town of its own ([`NAMESAKE_TOWN`]).
    fn namesake_of_named_state(
        &self,
        groups: &[Group],
        g: usize,
        c: &Cand,
        own: &[Contribution],
        total: f32,
    ) -> f32 {
        let grp = &groups[g];
        let Some(famous) = grp.cands.first() else {
            return total;
        };
        let f = &famous.e;
        // Not in the first pass, where nothing is read yet and so no place of the famous
        // city's country either.
        let lifts = self.local
            && famous.entry != c.entry
            && is_famous(f)
            && f.cc != c.e.cc
            && c.e.kind == EntryKind::City
            && c.e.population >= NAMESAKE_TOWN
            && c.pflags & PF_ALIAS == 0
            && grp.qualifiers.is_empty()
            && grp.mentions.len() >= 2
            && c.e.parent != u32::MAX
            && self.named_states.binary_search(&c.e.parent).is_ok();
        if !lifts {
            return total;
        }
        if self.country_of_others(f.cc, own) > 0.0 {
            return total;
        }
        total.max(famous.prior + 0.5)
    }
}

/// The fewest people of a famous city's namesake that an article can mean by the famous
/// name without saying so: a town of its own ("Dublin, Ohio"), not a hamlet (London,
/// California, in a story that names California and London twice).
const NAMESAKE_TOWN: u32 = 5_000;

/// How much support from the article's towns shows that a state is the article's own: two
/// towns of it, or more.
const REGION_NAMED: f32 = 1.5;

/// What each other name with a reading near a candidate adds to its score (see
/// [`together`]).
const TOGETHER: f32 = 1.5;
/// Only a name's likeliest readings by prior take part (they come sorted so): the rest
/// are villages that only a qualifier brings back, and they would cost the most.
const TOGETHER_CANDIDATES: usize = 40;
/// At most this many such names count.
const MAX_TOGETHER: f32 = 3.0;
/// Readings of two names this close are of one place and its neighbourhood: a county and
/// its seat, a town and its suburb.
const TOGETHER_KM: f32 = 50.0;

/// For each candidate of each live name: how many of the article's other names could be
/// a place near it (within [`TOGETHER_KM`]), each counted as likely as that reading is beside
/// the name's likeliest. "Paris and Henry County": only one Paris has a Henry County
/// beside it, whichever Henry County the article means.
fn together(groups: &[Group], live: &[usize]) -> Vec<Vec<f32>> {
    const CELL_DEGREES: f32 = 2.0;
    let cell = |lat: f32, lon: f32| {
        (
            (lat / CELL_DEGREES).floor() as i32,
            (lon / CELL_DEGREES).floor() as i32,
        )
    };
    let pointlike = |e: &Entry| {
        matches!(
            e.kind,
            EntryKind::City | EntryKind::Admin2 | EntryKind::Island
        )
    };
    /// A reading of a name: its group, its weight, and where it is (lat, lon).
    type Reading = (u32, f32, f32, f32);
    // Every reading of every name, by grid cell.
    let mut grid: FastMap<(i32, i32), Vec<Reading>> = FastMap::default();
    for &g in live {
        let cands = &groups[g].cands;
        let top = cands.iter().map(|c| c.prior).fold(f32::MIN, f32::max);
        for c in cands
            .iter()
            .take(TOGETHER_CANDIDATES)
            .filter(|c| pointlike(&c.e))
        {
            let w = (c.prior - top).exp();
            grid.entry(cell(c.e.lat, c.e.lon))
                .or_default()
                .push((g as u32, w, c.e.lat, c.e.lon));
        }
    }
    let mut together = vec![Vec::new(); groups.len()];
    let mut best_of: Vec<(u32, f32)> = Vec::new();
    for &g in live {
        together[g] = groups[g]
            .cands
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                if ci >= TOGETHER_CANDIDATES || !pointlike(&c.e) {
                    return 0.0;
                }
                best_of.clear();
                let (y, x) = cell(c.e.lat, c.e.lon);
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        let Some(list) = grid.get(&(y + dy, x + dx)) else {
                            continue;
                        };
                        for &(h, w, lat, lon) in list {
                            if h as usize == g || !near_km(c.e.lat, c.e.lon, lat, lon, TOGETHER_KM)
                            {
                                continue;
                            }
                            match best_of.iter_mut().find(|(o, _)| *o == h) {
                                Some((_, bw)) => *bw = bw.max(w),
                                None => best_of.push((h, w)),
                            }
                        }
                    }
                }
                best_of.iter().map(|(_, w)| w).sum()
            })
            .collect();
    }
    together
}

/// Whether the text between two names ends a sentence (or a line, or a paragraph).
fn ends_sentence(between: &str) -> bool {
    // memchr's vector search: this runs for every pair of nearby names of a text.
    let bytes = between.as_bytes();
    memchr::memchr3(b'.', b'!', b'?', bytes).is_some() || memchr::memchr(b'\n', bytes).is_some()
}

/// Whether the text between two names joins them in a list: "Ohio, Indiana and Illinois".
fn joins_list(between: &str) -> bool {
    matches!(
        between.trim(),
        "," | "and" | "or" | ", and" | ", or" | "&" | "/"
    )
}

/// The names (groups) written in the same sentence as each name, close to one of its
/// mentions: "Cambridge, near Boston", "police in Georgia said Atlanta". Each comes with
/// whether the two stand in one list ("Missouri, New York and Virginia"). At most
/// [`MAX_NEIGHBOURS`] each, the first found.
fn neighbours<'m>(
    text: &str,
    raw: impl Iterator<Item = &'m RawMention>,
    group_of: &[u32],
    groups: &[Group],
) -> Vec<Vec<Neighbour>> {
    let mut neighbours: Vec<Vec<Neighbour>> = vec![Vec::new(); groups.len()];
    let kept: Vec<(usize, usize, u32)> = raw
        .zip(group_of)
        .filter_map(|(m, &g)| {
            group(g)
                .filter(|&g| !groups[g].mentions.is_empty())
                .map(|_| (m.start, m.end, g))
        })
        .collect();
    let mut add = |a: u32, b: u32, listed: bool| {
        let list = &mut neighbours[a as usize];
        if let Some(n) = list.iter_mut().find(|n| n.group == b) {
            n.listed |= listed;
        } else if list.len() < MAX_NEIGHBOURS {
            list.push(Neighbour { group: b, listed });
        }
    };
    for (i, &(_, end, g)) in kept.iter().enumerate() {
        let mut from = end;
        let mut listed = true;
        for &(start, next_end, h) in kept.iter().skip(i + 1).take(LOCAL_AHEAD) {
            let Some(between) = text.get(from..start) else {
                break;
            };
            if start - end > LOCAL_BYTES || ends_sentence(between) {
                break;
            }
            listed &= joins_list(between);
            if h != g {
                add(g, h, listed);
                add(h, g, listed);
            }
            from = next_end;
        }
    }
    neighbours
}

/// Another name in a name's sentence (see [`neighbours`]).
#[derive(Clone, Copy)]
struct Neighbour {
    group: u32,
    /// The two stand in one list.
    listed: bool,
}

/// How much a name's neighbours in its sentences support candidate `c`: the same country,
/// the same first-level region, or a place nearby, each as sure as the neighbour's own
/// reading is.
fn local_support(groups: &[Group], neighbours: &[Neighbour], c: &Cand) -> f32 {
    let e = &c.e;
    let admin_of = |idx: u32, x: &Entry| match x.kind {
        EntryKind::Admin1 => Some(idx),
        EntryKind::City | EntryKind::Admin2 | EntryKind::Island if x.parent != u32::MAX => {
            Some(x.parent)
        }
        _ => None,
    };
    let pointlike = |x: &Entry| {
        matches!(
            x.kind,
            EntryKind::City | EntryKind::Admin2 | EntryKind::Island
        )
    };
    let own_admin = admin_of(c.entry, e);
    let (mut country, mut admin, mut near, mut same_kind) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for n in neighbours {
        let ng = &groups[n.group as usize];
        let nc = &ng.cands[ng.best];
        let ne = &nc.e;
        let w = ng.weight;
        if ne.cc == e.cc && e.cc != [0, 0] {
            country += w;
        }
        // The same state counts where one of the two is the state itself ("Ohio" beside
        // "Dayton"): two cities of one state say little ("New York and Boston" is no
        // village of Boston, New York).
        if own_admin.is_some()
            && own_admin == admin_of(nc.entry, ne)
            && !country_sized(e)
            && (ne.kind == EntryKind::Admin1 || e.kind == EntryKind::Admin1)
        {
            admin += w;
        }
        if pointlike(e) && pointlike(ne) && near_km(e.lat, e.lon, ne.lat, ne.lon, NEAR_KM) {
            near += w;
        }
        // In a list of states, a name is a state too; in a list of countries, a country.
        if n.listed && ne.kind == e.kind && matches!(e.kind, EntryKind::Admin1 | EntryKind::Country)
        {
            same_kind += w;
        }
    }
    (LOCAL_COUNTRY * country.min(2.0)
        + LOCAL_ADMIN * admin.min(2.0)
        + LOCAL_NEAR * near.min(2.0)
        + LOCAL_KIND * same_kind.min(2.0))
    .min(MAX_LOCAL)
}

/// What each kind of agreement with a neighbour is worth (see [`local_support`]).
const LOCAL_COUNTRY: f32 = 0.75;
const LOCAL_ADMIN: f32 = 1.5;
const LOCAL_NEAR: f32 = 1.5;
const LOCAL_KIND: f32 = 1.5;

/// A country, an admin1 region and a weight that a resolved place adds to the context.
type Contribution = (Option<[u8; 2]>, Option<u32>, f32);

/// A region chosen for a name that is also the name of its main town ("Geneva", the canton
/// and the city) gives way to the town: a sharper point and the name people use.
fn prefer_city(cands: &[Cand], scores: &[f32], best: usize) -> usize {
    let b = &cands[best].e;
    if !matches!(b.kind, EntryKind::Admin1 | EntryKind::Admin2) {
        return best;
    }
    let mut pick = best;
    let mut pick_score = f32::MIN;
    for (i, (c, sc)) in cands.iter().zip(scores).enumerate() {
        let e = &c.e;
        if e.kind == EntryKind::City
            && *sc >= scores[best] - 1.5
            && *sc > pick_score
            && near_km(b.lat, b.lon, e.lat, e.lon, 50.0)
        {
            pick = i;
            pick_score = *sc;
        }
    }
    pick
}

/// The contributions of a name's current resolution, weighted by how sure it is.
fn group_contributions(gaz: &Gazetteer, grp: &Group) -> Vec<Contribution> {
    // A word of the text's language says nothing of where the article is: the Flemish
    // villages that German words name ("Eine", "Marke", "Recht") would vouch for each other.
    if grp.foreign {
        return Vec::new();
    }
    let mut v = contributions(gaz, grp.cands[grp.best].entry);
    for c in &mut v {
        c.2 *= grp.weight;
    }
    v
}

/// The softmax probability of the best candidate, counting candidates within 50 km of it
/// (the same place from two sources) with it.
fn certainty(cands: &[Cand], scores: &[f32], best: usize) -> f32 {
    let b = &cands[best].e;
    let mx = scores[best];
    let mut z = 0.0f32;
    let mut near = 0.0f32;
    for (c, sc) in cands.iter().zip(scores) {
        let p = (SHARPNESS * (sc - mx)).exp();
        z += p;
        let o = &c.e;
        if near_km(b.lat, b.lon, o.lat, o.lon, 50.0) {
            near += p;
        }
    }
    if z > 0.0 { near / z } else { 0.0 }
}

/// How much a town says of its state, beside the state named outright (1.0): one city of
/// New York in an article does not make every Boston the village in New York state.
const CITY_TO_REGION: f32 = 0.8;

/// What a resolved place says about the article's countries and admin1 regions.
fn contributions(gaz: &Gazetteer, idx: u32) -> Vec<Contribution> {
    let e = &gaz.entry(idx);
    let cc = (e.cc != [0, 0]).then_some(e.cc);
    match e.kind {
        EntryKind::Country => vec![(cc, None, 3.0)],
        // England, Scotland, Wales: constituent countries, as broad as a country
        EntryKind::Admin1 if country_sized(e) => vec![(cc, None, 3.0)],
        EntryKind::Admin1 => vec![(cc, Some(idx), 1.0)],
        _ => {
            let parent = (e.parent != u32::MAX && !country_sized(e)).then_some(e.parent);
            vec![(cc, None, 1.0), (None, parent, CITY_TO_REGION)]
        }
    }
}

/// How much the rest of the article supports a candidate: (country weight, admin1 weight),
/// less what the name's own resolution contributed.
fn support_parts(
    idx: u32,
    e: &Entry,
    ctx_country: &FastMap<[u8; 2], f32>,
    ctx_admin: &FastMap<u32, f32>,
    own: &[Contribution],
) -> (f32, f32) {
    let mut cw = 0.0;
    if e.cc != [0, 0] {
        let mut w = ctx_country.get(&e.cc).copied().unwrap_or(0.0);
        for (cc, _, ow) in own {
            if *cc == Some(e.cc) {
                w -= ow;
            }
        }
        cw = w.max(0.0);
    }
    let admin = if country_sized(e) {
        u32::MAX
    } else if e.kind == EntryKind::Admin1 {
        idx
    } else {
        e.parent
    };
    let mut aw = 0.0;
    if admin != u32::MAX {
        let mut w = ctx_admin.get(&admin).copied().unwrap_or(0.0);
        for (_, a, ow) in own {
            if *a == Some(admin) {
                w -= ow;
            }
        }
        aw = w.max(0.0);
    }
    (cw, aw)
}

#[allow(clippy::too_many_arguments)] // the scoring inputs, kept apart for clarity
fn score(
    groups: &[Group],
    g: usize,
    c: &Cand,
    ctx_country: &FastMap<[u8; 2], f32>,
    ctx_admin: &FastMap<u32, f32>,
    own: &[Contribution],
    points: &[(f32, f32, usize, f32)],
) -> f32 {
    let e = &c.e;
    let mut context = 0.0;
    // A dateline takes no context: it names the news desk's city, not one near the story.
    if !groups[g].dateline {
        if matches!(
            e.kind,
            EntryKind::City | EntryKind::Admin2 | EntryKind::Island
        ) {
            let near: f32 = points
                .iter()
                .filter(|&&(lat, lon, og, _)| og != g && near_km(e.lat, e.lon, lat, lon, NEAR_KM))
                .map(|p| p.3)
                .sum();
            context += 1.2 * near.min(3.0);
        }
        let (cw, aw) = support_parts(c.entry, e, ctx_country, ctx_admin, own);
        context += 0.5 * cw.min(3.0) + 2.0 * aw.min(3.0);
    }
    let mut s = c.prior + context.min(MAX_CONTEXT);
    for &q in &groups[g].qualifiers {
        let qg = &groups[q];
        let hit = qg.cands.iter().any(|qc| {
            let qe = &qc.e;
            match qe.kind {
                EntryKind::Country => qe.cc == e.cc,
                EntryKind::Admin1 => e.parent == qc.entry,
                _ => false,
            }
        });
        if hit {
            s += 8.0;
        }
    }
    match (groups[g].level, e.kind) {
        (Some(Level::State), EntryKind::Admin1) | (Some(Level::City), EntryKind::City) => {
            s += 8.0;
        }
        _ => {}
    }
    s
}

fn alternative(gaz: &Gazetteer, e: &Entry) -> Alternative {
    Alternative {
        name: gaz.name(e).to_owned(),
        country: (e.cc != [0, 0]).then(|| String::from_utf8_lossy(&e.cc).into_owned()),
        lat: f64::from(e.lat),
        lon: f64::from(e.lon),
        population: u64::from(e.population),
        geonameid: (e.geonameid != 0).then_some(u64::from(e.geonameid)),
    }
}

fn place_kind(e: &Entry) -> PlaceKind {
    match e.kind {
        EntryKind::Country => PlaceKind::Country,
        EntryKind::Admin1 | EntryKind::Admin2 | EntryKind::Region | EntryKind::Continent => {
            PlaceKind::Region
        }
        EntryKind::Island => PlaceKind::Island,
        EntryKind::City => {
            if e.population >= 100_000 || e.flags & F_CAPITAL != 0 {
                PlaceKind::City
            } else {
                PlaceKind::Town
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f32, lon: f32) -> Entry {
        let mut e = crate::geoparse::gazetteer::NO_ENTRY;
        (e.lat, e.lon) = (lat, lon);
        e
    }

    #[test]
    fn the_latitude_shortcut_agrees_with_the_great_circle_distance() {
        let haversine = |a: &Entry, b: &Entry| {
            crate::geoparse::eval::haversine_km(
                f64::from(a.lat),
                f64::from(a.lon),
                f64::from(b.lat),
                f64::from(b.lon),
            ) <= 50.0
        };
        let mut near = 0;
        for lat in [-89.9f32, -45.0, 0.0, 33.3, 60.0, 89.9] {
            // north-south offsets around 50 km (0.4497 degrees), and east-west ones
            for step in 0..400 {
                let d = 0.44 + step as f32 * 0.00005;
                for lon_d in [0.0f32, 0.01, 0.3, 179.9] {
                    let (a, b) = (at(lat, 10.0), at((lat + d).min(90.0), 10.0 + lon_d));
                    assert_eq!(within_50_km(&a, &b), haversine(&a, &b), "{a:?} {b:?}");
                    near += usize::from(haversine(&a, &b));
                }
            }
        }
        assert!(near > 100, "the sweep crosses the 50 km line");
    }
}
