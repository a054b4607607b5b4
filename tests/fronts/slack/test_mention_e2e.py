"""/mention on Slack end to end: an alert about a follow with a user group attached
mentions that group first, and an alert about another follow mentions nobody."""

from __future__ import annotations

import json

GROUP = "S0ONCALL1"


def _alert_posts(slack) -> list[dict]:
    return [
        r.params
        for r in slack.fake.requests
        if r.method == "chat.postMessage" and "Briefing alert" in (r.params.get("text") or "")
    ]


async def test_an_alert_mentions_the_group_of_its_follow_and_no_one_else(slack_news):
    slack = slack_news
    admin = slack.fake.admin_user_id
    await slack.start()
    await slack.answer("/follow", "Russia", user=admin)
    await slack.answer("/follow", "Syria", user=admin)
    said = await slack.answer("/mention", f"<!subteam^{GROUP}|@oncall> Russia", user=admin)
    assert f"now mention the group {GROUP}, and nobody else" in said["text"]
    assert "<!subteam" not in json.dumps(said)  # the answer itself pings nobody
    refused = await slack.answer("/mention", "<!channel> Russia", user=admin)
    assert "Give a user group, like @oncall" in refused["text"]
    slack.add_news("001_envoy.txt", "Russia sent an envoy to Damascus on Tuesday.")
    await slack.answer("/reload", user=admin)
    (posted,) = _alert_posts(slack)
    assert posted["text"].startswith(f"<!subteam^{GROUP}> ")
    blocks = json.loads(posted["blocks"]) if isinstance(posted["blocks"], str) else posted["blocks"]
    assert blocks[0]["text"]["text"] == f"<!subteam^{GROUP}>"
    slack.add_news("002_syria.txt", "Syria held talks with <!channel> in Damascus on Tuesday.")
    await slack.answer("/reload", user=admin)
    _, other = _alert_posts(slack)
    assert "<!subteam" not in json.dumps(other) and "<!channel>" not in json.dumps(other)
