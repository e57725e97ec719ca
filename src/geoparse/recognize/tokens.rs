//! Tokens: runs of letters and digits or single other characters, their hashes (as the
//! gazetteer's builder makes them), sentence starts, and the quick skip to the next capital.

use super::clues::is_non_final;
use crate::geoparse::gazetteer::{FNV_START, fnv};

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
        if is_alnum(ch) {
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

/// Whether `ch` is in the General Punctuation block (U+2000 to U+206F: ’ “ ” – — … and
/// some spaces). News text is full of these, and none is a letter or a digit, so the
/// recognizer answers for them without the standard library's table look-ups.
#[inline]
pub(crate) fn is_general_punctuation(ch: char) -> bool {
    ('\u{2000}'..='\u{206f}').contains(&ch)
}

/// `ch.is_alphanumeric()`, quicker for general punctuation.
#[inline]
pub(crate) fn is_alnum(ch: char) -> bool {
    !is_general_punctuation(ch) && ch.is_alphanumeric()
}

/// For each byte: its lowercase if it is an ASCII letter or digit, else 0. One look-up both
/// tests a byte of a word and gives what the hash takes of it.
pub(crate) static ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() {
            t[c] = b.to_ascii_lowercase();
        }
        c += 1;
    }
    t
};

/// The end of the word whose first character is the ASCII letter or digit at `start`, and
/// the word fed into `h` as [`hash_token`] would feed it: ASCII bytes in one pass, the rest
/// (a word with other letters) through [`word_end`] and [`hash_str`].
#[inline]
pub(crate) fn scan_word(text: &str, start: usize, h: u64) -> (usize, u64) {
    let b = text.as_bytes();
    let mut pos = start;
    let mut hash = h;
    while let Some(&c) = b.get(pos) {
        let lower = ASCII_WORD[c as usize];
        if lower == 0 {
            if c >= 0x80 {
                let end = word_end(text, pos);
                return (end, hash_str(h, text.get(start..end).unwrap_or_default()));
            }
            break;
        }
        hash ^= lower as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
        pos += 1;
    }
    (pos, hash)
}

#[inline]
pub(crate) fn word_end(text: &str, mut pos: usize) -> usize {
    let b = text.as_bytes();
    while let Some(&c) = b.get(pos) {
        if ASCII_WORD[c as usize] != 0 {
            pos += 1;
            continue;
        }
        if c < 0x80 {
            return pos;
        }
        match text[pos..].chars().next() {
            Some(ch) if is_alnum(ch) => pos += ch.len_utf8(),
            _ => return pos,
        }
    }
    pos
}

/// Feeds a token, lowercased and normalized like the builder, into a hash.
#[inline]
pub(crate) fn hash_token(h: u64, text: &str, t: &Tok) -> u64 {
    hash_str(h, text.get(t.start..t.end).unwrap_or_default())
}

/// Feeds a word, lowercased and normalized like the builder, into a hash: ASCII byte by
/// byte, anything else through [`hash_chars`].
#[inline]
pub(crate) fn hash_str(mut h: u64, s: &str) -> u64 {
    let start = h;
    for &c in s.as_bytes() {
        if c >= 0x80 {
            return hash_chars(start, s);
        }
        h ^= c.to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// [`hash_token`] for a token with characters beyond ASCII.
pub(crate) fn hash_chars(mut h: u64, s: &str) -> u64 {
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

/// A hash of a name exactly as written (case, apostrophes and all), to tell its spellings
/// apart.
pub(crate) fn surface_hash(name: &str) -> u64 {
    fnv(FNV_START, name.as_bytes())
}

#[inline]
pub(crate) fn starts_upper(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(c) if *c < 0x80 => c.is_ascii_uppercase(),
        Some(_) => s.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

pub(crate) fn is_all_caps(s: &str) -> bool {
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

/// The token just before byte `start` (skipping white space), and whether white space and
/// a line break came between.
pub(crate) fn prev_token(text: &str, start: usize) -> (Option<Tok>, bool, bool) {
    let bytes = text.as_bytes();
    let mut space = false;
    let mut newline = false;
    let mut end = start.min(bytes.len());
    while end > 0 {
        let c = bytes[end - 1];
        // The character that ends at `end`, and where it starts: ASCII byte by byte.
        let (i, ch) = if c < 0x80 {
            (end - 1, c as char)
        } else {
            match text
                .get(..end)
                .and_then(|head| head.char_indices().next_back())
            {
                Some(found) => found,
                None => break,
            }
        };
        if ch.is_whitespace() {
            space = true;
            if matches!(
                ch,
                '\n' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            ) {
                newline = true;
            }
            end = i;
            continue;
        }
        if is_alnum(ch) {
            let mut s = i;
            // ASCII letters and digits byte by byte; anything else decoded.
            loop {
                while s > 0 && ASCII_WORD[bytes[s - 1] as usize] != 0 {
                    s -= 1;
                }
                if s == 0 || bytes[s - 1] < 0x80 {
                    break;
                }
                match text
                    .get(..s)
                    .and_then(|head| head.char_indices().next_back())
                {
                    Some((j, c)) if is_alnum(c) => s = j,
                    _ => break,
                }
            }
            let tok = Tok {
                start: s,
                end,
                kind: TokKind::Word,
                space_before: false,
                newline_before: false,
            };
            return (Some(tok), space, newline);
        }
        let tok = Tok {
            start: i,
            end,
            kind: TokKind::Punct,
            space_before: false,
            newline_before: false,
        };
        return (Some(tok), space, newline);
    }
    (None, space, newline)
}

/// Whether the token at `start` begins a sentence or a line, looking back past opening
/// quotes and brackets, and not counting full stops after abbreviations ("Mr.").
pub(crate) fn sentence_initial(text: &str, start: usize) -> bool {
    // The usual case first: a word, then spaces on the same line.
    let bytes = text.as_bytes();
    let mut i = start.min(bytes.len());
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\r') {
        i -= 1;
    }
    if i > 0 && ASCII_WORD[bytes[i - 1] as usize] != 0 {
        return false;
    }
    let mut p = start;
    for _ in 0..8 {
        let (tok, _, newline) = prev_token(text, p);
        if newline {
            return true;
        }
        let Some(t) = tok else {
            return true;
        };
        if t.kind == TokKind::Word {
            return false;
        }
        match &text[t.start..t.end] {
            "." => {
                let (pt, space, _) = prev_token(text, t.start);
                let abbrev = !space
                    && pt.is_some_and(|w| {
                        let w = &text[w.start..w.end];
                        w.chars().all(char::is_alphanumeric)
                            && (is_non_final(w) || (w.len() == 1 && starts_upper(w)))
                    });
                return !abbrev;
            }
            "!" | "?" | ":" => return true,
            "\"" | "'" | "(" | "[" | "-" | "*" | "\u{201c}" | "\u{201d}" | "\u{2018}"
            | "\u{2014}" | "\u{2022}" => p = t.start,
            _ => return false,
        }
    }
    false
}

/// Whether the character just before byte `pos` is a letter or digit.
#[inline]
pub(crate) fn alnum_before(text: &str, pos: usize) -> bool {
    let Some(&c) = pos.checked_sub(1).and_then(|i| text.as_bytes().get(i)) else {
        return false;
    };
    if c < 0x80 {
        return ASCII_WORD[c as usize] != 0;
    }
    text.get(..pos)
        .and_then(|head| head.chars().next_back())
        .is_some_and(is_alnum)
}

/// The first position from `pos` on (before `stop`) holding an ASCII capital or a byte of a
/// non-ASCII character; `stop` if there is none. Sixteen bytes at a time with SSE2 (part of
/// every x86-64 CPU), else eight: most of a text is lowercase ASCII.
#[inline]
pub(crate) fn skip_to_candidate(bytes: &[u8], mut pos: usize, stop: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            _mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8,
        };
        while pos + 16 <= stop {
            let Some(chunk) = bytes.get(pos..pos + 16) else {
                break;
            };
            // SAFETY: SSE2 is in the x86-64 baseline, and the unaligned load reads exactly
            // the 16 bytes of `chunk`.
            let mask = unsafe {
                let v = _mm_loadu_si128(chunk.as_ptr().cast());
                // Signed compares: bytes of 0x80 or more are negative, so never capitals;
                // their own high bit flags them.
                let upper = _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(b'@' as i8)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(b'[' as i8)),
                );
                _mm_movemask_epi8(_mm_or_si128(upper, v))
            };
            if mask != 0 {
                return pos + mask.trailing_zeros() as usize;
            }
            pos += 16;
        }
    }
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while pos + 8 <= stop {
        let Some(chunk) = bytes
            .get(pos..pos + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        else {
            break;
        };
        let w = u64::from_le_bytes(chunk);
        // Per byte b < 0x80: b + 0x3F has its high bit set iff b >= b'A', and b + 0x25 iff
        // b > b'Z'; no byte below 0x80 carries into the next. A byte of 0x80 or more is
        // flagged by its own high bit; its carry can only disturb later bytes.
        let flagged = (w.wrapping_add(0x3F * ONES) & !w.wrapping_add(0x25 * ONES) | w) & HIGH;
        if flagged != 0 {
            return pos + (flagged.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while pos < stop && bytes[pos] < 0x80 && !bytes[pos].is_ascii_uppercase() {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_punctuation_shortcut_agrees_with_the_standard_library() {
        for ch in ('\u{0}'..='\u{3000}').chain(['\u{ff21}', '\u{10400}']) {
            assert_eq!(is_alnum(ch), ch.is_alphanumeric(), "{ch:?}");
            if is_general_punctuation(ch) {
                assert!(!ch.is_uppercase(), "{ch:?}");
            }
        }
    }

    #[test]
    fn skipping_stops_at_every_capital_and_non_ascii_byte() {
        let text = "the quick brown fox jumps over the lazy dog, Then @[`{ é and Z.";
        let bytes = text.as_bytes();
        let mut pos = 0;
        for want in (0..bytes.len()).filter(|&i| bytes[i] >= 0x80 || bytes[i].is_ascii_uppercase())
        {
            pos = skip_to_candidate(bytes, pos, bytes.len());
            assert_eq!(pos, want, "{:?}", &text[..want]);
            pos += 1;
        }
        assert_eq!(skip_to_candidate(bytes, pos, bytes.len()), bytes.len());
        // every byte value, at every position of a 16- and an 8-byte block and the tail
        for b in 0..=255u8 {
            for at in 0..28 {
                let mut v = vec![b'a'; 28];
                v[at] = b;
                let want = if b >= 0x80 || b.is_ascii_uppercase() {
                    at
                } else {
                    28
                };
                assert_eq!(skip_to_candidate(&v, 0, 28), want, "byte {b:#x} at {at}");
                let stop = at.min(20);
                assert_eq!(
                    skip_to_candidate(&v, 0, stop),
                    stop.min(want),
                    "stop {stop}"
                );
            }
        }
    }

    #[test]
    fn tokens_split_words_and_punctuation() {
        let text = "  Russia\u{2019}s far-east.";
        let mut pos = 0;
        let mut toks = Vec::new();
        while let Some(t) = next_token(text, pos) {
            toks.push(&text[t.start..t.end]);
            pos = t.end;
        }
        assert_eq!(toks, ["Russia", "\u{2019}", "s", "far", "-", "east", "."]);
    }
}
