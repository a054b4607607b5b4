"""/reload: admin only; reports what changed."""

from __future__ import annotations

import pytest

from bot.errors import NotAllowed
from bot.replies import ReloadReply
from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env


def test_reload_is_admin_only_and_refusal_changes_nothing(store):
    with pytest.raises(NotAllowed, match="admins"):
        run_line("/reload", store, NOW, command_env(is_admin=False))
    assert store.aggregates.counts()["documents"] == 0


def test_reload_command_reports_counts(store, engine):
    reply = run_line("/reload", store, NOW, command_env(is_admin=True, engine=engine))
    assert isinstance(reply, ReloadReply)
    assert (reply.added, reply.documents, reply.skipped) == (1, 1, [])
    json = reply.to_json()
    assert json["command"] == "reload" and json["added"] == 1 and json["documents"] == 1
    assert set(json) == {
        "command",
        "added",
        "updated",
        "removed",
        "unchanged",
        "documents",
        "events",
        "skipped",
        "warnings",
    }
