"""Discord's documented payload limits, answered as 50035 "Invalid Form Body" errors."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.discord_api.answers import error
from tests.fakes.discord_api.protocol import COMPONENTS_V2, JSON, NAME_RE
from tests.fakes.discord_api.records import UploadedFile


class FormErrors:
    """Collects 50035 "Invalid Form Body" errors in Discord's nested layout."""

    def __init__(self) -> None:
        self.tree: JSON = {}

    def add(self, path: str, code: str, message: str) -> None:
        node = self.tree
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_len(self, path: str, value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def response(self) -> web.Response | None:
        if not self.tree:
            return None
        return error(400, "Invalid Form Body", 50035, self.tree)


class Validator:
    """The checks Discord makes on messages, commands and choices; ``enabled`` turns most off."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def check_message(
        self, body: JSON, files: list[UploadedFile], prefix: str = "", *, new: bool = False
    ) -> FormErrors:
        """Discord's documented limits; ``new`` also rejects an empty message (code 50006)."""
        errors = FormErrors()
        if not self.enabled:
            return errors
        p = prefix
        content = body.get("content")
        errors.max_len(f"{p}content", content, 2000)
        embeds = body.get("embeds") or []
        _check_embeds(errors, p, embeds)
        components = body.get("components") or []
        if not (body.get("flags") or 0) & COMPONENTS_V2:
            _check_action_rows(errors, p, components)
        has_body = (
            bool(content)
            or bool(embeds)
            or bool(components)
            or bool(files)
            or bool(body.get("sticker_ids"))
            or bool(body.get("poll"))
        )
        if new and not has_body and not errors.tree:
            errors.tree = {"__empty__": {}}
        return errors

    def message_error(
        self, body: JSON, files: list[UploadedFile], prefix: str = ""
    ) -> web.Response | None:
        """The answer to a new message Discord would refuse, or None."""
        errors = self.check_message(body, files, prefix, new=True)
        if "__empty__" in errors.tree:
            return error(400, "Cannot send an empty message", 50006)
        return errors.response()

    def check_commands(self, payload: Any) -> web.Response | None:
        """The answer to a bulk command overwrite Discord would refuse, or None."""
        errors = FormErrors()
        if not isinstance(payload, list):
            errors.add("_root", "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType.")
            return errors.response()
        if not self.enabled:
            return None
        seen: set[tuple[str, int]] = set()
        for i, cmd in enumerate(payload):
            ctype = cmd.get("type", 1)
            name = cmd.get("name") or ""
            if (name, ctype) in seen:
                errors.add(f"{i}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name")
            seen.add((name, ctype))
            if ctype == 1:
                if not NAME_RE.fullmatch(name) or name != name.lower():
                    errors.add(f"{i}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name")
                desc = cmd.get("description") or ""
                if not 1 <= len(desc) <= 100:
                    errors.add(
                        f"{i}.description", "BASE_TYPE_BAD_LENGTH", "Must be 1-100 in length."
                    )
                _check_options(errors, f"{i}.options", cmd.get("options") or [])
            elif not 1 <= len(name) <= 32:
                errors.add(
                    f"{i}.name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."
                )
        return errors.response()

    def check_choices(self, data: JSON) -> web.Response | None:
        """The answer to autocomplete choices Discord would refuse, or None."""
        errors = FormErrors()
        choices = data.get("choices")
        if not isinstance(choices, list):
            errors.add("data.choices", "BASE_TYPE_REQUIRED", "This field is required")
            return errors.response()
        if not self.enabled:
            return None
        if len(choices) > 25:
            errors.add("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for i, choice in enumerate(choices):
            name = choice.get("name") or ""
            if not 1 <= len(name) <= 100:
                errors.add(
                    f"data.choices.{i}.name", "BASE_TYPE_BAD_LENGTH", "Must be 1-100 in length."
                )
            errors.max_len(f"data.choices.{i}.value", choice.get("value"), 100)
        return errors.response()


def _check_embeds(errors: FormErrors, p: str, embeds: list[JSON]) -> None:
    if len(embeds) > 10:
        errors.add(f"{p}embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        e = f"{p}embeds.{i}."
        errors.max_len(e + "title", embed.get("title"), 256)
        errors.max_len(e + "description", embed.get("description"), 4096)
        errors.max_len(e + "footer.text", (embed.get("footer") or {}).get("text"), 2048)
        errors.max_len(e + "author.name", (embed.get("author") or {}).get("name"), 256)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.add(e + "fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, fld in enumerate(fields):
            errors.max_len(f"{e}fields.{j}.name", fld.get("name"), 256)
            errors.max_len(f"{e}fields.{j}.value", fld.get("value"), 1024)
            total += len(fld.get("name") or "") + len(fld.get("value") or "")
        total += sum(
            len(x or "")
            for x in (
                embed.get("title"),
                embed.get("description"),
                (embed.get("footer") or {}).get("text"),
                (embed.get("author") or {}).get("name"),
            )
        )
    if total > 6000:
        errors.add(
            f"{p}embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )


def _check_action_rows(errors: FormErrors, p: str, components: list[JSON]) -> None:
    if len(components) > 5:
        errors.add(f"{p}components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    for i, row in enumerate(components):
        inner = row.get("components") or []
        if len(inner) > 5:
            errors.add(
                f"{p}components.{i}.components",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 5 or fewer in length.",
            )
        for j, comp in enumerate(inner):
            c = f"{p}components.{i}.components.{j}."
            errors.max_len(c + "custom_id", comp.get("custom_id"), 100)
            errors.max_len(c + "label", comp.get("label"), 80)


def _check_options(errors: FormErrors, path: str, options: list[JSON]) -> None:
    if len(options) > 25:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    optional_seen = False
    for j, opt in enumerate(options):
        o = f"{path}.{j}"
        name = opt.get("name") or ""
        if not NAME_RE.fullmatch(name) or name != name.lower():
            errors.add(f"{o}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name")
        if not 1 <= len(opt.get("description") or "") <= 100:
            errors.add(f"{o}.description", "BASE_TYPE_BAD_LENGTH", "Must be 1-100 in length.")
        if len(opt.get("choices") or []) > 25:
            errors.add(f"{o}.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        if opt.get("type") in (1, 2):
            _check_options(errors, f"{o}.options", opt.get("options") or [])
        elif opt.get("required"):
            if optional_seen:
                errors.add(
                    o,
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be first",
                )
        else:
            optional_seen = True
