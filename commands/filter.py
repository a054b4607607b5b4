"""/filter <action> [rule] (admin): what this channel's digest and alerts leave in or out.

A rule is `[digest|alerts] include|exclude <kind> <value>`: the kind is an entity (read
as /who reads a name, so "the Kremlin" means Russia), a section of the digest, a keyword
or phrase (whole words, any case, as /search matches them) or an outlet. Without
`digest` or `alerts` the rule is for both. A channel with include rules gets only what
matches one of them; exclude rules take out what matches any. `/filter list` shows the
rules, `/filter remove <rule>` takes one away. The rules are matched in the store's
queries (bot/store/filters.py); the digest's footer says them.

Alert rules belong to the channel they are typed in (where its follows are). Digest rules
belong to the digest they filter: the server's digest channel when it has one (as
/digest previews it), else the channel they are typed in.
"""

from __future__ import annotations

import datetime as dt

from bot.errors import BadInput
from bot.replies import FilterReply
from bot.seeds.sections import section_names
from bot.store import FilterRule, Store, described
from bot.store.filters import TARGETS
from commands import Command, Env, Param
from commands._names import resolve
from commands.digest import digest_channel

ACTIONS = ("add", "remove", "list")
MODES = {"include": "include", "only": "include", "exclude": "exclude", "not": "exclude"}
KINDS = {
    "entity": "entity",
    "section": "section",
    "keyword": "keyword",
    "phrase": "keyword",
    "outlet": "outlet",
}
MAX_VALUE_CHARS = 100
# A channel's rules, both targets: enough for a beat, few enough to read in a footer.
MAX_RULES = 40
USAGE = (
    "/filter add [digest|alerts] include|exclude entity|section|keyword|outlet <value>,"
    " e.g. /filter add exclude section Sports or /filter add alerts include entity Syria"
)


def channels(store: Store, env: Env) -> dict[str, str]:
    """The channel each target's rules belong to (see the module's text)."""
    return {"digest": digest_channel(store, env), "alerts": env.channel}


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> FilterReply:
    action = args["action"].strip().lower()
    typed = " ".join(args.get("rule", "").split())
    where = channels(store, env)
    if action == "list":
        return _reply(store, where, "list", _listing(store, where))
    if action not in ACTIONS:
        raise BadInput(
            f"/filter does not know '{action[:40]}': give one of {', '.join(ACTIONS)}: {USAGE}."
        )
    if not typed:
        raise BadInput(f"/filter {action} needs a rule: {USAGE}.")
    targets, mode, kind, value = _parse(typed)
    if action == "remove":
        return _remove(store, where, targets, mode, kind, value)
    value = _checked(store, kind, value)
    for target in targets:
        if len(store.filters.of(where[target], target)) >= MAX_RULES:
            raise BadInput(
                f"This {target} has {MAX_RULES} filter rules, the most it may: /filter remove"
                " one first (/filter list shows them)."
            )
    rules = [FilterRule(t, mode, kind, value) for t in targets]
    added = [r for r in rules if store.filters.add(where[r.target], r, now)]
    said = _said(rules, where)
    message = f"Added: {said}." if added else f"This channel has that rule already: {said}."
    return _reply(store, where, "add", message)


def _parse(typed: str) -> tuple[tuple[str, ...], str, str, str]:
    """(targets, mode, kind, value) of a typed rule, or BadInput saying what is accepted."""
    words = typed.split(" ")
    targets: tuple[str, ...] = TARGETS
    if words[0].lower() in TARGETS:
        targets = (words.pop(0).lower(),)
    if len(words) < 3:
        raise BadInput(f"A rule needs include or exclude, a kind and a value: {USAGE}.")
    mode = MODES.get(words[0].lower())
    if mode is None:
        raise BadInput(f"Say include or exclude before the kind, not '{words[0][:40]}': {USAGE}.")
    kind = KINDS.get(words[1].lower().removesuffix("s"))
    if kind is None:
        raise BadInput(
            f"'{words[1][:40]}' is not a kind of rule: give entity, section, keyword or"
            f" outlet. {USAGE}."
        )
    value = " ".join(words[2:]).strip().strip("\"“”'")
    return targets, mode, kind, value


def _checked(store: Store, kind: str, value: str) -> str:
    """The value as the rule keeps it, or BadInput saying what is accepted."""
    if not value or not any(c.isalnum() for c in value):
        raise BadInput(f"Give the {kind} the rule is about, e.g. {USAGE.split(', e.g. ')[1]}.")
    if len(value) > MAX_VALUE_CHARS:
        raise BadInput(
            f"Keep a rule's {kind} under {MAX_VALUE_CHARS} characters (a name, a section,"
            " a keyword or a short phrase)."
        )
    if kind == "section":
        names = section_names()
        found = next((n for n in names if n.lower() == value.lower()), None)
        if found is None:
            raise BadInput(
                f"'{value}' is not a section of the digest: give one of {', '.join(names)}."
            )
        return found
    if kind == "entity":
        found = resolve(store, value, pick=False)
        if found.entity is not None:
            return found.entity.name
        close = [c.name for c in found.candidates] or found.suggestions
        hint = f" Did you mean: {', '.join(close[:5])}?" if close else ""
        raise BadInput(f"No place, person or organisation in the store is named '{value}'.{hint}")
    return value


def _remove(
    store: Store,
    where: dict[str, str],
    targets: tuple[str, ...],
    mode: str,
    kind: str,
    value: str,
) -> FilterReply:
    names = [value]
    if kind == "entity" and (found := resolve(store, value, pick=False).entity) is not None:
        names.append(found.name)  # as typed (a name gone from the store), else as resolved
    wanted = {name.lower() for name in names}
    # The rules as kept (their value as added, whatever the case typed now).
    rules = [
        r
        for t in targets
        for r in store.filters.of(where[t], t)
        if (r.mode, r.kind) == (mode, kind) and r.value.lower() in wanted
    ]
    if removed := [r for r in rules if store.filters.remove(where[r.target], r)]:
        return _reply(store, where, "remove", f"Removed: {_said(removed, where)}.")
    raise BadInput(
        f"This channel has no rule '{' '.join([mode, kind, value])}': /filter list shows its rules."
    )


def _said(rules: list[FilterRule], where: dict[str, str]) -> str:
    """The rule and what it is for: "(digest and alerts)", "(the digest of <channel>)"
    when the server's digest goes to another channel."""
    targets = list(dict.fromkeys(r.target for r in rules))
    named = [
        f"the digest of {_channel_name(where[t])}"
        if t == "digest" and where["digest"] != where["alerts"]
        else t
        for t in targets
    ]
    return f"{rules[0].label()} ({' and '.join(named)})"


def _channel_name(channel: str) -> str:
    """A stored channel as chat shows it: discord:123 as <#123>, slack:C1 as <#C1>."""
    front, _, name = channel.partition(":")
    return f"<#{name}>" if front in ("discord", "slack") and name.isalnum() else name


def _listing(store: Store, where: dict[str, str]) -> str:
    if not any(store.filters.of(c, t) for t, c in where.items()):
        return "This channel has no filter: its digest and alerts carry everything."
    return "This channel's filter:"


def _reply(store: Store, where: dict[str, str], action: str, message: str) -> FilterReply:
    return FilterReply(
        action,
        message,
        digest=described(store.filters.of(where["digest"], "digest")),
        alerts=described(store.filters.of(where["alerts"], "alerts")),
    )


COMMAND = Command(
    name="filter",
    description="What this channel's digest and alerts leave in or out: add, remove, list.",
    handler=handle,
    params=(
        Param("action", "add, remove or list"),
        Param(
            "rule",
            "[digest|alerts] include|exclude entity|section|keyword|outlet <value>",
            required=False,
        ),
    ),
    admin=True,
    examples=(
        "/filter add exclude section Sports",
        "/filter add alerts include entity Syria",
        "/filter list",
    ),
    slow=True,
    writes=True,
)
