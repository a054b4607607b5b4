"""Settings: every key documented, the example file valid, secrets kept secret."""

from __future__ import annotations

from bot.runtime.settings import Settings
from tests.conftest import REPO


def _keys() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def test_env_example_lists_exactly_the_settings():
    """Each setting once in `.env.example`, nothing else (docs/settings.md: tests/test_docs.py)."""
    lines = (REPO / ".env.example").read_text("utf-8").splitlines()
    listed = [line.split("=", 1)[0] for line in lines if line and not line.startswith("#")]
    assert len(listed) == len(set(listed)), listed
    assert set(listed) - _keys() == set(), "in .env.example but not in Settings"
    assert _keys() - set(listed) == set(), "in Settings but not in .env.example"


def test_env_example_parses_as_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in _keys():
        monkeypatch.delenv(key, raising=False)
    (tmp_path / ".env").write_text((REPO / ".env.example").read_text("utf-8"))
    settings = Settings()
    assert settings.discord_token is None and settings.discord_guild_id is None
    assert settings.digest_time == "08:00"


def test_token_is_not_shown_in_repr(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "very-secret-token")
    settings = Settings()
    assert "very-secret-token" not in repr(settings) and "very-secret-token" not in str(settings)
    assert settings.discord_token.get_secret_value() == "very-secret-token"


def test_env_file_is_ignored_by_git():
    assert ".env" in (REPO / ".gitignore").read_text("utf-8").split()
