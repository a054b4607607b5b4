"""/feeds on Slack end to end (the real bolt app against the fake Slack), and a feed
notice posted to a channel: plain text, escaped, never a mention."""

from __future__ import annotations

import json

from bot.store import Store

CHANNEL = "C0FAKE0001"  # where the fake's slash commands come from
BBC = "https://feeds.bbci.co.uk/news/world/rss.xml?edition=int&kind=all"


def _text(payload: dict) -> str:
    return json.dumps(payload.get("blocks", []), ensure_ascii=False) + payload.get("text", "")


async def test_feeds_is_for_workspace_admins_and_reads_the_link_slack_sends(slack):
    await slack.start(feeds_fetch=False)  # the feed's address is never asked
    refused = await slack.answer("/feeds", "list")
    assert refused["response_type"] == "ephemeral" and "workspace admins only" in refused["text"]
    # Slack sends a link in angle brackets, its & escaped.
    typed = f"add <{BBC.replace('&', '&amp;')}> BBC World"
    added = await slack.answer("/feeds", typed, user=slack.fake.admin_user_id)
    assert added["response_type"] == "ephemeral"
    assert "Subscribed to 'BBC World'" in _text(added)
    listed = await slack.answer("/feeds", "list", user=slack.fake.admin_user_id)
    assert "BBC World — active, every 15m · not fetched yet" in _text(listed)
    with Store(slack.db) as store:
        feed = store.feeds.get("BBC World")
    assert (feed.url, feed.notify_channel) == (BBC, f"slack:{CHANNEL}")


async def test_a_notice_is_one_plain_message_with_no_mention(slack):
    await slack.start(feeds_fetch=False)
    poster = slack.runtime.alerts.posters["slack"]
    notice = "Feed '<!channel> <@U1> A&B' has failed since 2025-02-19 06:00 UTC: HTTP 500."
    ts = await poster.post_notice(f"slack:{CHANNEL}", notice)
    posted = slack.fake.message(CHANNEL, ts)
    assert "blocks" not in posted or not posted["blocks"]
    assert posted["text"] == (
        "Feed '&lt;!channel&gt; &lt;@U1&gt; A&amp;B' has failed since 2025-02-19 06:00 UTC:"
        " HTTP 500."
    )
