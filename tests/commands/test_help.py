"""/help: the commands a user may run."""

from __future__ import annotations

from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env


def test_help_hides_admin_commands_from_non_admins(store):
    reply = run_line("/help", store, NOW, command_env()).to_json()
    names = {c["name"] for c in reply["commands"]}
    assert "reload" not in names and "who" in names
    admin = run_line("/help", store, NOW, command_env(is_admin=True)).to_json()
    assert "reload" in {c["name"] for c in admin["commands"]}
