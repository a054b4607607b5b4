"""Whatever a user types, a command answers or says what is accepted: never a crash."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import BriefingError
from bot.fronts.console.render import render
from bot.fronts.discord.render import fits
from bot.fronts.discord.render import render as render_discord
from bot.fronts.slack.render import message_fits
from bot.fronts.slack.render import render as render_slack
from commands import Env, registry, run_line
from tests.conftest import SEEDS

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "'; DROP TABLE events; --",
        '"',
        "*",
        "NEAR(",
        "OR",
        "@everyone",
        "<@123456789012345678>",
        "🙂",
        "שלום",
        "x" * 10_000,
        "%",
        "_",
        "\\",
        "9999-12-31",
        "0001-01-01",
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=300))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(sorted(registry())), text=TEXT)
def test_any_argument_gets_a_reply_or_a_clear_error(seed_store, name, text):
    env = Env(seeds=SEEDS, page_size=10)  # not admin: /reload is refused, never run
    now = dt.datetime(2025, 2, 18, tzinfo=dt.UTC)
    try:
        reply = run_line(f"/{name} {text}", seed_store, now, env)
    except BriefingError as exc:
        assert exc.message and "Traceback" not in exc.message
        assert "sqlite" not in exc.message.lower()
        return
    assert render(reply)
    page = render_discord(reply, 0, today=now.date())
    assert fits(page.embed)
    assert "@everyone" not in str(page.embed.to_dict()) and "<@123456789012345678>" not in str(
        page.embed.to_dict()
    )
    slack = render_slack(reply, 0, today=now.date())
    assert message_fits(slack) and "<!everyone>" not in str(slack.blocks)
    assert seed_store.aggregates.counts()["documents"] == 1
