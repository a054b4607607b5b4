"""Corpus-level joins of organisation names: country forms and short forms."""

from __future__ import annotations

from bot.extraction.names.organisations import (
    join_short_forms,
    merge_country_forms,
)
from tests.extraction.names.test_corpus import event, results


def _names(found) -> set[str]:
    return {n for _, events in found for e in events for n in e.kinds}


def test_country_forms_merge_under_the_most_used(lexicon):
    found = results(
        event(**{"Armed Forces of Ukraine": "organisation"}),
        event(**{"Armed Forces of Ukraine": "organisation"}),
        event(**{"Ukrainian Armed Forces": "organisation", "Ukraine": "country"}),
    )
    assert merge_country_forms(found, lexicon) == 1
    assert _names(found) == {"Armed Forces of Ukraine", "Ukraine"}


def test_a_short_name_joins_the_one_longer_name_far_more_used():
    long = [event(**{"United Nations Harbour Council": "organisation"}) for _ in range(5)]
    found = results(*long, event(**{"Harbour Council": "organisation"}))
    assert join_short_forms(found) == 1
    assert _names(found) == {"United Nations Harbour Council"}


def test_a_short_name_with_several_readings_or_much_used_stays():
    much = [event(**{"High Court": "organisation"}) for _ in range(3)]
    found = results(*much, *[event(**{"Northern High Court": "organisation"})] * 5)
    assert join_short_forms(found) == 0
    two = results(
        *[event(**{"Northern Harbour Council": "organisation"})] * 5,
        *[event(**{"Southern Harbour Council": "organisation"})] * 4,
        event(**{"Harbour Council": "organisation"}),
    )
    assert join_short_forms(two) == 0


def test_a_name_cut_short_joins_the_longer_name_it_begins():
    long = [event(**{"Harakat Nasr al-Watan wal Qudra": "organisation"}) for _ in range(5)]
    found = results(*long, event(**{"Harakat Nasr al-Watan": "organisation"}))
    assert join_short_forms(found) == 1
    assert _names(found) == {"Harakat Nasr al-Watan wal Qudra"}
    # A name far more used than the longer one it begins stays itself.
    common = [event(**{"United Federation": "organisation"}) for _ in range(9)]
    kept = results(*common, event(**{"United Federation Harbour Council": "organisation"}))
    assert join_short_forms(kept) == 0
