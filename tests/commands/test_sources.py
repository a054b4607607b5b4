"""/sources: the documents in the store."""

from __future__ import annotations

from bot.replies import SourceDocument, SourcesReply
from commands import run_line
from tests.conftest import NOW, SEED_FILE
from tests.factories import command_env


def test_sources_lists_documents_with_counts(seed_store):
    reply = run_line("/sources", seed_store, NOW, command_env())
    assert isinstance(reply, SourcesReply)
    (document,) = reply.documents
    assert isinstance(document, SourceDocument)
    assert document.file == SEED_FILE and document.events > 10
    (json,) = reply.to_json()["documents"]
    assert json == {
        "file": SEED_FILE,
        "title": None,
        "published": "2025-02-17",
        "events": document.events,
        "outlets": ["Bloomberg", "Reuters"],  # those its paragraphs credit
    }
