//! Recognition: find spans of text that are names in the gazetteer, with the clues around
//! them (capitalisation, sentence start, titles, neighbouring capitalised words).

use crate::geoparse::gazetteer::{
    FNV_START, Gazetteer, KF_ABBREV, KF_FIRST, KF_FULL, KF_PREFIX, KF_SURNAME, KF_UPPER, Slot,
    finish, fnv,
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
fn is_general_punctuation(ch: char) -> bool {
    ('\u{2000}'..='\u{206f}').contains(&ch)
}

/// `ch.is_alphanumeric()`, quicker for general punctuation.
#[inline]
pub(crate) fn is_alnum(ch: char) -> bool {
    !is_general_punctuation(ch) && ch.is_alphanumeric()
}

/// For each byte: its lowercase if it is an ASCII letter or digit, else 0. One look-up both
/// tests a byte of a word and gives what the hash takes of it.
static ASCII_WORD: [u8; 256] = {
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
fn scan_word(text: &str, start: usize, h: u64) -> (usize, u64) {
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
fn word_end(text: &str, mut pos: usize) -> usize {
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
fn hash_str(mut h: u64, s: &str) -> u64 {
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
fn hash_chars(mut h: u64, s: &str) -> u64 {
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
}

/// A hash of a name exactly as written (case, apostrophes and all), to tell its spellings
/// apart.
pub(crate) fn surface_hash(name: &str) -> u64 {
    fnv(FNV_START, name.as_bytes())
}

/// Whether the name `name`, whose key has the flags `flags`, cannot be a place whatever
/// the rest of the text says: an all-caps abbreviation not in capitals, a risky one not
/// after a comma ("Ky" only in "Edmonton, Ky"), a name of two letters or fewer, or one
/// that starts with a digit. Decided here, while the name's bytes are in the CPU caches.
fn surely_not_a_place(name: &str, flags: u16, all_caps: bool, comma_before: bool) -> bool {
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
fn is_initialism(text: &str, name: &str, before: Option<Tok>, after: Option<Tok>) -> bool {
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
    if matches!(after_punct, Some("," | "(" | "—" | "–" | "-" | ":")) {
        return false;
    }
    !caps_word(before) && !caps_word(after)
}

/// Words after a town's name that make a local institution of it.
fn is_institution_word(w: &str) -> bool {
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
fn is_street_word(w: &str) -> bool {
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
fn is_feature_word(w: &str) -> bool {
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

/// The key flags of a single token, or 0.
fn token_flags(gaz: &Gazetteer, cache: &mut FlagCache, text: &str, t: &Tok) -> u16 {
    cache
        .flags(gaz, finish(hash_token(FNV_START, text, t)), false)
        .unwrap_or(0)
}

/// Whether a word (any case) is in the list titles.
fn is_title(w: &str) -> bool {
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
            | b"representative"
            | b"rev"
            | b"saint"
            | b"secretary"
            | b"sen"
            | b"senator"
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
fn is_modifier(w: &str) -> bool {
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
fn is_non_final(w: &str) -> bool {
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

/// The token just before byte `start` (skipping white space), and whether white space and
/// a line break came between.
fn prev_token(text: &str, start: usize) -> (Option<Tok>, bool, bool) {
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
fn sentence_initial(text: &str, start: usize) -> bool {
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
fn alnum_before(text: &str, pos: usize) -> bool {
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

/// Fewer bytes than news text has per name.
const BYTES_PER_NAME: usize = 64;

/// Texts longer than this are recognised on several threads, a run of lines each.
const PARALLEL_BYTES: usize = 1 << 20;
/// Runs of lines per thread: enough that a core slowed by other work does fewer of them.
const RUNS_PER_THREAD: usize = 8;

/// Finds every name of the gazetteer in `text`: leftmost, longest, whole tokens, starting
/// with a capital letter. Mentions are sorted and do not overlap.
///
/// Long texts are cut into runs of whole lines, recognised on all cores. No name spans a
/// line break, and the clues around a name are read from the whole text, so the result is
/// the same as on one thread. The mentions come as a list per run, in reading order: one
/// list of a hundred thousand would be a copy of megabytes.
pub(crate) fn recognize(gaz: &Gazetteer, text: &str) -> Vec<Vec<RawMention>> {
    let threads = crate::parallel::threads_for(text.len(), PARALLEL_BYTES);
    let bounds = line_runs(text, threads * RUNS_PER_THREAD);
    if threads == 1 || bounds.len() <= 2 {
        return vec![recognize_range(
            gaz,
            text,
            0..text.len(),
            &mut FlagCache::new(text.len()),
        )];
    }
    // Recognition does not panic (see the fuzz test); were a thread lost anyway, its runs
    // are redone rather than dropped.
    crate::parallel::map_pieces(
        bounds.len() - 1,
        threads,
        || FlagCache::new(text.len() / threads),
        |cache, k| recognize_range(gaz, text, bounds[k]..bounds[k + 1], cache),
    )
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

/// The first position from `pos` on (before `stop`) holding an ASCII capital or a byte of a
/// non-ASCII character; `stop` if there is none. Sixteen bytes at a time with SSE2 (part of
/// every x86-64 CPU), else eight: most of a text is lowercase ASCII.
#[inline]
fn skip_to_candidate(bytes: &[u8], mut pos: usize, stop: usize) -> usize {
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

/// [`recognize`] for the names that start in `range` (which starts at a line start).
fn recognize_range(
    gaz: &Gazetteer,
    text: &str,
    range: std::ops::Range<usize>,
    cache: &mut FlagCache,
) -> Vec<RawMention> {
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
        let Some((end, slot)) = longest_match(gaz, cache, text, first_end, first_hash) else {
            pos = t.end;
            continue;
        };
        let (before, space, newline) = prev_token(text, t.start);
        // the last word before, possibly across a full stop ("Mr. Jordan")
        let prev_word = match before {
            Some(w) if w.kind == TokKind::Word => Some(w),
            Some(p) if &text[p.start..p.end] == "." => match prev_token(text, p.start) {
                (Some(w), false, _) if w.kind == TokKind::Word => Some(w),
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
            if is_street_word(w) {
                // part of a street name ("Wichita Drive"): not the place itself
                pos = end;
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
        });
        pos = end;
    }
    out
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
    // the longest confirmed name (the compact tags can, rarely, be wrong)
    full[..n_full]
        .iter()
        .rev()
        .find_map(|&(key, end)| cache.slot(gaz, key).map(|slot| (end, slot)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::test_gazetteer;

    /// Every mention of `text`, in one list.
    fn recognize_all(gaz: &Gazetteer, text: &str) -> Vec<RawMention> {
        recognize(gaz, text).concat()
    }

    #[test]
    fn the_punctuation_shortcut_agrees_with_the_standard_library() {
        for ch in ('\u{0}'..='\u{3000}').chain(['\u{ff21}', '\u{10400}']) {
            assert_eq!(is_alnum(ch), ch.is_alphanumeric(), "{ch:?}");
            if is_general_punctuation(ch) {
                assert!(!ch.is_uppercase(), "{ch:?}");
            }
        }
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
        assert_eq!(said("He lived in Wichita."), ["Wichita"]);
        assert!(
            !said("Then Ga. officials met.").contains(&"Ga."),
            "an abbreviation out of place"
        );
        assert!(said("They met in Atlanta, Ga. on Monday.").contains(&"Ga."));
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
