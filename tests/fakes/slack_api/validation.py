"""Slack's Block Kit and message checks, answered as ``{"ok": false, "error": ...}``."""

from __future__ import annotations

from typing import Any

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_MARKDOWN_BLOCK_TEXT = 12000
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BLOCK_ID = 255
MAX_MESSAGE_TEXT = 40000


class SlackError(Exception):
    """Raised inside a method handler to answer ``{"ok": false, "error": code, **extra}``."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


def _text_object_errors(
    obj: Any, where: str, *, max_len: int, plain_only: bool = False
) -> list[str]:
    if not isinstance(obj, dict):
        return [f"must be a text object [json-pointer:{where}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    errors = []
    if obj.get("type") not in allowed:
        errors.append(f"must be one of {list(allowed)} [json-pointer:{where}/type]")
    text = obj.get("text")
    if not isinstance(text, str):
        errors.append(f"missing required field: text [json-pointer:{where}]")
    elif not text:
        errors.append(f"must be more than 0 characters [json-pointer:{where}/text]")
    elif len(text) > max_len:
        errors.append(f"must be less than {max_len + 1} characters [json-pointer:{where}/text]")
    return errors


def block_errors(blocks: Any) -> list[str]:
    """Slack's Block Kit checks the fake enforces (empty list: the blocks are accepted).

    Enforced: a list of at most 50 objects with a string ``type``; ``block_id`` a string of at
    most 255 characters, unique in the message; section ``text`` 1-3000 characters, at most 10
    ``fields`` of at most 2000; section needs text or fields; header plain_text 1-150; markdown
    block text at most 12000; context 1-10 elements; actions 1-25 elements. Other block types
    and element contents are accepted as they are.
    """
    if not isinstance(blocks, list):
        return ["must be an array [json-pointer:/blocks]"]
    errors: list[str] = []
    if len(blocks) > MAX_BLOCKS:
        errors.append(f"no more than {MAX_BLOCKS} items allowed [json-pointer:/blocks]")
    seen_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"/blocks/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            errors.append(f"missing required field: type [json-pointer:{where}]")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id or len(block_id) > MAX_BLOCK_ID:
                errors.append(f"invalid block_id [json-pointer:{where}/block_id]")
            elif block_id in seen_ids:
                errors.append(f"duplicate block_id {block_id!r} [json-pointer:{where}/block_id]")
            else:
                seen_ids.add(block_id)
        kind = block["type"]
        if kind == "section":
            has_text = "text" in block and block["text"] is not None
            fields = block.get("fields")
            if not has_text and not fields:
                errors.append(f"must provide text or fields [json-pointer:{where}]")
            if has_text:
                errors += _text_object_errors(
                    block["text"], f"{where}/text", max_len=MAX_SECTION_TEXT
                )
            if fields is not None:
                if not isinstance(fields, list) or len(fields) > MAX_SECTION_FIELDS:
                    errors.append(
                        f"no more than {MAX_SECTION_FIELDS} items allowed "
                        f"[json-pointer:{where}/fields]"
                    )
                else:
                    for j, item in enumerate(fields):
                        errors += _text_object_errors(
                            item, f"{where}/fields/{j}", max_len=MAX_FIELD_TEXT
                        )
        elif kind == "header":
            errors += _text_object_errors(
                block.get("text"), f"{where}/text", max_len=MAX_HEADER_TEXT, plain_only=True
            )
        elif kind == "markdown":
            text = block.get("text")
            if not isinstance(text, str) or not text or len(text) > MAX_MARKDOWN_BLOCK_TEXT:
                errors.append(f"invalid markdown text [json-pointer:{where}/text]")
        elif kind in ("context", "actions"):
            limit = MAX_CONTEXT_ELEMENTS if kind == "context" else MAX_ACTIONS_ELEMENTS
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements or len(elements) > limit:
                errors.append(
                    f"must have between 1 and {limit} items [json-pointer:{where}/elements]"
                )
    return errors


def message_content_error(
    text: Any, blocks: Any, attachments: Any, markdown_text: Any = None
) -> SlackError | None:
    """The error Slack gives for a message's text/blocks, or None if it is accepted."""
    if blocks is not None:
        errors = block_errors(blocks)
        if errors:
            return SlackError(
                "invalid_blocks", errors=errors, response_metadata={"messages": errors}
            )
    if text is not None and not isinstance(text, str):
        text = str(text)
    if text is not None and len(text) > MAX_MESSAGE_TEXT:
        return SlackError("msg_too_long")
    has_content = bool(text) or bool(blocks) or bool(attachments) or bool(markdown_text)
    if not has_content:
        return SlackError("no_text")
    return None
