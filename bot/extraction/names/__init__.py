"""Names: everything that turns a mention into a canonical entity.

- `surface`: a name as written cut down to the name (`clean_name`, surnames).
- `lexicon`: the names we know (gazetteer, aliases, acting capitals, demonyms, offices).
- `linking`: mentions linked to entities within a document and across the corpus.
"""

from bot.extraction.names.lexicon import ALIAS_FILE, Entry, Lexicon, geonames_entries
from bot.extraction.names.linking import DocumentLinker, EventNames, Linked, link_people
from bot.extraction.names.surface import clean_name, surname_keys

__all__ = [
    "ALIAS_FILE",
    "DocumentLinker",
    "Entry",
    "EventNames",
    "Lexicon",
    "Linked",
    "clean_name",
    "geonames_entries",
    "link_people",
    "surname_keys",
]
