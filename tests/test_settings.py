"""Settings: every variable documented, the example file valid, secrets kept secret, the
variables operators set read into their groups."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError, load_settings, variables
from tests.conftest import REPO


def _keys() -> set[str]:
    return set(variables())


def _read(settings: Settings, key: str) -> object:
    """The value of the field a variable is read into ('DIGEST_TIME': settings.digest.time)."""
    value: object = settings
    for name in variables()[key][0].split("."):
        value = getattr(value, name)
    return value


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
    assert settings.discord.token is None and settings.discord.guild_id is None
    assert settings.digest.time == "08:00"


def test_token_is_not_shown_in_repr(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "very-secret-token")
    settings = Settings()
    assert "very-secret-token" not in repr(settings) and "very-secret-token" not in str(settings)
    assert settings.discord.token.get_secret_value() == "very-secret-token"


def test_env_file_is_ignored_by_git():
    assert ".env" in (REPO / ".gitignore").read_text("utf-8").split()


# --- every setting checked at start, named in one line -------------------------------------


@pytest.fixture
def clean_env(tmp_path, monkeypatch):
    """No `.env` and none of the settings in the environment: each test sets its own."""
    monkeypatch.chdir(tmp_path)
    for key in _keys():
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("key", "value", "accepted"),
    [
        ("DIGEST_TIMEZONE", "Mars/Olympus", "IANA time zone"),
        ("DIGEST_TIMEZONE", "../../etc/passwd", "IANA time zone"),
        ("DIGEST_TIMEZONE", "localtime", "IANA time zone"),
        ("DIGEST_TIME", "25:99", "24-hour time from 00:00 to 23:59"),
        ("DIGEST_TIME", "24:00", "next day's 00:00"),
        ("DIGEST_TIME", "8 am", "24-hour time"),
        ("DIGEST_TIME", "٠٨:٠٠", "24-hour time"),
        ("DISCORD_API_BASE", "discord.com/api", "http:// or https:// URL"),
        ("SLACK_API_BASE", "ftp://slack.example/api", "http:// or https:// URL"),
        ("SLACK_PORT", "99999", "1 to 65535"),
        ("SLACK_PORT", "http", "valid integer"),
        ("DISCORD_GUILD_ID", "-4", "greater than or equal to 1"),
        ("DIGEST_CHANNEL_ID", "#news", "valid integer"),
        ("SLACK_ADMIN_USER_IDS", "U123, bob", "Slack user ids"),
        ("DISCORD_SHARD_IDS", "0,x", "shard numbers"),
        ("LOG_LEVEL", "LOUD", "DEBUG, INFO, WARNING, ERROR or CRITICAL"),
        ("INGEST_WORKERS", "-1", "greater than or equal to 0"),
        ("DIGEST_MAX_STORIES", "many", "valid integer"),
        ("WATCH_SEEDS", "perhaps", "valid boolean"),
    ],
)
def test_a_bad_setting_stops_the_start_naming_it_its_value_and_what_is_accepted(
    clean_env, key, value, accepted
):
    clean_env.setenv(key, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = caught.value.message
    assert "\n" not in message and f"{key}={value!r}" in message, message
    assert accepted in message


def test_a_secret_is_named_but_never_shown(clean_env):
    clean_env.setenv("SLACK_BOT_TOKEN", "x")
    clean_env.setenv("SLACK_PORT", "0")
    clean_env.setenv("DISCORD_TOKEN", "")
    message = str(load_error(clean_env))
    assert "SLACK_PORT='0'" in message and "'x'" not in message


def load_error(_env) -> str:
    try:
        load_settings()
    except SettingsError as exc:
        return exc.message
    raise AssertionError("the settings were accepted")


@pytest.mark.parametrize(
    ("key", "value", "read"),
    [
        ("DIGEST_TIME", "8:00", "08:00"),
        ("DIGEST_TIME", "08:00", "08:00"),
        ("DIGEST_TIME", " 23:59 ", "23:59"),
        ("DIGEST_TIME", "00:00", "00:00"),
        ("DIGEST_TIMEZONE", "utc", "UTC"),
        ("DIGEST_TIMEZONE", "europe/paris", "Europe/Paris"),
        ("DIGEST_TIMEZONE", "America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("DISCORD_API_BASE", "http://127.0.0.1:8080/api/v10", "http://127.0.0.1:8080/api/v10"),
        ("LOG_LEVEL", "debug", "DEBUG"),
        ("SLACK_ADMIN_USER_IDS", "U123,W0ABC", ["U123", "W0ABC"]),
        ("SLACK_ADMIN_USER_IDS", " U123 , W0ABC ", ["U123", "W0ABC"]),
        ("DISCORD_SHARD_IDS", "1, 0,1", [0, 1]),
        ("BRIEFING_DB", "postgresql://u@db.example/briefing", "postgresql://u@db.example/briefing"),
    ],
)
def test_good_settings_are_read_in_their_one_spelling(clean_env, key, value, read):
    clean_env.setenv(key, value)
    clean_env.setenv("DISCORD_SHARD_COUNT", "2")
    assert _read(load_settings(), key) == read


def test_a_bad_secret_value_is_refused_without_showing_it(clean_env):
    clean_env.setenv("DISCORD_TOKEN", "secret with\nnewline")
    message = load_error(clean_env)
    assert "DISCORD_TOKEN" in message and "secret" not in message and "\n" not in message


def test_several_bad_settings_are_all_named_on_one_line(clean_env):
    clean_env.setenv("DIGEST_TIME", "25:99")
    clean_env.setenv("DIGEST_TIMEZONE", "Mars/Olympus")
    message = load_error(clean_env)
    assert "DIGEST_TIME='25:99'" in message and "DIGEST_TIMEZONE='Mars/Olympus'" in message
    assert "\n" not in message


def test_the_variables_operators_set_are_read_into_their_groups(clean_env, tmp_path):
    """`.env` and the environment keep their flat names; the environment wins over `.env`
    and a keyword over both."""
    (tmp_path / ".env").write_text(
        "DISCORD_TOKEN=from-file\nSLACK_ADMIN_USER_IDS=U1AB,W2CD\nBRIEFING_DB=file.db\n"
        "INGEST_WORKERS=3\n"
    )
    clean_env.setenv("BRIEFING_DB", "environment.db")
    clean_env.setenv("DIGEST_SKIP_EMPTY", "true")
    settings = Settings(ingest={"workers": 2})
    assert settings.discord.token.get_secret_value() == "from-file"
    assert settings.slack.admin_user_ids == ["U1AB", "W2CD"]
    assert str(settings.store.db) == "environment.db" and settings.digest.skip_empty is True
    assert settings.ingest.workers == 2
