"""/mention: a role (Discord) or user group (Slack) attached to a follow, nothing broader;
and an alert carries the mentions of the follows it is about, only those."""

from __future__ import annotations

import pytest

from bot.digest.alerts import compose_alert
from bot.errors import BadInput, NotAllowed
from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env, stored_event

DISCORD = command_env(is_admin=True, front="discord", channel="discord:1")
SLACK = command_env(is_admin=True, front="slack", channel="slack:C1")


@pytest.fixture
def following(store):
    for channel in ("discord:1", "slack:C1"):
        store.follows.follow(channel, "Russia", NOW)
    return store


def test_a_role_or_group_is_attached_and_removed(following):
    said = run_line("/mention <@&1234567890> russia", following, NOW, DISCORD)
    assert (said.name, said.mention) == ("Russia", "discord-role:1234567890")
    assert following.follows.mentions("discord:1") == {"russia": "discord-role:1234567890"}
    said = run_line("/mention <!subteam^S0ONCALL|@oncall> Russia", following, NOW, SLACK)
    assert said.mention == "slack-group:S0ONCALL"
    assert run_line("/mention off Russia", following, NOW, DISCORD).mention is None
    assert following.follows.mentions("discord:1") == {}


@pytest.mark.parametrize(
    ("line", "env", "said"),
    [
        ("/mention @everyone Russia", DISCORD, "Give a role, like @oncall"),
        ("/mention @here Russia", DISCORD, "Give a role, like @oncall"),
        ("/mention <@1234567890> Russia", DISCORD, "Give a role"),  # a person
        ("/mention <!channel> Russia", SLACK, "Give a user group"),
        ("/mention <!here> Russia", SLACK, "Give a user group"),
        ("/mention <@U012345> Russia", SLACK, "Give a user group"),
        ("/mention <@&1234567890> Syria", DISCORD, "does not follow 'Syria'"),
        ("/mention <@&1234567890> Russia", command_env(is_admin=True), "Discord roles and Slack"),
    ],
)
def test_anything_broader_than_a_role_or_group_is_refused(following, line, env, said):
    with pytest.raises(BadInput) as caught:
        run_line(line, following, NOW, env)
    assert said in caught.value.message
    assert following.follows.mentions(env.channel) == {}


def test_members_may_not_attach_mentions(following):
    with pytest.raises(NotAllowed):
        run_line("/mention <@&1234567890> Russia", following, NOW, command_env(is_admin=False))


def test_an_alert_carries_the_mentions_of_its_follows_only():
    items = [
        ("Russia", stored_event(1, "Russia moved.")),
        ("Syria", stored_event(2, "Syria moved.")),
    ]
    attached = {"russia": "discord-role:1", "france": "discord-role:2"}
    reply = compose_alert("discord:1", "b1", items, mentions=attached)
    assert reply.mentions == ["discord-role:1"] and reply.mentioned("discord-role") == ["1"]
    assert compose_alert("discord:1", "b1", items[1:], mentions=attached).mentions == []


def test_a_role_is_attached_to_an_alert_rule_and_removed(following):
    from bot.store import FilterRule

    run_line(
        "/filter add alerts include section Armed conflicts and attacks", following, NOW, DISCORD
    )
    said = run_line(
        "/mention <@&1234567890> section armed conflicts and attacks", following, NOW, DISCORD
    )
    assert said.rule and said.line() == (
        "Alerts matching 'only section Armed conflicts and attacks' now mention the role"
        " 1234567890, and nobody else."
    )
    rule = FilterRule("alerts", "include", "section", "Armed conflicts and attacks")
    assert following.filters.mentioning("discord:1") == [(rule, "discord-role:1234567890")]
    run_line("/mention off section Armed conflicts and attacks", following, NOW, DISCORD)
    assert following.filters.mentioning("discord:1") == []
    with pytest.raises(BadInput) as refused:  # a digest rule, or none, has no alerts to ping
        run_line("/mention <@&1234567890> section Sports", following, NOW, DISCORD)
    assert "/filter add alerts include section Sports" in refused.value.message
