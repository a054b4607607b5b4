"""Route handlers of the fake's HTTP API, one module per kind of resource, and their table."""

from __future__ import annotations

from collections.abc import Callable

from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.messages import MessageStore
from tests.fakes.discord_api.records import InteractionState
from tests.fakes.discord_api.registry import CommandRegistry
from tests.fakes.discord_api.routes.channels import ChannelRoutes
from tests.fakes.discord_api.routes.commands import CommandRoutes
from tests.fakes.discord_api.routes.interactions import InteractionRoutes
from tests.fakes.discord_api.routes.session import SessionRoutes
from tests.fakes.discord_api.routing import RouteSpec
from tests.fakes.discord_api.validation import Validator


def route_table(
    guild: Guild,
    messages: MessageStore,
    registry: CommandRegistry,
    interactions: dict[str, InteractionState],
    validator: Validator,
    gateway_url: Callable[[], str],
) -> list[RouteSpec]:
    """Every route the fake answers, in the order they are matched."""
    return [
        *SessionRoutes(guild, gateway_url).table(),
        *CommandRoutes(guild, registry, validator).table(),
        *InteractionRoutes(guild, messages, interactions, validator).table(),
        *ChannelRoutes(guild, messages, validator).table(),
    ]
