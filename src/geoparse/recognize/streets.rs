//! Streets and roads: "W. Bridge St.", "Lone Oak Road", "North Lumpkin Street"; and the
//! small features of a town's surroundings, named the same way: "Mill Creek", "Dolly Sods
//! Wilderness", "Monongahela National Forest", "Canaan Valley", "Hamilton Township". The
//! gazetteer holds none of them, so they are found by their form: capitalised words,
//! initials or ordinals, then a street or feature word. Recognition asks at each
//! capitalised word it passes; the resolver puts each one in the town it is written
//! beside (a feature only in a town of its sentence, or the article's own town: a creek or
//! a forest may lie well outside the town named a paragraph away).

use crate::geoparse::Span;

/// The most words of a street's own name before its street word ("Martin Luther King").
const MAX_WORDS: usize = 5;

/// Capitalised words that start a sentence or a phrase, not a street's name ("The Street").
const NOT_A_NAME: [&str; 22] = [
    "The", "A", "An", "At", "But", "In", "On", "And", "Of", "To", "For", "From", "By", "Its",
    "His", "Her", "Their", "Our", "This", "That", "Off", "Along",
];

/// Where a street word that starts at `start` and whose letters end at `end` ends, with
/// the full stop of an abbreviation ("St."), or `None` for any other word.
fn street_word_end(text: &str, start: usize, end: usize) -> Option<usize> {
    match text.get(start..end)? {
        "Street" | "Streets" | "Road" | "Roads" | "Avenue" | "Avenues" | "Drive" | "Boulevard"
        | "Lane" | "Highway" | "Parkway" | "Pike" | "Trail" | "Route" | "Terrace" => Some(end),
        "St" | "Rd" | "Ave" | "Dr" | "Blvd" | "Ln" | "Hwy" | "Pkwy" => {
            (text.as_bytes().get(end) == Some(&b'.')).then_some(end + 1)
        }
        // A word that recognition read with its full stop.
        "St." | "Rd." | "Ave." | "Dr." | "Blvd." | "Ln." | "Hwy." | "Pkwy." => Some(end),
        // FEATURE_WORDS, written out so that the match compiles to one jump on the length.
        "Creek" | "Forest" | "Township" | "Valley" | "Wilderness" => Some(end),
        _ => None,
    }
}

/// The last words of a town's nearby features found by their form. Others of the kind
/// ("Lake", "Park", "Hill", "River") are left out: they are as often a person's surname
/// ("Angela Hill"), a film ("Jurassic Park"), or a feature far from the town beside it,
/// and cost as much as they found.
const FEATURE_WORDS: [&str; 5] = ["Creek", "Forest", "Township", "Valley", "Wilderness"];

/// Whether a name found here is a feature near a town ("Mill Creek"), not a street.
pub(crate) fn is_feature(name: &str) -> bool {
    name.rsplit(' ')
        .next()
        .is_some_and(|last| FEATURE_WORDS.contains(&last))
}

/// Whether a name ends in a street or feature word, as the names found here do ("W. Bridge
/// St.", "Mill Creek").
pub(crate) fn is_street(name: &str) -> bool {
    let Some(last) = name.rsplit(' ').next() else {
        return false;
    };
    let start = name.len() - last.len();
    let letters = last.trim_end_matches('.');
    street_word_end(name, start, start + letters.len()).is_some()
}

/// The street that the capitalised word at `start..end` ends, if it is a street word with
/// a name before it: "W. Bridge St.", "Lone Oak Road". Called by recognition on each
/// capitalised word it passes.
pub(crate) fn street_at(text: &str, start: usize, end: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let word_end = street_word_end(text, start, end)?;
    if bytes.get(word_end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    if start == 0 || !matches!(bytes[start - 1], b' ' | b'-') {
        return None;
    }
    // "Main Street Bank", "Wall Street Journal", "St. Louis", "Dr. Smith": a firm, a
    // paper, a saint or a doctor.
    if next_is_capitalised(text, word_end) {
        return None;
    }
    let name_start = name_start(text, start)?;
    Some(Span {
        start: name_start,
        end: word_end,
    })
}

/// Whether a capitalised word follows `end` on the same line, after one space.
fn next_is_capitalised(text: &str, end: usize) -> bool {
    let rest = &text.as_bytes()[end..];
    rest.first() == Some(&b' ') && rest.get(1).is_some_and(u8::is_ascii_uppercase)
}

/// Where the name of a street ends at `word_start` (its street word) begins: the
/// capitalised words, initials ("W.") and ordinals ("34th") right before it, without a
/// leading "The" or "On". `None` when there are none, or when they name a county's road.
fn name_start(text: &str, word_start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut words: Vec<(usize, usize)> = Vec::new(); // (start, end), last word first
    let mut at = word_start - 1; // the space or hyphen before the street word
    while words.len() < MAX_WORDS {
        let end = at;
        let mut start = end;
        while start > 0 {
            let c = bytes[start - 1];
            if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'\'') {
                start -= 1;
            } else if c >= 0x80 {
                // "’s" and letters beyond ASCII: step back over the whole character.
                let Some((i, ch)) = text[..start].char_indices().next_back() else {
                    break;
                };
                if !(ch.is_alphabetic() || ch == '’') {
                    break;
                }
                start = i;
            } else {
                break;
            }
        }
        if start == end || !is_name_word(&text[start..end]) {
            break;
        }
        words.push((start, end));
        if start == 0 || !matches!(bytes[start - 1], b' ' | b'-') {
            break;
        }
        at = start - 1;
    }
    // Drop the words at the front that only start a sentence or a phrase.
    while let Some(&(s, e)) = words.last() {
        if NOT_A_NAME.contains(&&text[s..e]) {
            words.pop();
        } else {
            break;
        }
    }
    if words.iter().any(|&(s, e)| &text[s..e] == "County") {
        return None;
    }
    // "Virginia L. Lane": a person whose surname is a street word. (A street named after a
    // person puts the surname between: "John F. Kennedy Boulevard".)
    if let [(s, e), _, ..] = words[..]
        && e - s == 2
        && text.as_bytes()[e - 1] == b'.'
    {
        return None;
    }
    words.last().map(|&(s, _)| s)
}

/// A word that can be part of a street's name: capitalised ("Bridge", "O'Neil", "Martin"),
/// an initial ("W."), or an ordinal ("34th", "1st").
fn is_name_word(w: &str) -> bool {
    let b = w.as_bytes();
    match b {
        [c, b'.'] => c.is_ascii_uppercase(),
        [first, ..] if first.is_ascii_digit() => {
            let digits = w.trim_start_matches(|c: char| c.is_ascii_digit());
            matches!(digits, "st" | "nd" | "rd" | "th")
        }
        _ => {
            // Ends with a period: an abbreviation or a sentence's end ("Inc.", "said.").
            !w.ends_with('.') && w.chars().next().is_some_and(char::is_uppercase)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streets of `text`, asking at each capitalised word as recognition does.
    fn found(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = 0;
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let start = at;
            at += word.len()
                + text[at + word.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
            if word.starts_with(|c: char| c.is_uppercase())
                && let Some(s) = street_at(text, start, start + word.len())
            {
                out.push(&text[s.start..s.end]);
            }
        }
        out
    }

    #[test]
    fn streets_are_found_by_their_form() {
        assert_eq!(
            found("A fire at 3125 Clarksville St. damaged a home on W. Bridge St. today."),
            ["Clarksville St.", "W. Bridge St."]
        );
        assert_eq!(
            found("The crash closed Lone Oak Road and North Lumpkin Street on Monday."),
            ["Lone Oak Road", "North Lumpkin Street"]
        );
        assert_eq!(found("He lives on West 11th Street."), ["West 11th Street"]);
        assert_eq!(found("The Main Street shops reopened."), ["Main Street"]);
    }

    #[test]
    fn other_things_that_end_in_a_street_word_are_not_streets() {
        assert!(found("He read the Wall Street Journal.").is_empty());
        assert!(found("She flew to St. Louis to see Dr. Smith.").is_empty());
        assert!(
            found("The driver, Virginia L. Lane, 77, was unhurt.").is_empty(),
            "a person whose surname is a street word"
        );
        assert_eq!(
            found("They marched down John F. Kennedy Boulevard."),
            ["John F. Kennedy Boulevard"]
        );
        assert!(found("They drove down the road to town.").is_empty());
        assert!(found("The Street was empty.").is_empty());
        assert!(found("A crash on County Road 4045 closed it.").is_empty());
        assert!(found("Fans cheered at Roadside Park.").is_empty());
    }

    #[test]
    fn features_near_a_town_are_found_by_their_form_and_told_from_streets() {
        assert_eq!(
            found("Hikers crossed Dolly Sods Wilderness to Seneca Creek and Canaan Valley."),
            ["Dolly Sods Wilderness", "Seneca Creek", "Canaan Valley"]
        );
        assert_eq!(
            found("Fire crews in Monongahela National Forest and Hamilton Township."),
            ["Monongahela National Forest", "Hamilton Township"]
        );
        assert!(is_feature("Seneca Creek") && !is_feature("Lone Oak Road"));
        // Not a feature: the word alone, or a name that goes on ("Forest Service").
        assert!(found("The Forest was quiet.").is_empty());
        assert!(found("The Monongahela Forest Service closed roads.").is_empty());
        assert!(found("He walked along the creek in the valley.").is_empty());
    }

    #[test]
    fn every_feature_word_ends_a_feature() {
        for w in FEATURE_WORDS {
            assert_eq!(street_word_end(w, 0, w.len()), Some(w.len()), "{w}");
        }
    }

    #[test]
    fn a_street_is_told_by_its_last_word() {
        assert!(is_street("W. Bridge St.") && is_street("Lone Oak Road"));
        assert!(!is_street("Dublin") && !is_street("St. Louis") && !is_street(""));
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in [
            "St.",
            " St.",
            "’ Street",
            "é Road",
            "Ω.Ω Road",
            "- Road",
            "1st Road",
        ] {
            let _ = found(text);
        }
        for (i, _) in "Ω Main St. Road".char_indices() {
            let _ = street_at("Ω Main St. Road", i, "Ω Main St. Road".len());
        }
    }
}
