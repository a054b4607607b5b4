"""One HTTP client for every feed and article page, polite and bounded.

Polite: a descriptive User-Agent, conditional requests (ETag, Last-Modified: an unchanged
feed costs a 304), at most FEEDS_PER_HOST requests at once to one host. Bounded: one
deadline for the whole request, redirects and body included (a server that never answers
or drips a byte a second ends in time), at most MAX_REDIRECTS redirects, each checked
like the first (bot.feeds.guard), and at most `max_bytes` of body after decompression,
counted as it is inflated, so a gzip bomb stops at the cap. No cookies are kept or sent,
no credentials, no proxy from the environment.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import aiohttp
from multidict import CIMultiDict

from bot import __version__
from bot.feeds.guard import GuardedResolver, Refused, check_address, check_url

MAX_REDIRECTS = 5
# A Retry-After longer than this is taken as this.
MAX_RETRY_AFTER = 24 * 3600
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How the client behaves (the FEEDS_ settings)."""

    timeout: float = 30.0
    max_bytes: int = 10_000_000
    per_host: int = 2
    concurrency: int = 32
    allow_private: bool = False
    contact: str | None = None
    # Hosts ("host:port" as the address writes them) reached even on a private address
    # while `allow_private` is off: a test's local server, never a redirect's other port.
    allowed_hosts: frozenset[str] = frozenset()

    @property
    def user_agent(self) -> str:
        reach = f"; {self.contact}" if self.contact else ""
        return f"Briefing/{__version__} (self-hosted news briefing bot; feed reader{reach})"


@dataclass(frozen=True)
class Response:
    """A response read whole: its status, headers, body and the address it came from."""

    status: int
    url: str
    headers: Mapping[str, str]
    body: bytes

    @property
    def retry_after(self) -> float | None:
        return retry_after(self.headers.get("Retry-After"))


class FetchFailed(Exception):
    """A request that gave no response worth reading: why, in an admin's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), MAX_RETRY_AFTER))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return float(min(max(seconds, 0.0), MAX_RETRY_AFTER))


class _Inflater:
    """The body as sent (Content-Encoding gzip, deflate or none), inflated piece by
    piece, refusing past `cap` bytes of output."""

    def __init__(self, encoding: str, cap: int) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self.inflate = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self.inflate = zlib.decompressobj(47)  # gzip or zlib header, found by itself
        else:
            raise FetchFailed(f"the server sent an encoding Briefing did not ask for ({encoding})")
        self.raw = encoding == "deflate"  # some servers send deflate without its header
        self.cap = cap
        self.parts: list[bytes] = []
        self.size = 0

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise FetchFailed(f"too large (over {self.cap:,} bytes)")
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self.inflate is None:
            self._keep(chunk)
            return
        data = chunk
        while data:
            try:
                out = self.inflate.decompress(data, self.cap - self.size + 1)
            except zlib.error:
                if self.raw and not self.size:
                    self.inflate, self.raw = zlib.decompressobj(-15), False
                    continue
                raise FetchFailed("the compressed body is corrupt") from None
            self._keep(out)
            data = self.inflate.unconsumed_tail

    def body(self) -> bytes:
        if self.inflate is not None:
            self._keep(self.inflate.flush())
        return b"".join(self.parts)


class Client:
    """An HTTP session for one fetch cycle: `async with Client(limits) as client`."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.requests = 0
        self._session: aiohttp.ClientSession | None = None
        self._slots = asyncio.Semaphore(limits.concurrency)

    async def __aenter__(self) -> Client:
        connector = aiohttp.TCPConnector(
            resolver=GuardedResolver(self.limits.allow_private, self.limits.allowed_hosts),
            limit=self.limits.concurrency,
            limit_per_host=self.limits.per_host,
            ttl_dns_cache=300,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
            trust_env=False,
            headers={"User-Agent": self.limits.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> Response:
        """GET `url` (conditionally, with the validators given), following redirects;
        FetchFailed when no response could be read."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with self._slots:
            try:
                async with asyncio.timeout(self.limits.timeout):
                    return await self._follow(url, headers)
            except TimeoutError:
                raise FetchFailed(f"timed out after {self.limits.timeout:g} s") from None
            except Refused as exc:
                raise FetchFailed(f"refused: {exc.reason}") from None
            except aiohttp.ClientConnectorError as exc:
                if isinstance(exc.os_error, Refused):
                    raise FetchFailed(f"refused: {exc.os_error.reason}") from None
                raise FetchFailed(f"could not connect to {exc.host}:{exc.port}") from None
            except aiohttp.ClientError as exc:
                raise FetchFailed(f"the connection failed ({type(exc).__name__})") from None

    async def _follow(self, url: str, headers: dict[str, str]) -> Response:
        assert self._session is not None, "use the client in `async with`"
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                url = check_url(url)
            except Exception as exc:  # BadInput: say it as a fetch failure
                raise FetchFailed(f"refused: {getattr(exc, 'message', exc)}") from None
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            exempt = f"{parts.hostname}:{port}" in self.limits.allowed_hosts
            check_address(parts.hostname or "", self.limits.allow_private or exempt)
            self.requests += 1
            async with self._session.get(url, headers=headers, allow_redirects=False) as answer:
                if answer.status in _REDIRECTS and "Location" in answer.headers:
                    url = urljoin(url, answer.headers["Location"])
                    continue
                declared = answer.content_length
                if declared is not None and declared > self.limits.max_bytes:
                    raise FetchFailed(
                        f"too large ({declared:,} bytes; at most {self.limits.max_bytes:,})"
                    )
                body = _Inflater(answer.headers.get("Content-Encoding", ""), self.limits.max_bytes)
                async for chunk in answer.content.iter_chunked(_CHUNK):
                    body.feed(chunk)
                return Response(answer.status, url, CIMultiDict(answer.headers), body.body())
        raise FetchFailed(f"too many redirects (more than {MAX_REDIRECTS})")
