//! Clues that a capitalised name is not a place, or not all of one: streets, institutions,
//! features, titles, initialisms. Word lists are exact, case-sensitive matches unless said.

use super::tokens::{Tok, TokKind, is_all_caps, next_token, starts_upper};
use crate::geoparse::gazetteer::{KF_ABBREV, KF_UPPER};

/// Whether the name `name`, whose key has the flags `flags`, cannot be a place whatever
/// the rest of the text says: an all-caps abbreviation not in capitals, a risky one not
/// after a comma ("Ky" only in "Edmonton, Ky"), a name of two letters or fewer, or one
/// that starts with a digit. Decided here, while the name's bytes are in the CPU caches.
pub(crate) fn surely_not_a_place(
    name: &str,
    flags: u16,
    all_caps: bool,
    comma_before: bool,
) -> bool {
    if flags & KF_UPPER != 0 && !all_caps {
        return true;
    }
    if flags & KF_ABBREV != 0 && !comma_before {
        return true;
    }
    if flags & KF_UPPER == 0
        && !name
            .as_bytes()
            .get(..3)
            .is_some_and(|head| head.iter().all(u8::is_ascii_alphanumeric))
        && name.chars().filter(|c| c.is_alphanumeric()).count() < 3
        && !name.contains('.')
    {
        return true;
    }
    name.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// Whether `name`, written in capitals though the gazetteer spells it otherwise ("HIV" for
/// the village Hīv, "NATO" for Nato), reads as an initialism in running text: one short word
/// among words that are not in capitals. A name in an all-caps headline, a dateline ("OSLO
/// (AP) —", "LAGOS, Nigeria") or one qualified by a comma stays a candidate. `before` and
/// `after` are the tokens around the name on its line.
pub(crate) fn is_initialism(
    text: &str,
    name: &str,
    before: Option<Tok>,
    after: Option<Tok>,
) -> bool {
    // "U.S.", "D.C.": written with periods, an abbreviation of a place.
    if name.contains([' ', '.']) || name.chars().filter(|c| c.is_alphabetic()).count() > 5 {
        return false;
    }
    let caps_word = |t: Option<Tok>| {
        t.is_some_and(|t| {
            t.kind == TokKind::Word
                && text[t.start..t.end]
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count()
                    >= 2
                && is_all_caps(&text[t.start..t.end])
        })
    };
    let after_punct = after
        .filter(|a| a.kind == TokKind::Punct)
        .map(|a| &text[a.start..a.end]);
    // A dateline ("KABUL, Afghanistan —", "PARIS (AP) —") or a qualified name ("in ROME,
    // Italy"); but in the middle of a sentence, a comma before a lowercase word is the
    // sentence's own ("about DAAL, visit").
    let starts_a_sentence = before.is_none_or(|b| b.kind == TokKind::Punct);
    let qualified = || {
        after
            .and_then(|comma| next_token(text, comma.end))
            .is_some_and(|t| t.kind == TokKind::Word && starts_upper(&text[t.start..t.end]))
    };
    match after_punct {
        Some("(" | "—" | "–" | "-" | ":") => return false,
        Some(",") if starts_a_sentence || qualified() => return false,
        _ => {}
    }
    !caps_word(before) && !caps_word(after)
}

/// Words after a town's name that make a local institution of it.
pub(crate) fn is_institution_word(w: &str) -> bool {
    matches!(
        w,
        "Police"
            | "Fire"
            | "City"
            | "Council"
            | "School"
            | "Schools"
            | "High"
            | "Elementary"
            | "Middle"
            | "Public"
            | "Library"
            | "Hospital"
            | "Medical"
            | "Community"
            | "Village"
            | "Town"
            | "Area"
            | "Chamber"
            | "Mayor"
            | "Sheriff"
            | "Department"
            | "Board"
            | "Water"
            | "Church"
            | "Baptist"
            | "Methodist"
            | "Presbyterian"
            | "Catholic"
            | "Post"
            | "Times"
            | "News"
            | "Herald"
            | "Daily"
            | "Journal"
            | "Gazette"
            | "Tribune"
            | "Courier"
            | "Press"
            | "Record"
            | "Citizen"
            | "Register"
            | "Municipal"
            | "Historical"
            | "Recreation"
            | "Arts"
            | "Airport"
            | "Regional"
            | "Memorial"
            | "Museum"
            | "Zoo"
            | "Senior"
            | "Rotary"
            | "Lions"
            | "Chief"
            | "Commissioners"
            | "Planning"
    )
}

/// Generic words after a name that make a street of it.
pub(crate) fn is_street_word(w: &str) -> bool {
    matches!(
        w,
        "Street"
            | "St"
            | "Road"
            | "Rd"
            | "Avenue"
            | "Ave"
            | "Drive"
            | "Dr"
            | "Boulevard"
            | "Blvd"
            | "Lane"
            | "Ln"
            | "Parkway"
            | "Pkwy"
            | "Highway"
            | "Hwy"
            | "Pike"
            | "Trail"
            | "Circle"
            | "Terrace"
            | "Court"
            | "Ct"
            | "Expressway"
            | "Freeway"
            | "Turnpike"
    )
}

/// Generic words after a name that make a nearby feature of it ("Kanawha River"): the span
/// takes them in, and the place stays as the best guess of where it is.
pub(crate) fn is_feature_word(w: &str) -> bool {
    matches!(
        w,
        "River"
            | "Creek"
            | "Lake"
            | "Valley"
            | "Islands"
            | "Township"
            | "Station"
            | "Forest"
            | "Mountains"
            | "Mountain"
            | "Bay"
            | "Canyon"
            | "Springs"
            | "Ranch"
            | "Farms"
            | "Harbor"
            | "Harbour"
            | "Falls"
            | "Peninsula"
            | "Basin"
            | "Reservoir"
            | "Dam"
    )
}

/// Whether a word (any case) is in the list titles.
pub(crate) fn is_title(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() > 16 {
        return false;
    }
    let mut buf = [0u8; 16];
    for (d, c) in buf.iter_mut().zip(b) {
        *d = c.to_ascii_lowercase();
    }
    matches!(
        &buf[..b.len()],
        b"admiral"
            | b"ambassador"
            | b"aunt"
            | b"bishop"
            | b"capt"
            | b"captain"
            | b"cardinal"
            | b"chairman"
            | b"chancellor"
            | b"chief"
            | b"coach"
            | b"col"
            | b"colonel"
            | b"commissioner"
            | b"const"
            | b"constable"
            | b"councilman"
            | b"councilwoman"
            | b"dame"
            | b"dear"
            | b"deputy"
            | b"detective"
            | b"dictator"
            | b"doctor"
            | b"dr"
            | b"emir"
            | b"father"
            | b"gen"
            | b"general"
            | b"gov"
            | b"governor"
            | b"hon"
            | b"imam"
            | b"inspector"
            | b"jr"
            | b"judge"
            | b"justice"
            | b"king"
            | b"lady"
            | b"leader"
            | b"lieutenant"
            | b"lord"
            | b"lt"
            | b"maj"
            | b"mayor"
            | b"messrs"
            | b"minister"
            | b"miss"
            | b"mr"
            | b"mrs"
            | b"ms"
            | b"officer"
            | b"pope"
            | b"premier"
            | b"pres"
            | b"president"
            | b"prince"
            | b"princess"
            | b"prof"
            | b"professor"
            | b"queen"
            | b"rabbi"
            | b"rep"
            | b"reps"
            | b"representative"
            | b"rev"
            | b"saint"
            | b"secretary"
            | b"sen"
            | b"senator"
            | b"sens"
            | b"sheriff"
            | b"spokesman"
            | b"spokeswoman"
            | b"superintendent"
            | b"sergeant"
            | b"sgt"
            | b"sheikh"
            | b"sir"
            | b"sr"
            | b"trooper"
            | b"uncle"
    )
}

/// Whether a word (any case) is in the list modifiers.
pub(crate) fn is_modifier(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() > 16 {
        return false;
    }
    let mut buf = [0u8; 16];
    for (d, c) in buf.iter_mut().zip(b) {
        *d = c.to_ascii_lowercase();
    }
    matches!(
        &buf[..b.len()],
        b"and"
            | b"at"
            | b"central"
            | b"coastal"
            | b"downtown"
            | b"east"
            | b"eastern"
            | b"from"
            | b"greater"
            | b"in"
            | b"inner"
            | b"lower"
            | b"metro"
            | b"mid"
            | b"midwestern"
            | b"new"
            | b"north"
            | b"northeast"
            | b"northeastern"
            | b"northern"
            | b"northwest"
            | b"northwestern"
            | b"of"
            | b"old"
            | b"on"
            | b"outer"
            | b"rural"
            | b"south"
            | b"southeast"
            | b"southeastern"
            | b"southern"
            | b"southwest"
            | b"southwestern"
            | b"suburban"
            | b"the"
            | b"to"
            | b"upper"
            | b"west"
            | b"western"
    )
}

/// Abbreviations after which a full stop does not end a sentence.
/// Whether a word (any case) is in the list non final.
pub(crate) fn is_non_final(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() > 16 {
        return false;
    }
    let mut buf = [0u8; 16];
    for (d, c) in buf.iter_mut().zip(b) {
        *d = c.to_ascii_lowercase();
    }
    matches!(
        &buf[..b.len()],
        b"capt"
            | b"col"
            | b"dr"
            | b"ft"
            | b"gen"
            | b"gov"
            | b"hon"
            | b"jr"
            | b"lt"
            | b"maj"
            | b"messrs"
            | b"mr"
            | b"mrs"
            | b"ms"
            | b"mt"
            | b"no"
            | b"pres"
            | b"prof"
            | b"rep"
            | b"rev"
            | b"sen"
            | b"sgt"
            | b"sr"
            | b"st"
            | b"vs"
    )
}

/// Whether the word after a name makes the two the name of something else that is not the
/// place: a disease named after where it was found ("Lassa fever", "West Nile virus"), a
/// university, a cup or a race, or a company ("Acme Inc."). `w` is the next word, and
/// `then` the word after it, if any.
pub(crate) fn names_something_else(w: &str, then: Option<&str>) -> bool {
    [
        "virus",
        "fever",
        "disease",
        "flu",
        "syndrome",
        "encephalitis",
    ]
    .iter()
    .any(|disease| w.eq_ignore_ascii_case(disease))
        || matches!(
            w,
            "University"
                | "College"
                | "Cup"
                | "Inc"
                | "Corp"
                | "Corporation"
                | "Ltd"
                | "LLC"
                | "FC"
                | "Plc"
                | "PLC"
        )
        || (w == "Grand" && then == Some("Prix"))
}

/// Whether an initial starts at `start`: one capital letter and a full stop that no letter
/// follows ("the F. of "Dana F. Besecker", "Bradner, S.,"), not a letter of an abbreviation
/// ("D.C.", "U.S.") nor the end of a word ("LA.").
pub(crate) fn initial_at(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    b.get(start).is_some_and(u8::is_ascii_uppercase)
        && b.get(start + 1) == Some(&b'.')
        && !b.get(start + 2).is_some_and(u8::is_ascii_alphabetic)
        && (start == 0 || !(b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'.'))
}

/// Whether an initial that a person's name goes on after starts at `start`: an initial,
/// a space and a capitalised word ("F. Besecker", "D. Hardt").
pub(crate) fn initial_of_a_name_at(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    initial_at(text, start)
        && b.get(start + 2) == Some(&b' ')
        && b.get(start + 3).is_some_and(u8::is_ascii_uppercase)
}

/// Whether the initial at `start` may stand for a compass point or a Roman numeral, as
/// before a street ("W. Bridge St.") or at a sentence's end ("World War I. Paris was…").
pub(crate) fn compass_or_numeral(text: &str, start: usize) -> bool {
    matches!(
        text.as_bytes().get(start),
        Some(b'N' | b'S' | b'E' | b'W' | b'I' | b'V' | b'X')
    )
}

/// Whether a word that a name of several words writes in lowercase is one that names keep
/// so ("Isle of Man", "Rio de Janeiro", "Frankfurt am Main", "Ras al Khaimah"), or a
/// county's word ("Grant county": the bare "Grant" would be a town). Any other lowercase
/// word makes the words no name: "The range we defined" is no The Range, Queensland.
pub(crate) fn is_lowercase_name_word(w: &str) -> bool {
    matches!(
        w,
        "of" | "the"
            | "and"
            | "on"
            | "upon"
            | "under"
            | "in"
            | "de"
            | "du"
            | "des"
            | "la"
            | "le"
            | "les"
            | "el"
            | "los"
            | "las"
            | "da"
            | "do"
            | "dos"
            | "das"
            | "di"
            | "del"
            | "della"
            | "van"
            | "von"
            | "der"
            | "den"
            | "y"
            | "e"
            | "en"
            | "au"
            | "aux"
            | "sur"
            | "am"
            | "an"
            | "im"
            | "al"
            | "ad"
            | "as"
            | "ash"
            | "at"
            | "bin"
            | "ibn"
            | "d"
            | "l"
            | "county"
            | "parish"
            | "borough"
    )
}

/// Whether a word after a name makes it a speaker: "Franklin said" is a person, where the
/// name is also a given name or surname.
pub(crate) fn is_speech_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "told"
            | "added"
            | "wrote"
            | "stated"
            | "explained"
            | "recalled"
            | "argued"
            | "insisted"
            | "testified"
            | "noted"
            | "tweeted"
    )
}

/// Whether a word after a name says that it lived a person's life: "Lincoln lived long
/// enough to see", "Lincoln wore his hat". No town does these, however big.
pub(crate) fn is_life_verb(w: &str) -> bool {
    matches!(
        w,
        "lived" | "died" | "married" | "wore" | "smiled" | "laughed" | "studied" | "grew"
    )
}

/// Whether a word before a name puts it as a place: "police in Marshall said" speak of the
/// town.
pub(crate) fn is_place_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "at"
            | "from"
            | "of"
            | "near"
            | "to"
            | "outside"
            | "around"
            | "across"
            | "In"
            | "At"
            | "From"
            | "Near"
            | "Outside"
    )
}

/// Whether a word beside a name makes it a side in a game: "Westfield beat Oxford", two
/// schools' or clubs' teams.
pub(crate) fn is_match_verb(w: &str) -> bool {
    matches!(
        w,
        "beat"
            | "beats"
            | "defeated"
            | "defeats"
            | "edged"
            | "routed"
            | "thrashed"
            | "outscored"
            | "downed"
            | "blanked"
            | "shut"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_beside_a_name_can_make_it_a_speaker_or_a_team() {
        assert!(is_speech_verb("said") && is_speech_verb("told"));
        assert!(!is_speech_verb("Said"), "a word of a name, capitalised");
        assert!(is_match_verb("beat") && is_match_verb("defeated"));
        assert!(!is_match_verb("hosted"), "a town hosts a game as a place");
        assert!(is_place_preposition("in") && !is_place_preposition("Mayor"));
        // Titles before a person's name: "Inspector Pascal Feeney", "Sheriff Tom Gale".
        assert!(is_title("Inspector") && is_title("Sheriff") && is_title("spokeswoman"));
        assert!(!is_title("Inspectors"));
    }

    #[test]
    fn an_initial_is_one_capital_and_a_full_stop() {
        let text = "Dana F. Besecker met D. Hardt (Bradner, S.,) in Washington, D.C. and LA.";
        let at = |s: &str| text.find(s).expect("in the text");
        assert!(initial_at(text, at("F.")) && initial_of_a_name_at(text, at("F.")));
        assert!(initial_of_a_name_at(text, at("D. Hardt")));
        assert!(initial_at(text, at("S.,")), "a citation's initial");
        assert!(
            !initial_of_a_name_at(text, at("S.,")),
            "no name goes on after it"
        );
        assert!(!initial_at(text, at("D.C.")), "an abbreviation");
        assert!(!initial_at(text, at("A.")), "the end of a word");
        assert!(compass_or_numeral("W. Bridge St.", 0));
        assert!(!compass_or_numeral("D. Hardt", 0));
    }

    #[test]
    fn the_word_after_a_name_can_make_it_something_else() {
        assert!(names_something_else("fever", None));
        assert!(names_something_else("Virus", None));
        assert!(names_something_else("University", Some("students")));
        assert!(names_something_else("Grand", Some("Prix")));
        assert!(names_something_else("Inc", Some(".")));
        // A town's own things and ordinary words after it leave it a place.
        assert!(!names_something_else("Grand", Some("Jury")));
        assert!(!names_something_else("police", None));
        assert!(
            !names_something_else("university", None),
            "lowercase: 'a Leeds university'"
        );
    }
}
