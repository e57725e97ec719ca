//! Recognition: find spans of text that are names in the gazetteer, with the clues around
//! them (capitalisation, sentence start, titles, neighbouring capitalised words).
//!
//! - [`tokens`]: words, punctuation and their hashes; sentence starts; the SIMD skip to
//!   the next capital.
//! - [`clues`]: the word lists and rules that say a name is not a place, or is part of
//!   something else ("Wichita Drive", "Lassa fever", "HIV").
//! - [`streets`]: streets and roads, found by their form ("W. Bridge St."): the gazetteer
//!   holds none.
//! - [`phones`]: the area codes of telephone numbers, which tell a local paper's state.
//! - this file: the matcher (leftmost, longest, whole tokens) and a cache of the
//!   gazetteer's flags for the names of one text.

mod clues;
mod phones;
mod streets;
mod tokens;

use clues::*;
pub(crate) use clues::{is_life_verb, is_match_verb, is_place_preposition, is_speech_verb};
pub(crate) use phones::area_codes;
pub(crate) use streets::{is_feature, is_street};
use tokens::*;
pub(crate) use tokens::{
    TokKind, next_token, prev_token, sentence_initial, starts_upper, surface_hash,
};

use crate::geoparse::Span;
use crate::geoparse::gazetteer::{
    FNV_START, Gazetteer, KF_FIRST, KF_FULL, KF_PREFIX, KF_SURNAME, KF_UPPER, Slot, finish, fnv,
};

/// The most tokens a name may have ("Democratic People's Republic of Korea" has 7).
const MAX_TOKENS: usize = 14;

/// A recognised name with the clues around it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawMention {
    pub start: usize,
    pub end: usize,
    pub slot: Slot,
    /// [`surface_hash`] of the name as written: the spellings of a place are read from the
    /// text once each, not once per mention.
    pub surface: u64,
    /// The first word starts a sentence (or a line).
    pub sentence_initial: bool,
    /// A title such as "President" or "Mr." comes right before.
    pub title_before: bool,
    /// A capitalised word that is not a place modifier comes right before, mid-sentence.
    pub prev_cap: bool,
    /// A capitalised word follows right after, on the same line.
    pub next_cap: bool,
    /// The name is written in capitals only.
    pub all_caps: bool,
    /// A comma follows.
    pub comma_after: bool,
    /// A comma comes right before.
    pub comma_before: bool,
    /// The capitalised word right before, on the same line, is a common given name.
    pub prev_first: bool,
    /// The capitalised word right after is a common surname.
    pub next_surname: bool,
    /// The capitalised word right after is a local institution ("Dublin Police",
    /// "Cottonport Fire Station"): the name is still the place.
    pub next_institution: bool,
    /// The name is written as a person's: with an initial before or after it ("D. Hardt",
    /// "Dana F. Besecker"), or as a reference's "Surname, Given" ("Wilson, John",
    /// "Bradner, S.").
    pub person_form: bool,
    /// The name is a given name, and a capitalised word follows that is no word, name or
    /// place the gazetteer knows, nor a town's institution, street or feature: a surname
    /// ("Tyler Besecker"), where the name is a town's.
    pub unknown_after_given: bool,
}

/// The key flags of the word `t`, or 0, without a cache: for the resolver's rare asks.
pub(crate) fn word_flags(gaz: &Gazetteer, text: &str, t: &Tok) -> u16 {
    gaz.lookup_flags(finish(hash_token(FNV_START, text, t)))
        .unwrap_or(0)
}

/// The key flags of a single token, or 0.
fn token_flags(gaz: &Gazetteer, cache: &mut FlagCache, text: &str, t: &Tok) -> u16 {
    cache
        .flags(gaz, finish(hash_token(FNV_START, text, t)), false)
        .unwrap_or(0)
}

/// A small direct-mapped cache of the gazetteer look-ups for the keys of one text: names
/// and capitalised words repeat within a text, and the gazetteer's tables are far larger
/// than the CPU caches, so each look-up there is a wait on memory.
struct FlagCache {
    lines: Vec<CacheLine>,
    /// `lines.len() - 1`: the lines are a power of two.
    mask: usize,
}

#[derive(Clone, Copy)]
struct CacheLine {
    /// The upper half of the cached key (the lower half picks the line).
    check: u32,
    /// Key flags, `NOT_A_KEY`, or `UNSET` for an empty line.
    flags: u16,
    /// The key's slot, once asked for ([`Slot::hash`] is 0 until then).
    slot: Slot,
}

/// The fewest and the most cache lines. A text gets one line per 64 bytes between these:
/// a long text has more distinct names, and the cache of a short one is cheap to set up.
const MIN_CACHE_LINES: usize = 1 << 10;
const MAX_CACHE_LINES: usize = 1 << 14;
const NOT_A_KEY: u16 = u16::MAX;
const UNSET: u16 = u16::MAX - 1;

impl FlagCache {
    /// A cache for a text of `len` bytes.
    fn new(len: usize) -> FlagCache {
        let lines = (len / 64)
            .next_power_of_two()
            .clamp(MIN_CACHE_LINES, MAX_CACHE_LINES);
        FlagCache {
            lines: vec![
                CacheLine {
                    check: 0,
                    flags: UNSET,
                    slot: Slot::default(),
                };
                lines
            ],
            mask: lines - 1,
        }
    }

    /// The key flags of `key`, or `None` if it is no key. `multi`: the key has two tokens
    /// or more, so the gazetteer's filter of such keys is asked first.
    #[inline]
    fn flags(&mut self, gaz: &Gazetteer, key: u64, multi: bool) -> Option<u16> {
        // Most extensions of a name by the next word are no keys, as the filter tells at
        // once: they are not cached, where they would push out the words that repeat.
        if multi && !gaz.may_have_multi(key) {
            return None;
        }
        let line = &mut self.lines[key as usize & self.mask];
        let check = (key >> 32) as u32;
        if line.check != check || line.flags == UNSET {
            line.check = check;
            line.slot = Slot::default();
            line.flags = gaz.lookup_flags(key).unwrap_or(NOT_A_KEY);
        }
        match line.flags {
            NOT_A_KEY => None,
            f => Some(f),
        }
    }

    /// The slot of `key`, which [`FlagCache::flags`] has just found to be a key.
    #[inline]
    fn slot(&mut self, gaz: &Gazetteer, key: u64) -> Option<Slot> {
        let line = &mut self.lines[key as usize & self.mask];
        if line.slot.hash == key {
            return Some(line.slot);
        }
        let slot = gaz.lookup(key)?;
        if line.check == (key >> 32) as u32 {
            line.slot = slot;
        }
        Some(slot)
    }
}

/// Fewer bytes than news text has per name.
const BYTES_PER_NAME: usize = 64;

/// Texts longer than this are recognised on several threads, a run of lines each.
const PARALLEL_BYTES: usize = 1 << 20;
/// Runs of lines per thread: enough that a core slowed by other work does fewer of them.
const RUNS_PER_THREAD: usize = 8;

/// Finds every name of the gazetteer in `text`: leftmost, longest, whole tokens, starting
/// with a capital letter. Mentions are sorted and do not overlap. Also gives the streets
/// written in the text (see [`streets`]), sorted.
///
/// Long texts are cut into runs of whole lines, recognised on all cores. No name spans a
/// line break, and the clues around a name are read from the whole text, so the result is
/// the same as on one thread. The mentions come as a list per run, in reading order: one
/// list of a hundred thousand would be a copy of megabytes.
pub(crate) fn recognize(gaz: &Gazetteer, text: &str) -> (Vec<Vec<RawMention>>, Vec<Span>) {
    let threads = crate::parallel::threads_for(text.len(), PARALLEL_BYTES);
    let bounds = line_runs(text, threads * RUNS_PER_THREAD);
    if threads == 1 || bounds.len() <= 2 {
        let (names, streets) =
            recognize_range(gaz, text, 0..text.len(), &mut FlagCache::new(text.len()));
        return (vec![names], streets);
    }
    // Recognition does not panic (see the fuzz test); were a thread lost anyway, its runs
    // are redone rather than dropped.
    let runs = crate::parallel::map_pieces(
        bounds.len() - 1,
        threads,
        || FlagCache::new(text.len() / threads),
        |cache, k| recognize_range(gaz, text, bounds[k]..bounds[k + 1], cache),
    );
    let mut names = Vec::with_capacity(runs.len());
    let mut streets = Vec::new();
    for (run_names, run_streets) in runs {
        names.push(run_names);
        streets.extend(run_streets);
    }
    (names, streets)
}

/// Cuts `text` into `runs` pieces of about equal length, each ending just after a line
/// break (or at the end): the boundaries, from 0 to `text.len()`.
fn line_runs(text: &str, runs: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut bounds = vec![0];
    for i in 1..runs {
        let target = text.len() * i / runs;
        let from = target.max(bounds.last().copied().unwrap_or(0));
        match memchr::memchr(b'\n', &bytes[from..]) {
            Some(at) if from + at + 1 < text.len() => bounds.push(from + at + 1),
            _ => break,
        }
    }
    bounds.push(text.len());
    bounds
}

/// [`recognize`] for the names that start in `range` (which starts at a line start).
fn recognize_range(
    gaz: &Gazetteer,
    text: &str,
    range: std::ops::Range<usize>,
    cache: &mut FlagCache,
) -> (Vec<RawMention>, Vec<Span>) {
    let mut streets = Vec::new();
    // Room for the run's names at once (news has one every hundred bytes or so): a list
    // grown by doubling is copied again and again.
    let mut out: Vec<RawMention> = Vec::with_capacity(range.len() / BYTES_PER_NAME);
    let bytes = text.as_bytes();
    let mut pos = range.start;
    let stop = range.end.min(bytes.len());
    while pos < stop {
        // Skip quickly to the next capital letter, or non-ASCII character.
        pos = skip_to_candidate(bytes, pos, stop);
        if pos >= stop {
            break;
        }
        let c = bytes[pos];
        let first_len = if c < 0x80 {
            1
        } else {
            let Some(ch) = text[pos..].chars().next() else {
                break;
            };
            if is_general_punctuation(ch) || !ch.is_uppercase() {
                pos += ch.len_utf8();
                continue;
            }
            ch.len_utf8()
        };
        if alnum_before(text, pos) {
            // a capital inside a word ("iPhone", "McDonald")
            pos = word_end(text, pos + first_len);
            continue;
        }
        let (first_end, first_hash) = if c < 0x80 {
            scan_word(text, pos, FNV_START)
        } else {
            let end = word_end(text, pos + first_len);
            (
                end,
                hash_str(FNV_START, text.get(pos..end).unwrap_or_default()),
            )
        };
        let t = Tok {
            start: pos,
            end: first_end,
            kind: TokKind::Word,
            space_before: false,
            newline_before: false,
        };
        if c < 0x80
            && let Some(street) = streets::street_at(text, t.start, t.end)
        {
            streets.push(street);
        }
        let Some((end, slot)) = longest_match(gaz, cache, text, first_end, first_hash) else {
            pos = t.end;
            continue;
        };
        if is_title_before_a_name(text, t.start, end) {
            // "Sens. McCain and Kerry": the senators, not Sens in France.
            pos = end;
            continue;
        }
        if apostrophe_inside_word(text, end) {
            // "Baha’i", "Shi'ite": the name is the start of a longer word.
            let apostrophe = text[end..].chars().next().map_or(1, char::len_utf8);
            pos = word_end(text, end + apostrophe);
            continue;
        }
        let (before, space, newline) = prev_token(text, t.start);
        // the last word before, possibly across a full stop ("Mr. Jordan")
        let prev_word = match before {
            Some(w) if w.kind == TokKind::Word => Some(w),
            Some(p) if &text[p.start..p.end] == "." => match prev_token(text, p.start) {
                // An abbreviation is written with its capital ("Gov. Perry"); "president."
                // ends a sentence.
                (Some(w), false, _)
                    if w.kind == TokKind::Word && starts_upper(&text[w.start..w.end]) =>
                {
                    Some(w)
                }
                _ => None,
            },
            _ => None,
        };
        let title_before = prev_word.is_some_and(|w| is_title(&text[w.start..w.end]));
        let prev_cap = match before {
            Some(w) if w.kind == TokKind::Word && space && !newline => {
                let wt = &text[w.start..w.end];
                starts_upper(wt)
                    && !is_modifier(wt)
                    && !is_title(wt)
                    && !sentence_initial(text, w.start)
            }
            _ => false,
        };
        let mut end = end;
        let mut after = next_token(text, end);
        if let Some(a) = after
            && a.kind == TokKind::Word
            && a.space_before
            && !a.newline_before
        {
            let w = &text[a.start..a.end];
            let then = next_token(text, a.end)
                .filter(|t| !t.newline_before)
                .map(|t| &text[t.start..t.end]);
            let street = if is_street_word(w) {
                streets::street_at(text, a.start, a.end)
            } else {
                None
            };
            if street.is_some() || names_something_else(w, then) {
                // part of a street name ("Wichita Drive"), or of the name of a disease,
                // a university or a company ("Lassa fever"): not the place itself, and
                // the words after it are no place either ("Grand Prix"). A street word
                // that makes no street starts another name: "the Florida Highway Patrol"
                // is the state's.
                if let Some(street) = street {
                    streets.push(street);
                }
                pos = a.end;
                continue;
            } else if is_feature_word(w) {
                end = a.end;
                after = next_token(text, end);
            }
        }
        let comma_before =
            before.is_some_and(|p| p.kind == TokKind::Punct && &text[p.start..p.end] == ",");
        let name = &text[t.start..end];
        let all_caps = is_all_caps(name);
        // Decided before the clues below, which cost look-ups.
        if surely_not_a_place(name, slot.flags, all_caps, comma_before)
            || (all_caps
                && slot.flags & KF_UPPER == 0
                && is_initialism(
                    text,
                    name,
                    before.filter(|_| !newline),
                    after.filter(|a| !a.newline_before),
                ))
        {
            pos = end;
            continue;
        }
        let next_institution = after.is_some_and(|a| {
            a.kind == TokKind::Word && a.space_before && is_institution_word(&text[a.start..a.end])
        });
        let next_cap = after.is_some_and(|a| {
            a.kind == TokKind::Word
                && a.space_before
                && !a.newline_before
                && starts_upper(&text[a.start..a.end])
        });
        let prev_first = space
            && !newline
            && before.is_some_and(|w| {
                w.kind == TokKind::Word
                    && starts_upper(&text[w.start..w.end])
                    && token_flags(gaz, cache, text, &w) & KF_FIRST != 0
            });
        let next_surname =
            next_cap && after.is_some_and(|a| token_flags(gaz, cache, text, &a) & KF_SURNAME != 0);
        let comma_after =
            after.is_some_and(|a| a.kind == TokKind::Punct && &text[a.start..a.end] == ",");
        let person_form = written_as_a_person(gaz, cache, text, t.start, after);
        let unknown_after_given = slot.flags & KF_FIRST != 0
            && after.is_some_and(|a| unknown_capitalised_word(gaz, cache, text, a));
        out.push(RawMention {
            start: t.start,
            end,
            slot,
            surface: surface_hash(name),
            sentence_initial: sentence_initial(text, t.start),
            title_before,
            prev_cap,
            next_cap,
            all_caps,
            comma_after,
            comma_before,
            prev_first,
            next_surname,
            next_institution,
            person_form,
            unknown_after_given,
        });
        pos = end;
    }
    (out, streets)
}

/// Whether `a` is a capitalised word on the name's line that is no word, name or place the
/// gazetteer knows, nor a town's institution, street or feature word, nor a title: after a
/// given name, a surname ("Tyler Besecker", not "the Wayne Food Pantry").
fn unknown_capitalised_word(gaz: &Gazetteer, cache: &mut FlagCache, text: &str, a: Tok) -> bool {
    let w = &text[a.start..a.end];
    a.kind == TokKind::Word
        && a.space_before
        && !a.newline_before
        && w.len() >= 2
        && starts_upper(w)
        && !is_all_caps(w)
        && !is_institution_word(w)
        && !is_street_word(w)
        && !is_feature_word(w)
        && !is_title(w)
        && token_flags(gaz, cache, text, &a) == 0
}

/// Whether the name that starts at `start`, which the token `after` follows, is written as
/// a person's name (see [`RawMention::person_form`]).
fn written_as_a_person(
    gaz: &Gazetteer,
    cache: &mut FlagCache,
    text: &str,
    start: usize,
    after: Option<Tok>,
) -> bool {
    // "D. Hardt" (but "W. Bridge St." is a street, and "World War I. Paris" a new sentence).
    if start >= 3 && initial_of_a_name_at(text, start - 3) && !compass_or_numeral(text, start - 3) {
        return true;
    }
    let Some(a) = after.filter(|a| !a.newline_before) else {
        return false;
    };
    let w = &text[a.start..a.end];
    let word_at =
        |pos: usize| next_token(text, pos).filter(|n| n.kind == TokKind::Word && !n.newline_before);
    let capitalised = |n: Tok| {
        let name = &text[n.start..n.end];
        name.len() >= 2 && starts_upper(name) && !is_all_caps(name)
    };
    if a.kind == TokKind::Word && a.space_before {
        // "Morris W. Travers" (not "Washington D. C.": a word must go on after the initial).
        return initial_of_a_name_at(text, a.start) && word_at(a.end + 1).is_some_and(capitalised);
    }
    // A reference's "Wilson, John (2009)" or "Bradner, S.": an initial (not the first
    // letter of a state's abbreviation, "Washington, D. C.", "Charleston, W. Va."), or a
    // given name that is no place and that no surname follows ("Shiraz, Mohammad
    // Farokhzadeh, told" is a man of Shiraz).
    if a.kind == TokKind::Punct && w == "," {
        let Some(n) = word_at(a.end) else {
            return false;
        };
        if initial_at(text, n.start) {
            let abbreviation = word_at(n.end + 1).is_some_and(|m| {
                starts_upper(&text[m.start..m.end]) && text.as_bytes().get(m.end) == Some(&b'.')
            });
            return !abbreviation;
        }
        let given = token_flags(gaz, cache, text, &n);
        return capitalised(n)
            && given & KF_FIRST != 0
            && given & KF_FULL == 0
            && !word_at(n.end)
                .is_some_and(|m| m.space_before && starts_upper(&text[m.start..m.end]));
    }
    false
}

/// Whether the word at `start..end` is a title's abbreviation before a name: "Sens.
/// McCain", "Reps. Smith and Jones" (but not "the cathedral of Sens. Mass is at noon").
fn is_title_before_a_name(text: &str, start: usize, end: usize) -> bool {
    let rest = text.as_bytes().get(end..).unwrap_or_default();
    rest.len() >= 3
        && rest[0] == b'.'
        && rest[1] == b' '
        && rest[2].is_ascii_uppercase()
        && end - start <= 5
        && is_title(&text[start..end])
        && !prev_token(text, start)
            .0
            .is_some_and(|w| w.kind == TokKind::Word && is_place_preposition(&text[w.start..w.end]))
}

/// Whether an apostrophe at `end` goes on with the letters of the same word ("Baha’i",
/// "Shi'ite"), rather than ending the name with a possessive ("Ohio's", "Paris’") or a
/// quotation mark.
fn apostrophe_inside_word(text: &str, end: usize) -> bool {
    let mut rest = text.get(end..).unwrap_or_default().chars();
    if !matches!(rest.next(), Some('\'' | '’' | '‘')) {
        return false;
    }
    let mut word = rest.take_while(|c| c.is_alphanumeric());
    // Not nothing, and not the "s" of a possessive.
    !matches!((word.next(), word.next()), (None, _) | (Some('s'), None))
}

/// The longest name starting with the word that ends at `first_end` and hashes to
/// `first_hash`: its end and slot.
#[inline]
fn longest_match(
    gaz: &Gazetteer,
    cache: &mut FlagCache,
    text: &str,
    first_end: usize,
    first_hash: u64,
) -> Option<(usize, Slot)> {
    let bytes = text.as_bytes();
    let mut h = first_hash;
    let mut end = first_end;
    // complete names seen so far (key, end), shortest first
    let mut full = [(0u64, 0usize); MAX_TOKENS];
    let mut n_full = 0;
    let mut n = 1;
    loop {
        let key = finish(h);
        let Some(flags) = cache.flags(gaz, key, n > 1) else {
            break;
        };
        if flags & KF_FULL != 0 && n_full < MAX_TOKENS {
            full[n_full] = (key, end);
            n_full += 1;
        }
        if flags & KF_PREFIX == 0 || n >= MAX_TOKENS {
            break;
        }
        // The next token: an ASCII word after ASCII spaces (the usual case) in one pass,
        // anything else through `next_token`.
        let mut at = end;
        while let Some(b' ' | b'\t' | b'\r') = bytes.get(at) {
            at += 1;
        }
        if let Some(&c) = bytes.get(at)
            && ASCII_WORD[c as usize] != 0
        {
            if at > end {
                h = fnv(h, b" ");
            }
            (end, h) = scan_word(text, at, h);
        } else {
            let Some(next) = next_token(text, end) else {
                break;
            };
            if next.newline_before {
                break;
            }
            if next.space_before {
                h = fnv(h, b" ");
            }
            h = hash_token(h, text, &next);
            end = next.end;
        }
        n += 1;
    }
    // The longest confirmed name (the compact tags can, rarely, be wrong) that the text
    // writes as a name: "The range we defined" is no "The Range", "New York state" is
    // "New York" and a word of level.
    full[..n_full].iter().rev().find_map(|&(key, end)| {
        if end > first_end && !written_as_a_name(&text[first_end..end]) {
            return None;
        }
        cache.slot(gaz, key).map(|slot| (end, slot))
    })
}

/// Whether the words after a name's first, `rest`, are written as a name's: each word after
/// a space capitalised, or one that names keep in lowercase ([`is_lowercase_name_word`]).
/// Words after a hyphen or an apostrophe are not asked ("Gyeonggi-do", "Stoke-on-Trent").
fn written_as_a_name(rest: &str) -> bool {
    rest.split(' ').skip(1).all(|word| {
        !word.starts_with(|c: char| c.is_lowercase())
            || is_lowercase_name_word(word.split(['-', '\'', '’']).next().unwrap_or(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::test_gazetteer;

    /// Every mention of `text`, in one list.
    fn recognize_all(gaz: &Gazetteer, text: &str) -> Vec<RawMention> {
        recognize(gaz, text).0.concat()
    }

    /// The names that recognition finds in `text`, as written.
    fn said(text: &str) -> Vec<&str> {
        recognize_all(test_gazetteer(), text)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    #[test]
    fn names_that_cannot_be_places_are_left_out_by_recognition() {
        assert!(said("He lived on Wichita Drive.").is_empty(), "a street");
        assert!(
            said("She practised the Baha’i faith.").is_empty(),
            "a longer word"
        );
        assert!(
            said("Officers from the Florida Highway Patrol helped.").contains(&"Florida"),
            "a street word that makes no street"
        );
        assert_eq!(said("Ohio's rate rose; Paris’ too."), ["Ohio", "Paris"]);
        assert!(
            !said("Sens. McCain and Kerry spoke.").contains(&"Sens"),
            "a title"
        );
        assert!(said("The cathedral of Sens. Mass is at noon.").contains(&"Sens"));
        assert_eq!(said("He lived in Wichita."), ["Wichita"]);
        assert!(
            !said("Then Ga. officials met.").contains(&"Ga."),
            "an abbreviation out of place"
        );
        assert!(said("They met in Atlanta, Ga. on Monday.").contains(&"Ga."));
    }

    #[test]
    fn a_name_of_several_words_is_written_as_a_name() {
        // Words that a name capitalises are capitalised in the text too: "The range" is no
        // The Range (Queensland), "the French settlement" no French Settlement (Louisiana).
        assert!(said("The range we defined is wide.").is_empty());
        assert!(!said("Life in the French settlement was hard.").contains(&"French settlement"));
        // A shorter name is taken where the longer one is not written as a name.
        assert_eq!(said("Police in Zhejiang province said so."), ["Zhejiang"]);
        // Kept: the little words that names write in lowercase, and a county's word.
        assert_eq!(
            said("She flew from Rio de Janeiro to the Isle of Man and Frankfurt am Main."),
            ["Rio de Janeiro", "Isle of Man", "Frankfurt am Main"]
        );
        assert_eq!(said("Roads closed in Grant county."), ["Grant county"]);
    }

    #[test]
    fn a_disease_a_university_or_a_race_named_after_a_place_is_not_the_place() {
        assert_eq!(
            said("Cases of Lassa fever rose, and the Ebola virus spread to Monrovia."),
            ["Monrovia"]
        );
        assert_eq!(
            said("She lectured at Oxford University."),
            Vec::<&str>::new()
        );
        assert_eq!(said("The Monaco Grand Prix ended."), Vec::<&str>::new());
        // The places themselves stay: a city with a university, a trip to the country.
        assert_eq!(said("She lectured at a university in Oxford."), ["Oxford"]);
        assert_eq!(said("The University of Oxford is old."), ["Oxford"]);
        assert_eq!(said("Tourists flew to Monaco for the race."), ["Monaco"]);
    }

    #[test]
    fn an_initialism_in_running_text_is_not_the_village_of_that_spelling() {
        // Health and alliance reports: the initialisms are not Hīv (Iran) or Nato (Philippines).
        assert_eq!(said("New HIV cases fell in Malawi last year."), ["Malawi"]);
        assert_eq!(
            said("The clinic tests for HIV and hepatitis."),
            Vec::<&str>::new()
        );
        assert_eq!(said("NATO ministers met in Brussels."), ["Brussels"]);
        // The places themselves, written as places are, stay.
        assert!(said("Farmers in Nato harvested rice.").contains(&"Nato"));
        // A dateline, a headline in capitals, a qualified name and a dotted abbreviation stay.
        assert!(said("OSLO (Reuters) - Talks ended.").contains(&"OSLO"));
        assert!(said("FLOODS HIT LAGOS\nRain fell.").contains(&"LAGOS"));
        assert!(said("Police in ROME, Italy, said so.").contains(&"ROME"));
        // In the middle of a sentence, a comma of its own does not make one a dateline.
        assert_eq!(
            said("For more on DAAL, write to the club in Leeds."),
            ["Leeds"]
        );
        assert!(said("Officials in the U.S. agreed.").contains(&"U.S."));
    }

    const PIECES: &[&str] = &[
        "Paris",
        "North Korea",
        "Korea",
        "New York",
        "U.S.",
        "St. Louis",
        " ",
        " ",
        " ",
        "\n",
        ".",
        ",",
        "\u{2019}s",
        "'s",
        "-",
        "\u{201c}",
        "\u{201d}",
        "Mr.",
        "President",
        "the",
        "of",
        "Kim",
        "Jong",
        "Un",
        "Москва",
        "서울",
        "São Paulo",
        "Côte d\u{2019}Ivoire",
        "İ",
        "ß",
        "\u{0}",
        "\u{fffd}",
        "\u{200b}",
        "e\u{301}",
        "1948",
        "RUSSIA",
        "Reading",
        "Nice",
        "W.Va.",
        "Ky.",
        "Washington",
        "D.C.",
        "\u{2028}",
        "\t",
        "Ω",
        "ǅ",
        "Hasan",
    ];

    fn check_spans(text: &str, spans: &[(usize, usize)]) {
        let mut last_end = 0;
        for &(start, end) in spans {
            assert!(
                start < end && end <= text.len(),
                "{start}..{end} in {text:?}"
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{text:?}"
            );
            assert!(start >= last_end, "sorted and non-overlapping in {text:?}");
            last_end = end;
        }
    }

    /// Recognition and resolution of `text` give spans within it, on character boundaries,
    /// sorted and not overlapping.
    fn check_text(gaz: &Gazetteer, text: &str) {
        let raw: Vec<(usize, usize)> = recognize_all(gaz, text)
            .iter()
            .map(|m| (m.start, m.end))
            .collect();
        check_spans(text, &raw);
        let mut all: Vec<(usize, usize)> = gaz
            .geoparse(text)
            .iter()
            .flat_map(|p| p.mentions.iter().map(|m| (m.start, m.end)))
            .collect();
        all.sort_unstable();
        check_spans(text, &all);
    }

    /// Texts of up to 60 pieces: names, punctuation, scripts and odd characters from
    /// `PIECES`, and one in five any character at all.
    fn any_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        // PROPTEST_CASES runs it longer, e.g. for minutes in a release build:
        // PROPTEST_CASES=5000000 cargo test --release any_text.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000)
        ))]
        #[test]
        fn any_text_gives_well_formed_spans(text in any_text()) {
            check_text(test_gazetteer(), &text);
        }
    }

    #[test]
    fn a_long_text_recognised_on_several_threads_gives_what_one_thread_gives() {
        let gaz = test_gazetteer();
        let unit = "Talks in Vladivostok, Russia, ended.\nMr. Jordan flew to Paris, Texas.\n\
                    North Korea and South Korea met in Panmunjom on Monday.\n";
        let text = unit.repeat(PARALLEL_BYTES / unit.len() + 50);
        assert!(
            line_runs(&text, 2 * RUNS_PER_THREAD).len() > 3,
            "several runs"
        );
        let parallel: Vec<(usize, usize)> = recognize_all(gaz, &text)
            .iter()
            .map(|m| (m.start, m.end))
            .collect();
        let single: Vec<(usize, usize)> =
            recognize_range(gaz, &text, 0..text.len(), &mut FlagCache::new(text.len()))
                .0
                .iter()
                .map(|m| (m.start, m.end))
                .collect();
        assert!(single.len() > 1000);
        assert_eq!(parallel, single);
    }

    #[test]
    fn line_runs_end_after_line_breaks() {
        let text = "aaaa\nbbbb\ncccc\ndddd";
        let bounds = line_runs(text, 3);
        assert_eq!(bounds.first(), Some(&0));
        assert_eq!(bounds.last(), Some(&text.len()));
        for &b in &bounds[1..bounds.len() - 1] {
            assert_eq!(&text[b - 1..b], "\n");
        }
        assert_eq!(line_runs("no line breaks at all", 4), vec![0, 21]);
    }

    #[test]
    fn matches_are_whole_words_only() {
        let gaz = test_gazetteer();
        assert!(
            recognize_all(gaz, "Parisian Chinatown")
                .iter()
                .all(|m| m.end - m.start > 5)
        );
        let m = recognize_all(gaz, "in Paris.");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].start, m[0].end), (3, 8));
    }

    #[test]
    fn sentence_starts_are_noticed() {
        let text = "He left. Reading was next. Mr. Reading. \u{201c}Reading";
        assert!(sentence_initial(text, 9));
        assert!(!sentence_initial(text, 31));
        assert!(sentence_initial(text, text.len() - "Reading".len()));
        assert!(sentence_initial(text, 0));
    }

    #[test]
    fn titles_and_person_clues_are_recorded() {
        let gaz = test_gazetteer();
        let m = recognize_all(gaz, "They met President Hasan and Michael Jordan.");
        assert!(m.iter().any(|m| m.title_before));
        assert!(m.iter().any(|m| m.prev_cap && m.prev_first));
    }

    #[test]
    fn huge_and_strange_inputs_do_not_panic() {
        let gaz = test_gazetteer();
        let big = "Москва Paris, Texas. 서울 \u{0} ".repeat(200_000);
        let n = recognize_all(gaz, &big).len();
        assert!(n >= 200_000);
        let junk: String = (0..200_000u32)
            .filter_map(|i| char::from_u32(i.wrapping_mul(2_654_435_761) % 0x11_0000))
            .collect();
        let _ = recognize_all(gaz, &junk);
        assert!(recognize_all(gaz, "").is_empty());
    }
}
