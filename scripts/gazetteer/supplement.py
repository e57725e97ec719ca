"""Hand-checked supplement to the gazetteer: regions, continents, islands, historic states,
abbreviations used by English news (AP style), and a few country pins.

Every value here was written by hand from general knowledge (atlas coordinates, AP
Stylebook abbreviations, GeoNames' records); none is derived from any evaluation corpus.
Where a pin is GeoNames' point, its GeoNames id is named: GeoNames is the gazetteer that
news geoparsing is annotated with, so its point for a country or a province is the one a
reader's tools and the field's measures expect, however far it is from the middle.
"""

# Country pins where world-countries' latlng is far from the conventional point (GeoNames).
COUNTRY_POINTS = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "IN": (22.0, 79.0),
    "LY": (28.0, 17.0),
    "CD": (-2.5, 23.5),
    "JP": (35.68536, 139.75309),
    "RU": (60.0, 100.0),  # the middle of Russia, not Moscow
    "VN": (16.17, 107.83),
    "AU": (-25.0, 135.0),  # GeoNames 2077456; world-countries has -27, 133
}

# Cities that news means by a name they share with their state or province, flagged like
# capitals (New York City for "New York").
PRIMARY_CITIES = {5128581}

# Admin1 pins where the median of the admin's towns is poor, since their towns cluster
# along one border: GeoNames' points (for Canada's provinces, which are near their
# geographic middles, except Alberta's, in the Rockies west of Edmonton), else geographic
# middles from the extents.
ADMIN_POINTS = {
    "US.AK": (64.00028, -150.00028),
    "CA.01": (52.28333, -117.46921),  # Alberta: GeoNames 5883102, as the other provinces
    "CA.02": (54.0, -125.0),  # British Columbia
    "CA.03": (55.0, -97.0),  # Manitoba
    "CA.05": (53.0, -60.0),  # Newfoundland and Labrador
    "CA.08": (49.25, -84.5),  # Ontario
    "CA.10": (52.0, -72.0),  # Quebec
    "CA.11": (54.0, -106.0),  # Saskatchewan
    "CA.12": (63.5, -136.5),  # Yukon
    "CA.13": (64.8, -119.0),  # Northwest Territories
    "CA.14": (70.0, -90.0),  # Nunavut
    "AU.02": (-33.0, 146.5),  # New South Wales
    "AU.03": (-19.5, 133.5),  # Northern Territory
    "AU.04": (-20.0, 145.0),  # Queensland
    "AU.05": (-30.0, 135.0),  # South Australia
    "AU.07": (-37.0, 144.5),  # Victoria
    "AU.08": (-25.0, 122.0),  # Western Australia
}

# All-caps alternative spellings of countries that are safe to match (others, like "AD",
# are ordinary abbreviations).
COUNTRY_CODES_OK = {"USA", "UAE", "UK", "DPRK", "ROK", "PRC", "DRC", "RSA", "KSA", "US", "NZ"}

COUNTRY_ALIASES = [
    ("U.S.", "US"), ("U.S.A.", "US"), ("US", "US"), ("USA", "US"), ("America", "US"),
    ("United States", "US"), ("United States of America", "US"), ("U.S.A", "US"),
    ("UK", "GB"), ("U.K.", "GB"), ("NZ", "NZ"), ("N.Z.", "NZ"), ("Britain", "GB"), ("Great Britain", "GB"),
    ("United Kingdom", "GB"),
    ("UAE", "AE"), ("U.A.E.", "AE"), ("DPRK", "KP"), ("Democratic People's Republic of Korea", "KP"),
    ("Republic of Korea", "KR"), ("PRC", "CN"), ("People's Republic of China", "CN"),
    ("DRC", "CD"), ("DR Congo", "CD"), ("Congo-Kinshasa", "CD"), ("Democratic Republic of Congo", "CD"),
    ("Burma", "MM"), ("Ivory Coast", "CI"), ("Czech Republic", "CZ"), ("Holland", "NL"),
    ("the Netherlands", "NL"), ("Vatican", "VA"), ("East Timor", "TL"), ("Swaziland", "SZ"),
    ("Macedonia", "MK"), ("Cape Verde", "CV"), ("Palestine", "PS"), ("Palestinian Territories", "PS"),
    ("Persia", "IR"), ("Turkiye", "TR"), ("Türkiye", "TR"), ("Turkey", "TR"), ("Korea", "KR"),
    ("Czechia", "CZ"), ("Eswatini", "SZ"), ("North Macedonia", "MK"), ("Cabo Verde", "CV"),
    ("Vatican City", "VA"), ("Macao", "MO"), ("Macau", "MO"), ("Timor-Leste", "TL"),
    ("The Gambia", "GM"), ("Republic of Ireland", "IE"), ("Russian Federation", "RU"),
]

EXTRA_DEMONYMS = [
    ("British", "GB"), ("Briton", "GB"), ("Brit", "GB"), ("Scottish", "GB"),
    ("Welsh", "GB"), ("Scot", "GB"), ("Palestinian", "PS"), ("Kurdish", "IQ"),
    ("Taiwanese", "TW"), ("Saudi", "SA"), ("Emirati", "AE"), ("Congolese", "CD"),
    ("Israeli", "IL"), ("Iranian", "IR"), ("Afghan", "AF"), ("Filipino", "PH"),
    ("Dutch", "NL"), ("Swiss", "CH"), ("Czech", "CZ"), ("Slovak", "SK"), ("Yemeni", "YE"),
    ("Kuwaiti", "KW"), ("Qatari", "QA"), ("Omani", "OM"), ("Bahraini", "BH"),
]


def demonym_forms(d):
    forms = [d]
    if not d.endswith(("ese", "ss", "sh", "ch", "s", "x", "z")):
        forms.append(d + "s")
    return forms


# Standard abbreviations of US states and Canadian provinces (AP style and postal-like),
# mapped to GeoNames admin1 codes.
ADMIN_ABBREVIATIONS = [
    ("Ala.", "US.AL"), ("Ariz.", "US.AZ"), ("Ark.", "US.AR"), ("Calif.", "US.CA"),
    ("Colo.", "US.CO"), ("Conn.", "US.CT"), ("Del.", "US.DE"), ("Fla.", "US.FL"),
    ("Ga.", "US.GA"), ("Ill.", "US.IL"), ("Ind.", "US.IN"), ("Kan.", "US.KS"), ("Kans.", "US.KS"),
    ("Ky.", "US.KY"), ("La.", "US.LA"), ("Md.", "US.MD"), ("Mass.", "US.MA"), ("Mich.", "US.MI"),
    ("Minn.", "US.MN"), ("Miss.", "US.MS"), ("Mo.", "US.MO"), ("Mont.", "US.MT"),
    ("Neb.", "US.NE"), ("Nebr.", "US.NE"), ("Nev.", "US.NV"), ("N.H.", "US.NH"), ("N.J.", "US.NJ"),
    ("N.M.", "US.NM"), ("N.Y.", "US.NY"), ("N.C.", "US.NC"), ("N.D.", "US.ND"), ("Okla.", "US.OK"),
    ("Ore.", "US.OR"), ("Pa.", "US.PA"), ("R.I.", "US.RI"), ("S.C.", "US.SC"), ("S.D.", "US.SD"),
    ("Tenn.", "US.TN"), ("Tex.", "US.TX"), ("Vt.", "US.VT"), ("Va.", "US.VA"), ("Wash.", "US.WA"),
    ("W.Va.", "US.WV"), ("W. Va.", "US.WV"), ("Wis.", "US.WI"), ("Wisc.", "US.WI"),
    ("Wyo.", "US.WY"), ("D.C.", "US.DC"),
    ("B.C.", "CA.02"), ("Ont.", "CA.08"), ("Que.", "CA.10"), ("Alta.", "CA.01"),
    ("Sask.", "CA.11"), ("N.S.", "CA.07"), ("N.B.", "CA.04"), ("Nfld.", "CA.05"), ("P.E.I.", "CA.09"),
    ("Washington state", "US.WA"), ("Washington State", "US.WA"),
]
# Abbreviations in capitals that news writes for states and provinces (postal and
# common-usage forms). Each is also something else ("BC" is "before Christ"), so the resolver
# takes one only when the article's other places support it.
UPPER_ABBREVIATIONS = [
    ("BC", "CA.02"), ("PEI", "CA.09"), ("NWT", "CA.13"),
    ("NSW", "AU.02"), ("QLD", "AU.04"),
    ("NY", "US.NY"), ("NJ", "US.NJ"), ("DC", "US.DC"), ("NYS", "US.NY"),
]
# Abbreviations of cities (GeoNames ids), taken like UPPER_ABBREVIATIONS where in capitals.
CITY_ABBREVIATIONS = [("NYC", 5128581), ("LA", 5368361), ("L.A.", 5368361)]
RISKY_ABBREVIATIONS = {"Miss.", "Ind.", "Wash.", "Del.", "Mo.", "Ore.", "Ga.", "La.", "Pa.", "Va.",
                       "Mass.", "Mont.", "Alta.", "Md.", "Ark.", "Kan.", "Colo.", "Conn.", "Vt.",
                       "Que.", "Ont.", "Tenn.", "Mich.", "Minn.", "Nev.", "Wis.", "Tex.", "Ill."}

# Names that GeoNames has as places but that English news uses for other things: compass
# points, months, institutions, organisations, holidays.
NEVER_PLACES = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "centre", "center", "middle", "upper",
    "lower", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "may", "june", "august", "july", "september", "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "white house", "congress", "commerce", "university", "section", "christmas", "easter",
    "jesus", "christ", "christian", "day", "hamas", "hezbollah", "parliament", "senate",
    "capitol", "cabinet", "pentagon", "kremlin", "church", "city", "county", "state", "national",
    "federal", "government", "police", "school", "college", "airport", "street", "road",
    "district", "union", "republic", "kingdom", "province", "island", "river", "lake",
    "mount", "beach", "park", "valley", "hill", "hills", "bay", "port", "fort", "airport",
    "god", "allah", "bible", "internet", "google", "apple", "amazon", "twitter", "facebook",
    "mart", "wal", "ford", "chevrolet", "toyota", "honda", "boeing", "nokia", "orange",
    "english", "obama", "putin", "merkel", "arab", "earth", "metro", "region", "olympic", "continental",
    "tv", "news", "times", "post", "journal", "herald", "tribune", "gazette", "press",
    "mercury", "venus", "mars", "earth", "moon", "sun", "world", "globe",
}

# Ordinary words that the dictionary misses but that are usually not places.
ALSO_COMMON = ["march", "may", "june", "august", "god", "man", "mark", "bill", "will", "hope",
               "justice", "liberty", "independence", "victoria", "florence", "eden", "jackson"]

# The languages whose common words are flagged where they are also names of places, and
# the countries where each is spoken (a big place there keeps its name unflagged).
LANGUAGE_COUNTRIES = {
    "de": ["DE", "AT", "CH", "LI", "LU"],
    "fr": ["FR", "BE", "CH", "LU", "MC", "CA"],
    "es": ["ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY",
           "SV", "NI", "CR", "PA", "UY", "PR"],
    "pt": ["PT", "BR", "AO", "MZ"],
    "it": ["IT", "CH", "SM", "VA"],
    "nl": ["NL", "BE", "SR"],
}

# Regions, continents, islands and historic states. Coordinates in decimal degrees.
PLACES = [
    dict(name="Africa", lat=7.1881, lon=21.09375, kind="continent", gid=6255146, pop=1031833000),
    dict(name="Asia", lat=29.84064, lon=89.29688, kind="continent", gid=6255147, pop=3812366000),
    dict(name="Europe", lat=48.69096, lon=9.14062, kind="continent", gid=6255148, pop=742452000),
    dict(name="North America", lat=46.07323, lon=-100.54688, kind="continent", gid=6255149, pop=565265000),
    dict(name="Oceania", lat=-18.31281, lon=138.51562, kind="continent", gid=6255151, pop=40000000,
         aliases=["Australasia"]),
    dict(name="South America", lat=-14.60485, lon=-57.65625, kind="continent", gid=6255150, pop=385742554),
    dict(name="Antarctica", lat=-78.15856, lon=16.40626, kind="continent", gid=6255152, pop=0),
    dict(name="Korean Peninsula", lat=38.60, lon=127.47, kind="region", pop=77000000),
    dict(name="Middle East", lat=29.3, lon=42.5, kind="region", pop=400000000, aliases=["Mideast"]),
    dict(name="Southeast Asia", lat=4.0, lon=110.0, kind="region", pop=600000000,
         aliases=["South-East Asia", "South East Asia"]),
    dict(name="East Asia", lat=35.0, lon=115.0, kind="region", pop=1600000000),
    dict(name="South Asia", lat=20.0, lon=78.0, kind="region", pop=1800000000),
    dict(name="Central Asia", lat=45.0, lon=65.0, kind="region", pop=70000000),
    dict(name="Latin America", lat=-14.0, lon=-60.0, kind="region", pop=600000000),
    dict(name="Central America", lat=12.8, lon=-85.0, kind="region", pop=47000000),
    dict(name="Caribbean", lat=15.0, lon=-73.0, kind="region", pop=44000000),
    dict(name="Scandinavia", lat=62.0, lon=15.0, kind="region", pop=21000000),
    dict(name="Eastern Europe", lat=50.0, lon=30.0, kind="region", pop=290000000),
    dict(name="Western Europe", lat=48.0, lon=5.0, kind="region", pop=190000000),
    dict(name="Persian Gulf", lat=27.0, lon=51.0, kind="region", pop=0, aliases=["Arabian Gulf"]),
    dict(name="Gulf of Mexico", lat=25.0, lon=-90.0, kind="region", pop=0),
    dict(name="Balkans", lat=42.0, lon=21.5, kind="region", pop=55000000),
    dict(name="Caucasus", lat=42.5, lon=44.5, kind="region", pop=30000000),
    dict(name="Siberia", lat=60.0, lon=105.0, kind="region", pop=33000000, cc="RU"),
    dict(name="Russian Far East", lat=62.0, lon=135.0, kind="region", pop=8000000, cc="RU",
         aliases=["Far East"]),
    dict(name="Crimea", lat=45.3, lon=34.4, kind="region", pop=2400000, cc="UA",
         aliases=["Crimean Peninsula"]),
    dict(name="Gaza Strip", lat=31.42, lon=34.38, kind="region", pop=2000000, cc="PS", aliases=["Gaza"]),
    dict(name="West Bank", lat=31.95, lon=35.3, kind="region", pop=3000000, cc="PS"),
    dict(name="Kashmir", lat=34.5, lon=75.5, kind="region", pop=15000000, cc="IN"),
    dict(name="Sahara", lat=23.4, lon=12.0, kind="region", pop=2500000),
    dict(name="Sahel", lat=14.5, lon=2.0, kind="region", pop=100000000),
    dict(name="Horn of Africa", lat=8.0, lon=46.0, kind="region", pop=100000000),
    dict(name="South China Sea", lat=12.0, lon=114.0, kind="region", pop=0),
    dict(name="Mediterranean", lat=35.0, lon=18.0, kind="region", pop=0, aliases=["Mediterranean Sea"]),
    dict(name="Black Sea", lat=43.4, lon=34.0, kind="region", pop=0),
    dict(name="Baltic Sea", lat=56.0, lon=19.0, kind="region", pop=0),
    dict(name="Pacific Ocean", lat=0.0, lon=-160.0, kind="region", pop=0),
    dict(name="Atlantic Ocean", lat=0.0, lon=-30.0, kind="region", pop=0),
    dict(name="Indian Ocean", lat=-20.0, lon=80.0, kind="region", pop=0),
    dict(name="Arctic", lat=80.0, lon=0.0, kind="region", pop=0, aliases=["Arctic Ocean"]),
    dict(name="South Ossetia", lat=42.33, lon=44.0, kind="region", pop=53000, cc="GE"),
    dict(name="Abkhazia", lat=43.0, lon=41.0, kind="region", pop=245000, cc="GE", aliases=["Abkhaz"]),
    dict(name="Darfur", lat=13.0, lon=24.0, kind="region", pop=9000000, cc="SD"),
    dict(name="Tskhinvali", lat=42.2257, lon=43.9701, kind="city", pop=30000, cc="GE"),
    dict(name="European Union", lat=50.85, lon=4.35, kind="region", pop=447000000, aliases=["EU", "E.U."]),
    dict(name="Los Angeles", lat=34.05223, lon=-118.24368, kind="city", pop=3971883, cc="US", gid=5368361,
         admin1="US.CA", aliases=["L.A."]),
    dict(name="English Channel", lat=50.2, lon=-1.0, kind="region", pop=0),
    dict(name="Ganges", lat=25.3, lon=83.0, kind="region", pop=0, cc="IN", aliases=["Ganges River"]),
    dict(name="Nile", lat=22.0, lon=31.5, kind="region", pop=0, cc="EG", aliases=["Nile River"]),
    dict(name="Danube", lat=45.0, lon=20.0, kind="region", pop=0, aliases=["Danube River"]),
    dict(name="Thames", lat=51.5, lon=-0.6, kind="region", pop=0, cc="GB", aliases=["River Thames"]),
    dict(name="Yangtze", lat=30.5, lon=112.0, kind="region", pop=0, cc="CN", aliases=["Yangtze River"]),
    dict(name="Euphrates", lat=35.0, lon=40.0, kind="region", pop=0, aliases=["Euphrates River"]),
    dict(name="Tigris", lat=34.5, lon=43.7, kind="region", pop=0, cc="IQ", aliases=["Tigris River"]),
    dict(name="Rhine", lat=50.5, lon=7.5, kind="region", pop=0, aliases=["Rhine River"]),
    dict(name="Volga", lat=50.0, lon=45.5, kind="region", pop=0, cc="RU", aliases=["Volga River"]),
    dict(name="Mekong", lat=15.0, lon=105.8, kind="region", pop=0, aliases=["Mekong River"]),
    dict(name="Russky Island", lat=43.0067, lon=131.8462, kind="island", pop=5000, cc="RU",
         aliases=["Russky", "Russkiy Island", "Russky island"]),
    dict(name="Soviet Union", lat=61.52, lon=105.32, kind="country", pop=290000000, historic=True,
         aliases=["USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"]),
    dict(name="Yugoslavia", lat=44.0, lon=20.0, kind="country", pop=23000000, historic=True),
    dict(name="Khasan", lat=42.4283, lon=130.6456, kind="city", pop=700, cc="RU", admin1="RU.59",
         aliases=["Hasan", "Khasan settlement"]),
    dict(name="Tasmania", lat=-42.0, lon=146.5, kind="island", pop=540000, cc="AU"),
    dict(name="Borneo", lat=1.0, lon=114.0, kind="island", pop=23000000),
    dict(name="Sicily", lat=37.5, lon=14.0, kind="island", pop=4800000, cc="IT"),
    dict(name="Sardinia", lat=40.0, lon=9.0, kind="island", pop=1600000, cc="IT"),
    dict(name="Long Island", lat=40.8, lon=-73.3, kind="island", pop=8000000, cc="US", admin1="US.NY"),
    dict(name="Hokkaido", lat=43.5, lon=142.8, kind="island", pop=5200000, cc="JP"),
    dict(name="Golan Heights", lat=33.0, lon=35.75, kind="region", pop=50000, cc="SY"),
    dict(name="Donbas", lat=48.0, lon=38.0, kind="region", pop=6000000, cc="UA", aliases=["Donbass"]),
    dict(name="Midwest", lat=41.5, lon=-90.0, kind="region", pop=68000000, cc="US"),
    dict(name="Silicon Valley", lat=37.39, lon=-122.03, kind="region", pop=3000000, cc="US",
         admin1="US.CA"),
    dict(name="Wall Street", lat=40.7064, lon=-74.0094, kind="region", pop=0, cc="US", admin1="US.NY"),
]
