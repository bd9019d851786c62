"""Hotel names and street addresses that read like real ones, in the country's own style."""

from __future__ import annotations

import random

from corechat.suppliers.words import (
    ADJECTIVES,
    AREAS,
    BRANDS,
    KINDS_BY_STARS,
    LANGUAGE_BY_COUNTRY,
    NAME_PREFIXES,
    NOUNS,
    STREET_KINDS,
    STREET_NAMES,
    SURNAMES,
)


def language_of(country_code: str) -> str:
    return LANGUAGE_BY_COUNTRY.get(country_code.upper(), "en")


def hotel_name(
    rng: random.Random, *, stars: int, city: str, area: str, language: str
) -> tuple[str, str]:
    """One candidate name and its distinctive word (a brand, a family name, an emblem, a place);
    the caller draws again when the city already has either, so no two hotels look related."""
    kind = rng.choice(KINDS_BY_STARS[stars])
    if kind == "Motel" and language != "en":
        kind = "Hotel"  # motels are an English-speaking road-trip thing
    pattern = rng.randrange(7)
    if pattern == 0:
        return f"{area} {kind}", f"{area} {kind}"  # Riverside Inn
    if pattern in (1, 2, 6):
        brand = rng.choice(BRANDS)
        if pattern == 1:
            return f"{brand} {city} {area}", brand  # Kestrel Seattle Downtown
        if pattern == 2:
            return f"{brand} {kind} {city}", brand  # Hawthorne Suites Seattle
        return f"The {brand} {city}", brand  # The Sterling Seattle
    if pattern in (3, 4):
        emblem = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if pattern == 3:
            return f"The {emblem}", emblem  # The Copper Lantern
        return f"{emblem} {kind}", emblem  # Blue Heron Inn
    family = rng.choice(SURNAMES + BRANDS)
    return f"{rng.choice(NAME_PREFIXES[language])} {family}", family  # Hôtel Bellamy, Casa Juniper


def street_address(rng: random.Random, *, city: str, language: str) -> str:
    street = rng.choice(STREET_NAMES[language])
    kind = rng.choice(STREET_KINDS[language])
    if language == "en":
        number = rng.randint(1, 2999)
        return f"{number} {street} {kind}, {city}"  # 1412 Pine Street, Seattle
    number = rng.randint(1, 180)
    if language == "fr":
        return f"{number} {kind} {street}, {city}"  # 12 Rue de la Paix, Paris
    if language == "de":
        return f"{street}{kind} {number}, {city}"  # Lindenstraße 12, Berlin
    return f"{kind} {street} {number}, {city}"  # Calle Mayor 24, Madrid; Via Roma 15, Rome


def pick_areas(rng: random.Random, count: int) -> list[str]:
    return rng.sample(AREAS, count)
