"""The gazetteer and the destination finder."""

from __future__ import annotations

import datetime as dt

from corechat.nlu import NluContext, interpret, places
from corechat.nlu.text import fold

TODAY = dt.date(2026, 11, 29)


def find(text: str, expecting: bool = False):
    return places.find(text, fold(text), expecting_place=expecting)


def test_load_builds_the_gazetteer_once():
    assert places.load() is places.load()


def test_a_place_carries_every_field_the_engine_needs():
    place = find("Seattle").place
    assert place is not None
    assert (place.city, place.region, place.region_code, place.country_code) == ("Seattle", "Washington", "WA", "US")
    assert (round(place.latitude, 2), round(place.longitude, 2)) == (47.61, -122.33)
    assert (place.geoname_id, place.timezone) == (5809844, "America/Los_Angeles")
    assert place.population > 700_000


def test_regions_outside_the_us_are_named_in_full():
    toronto = find("Toronto").place
    assert (toronto.region, toronto.region_code, toronto.country_code) == ("Ontario", "ON", "CA")
    sydney = find("Sydney").place
    assert (sydney.region, sydney.region_code) == ("New South Wales", "NSW")


def test_an_ambiguous_name_goes_to_the_most_populous_city():
    assert find("Springfield").place.region_code == "MO"
    assert find("Springfield, Massachusetts").place.region_code == "MA"


def test_the_finder_reports_the_span_it_used_including_the_qualifier():
    text = "hotels in Portland, Maine next week"
    found = find(text)
    (start, end), = found.spans
    assert text[start:end] == "Portland, Maine"


def test_an_unknown_capitalised_name_after_in_is_reported():
    assert find("a hotel in Wakanda please").unknown == "Wakanda"


def test_lowercase_ordinary_words_are_not_reported_as_places():
    assert find("I'm interested in something quiet").unknown is None


def test_an_ordinary_word_town_needs_evidence():
    assert find("Nice").place is None
    assert find("Nice", expecting=True).place.country_code == "FR"


def test_a_one_word_answer_to_where_is_a_place_even_misspelt():
    interp = interpret("chicgo", NluContext(last_question="destination"), TODAY)
    assert interp.change.destination.city == "Chicago"


def test_regions_come_from_the_tables_where_geonames_codes_are_not_iso():
    expected = {
        "Paris": ("Île-de-France", "IDF", "FR"), "Munich": ("Bavaria", "BY", "DE"),
        "Barcelona": ("Catalonia", "CT", "ES"), "Osaka": ("Osaka", "27", "JP"), "Cancun": ("Quintana Roo", "ROO", "MX"),
        "Florence": ("Tuscany", "52", "IT"), "Edinburgh": ("Scotland", "SCT", "GB"),
    }
    for text, (region, code, country) in expected.items():
        place = find(text).place
        assert (place.region, place.region_code, place.country_code) == (region, code, country), text


def test_a_country_without_a_region_table_still_gives_the_city():
    place = find("Lagos").place
    assert (place.city, place.country_code, place.region, place.region_code) == ("Lagos", "NG", None, None)


def test_importing_the_nlu_builds_nothing_until_first_use():
    import subprocess
    import sys

    code = (
        "import corechat.nlu, corechat.nlu.places as p, corechat.nlu.gazetteer as g; "
        "assert g._gazetteer is None; p.load(); assert g._gazetteer is not None; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


def test_an_ordinary_word_town_alone_answers_where():
    assert find("mobile", expecting=True).place.region_code == "AL"
    assert find("mobile").place is None
