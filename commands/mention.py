"""/mention <role|off> <name> (admin): a role (Discord) or user group (Slack) mentioned on
this channel's alerts about an entity it follows, and on no other message; or, with a
name like "section Armed conflicts", on its alerts that match that alert filter rule
(`/filter add alerts include section Armed conflicts`).

The mention is opt-in and narrow: only a role or a user group, never @everyone, @here,
@channel or a single user; the alert names exactly that role in what it allows to ping
(Discord's allowed_mentions), so nothing else in it mentions anyone.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.errors import BadInput
from bot.replies import MentionReply
from bot.store import FilterRule, Store
from commands import Command, Env, Param
from commands._names import resolve

# What each front types for a role or user group: Discord sends "<@&id>" for a role
# picked in a string option, Slack "<!subteam^ID|@handle>" for a user group.
_DISCORD_ROLE = re.compile(r"<@&(\d{5,25})>|(\d{5,25})")
_SLACK_GROUP = re.compile(r"<!subteam\^(S[A-Z0-9]{2,20})(?:\|[^>]*)?>")
# A name that starts with one of these is an alert filter rule's ("section Armed conflicts").
KINDS = ("entity", "section", "keyword", "outlet")
WHAT = {
    "discord": "a role, like @oncall (a role's mention, not @everyone, @here or a person)",
    "slack": "a user group, like @oncall (not @channel, @here, @everyone or a person)",
}


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> MentionReply:
    typed = " ".join(args["name"].split())
    value = args.get("mention", "").strip()
    if env.front not in WHAT:
        raise BadInput("Mentions are for Discord roles and Slack user groups: type it there.")
    if not value:
        raise BadInput(f"/mention needs {WHAT[env.front]} (or off), then the name it is for.")
    mention = None if value.lower() == "off" else _mention(env.front, value)
    kind, _, rest = typed.partition(" ")
    if kind.lower() in KINDS and rest:
        return _on_rule(store, env, kind.lower(), rest, mention)
    followed = store.follows.set_mention(env.channel, typed, mention)
    if followed is None and (found := resolve(store, typed, pick=False).entity) is not None:
        followed = store.follows.set_mention(env.channel, found.name, mention)
    if followed is None:
        raise BadInput(
            f"This channel does not follow '{typed[:100]}': /follow it first (/following lists"
            " what it follows)."
        )
    return MentionReply(followed, mention)


def _on_rule(store: Store, env: Env, kind: str, value: str, mention: str | None) -> MentionReply:
    """The mention on one of the channel's alert rules that include (/filter add alerts
    include <kind> <value>); an entity read as /filter reads it."""
    if kind == "entity" and (found := resolve(store, value, pick=False).entity) is not None:
        value = found.name
    rule = store.filters.set_mention(
        env.channel, FilterRule("alerts", "include", kind, value), mention
    )
    if rule is None:
        raise BadInput(
            f"This channel has no alert rule 'only {kind} {value[:100]}': add it first with"
            f" /filter add alerts include {kind} {value[:100]} (/filter list shows the rules)."
        )
    return MentionReply(rule.label(), mention, rule=True)


def _mention(front: str, value: str) -> str:
    if front == "discord" and (match := _DISCORD_ROLE.fullmatch(value)):
        return f"discord-role:{match.group(1) or match.group(2)}"
    if front == "slack" and (match := _SLACK_GROUP.fullmatch(value)):
        return f"slack-group:{match.group(1)}"
    raise BadInput(f"Give {WHAT[front]}, or off to remove the mention.")


COMMAND = Command(
    name="mention",
    description="Mention a role (Discord) or user group (Slack) on alerts about a follow.",
    handler=handle,
    params=(
        Param("mention", "A role or user group to mention, or off"),
        Param(
            "name",
            "A name this channel follows, or an alert rule's kind and value: section Sports",
            kind="entity",
        ),
    ),
    admin=True,
    examples=(
        "/mention @oncall Syria",
        "/mention @desk section Armed conflicts and attacks",
        "/mention off Syria",
    ),
    slow=True,
    writes=True,
)
