"""Who did what (MEANTIME events whose Arg0 is a proper name, found as an actor of one of
our events from the same sentence) and ``/who <title>`` citing the current-events
paragraphs that link the title."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scoring.current_events import GoldParagraph
from benchmarks.scoring.matching import Span, clip, names_match, occurrences, ratio
from benchmarks.scoring.meantime import Analysis, Article
from benchmarks.scoring.report import Metric, Section
from bot.errors import BriefingError
from bot.store import Store
from commands import Env, run_line

WHOIS_TITLES = 50


# --- who did what (MEANTIME) --------------------------------------------------------------


@dataclass
class WhoDidWhatScore:
    gold: int = 0
    hits: int = 0
    with_arg0: int = 0
    misses: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def metrics(self) -> list[Metric]:
        return [
            Metric(
                "who.with_arg0", "who-did-what: gold events with any Arg0 (info)", self.with_arg0
            ),
            Metric("who.gold", "who-did-what: gold events with a proper-name Arg0", self.gold),
            Metric("who.recall", "who-did-what: recall", ratio(self.hits, self.gold)),
        ]

    def sections(self) -> list[Section]:
        return [
            Section(
                "who-did-what misses (article | event | gold Arg0 | our actors there | sentence)",
                [f"{a[:28]} | {p} | {g} | {o} | {clip(s, 100)}" for a, s, p, g, o in self.misses],
            )
        ]


def score_who_did_what(
    articles: Sequence[Article], analyses: Sequence[Analysis]
) -> WhoDidWhatScore:
    """Each gold event with a proper-name Arg0: one of our events from its sentence has it."""
    score = WhoDidWhatScore()
    for article, (_, events) in zip(articles, analyses, strict=True):
        ours: list[tuple[Span, list[str]]] = []
        for event in events:
            text = article.document.paragraphs[event.paragraph].text
            for start in occurrences(text, event.sentence):
                ours.append(
                    (Span(event.paragraph, start, start + len(event.sentence)), event.actors)
                )
        for gold in article.events:
            if gold.span is None or not gold.arg0:
                continue
            score.with_arg0 += 1
            agents = [
                article.mentions[m]
                for m in gold.arg0
                if m in article.mentions
                and article.mentions[m].syntactic_type == "NAM"
                and article.mentions[m].span is not None
            ]
            if not agents or gold.sentence not in article.sentences:
                continue
            score.gold += 1
            sentence = article.sentences[gold.sentence]
            actors = list(
                dict.fromkeys(a for s, acts in ours if s.overlaps(sentence) for a in acts)
            )
            if any(
                names_match(actor, agent.text) or names_match(actor, agent.dbpedia)
                for actor in actors
                for agent in agents
            ):
                score.hits += 1
            else:
                para = article.document.paragraphs[sentence.paragraph].text
                score.misses.append(
                    (
                        article.name,
                        para[sentence.start : sentence.end],
                        gold.pred,
                        " / ".join(
                            a.text + (f" [{a.dbpedia}]" if a.dbpedia else "") for a in agents
                        ),
                        ", ".join(actors) or "no actor",
                    )
                )
    return score


# --- /who (current events) ----------------------------------------------------------------


@dataclass
class WhoisScore:
    shares: dict[str, float] = field(default_factory=dict)
    details: dict[str, tuple[int, str, list[str]]] = field(default_factory=dict)

    @property
    def mean(self) -> float:
        return sum(self.shares.values()) / len(self.shares) if self.shares else 0.0

    def metrics(self) -> list[Metric]:
        return [
            Metric("whois.titles", "/who: titles asked", len(self.shares)),
            Metric("whois.mean_share", "/who: mean share of linking paragraphs cited", self.mean),
        ]

    def sections(self) -> list[Section]:
        worst = sorted(self.shares, key=lambda t: (self.shares[t], t))[:10]
        lines = []
        for title in worst:
            n, resolved, missed = self.details[title]
            example = ", ".join(missed[:3]) + (" …" if len(missed) > 3 else "")
            lines.append(
                f"{self.shares[title]:.2f} | {title} | {n} paragraphs | {resolved} | {example}"
            )
        return [
            Section(
                "/who: 10 worst titles (share | title | paragraphs | answered as | missed)", lines
            )
        ]


def most_linked(rows: Sequence[GoldParagraph], top: int = WHOIS_TITLES) -> list[str]:
    """The titles linked from the most paragraphs, ties by title."""
    counts = Counter(t for row in rows for t in {title for _, title in row.entities})
    return sorted(counts, key=lambda t: (-counts[t], t))[:top]


def score_whois(
    store: Store,
    rows: Sequence[GoldParagraph],
    corpus: Path,
    now: dt.datetime,
    top: int = WHOIS_TITLES,
) -> WhoisScore:
    """/who <title>: the share of paragraphs linking the title that some returned event cites."""
    where = {
        r[0]: (r[1], r[2])
        for r in store.db.execute(
            "SELECT ev.id, d.file, ev.paragraph FROM events ev JOIN documents d"
            " ON d.id = ev.document_id"
        )
    }
    env = Env(seeds=corpus)
    score = WhoisScore()
    for title in most_linked(rows, top):
        wanted = {
            (row.file, row.paragraph)
            for row in rows
            if row.paragraph is not None and any(t == title for _, t in row.entities)
        }
        if not wanted:
            continue
        try:
            reply = run_line(f"/who {title}", store, now, env).to_json()
        except BriefingError as exc:
            score.shares[title] = 0.0
            score.details[title] = (len(wanted), f"error: {exc}", [])
            continue
        cited = {where[e["id"]] for e in reply["events"] if e["id"] in where}
        score.shares[title] = len(wanted & cited) / len(wanted)
        entity = reply["entity"]
        resolved = f"{entity['name']} ({reply['total']} sentences)" if entity else "unknown name"
        missed = [f"{file}#{para}" for file, para in sorted(wanted - cited)]
        score.details[title] = (len(wanted), resolved, missed)
    return score
