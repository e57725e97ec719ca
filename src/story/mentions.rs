//! Finds where each place is mentioned in an article.
//!
//! Every name and alias of every place goes into one Aho–Corasick automaton, matched
//! case-sensitively (proper names are capitalised: "Nice" the city, not "nice" the word).
//! All overlapping hits are collected, hits that are not whole words are dropped ("US" in
//! "USSR" or "focus"), and then the longest hit wins wherever two overlap ("North Korea"
//! beats "Korea", "the North Korean" is "North Korean", not "the North"). A possessive
//! ’s or 's needs no special case: the apostrophe already ends the word.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::places::Place;

/// One occurrence of a place's name in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Index of the place in the story's place list.
    pub place: usize,
    /// Byte span of the matched name in the article, half-open.
    pub span: Range<usize>,
}

/// A multi-pattern matcher for the names of a set of places.
pub struct MentionFinder {
    automaton: Option<AhoCorasick>,
    /// For each pattern, the place it names.
    place_of_pattern: Vec<usize>,
}

impl MentionFinder {
    /// Builds a matcher for every name and alias of `places`. Empty names are ignored.
    pub fn new(places: &[Place]) -> Self {
        let mut patterns = Vec::new();
        let mut place_of_pattern = Vec::new();
        for (index, place) in places.iter().enumerate() {
            for name in place.names() {
                let name = name.trim();
                if !name.is_empty() {
                    patterns.push(name.to_owned());
                    place_of_pattern.push(index);
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        };
        Self {
            automaton,
            place_of_pattern,
        }
    }

    /// All mentions in `text`, in reading order, none overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut hits: Vec<Mention> = automaton
            .find_overlapping_iter(text)
            .filter(|hit| is_whole_word(text, hit.start(), hit.end()))
            .map(|hit| Mention {
                place: self.place_of_pattern[hit.pattern().as_usize()],
                span: hit.start()..hit.end(),
            })
            .collect();
        longest_without_overlaps(&mut hits);
        hits
    }
}

/// Keeps, among overlapping hits, the longest (then the leftmost); returns them in order.
fn longest_without_overlaps(hits: &mut Vec<Mention>) {
    hits.sort_by(|a, b| {
        let (la, lb) = (a.span.len(), b.span.len());
        lb.cmp(&la).then(a.span.start.cmp(&b.span.start))
    });
    let mut kept: Vec<Mention> = Vec::with_capacity(hits.len());
    // Kept spans by start, for an overlap check with the neighbours on either side.
    let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
    for hit in hits.drain(..) {
        let (start, end) = (hit.span.start, hit.span.end);
        let overlaps_before = taken
            .range(..=start)
            .next_back()
            .is_some_and(|(_, &e)| e > start);
        let overlaps_after = taken.range(start..end).next().is_some();
        if !overlaps_before && !overlaps_after {
            taken.insert(start, end);
            kept.push(hit);
        }
    }
    kept.sort_by_key(|m| m.span.start);
    *hits = kept;
}

/// Whether `text[start..end]` is bounded by non-word characters on both sides.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::places::PlaceKind;

    fn place(name: &str, aliases: &[&str]) -> Place {
        Place {
            id: name.to_lowercase(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            kind: PlaceKind::Country,
            lat: 0.0,
            lon: 0.0,
            note: None,
            geoparsed: None,
        }
    }

    fn found<'t>(places: &[Place], text: &'t str) -> Vec<(&'t str, usize)> {
        MentionFinder::new(places)
            .find(text)
            .into_iter()
            .map(|m| (&text[m.span], m.place))
            .collect()
    }

    #[test]
    fn a_short_name_never_matches_inside_a_longer_word() {
        let places = [place("United States", &["US"])];
        assert!(found(&places, "The USSR and focus on USA.").is_empty());
        assert_eq!(found(&places, "the US-led talks"), [("US", 0)]);
    }

    #[test]
    fn matching_is_case_sensitive_for_proper_names() {
        let places = [place("Nice", &[])];
        assert!(found(&places, "a nice day").is_empty());
        assert_eq!(found(&places, "in Nice today"), [("Nice", 0)]);
    }

    #[test]
    fn possessives_with_straight_and_curly_apostrophes_count() {
        let places = [place("Russia", &[])];
        assert_eq!(
            found(&places, "Russia’s and Russia's"),
            [("Russia", 0), ("Russia", 0)]
        );
    }

    #[test]
    fn the_longest_overlapping_name_wins() {
        let places = [
            place("Korea", &[]),
            place("North Korea", &["North Korean", "the North"]),
            place("Russky", &[]),
            place("Russky Island", &[]),
        ];
        assert_eq!(
            found(
                &places,
                "North Korea and the North Korean workers on Russky Island, and the North."
            ),
            [
                ("North Korea", 1),
                ("North Korean", 1),
                ("Russky Island", 3),
                ("the North", 1)
            ]
        );
    }

    #[test]
    fn no_places_or_empty_names_find_nothing() {
        assert!(found(&[], "anything").is_empty());
        assert!(found(&[place("", &[" "])], "anything").is_empty());
    }
}
