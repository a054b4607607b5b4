"""Reading MEANTIME's CAT XML: tokens joined as text, gold spans in it, publication dates."""

from __future__ import annotations

import datetime as dt

from benchmarks.corpora import MEANTIME_DIR
from benchmarks.scoring.matching import Span
from benchmarks.scoring.meantime import creation_date, dbpedia_name, detokenise, read_article
from tests.conftest import shared


def test_creation_dates_in_both_orders():
    assert creation_date("2008-03-01") == dt.date(2008, 3, 1)
    assert creation_date("03-02-2009") == dt.date(2009, 2, 3)  # article 120578
    assert creation_date("XXXX") is None


def test_dbpedia_names_from_uris():
    assert dbpedia_name("http://dbpedia.org/resource/Steve_Jobs ") == "Steve Jobs"
    assert dbpedia_name("http://dbpedia.org/resource/Nestl%C3%A9") == "Nestlé"
    assert dbpedia_name("http://example.org/Steve_Jobs") is None
    assert dbpedia_name(None) is None


def test_detokenise_joins_like_ordinary_text_and_maps_each_token():
    tokens = ["Boeing", "'s", "chief", ",", "Jim", "(", "CEO", ")", "said", "it", "is", "n't",
              "US$", "40", "billion", "or", "7.3", "%", "."]  # fmt: skip
    text, spans = detokenise(tokens)
    assert text == "Boeing's chief, Jim (CEO) said it isn't US$40 billion or 7.3%."
    assert [text[a:b] for a, b in spans] == tokens


def test_detokenise_quotes_and_name_prefixes():
    text, spans = detokenise(["``", "Hi", "''", ",", "said", "Michael", "O'", "Leary", "."])
    assert text == '"Hi", said Michael O\'Leary.'
    assert text[slice(*spans[0])] == '"' and text[slice(*spans[6])] == "O'"
    text, _ = detokenise(["He", "said", '"', "no", '"', "to", "$", "5", "."])
    assert text == 'He said "no" to $5.'


def test_an_article_is_title_then_scored_body_with_token_spans():
    shared("corpus", "meantime")
    path = next(MEANTIME_DIR.glob("corpus_*/120578_*.xml"))
    article = read_article(path)
    assert article.document.published == dt.date(2009, 2, 3)
    assert article.scored == (0, 2, 3, 4, 5)
    assert len(article.document.paragraphs) == 2
    title = article.document.paragraphs[0].text
    assert title == "Automobile sales in the United States down sharply"
    assert article.sentences[0] == Span(0, 0, len(title))
    body = article.document.paragraphs[1].text
    assert body.startswith("Sales of automobiles in the United States fell as much as 35% in")
    names = {(m.text, m.span) for m in article.mentions.values() if m.syntactic_type == "NAM"}
    start = body.index("Ford Motor Company")
    assert ("Ford Motor Company", Span(1, start, start + len("Ford Motor Company"))) in names
    assert ("the United States", Span(1, 24, 41)) in names  # "in the United States"


def test_articles_without_a_creation_time_use_their_dateline():
    shared("corpus", "meantime")
    path = next(MEANTIME_DIR.glob("corpus_*/78496_*.xml"))
    assert read_article(path).document.published == dt.date(2007, 9, 1)
