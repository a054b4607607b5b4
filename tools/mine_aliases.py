"""Mine the packaged alias table from the editors' links of Portal:Current events.

Each news item of the gold file links its names to Wikipedia titles ("Zelenskyy" ->
"Volodymyr Zelenskyy"). An anchor text that links one title almost always is an alias of
that title: kept when it has at least MIN_USES links and the same title has at least
MIN_SHARE of them. Only items before HELD_APART_FROM are read, so the other half of the
year stays unseen for measuring (benchmarks/quality.py reports July-December apart).

The table's build step, from the repository's root (about a second):

    python -m tools.mine_aliases           # rewrites bot/data/aliases-mined.tsv
    python -m tools.mine_aliases --check   # only says whether the shipped table is current

The gold file is corpus/current-events/gold-2025.jsonl in $BRIEFING_SHARED (default
../shared, beside the repository); `python -m tools.mine_aliases GOLD OUT` names others.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bot.extraction.names.acronyms import stands_for
from bot.extraction.names.lexicon import strip_disambiguator
from bot.extraction.names.surface import clean_name

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BRIEFING_SHARED", REPO.parent / "shared"))
GOLD = SHARED / "corpus" / "current-events" / "gold-2025.jsonl"
TABLE = REPO / "bot" / "data" / "aliases-mined.tsv"

MIN_USES = 2
MIN_SHARE = 0.9
HELD_APART_FROM = "2025-07-01"

# The header as the table ships with it (one line longer than the rest): bot/data is part
# of the extraction fingerprint, so a re-wrapped header would re-extract every store once.
HEADER = """\
# Aliases mined from the editors' links: anchor text -> the Wikipedia title it links.
# Derived from Wikipedia's Portal:Current events, January-June 2025 (facts; the portal's
# text is CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/; attribution:
# the Wikipedia contributors of Portal:Current events).
# Made by: python tools/mine_aliases.py GOLD OUT (GOLD: current-events/gold-2025.jsonl).
# Kept: anchors with at least {uses} links before {cut} (one for an acronym whose letters
# are the title's initials), {share:.0%} or more of them to one title (its "(…)"
# disambiguator dropped), the anchor not the title itself. The lexicon loads this under \
bot/data/aliases.toml
# and a seeds folder's aliases.toml, which win; it never renames a gazetteer name.
# Columns: anchor, title, links to that title, links of the anchor.
"""


def mine(lines: list[str]) -> list[tuple[str, str, int, int]]:
    """(anchor, title, uses of that title, uses of the anchor), by anchor."""
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        if not line.strip():
            continue
        item = json.loads(line)
        if str(item.get("date", "")) >= HELD_APART_FROM:
            continue
        for anchor, title in item.get("entities", ()):
            cleaned = clean_name(anchor)
            if not any(ch.isupper() for ch in cleaned[:1]) or not title:
                continue
            titles[cleaned.lower()][strip_disambiguator(title)] += 1
            spellings[cleaned.lower()][cleaned] += 1
    rows = []
    for key, counts in sorted(titles.items()):
        title, top = counts.most_common(1)[0]
        total = sum(counts.values())
        anchor = spellings[key].most_common(1)[0][0]
        # An acronym of its title needs one link: the letters say the rest.
        needed = 1 if stands_for(anchor, title) else MIN_USES
        if total < needed or top / total < MIN_SHARE or title.lower() == key:
            continue
        rows.append((anchor, title, top, total))
    return rows


def table(lines: list[str]) -> str:
    """The alias table's text, header and rows, mined from the gold file's lines."""
    body = "".join(f"{a}\t{t}\t{n}\t{m}\n" for a, t, n, m in mine(lines))
    return HEADER.format(uses=MIN_USES, cut=HELD_APART_FROM, share=MIN_SHARE) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, nargs="?", default=GOLD, help="gold-2025.jsonl")
    parser.add_argument("out", type=Path, nargs="?", default=TABLE, help="the table to write")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; fail if the table is not current"
    )
    args = parser.parse_args(argv)
    try:
        text = table(args.gold.read_text("utf-8").splitlines())
    except (OSError, ValueError) as exc:
        print(f"cannot read {args.gold}: {exc} (set BRIEFING_SHARED)", file=sys.stderr)
        return 1
    rows = sum(not line.startswith("#") for line in text.splitlines())
    if args.check:
        try:
            current = args.out.read_text("utf-8") == text
        except OSError:
            current = False
        if not current:
            print(f"{args.out} is not what {args.gold} gives: run without --check", file=sys.stderr)
            return 1
        print(f"{args.out} is current ({rows} aliases)")
        return 0
    args.out.write_text(text, "utf-8")
    print(f"{rows} aliases written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
