"""A loopback fake of Slack's Web API, response_url endpoints and Socket Mode.

The fake is an aiohttp server bound to 127.0.0.1 (port 0). The real slack_sdk / slack_bolt
clients talk to it once pointed at it::

    client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_base)
    app = AsyncApp(client=client, signing_secret="...")         # token comes from the client
    handler = AsyncSocketModeHandler(app, fake.app_token)      # uses app.client for
    await handler.connect_async()                              # apps.connections.open

``apps.connections.open`` hands out ``ws://127.0.0.1:PORT/socket-mode?...``, so Socket Mode needs
no other knob. Bolt's ``respond()`` posts to whatever ``response_url`` the payload carries: build
payloads with :meth:`FakeSlack.slash_command_form` / :meth:`FakeSlack.block_action_payload` (or
put :meth:`FakeSlack.response_url` in them) and those POSTs land here too.

Shapes follow slack_sdk 3.48 / slack_bolt 1.30 sources (web/async_internal_utils.py,
http_retry/, socket_mode/aiohttp/, adapter/socket_mode/async_internals.py, context/respond/):

* Web API: ``POST|GET /api/<method>``; arguments may come in the query string (slack_sdk's
  ``params=``, used by ``auth.test``, ``users.info``, ``conversations.history``,
  ``apps.connections.open``), a form body or a JSON body; they are merged. The token is read
  from ``Authorization: Bearer`` (or a ``token`` argument, which Slack also accepts, except for
  ``apps.connections.open``). Answers are HTTP 200 ``{"ok": ...}``; only :meth:`rate_limit`
  answers 429 with ``Retry-After``.
* response_url: ``POST /response/<id>`` with a JSON body. Success is HTTP 200 ``{"ok": true}``;
  a rejected payload is HTTP 400 ``{"ok": false, "error": ...}``; an unknown id is HTTP 404
  ``expired_url``. (slack_bolt's ``respond()`` never raises on these: it returns a
  ``WebhookResponse`` whose ``status_code`` the caller has to check.)
* Socket Mode: ``/socket-mode``; the server sends ``hello`` first, envelopes later, and records
  the ``{"envelope_id", "payload"?}`` acks the client sends back. PING frames are answered with
  a PONG echoing the data (the SDK's ``sdk-ping-pong:<time>`` stale-connection check needs it).

Everything the clients send is recorded (:class:`RecordedRequest`, :attr:`FakeSlack.acks`);
tests wait with :meth:`FakeSlack.wait_for` and friends, which wake on every new request, ack
or connection change, instead of sleeping. Close the Socket Mode handler before stopping the
fake, or slack_sdk will keep trying to reconnect to a closed port.
"""

from tests.fakes.slack_api.encoding import form_encode, sign, ts_key
from tests.fakes.slack_api.records import JSON, RecordedRequest, ResponseUrl
from tests.fakes.slack_api.server import FakeSlack
from tests.fakes.slack_api.validation import SlackError, block_errors

__all__ = [
    "JSON",
    "FakeSlack",
    "RecordedRequest",
    "ResponseUrl",
    "SlackError",
    "block_errors",
    "form_encode",
    "sign",
    "ts_key",
]
