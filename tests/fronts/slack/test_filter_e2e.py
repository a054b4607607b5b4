"""/filter on Slack end to end (the real bolt app against the fake Slack): admins only,
the rule kept for the channel it was typed in, that channel's /digest saying it."""

from __future__ import annotations

import json

from bot.store import FilterRule, Store

CHANNEL = "C0FAKE0001"  # where the fake's slash commands come from


def _text(payload: dict) -> str:
    return json.dumps(payload.get("blocks", []), ensure_ascii=False) + payload.get("text", "")


async def test_filter_is_for_workspace_admins_and_the_digest_says_it(slack):
    await slack.start(feeds_fetch=False)
    refused = await slack.answer("/filter", "add exclude section Sports")
    assert refused["response_type"] == "ephemeral" and "workspace admins only" in refused["text"]
    admin = slack.fake.admin_user_id
    added = await slack.answer("/filter", "add digest exclude keyword Tartus", user=admin)
    assert "Added: not keyword “Tartus” (digest)." in _text(added)
    with Store(slack.db) as store:
        kept = store.filters.of(f"slack:{CHANNEL}")
    assert kept == [FilterRule("digest", "exclude", "keyword", "Tartus")]
    digest = _text(await slack.answer("/digest", "", user=admin))
    assert "filtered: not keyword “Tartus”" in digest
    assert "Tartus" not in digest.replace("“Tartus”", "")
