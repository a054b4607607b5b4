"""The Slack app manifest, generated from the command declarations."""

from __future__ import annotations

from typing import Any

from commands import Command, registry


def _slash_command(command: Command, url: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "command": f"/{command.name}",
        "description": command.description[:100],
        # Slack then sends channels as <#C123|name>, which the front reads back.
        "should_escape": True,
        "url": url,
    }
    hint = " ".join(f"<{p.name}>" if p.required else f"[{p.name}]" for p in command.params)
    if hint:
        entry["usage_hint"] = hint
    return entry


def build_manifest(
    name: str = "Briefing", url: str = "https://example.org/slack/events"
) -> dict[str, Any]:
    """A manifest for api.slack.com/apps ("From an app manifest"); Socket Mode on.

    For HTTP mode, turn Socket Mode off and set each command's and interactivity's URL
    to your server's /slack/events.
    """
    return {
        "display_information": {
            "name": name,
            "description": "News events from your documents, with evidence.",
        },
        "features": {
            "bot_user": {"display_name": name.lower(), "always_online": True},
            "slash_commands": [_slash_command(c, url) for c in registry().values()],
        },
        "oauth_config": {
            "scopes": {
                "bot": [
                    "commands",
                    "files:write",
                    "chat:write",
                    "channels:history",
                    "groups:history",
                    "users:read",
                ],
            }
        },
        "settings": {
            "interactivity": {"is_enabled": True, "request_url": url},
            "org_deploy_enabled": False,
            "socket_mode_enabled": True,
            "token_rotation_enabled": False,
        },
    }
