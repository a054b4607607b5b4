"""Seed documents: every seed format read into Documents, through one reader.

- `document`: the model (Document, Paragraph; BadArticle for a line or entry that fails),
  and the reader's one door (`seed_document`: every string cleaned, once).
- `rules`: what every article meets (size, binary, encoding, date, boilerplate, citations).
- `txt`, `markdown`, `jsonl`, `feed`: one module per format.
- `reader`: list a folder's seed files (defensively) and read any file into its articles.
"""

from bot.seeds.document import (
    EXAMPLES_PER_FILE,
    Article,
    BadArticle,
    Document,
    Paragraph,
    bounded,
    clean_text,
    content_key,
    hashed_by_content,
    seed_document,
)
from bot.seeds.feed import html_text, parse_feed
from bot.seeds.jsonl import parse_jsonl
from bot.seeds.markdown import markdown_lines, parse_markdown
from bot.seeds.reader import (
    FEED_SUFFIXES,
    FEEDS_FOLDER,
    MULTI_SUFFIXES,
    SEED_SUFFIXES,
    SINGLE_SUFFIXES,
    FolderRead,
    FolderScan,
    holds_several_articles,
    list_seeds,
    owner_file,
    parse_articles,
    read_articles,
    read_folder,
    read_seed,
    read_seed_bytes,
    scan_seeds,
    seed_name,
    shown_name,
)
from bot.seeds.rules import (
    MAX_SEED_BYTES,
    decode_seed,
    decode_seed_with_warning,
    future_date_refusal,
    real_date,
    strip_boilerplate,
)
from bot.seeds.txt import parse_seed

__all__ = [
    "EXAMPLES_PER_FILE",
    "FEEDS_FOLDER",
    "FEED_SUFFIXES",
    "MAX_SEED_BYTES",
    "MULTI_SUFFIXES",
    "SEED_SUFFIXES",
    "SINGLE_SUFFIXES",
    "Article",
    "BadArticle",
    "Document",
    "FolderRead",
    "FolderScan",
    "Paragraph",
    "bounded",
    "clean_text",
    "content_key",
    "decode_seed",
    "decode_seed_with_warning",
    "future_date_refusal",
    "hashed_by_content",
    "holds_several_articles",
    "html_text",
    "list_seeds",
    "markdown_lines",
    "owner_file",
    "parse_articles",
    "parse_feed",
    "parse_jsonl",
    "parse_markdown",
    "parse_seed",
    "read_articles",
    "read_folder",
    "read_seed",
    "read_seed_bytes",
    "real_date",
    "scan_seeds",
    "seed_document",
    "seed_name",
    "shown_name",
    "strip_boilerplate",
]
