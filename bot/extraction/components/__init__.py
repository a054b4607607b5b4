"""Our spaCy pipeline components, one per module, registered when this package is imported.

- `gazetteer`: `briefing_gazetteer`, right after `ner`: corrects the model's entities.
- `clauses`: `briefing_clauses`, last: clauses with their mentions, dates and attribution.
- `syntax`: parse helpers both use, and the extractor too (`date_span`, `tense_of`,
  `counts_things`).
"""

from __future__ import annotations

from spacy.language import Language

from bot.extraction.components.clauses import ClauseExtractor
from bot.extraction.components.gazetteer import GazetteerFixer
from bot.extraction.components.syntax import counts_things, date_span, tense_of
from bot.extraction.names import Lexicon

# Our components, each with the name it gets in the pipeline, in pipeline order.
GAZETTEER = "gazetteer"
CLAUSES = "briefing_clauses"
COMPONENTS = (GAZETTEER, CLAUSES)

__all__ = [
    "CLAUSES",
    "COMPONENTS",
    "GAZETTEER",
    "ClauseExtractor",
    "GazetteerFixer",
    "add_components",
    "counts_things",
    "date_span",
    "tense_of",
]


def add_components(nlp: Language, lexicon: Lexicon) -> Language:
    """The gazetteer after `ner` (it corrects the model) and the clause extractor last."""
    nlp.add_pipe(
        "briefing_gazetteer",
        name=GAZETTEER,
        config={
            "patterns": lexicon.ruler_patterns(),
            "admin_suffixes": sorted(lexicon.admin_suffixes),
        },
    )
    nlp.add_pipe("briefing_clauses", name=CLAUSES, last=True)
    return nlp
