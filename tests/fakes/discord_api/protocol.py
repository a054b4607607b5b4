"""The Discord API enums, bits and limits the fake speaks (as Discord sends them)."""

from __future__ import annotations

import re
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1420070400000
API_PREFIX = "/api/v10"

# Permission bits as Discord sends them (decimal strings in payloads).
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
ALL_PERMISSIONS = (1 << 54) - 1
EVERYONE_PERMISSIONS = (
    (1 << 0)  # create instant invite
    | (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 18)  # use external emojis
    | (1 << 31)  # use application commands
    | (1 << 38)  # send messages in threads
)
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | (1 << 13)  # + manage messages

# Interaction types and callback types (Discord API enums).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CB_PONG, CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE_MESSAGE = 1, 4, 5, 6, 7
CB_AUTOCOMPLETE, CB_MODAL, CB_PREMIUM_REQUIRED, CB_LAUNCH_ACTIVITY = 8, 9, 10, 12

# Callback types Discord accepts for each interaction type.
VALID_CALLBACKS: dict[int, frozenset[int]] = {
    APPLICATION_COMMAND: frozenset(
        {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_MODAL, CB_PREMIUM_REQUIRED, CB_LAUNCH_ACTIVITY}
    ),
    MESSAGE_COMPONENT: frozenset(
        {
            CB_MESSAGE,
            CB_DEFERRED_MESSAGE,
            CB_DEFERRED_UPDATE,
            CB_UPDATE_MESSAGE,
            CB_MODAL,
            CB_PREMIUM_REQUIRED,
            CB_LAUNCH_ACTIVITY,
        }
    ),
    AUTOCOMPLETE: frozenset({CB_AUTOCOMPLETE}),
}

EPHEMERAL = 1 << 6
LOADING = 1 << 7
COMPONENTS_V2 = 1 << 15
# Flags a client may set when sending/editing a message.
SETTABLE_MESSAGE_FLAGS = (1 << 2) | EPHEMERAL | (1 << 12) | COMPONENTS_V2

# Gateway opcodes.
OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_PRESENCE, OP_VOICE_STATE = 0, 1, 2, 3, 4
OP_RESUME, OP_RECONNECT, OP_REQUEST_MEMBERS, OP_INVALID_SESSION = 6, 7, 8, 9
OP_HELLO, OP_HEARTBEAT_ACK = 10, 11

# Application command and option names.
NAME_RE = re.compile(r"^[-_'\w]{1,32}$")
