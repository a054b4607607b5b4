"""What the fetcher may ask for: http and https addresses on the public internet.

An address is checked as written (`check_url`: scheme, no credentials, a host) and again
where it leads: a host name is resolved by `GuardedResolver`, which refuses the request
when any address the name has is private, loopback, link-local (the cloud metadata
services), multicast, reserved or unspecified, and the connection goes to the addresses
checked, so a name cannot be re-pointed between the check and the connection. A literal
address is checked before the request (`check_address`); each redirect is checked anew.
`allow_private` (FEEDS_ALLOW_PRIVATE) lets a deployment fetch from its own network.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

from aiohttp.abc import ResolveResult
from aiohttp.resolver import ThreadedResolver

from bot.errors import BadInput

SCHEMES = ("http", "https")
MAX_URL_CHARS = 2000


class Refused(OSError):
    """An address the fetcher will not ask: why, in an admin's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_url(url: str) -> str:
    """The address as the fetcher asks it, or BadInput saying what is accepted."""
    url = url.strip()
    accepted = "give an http:// or https:// address, like https://example.com/feed.xml"
    if not url or len(url) > MAX_URL_CHARS or any(c.isspace() for c in url):
        raise BadInput(f"That is not a feed address: {accepted}.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadInput(f"That is not a feed address: {accepted}.") from None
    if parts.scheme.lower() not in SCHEMES:
        raise BadInput(f"Only http and https feeds are fetched: {accepted}.")
    if parts.username is not None or parts.password is not None:
        raise BadInput(
            "A feed address may not carry a user name or password: Briefing sends no"
            " credentials. Give the public address of the feed."
        )
    if not parts.hostname:
        raise BadInput(f"That address names no host: {accepted}.")
    if _legacy_ipv4(parts.hostname):
        raise BadInput(
            f"{parts.hostname} is an IP address in a legacy form (a number, hexadecimal or"
            " short): write it as four decimal numbers, like 203.0.113.7, or use the host's name."
        )
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _legacy_ipv4(host: str) -> bool:
    """A host that C's inet_aton reads as an IPv4 address but that is not one in dotted
    decimal ("2130706433", "0x7f.1", "127.1"): resolvers read it as that address, so it
    must be checked as one, and HTTP libraries disagree on it."""
    try:
        ipaddress.IPv4Address(host)
        return False
    except ValueError:
        pass
    try:
        socket.inet_aton(host)
    except OSError:
        return False
    return True


PUBLIC_ONLY = "feeds are fetched from the public internet only (FEEDS_ALLOW_PRIVATE allows more)"


def address_kind(address: str) -> str | None:
    """What kind of non-public IP address `address` is, or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_global and not ip.is_multicast:
        return None
    kind = next(
        (
            what
            for test, what in (
                (ip.is_loopback, "a loopback address"),
                (ip.is_link_local, "a link-local address (such as a cloud metadata service)"),
                (ip.is_private, "a private address"),
                (ip.is_multicast, "a multicast address"),
                (ip.is_unspecified, "an unspecified address"),
            )
            if test
        ),
        "a reserved address",
    )
    return kind


def check_address(host: str, allow_private: bool) -> None:
    """Refused when `host` is a literal IP address the fetcher may not ask."""
    address = host.strip("[]")
    if not allow_private and (kind := address_kind(address)):
        raise Refused(f"{address} is {kind}; {PUBLIC_ONLY}")


class GuardedResolver(ThreadedResolver):
    """aiohttp's resolver, refusing a name any of whose addresses is not public."""

    def __init__(self, allow_private: bool = False, allowed: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.allow_private = allow_private
        self.allowed = allowed  # "host:port" exempt from the check (a test's server)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await super().resolve(host, port, family)
        if not self.allow_private and f"{host}:{port}" not in self.allowed:
            for result in found:
                if kind := address_kind(result["host"]):
                    raise Refused(f"{host} resolves to {result['host']}, {kind}; {PUBLIC_ONLY}")
        return found
