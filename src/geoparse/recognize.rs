//! Recognition: find spans of text that are names in the gazetteer, with the clues around
//! them (capitalisation, sentence start, titles, neighbouring capitalised words).

use crate::geoparse::gazetteer::{
    FNV_START, Gazetteer, KF_FIRST, KF_FULL, KF_PREFIX, KF_SURNAME, Slot, finish, fnv,
};

/// The most tokens a name may have ("Democratic People's Republic of Korea" has 7).
const MAX_TOKENS: usize = 14;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    Word,
    Punct,
}

/// A token: a run of letters and digits, or one other non-space character.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    pub space_before: bool,
    pub newline_before: bool,
}

/// Returns the token starting at or after `pos`, skipping white space.
#[inline]
pub(crate) fn next_token(text: &str, mut pos: usize) -> Option<Tok> {
    let b = text.as_bytes();
    let mut space = false;
    let mut newline = false;
    while pos < b.len() {
        let c = b[pos];
        if c < 0x80 {
            if c == b' ' || c == b'\t' || c == b'\r' {
                space = true;
                pos += 1;
                continue;
            }
            if c == b'\n' || c == 0x0b || c == 0x0c {
                space = true;
                newline = true;
                pos += 1;
                continue;
            }
            if c.is_ascii_alphanumeric() {
                let start = pos;
                pos += 1;
                pos = word_end(text, pos);
                return Some(Tok {
                    start,
                    end: pos,
                    kind: TokKind::Word,
                    space_before: space,
                    newline_before: newline,
                });
            }
            return Some(Tok {
                start: pos,
                end: pos + 1,
                kind: TokKind::Punct,
                space_before: space,
                newline_before: newline,
            });
        }
        let ch = text[pos..].chars().next()?;
        let len = ch.len_utf8();
        if ch.is_whitespace() {
            space = true;
            if ch == '\u{2028}' || ch == '\u{2029}' || ch == '\u{85}' {
                newline = true;
            }
            pos += len;
            continue;
        }
        if ch.is_alphanumeric() {
            let start = pos;
            pos = word_end(text, pos + len);
            return Some(Tok {
                start,
                end: pos,
                kind: TokKind::Word,
                space_before: space,
                newline_before: newline,
            });
        }
        return Some(Tok {
            start: pos,
            end: pos + len,
            kind: TokKind::Punct,
            space_before: space,
            newline_before: newline,
        });
    }
    None
}

#[inline]
fn word_end(text: &str, mut pos: usize) -> usize {
    let b = text.as_bytes();
    while pos < b.len() {
        let c = b[pos];
        if c < 0x80 {
            if c.is_ascii_alphanumeric() {
                pos += 1;
                continue;
            }
            return pos;
        }
        match text[pos..].chars().next() {
            Some(ch) if ch.is_alphanumeric() => pos += ch.len_utf8(),
            _ => return pos,
        }
    }
    pos
}

/// Feeds a token, lowercased and normalized like the builder, into a hash.
#[inline]
pub(crate) fn hash_token(mut h: u64, text: &str, t: &Tok) -> u64 {
    let s = &text[t.start..t.end];
    if s.is_ascii() {
        for &c in s.as_bytes() {
            h ^= c.to_ascii_lowercase() as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
        return h;
    }
    let mut buf = [0u8; 4];
    for ch in s.chars() {
        let ch = match ch {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
            c => c,
        };
        for lc in ch.to_lowercase() {
            h = fnv(h, lc.encode_utf8(&mut buf).as_bytes());
        }
    }
    h
}

/// A recognised name with the clues around it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawMention {
    pub start: usize,
    pub end: usize,
    pub slot: Slot,
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
    /// The capitalised word right before is a common given name.
    pub prev_first: bool,
    /// The capitalised word right after is a common surname.
    pub next_surname: bool,
}

/// The key flags of a single token, or 0.
fn token_flags(gaz: &Gazetteer, text: &str, t: &Tok) -> u16 {
    gaz.lookup(finish(hash_token(FNV_START, text, t)))
        .map_or(0, |s| s.flags)
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "president",
    "pres",
    "gen",
    "general",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "lt",
    "col",
    "sgt",
    "capt",
    "captain",
    "maj",
    "judge",
    "justice",
    "rev",
    "father",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "lord",
    "lady",
    "sir",
    "dame",
    "minister",
    "premier",
    "chancellor",
    "secretary",
    "mayor",
    "chairman",
    "ambassador",
    "coach",
    "officer",
    "deputy",
    "detective",
    "chief",
    "jr",
    "sr",
    "dear",
    "uncle",
    "aunt",
    "saint",
    "sheikh",
    "emir",
    "imam",
    "rabbi",
    "cardinal",
    "bishop",
    "leader",
    "dictator",
    "commissioner",
    "councilman",
    "councilwoman",
    "trooper",
    "sergeant",
    "lieutenant",
    "colonel",
    "admiral",
    "professor",
    "doctor",
    "mrs",
    "messrs",
    "hon",
];

const MODIFIERS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "downtown",
    "greater",
    "upper",
    "lower",
    "old",
    "new",
    "metro",
    "mid",
    "inner",
    "outer",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "midwestern",
    "rural",
    "suburban",
    "coastal",
    "in",
    "the",
    "of",
    "and",
    "to",
    "from",
    "at",
    "on",
];

/// Abbreviations after which a full stop does not end a sentence.
const NON_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof",
    "rev", "jr", "sr", "mt", "ft", "no", "vs", "maj", "pres", "hon", "messrs",
];

fn word_in(text: &str, list: &[&str]) -> bool {
    text.len() <= 14 && list.iter().any(|w| w.eq_ignore_ascii_case(text))
}

#[inline]
fn starts_upper(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(c) if *c < 0x80 => c.is_ascii_uppercase(),
        Some(_) => s.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for ch in s.chars() {
        if ch.is_lowercase() {
            return false;
        }
        if ch.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0
}

/// Finds every name of the gazetteer in `text`: leftmost, longest, whole tokens, starting
/// with a capital letter. Mentions are sorted and do not overlap.
pub(crate) fn recognize(gaz: &Gazetteer, text: &str) -> Vec<RawMention> {
    let mut out: Vec<RawMention> = Vec::new();
    let mut pos = 0;
    let mut sentence_start = true;
    // The previous word token, whether it started a sentence, and whether a full stop
    // followed it.
    let mut prev_word: Option<(Tok, bool)> = None;
    let mut prev_tok: Option<Tok> = None;
    while let Some(t) = next_token(text, pos) {
        if t.newline_before {
            sentence_start = true;
        }
        let tok_text = &text[t.start..t.end];
        if t.kind == TokKind::Word && starts_upper(tok_text) {
            if let Some((end, slot, last)) = longest_match(gaz, text, &t) {
                let name = &text[t.start..end];
                let title_before = prev_word.is_some_and(|(w, _)| {
                    let adjacent = prev_tok.is_some_and(|p| {
                        p.start == w.start
                            || (p.kind == TokKind::Punct && &text[p.start..p.end] == ".")
                    });
                    adjacent && word_in(&text[w.start..w.end], TITLES)
                });
                let prev_cap = match (prev_tok, prev_word) {
                    (Some(p), Some((w, w_initial)))
                        if p.start == w.start && t.space_before && !t.newline_before =>
                    {
                        let wt = &text[w.start..w.end];
                        !w_initial
                            && starts_upper(wt)
                            && !word_in(wt, MODIFIERS)
                            && !word_in(wt, TITLES)
                    }
                    _ => false,
                };
                let after = next_token(text, end);
                let next_cap = after.is_some_and(|a| {
                    a.kind == TokKind::Word
                        && a.space_before
                        && !a.newline_before
                        && starts_upper(&text[a.start..a.end])
                });
                let prev_first = prev_cap
                    && prev_word.is_some_and(|(w, _)| token_flags(gaz, text, &w) & KF_FIRST != 0);
                let next_surname =
                    next_cap && after.is_some_and(|a| token_flags(gaz, text, &a) & KF_SURNAME != 0);
                let comma_after =
                    after.is_some_and(|a| a.kind == TokKind::Punct && &text[a.start..a.end] == ",");
                let comma_before = prev_tok
                    .is_some_and(|p| p.kind == TokKind::Punct && &text[p.start..p.end] == ",");
                out.push(RawMention {
                    start: t.start,
                    end,
                    slot,
                    sentence_initial: sentence_start,
                    title_before,
                    prev_cap,
                    next_cap,
                    all_caps: is_all_caps(name),
                    comma_after,
                    comma_before,
                    prev_first,
                    next_surname,
                });
                sentence_start = false;
                prev_word = Some((last, false));
                prev_tok = Some(last);
                pos = end;
                continue;
            }
        }
        match t.kind {
            TokKind::Word => {
                prev_word = Some((t, sentence_start));
                sentence_start = false;
            }
            TokKind::Punct => match tok_text {
                "." => {
                    let abbrev = prev_tok.is_some_and(|p| {
                        p.kind == TokKind::Word && {
                            let w = &text[p.start..p.end];
                            word_in(w, NON_FINAL) || (w.len() == 1 && starts_upper(w))
                        }
                    });
                    if !abbrev {
                        sentence_start = true;
                    }
                }
                "!" | "?" | ":" => sentence_start = true,
                "\"" | "\u{201c}" | "\u{201d}" | "'" | "\u{2018}" | "(" | "[" | "\u{2014}"
                | "-" | "*" | "\u{2022}" => {}
                _ => sentence_start = false,
            },
        }
        prev_tok = Some(t);
        pos = t.end;
    }
    out
}

/// The longest name starting at token `first`: its end, slot and last token.
#[inline]
fn longest_match(gaz: &Gazetteer, text: &str, first: &Tok) -> Option<(usize, Slot, Tok)> {
    let mut h = hash_token(FNV_START, text, first);
    let mut cur = *first;
    let mut best = None;
    let mut n = 1;
    loop {
        let Some(slot) = gaz.lookup(finish(h)) else {
            break;
        };
        if slot.flags & KF_FULL != 0 {
            best = Some((cur.end, *slot, cur));
        }
        if slot.flags & KF_PREFIX == 0 || n >= MAX_TOKENS {
            break;
        }
        let Some(next) = next_token(text, cur.end) else {
            break;
        };
        if next.newline_before {
            break;
        }
        if next.space_before {
            h = fnv(h, b" ");
        }
        h = hash_token(h, text, &next);
        cur = next;
        n += 1;
    }
    best
}
