"""Who is calling: ``api.test``, ``auth.test``, ``apps.connections.open``, ``users.info``."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable

from tests.fakes.slack_api.methods.args import required
from tests.fakes.slack_api.records import JSON, RecordedRequest
from tests.fakes.slack_api.routing import Method
from tests.fakes.slack_api.validation import SlackError
from tests.fakes.slack_api.workspace import Workspace


class AuthMethods:
    """The methods a client calls to learn who it is and where Socket Mode lives."""

    def __init__(self, workspace: Workspace, socket_mode_url: Callable[[], str]) -> None:
        self.workspace = workspace
        self.socket_mode_url = socket_mode_url

    def methods(self) -> dict[str, Method]:
        return {
            "api.test": (self.api_test, "none"),
            "auth.test": (self.auth_test, "bot"),
            "apps.connections.open": (self.apps_connections_open, "app"),
            "users.info": (self.users_info, "bot"),
        }

    def api_test(self, rec: RecordedRequest) -> JSON:
        args = {k: v for k, v in rec.params.items() if k != "token"}
        if "error" in args:
            raise SlackError(str(args["error"]), args=args)
        return {"args": args} if args else {}

    def auth_test(self, rec: RecordedRequest) -> JSON:
        return {
            "url": f"https://{self.workspace.team_domain}.slack.com/",
            "team": self.workspace.team_domain.replace("-", " ").title(),
            "user": self.workspace.bot_name,
            "team_id": self.workspace.team_id,
            "user_id": self.workspace.bot_user_id,
            "bot_id": self.workspace.bot_id,
            "is_enterprise_install": False,
            **(
                {"enterprise_id": self.workspace.enterprise_id}
                if self.workspace.enterprise_id
                else {}
            ),
        }

    def apps_connections_open(self, rec: RecordedRequest) -> JSON:
        ticket = uuid.uuid4().hex
        return {"url": f"{self.socket_mode_url()}?ticket={ticket}&app_id={self.workspace.app_id}"}

    def users_info(self, rec: RecordedRequest) -> JSON:
        user_id = required(rec, "user", "user_not_found")
        user = self.workspace.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        return {"user": copy.deepcopy(user)}
