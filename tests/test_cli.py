"""The command-line contract, through the real entry point in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED_FILE, SEEDS

EVENT_KEYS = {
    "id",
    "when",
    "actors",
    "places",
    "action",
    "attribution",
    "sources",
    "sentence",
    "dates",
    "document",
}


def briefing(*args: str, cwd: Path | None = None, stdin: str | None = None, env=None):
    environment = {**os.environ, "LOG_LEVEL": "WARNING", **(env or {})}
    environment.pop("DISCORD_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd or REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "briefing.db"
    done = briefing("reload", "--seeds", str(SEEDS), "--db", str(path), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {
        "added",
        "updated",
        "removed",
        "unchanged",
        "documents",
        "events",
        "skipped",
        "warnings",
    }
    assert report["added"] == 1 and report["skipped"] == []
    return path


def test_ask_who_tartus_json_contract(db):
    done = briefing("ask", "/who Tartus", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert set(reply) == {
        "command", "query", "entity", "asked_as", "candidates", "suggestions", "actors",
        "sentences", "events", "total",
    }  # fmt: skip
    assert reply["entity"]["name"] == "Tartus" and reply["entity"]["kind"] == "place"
    assert reply["actors"][0] == {"name": "Russia", "events": 1}
    assert set(reply["events"][0]) == EVENT_KEYS
    assert reply["events"][0]["sentence"].startswith("The Kremlin is seeking")
    assert reply["total"] == len(reply["sentences"]) == len(reply["events"]) == 1


def test_ask_who_tartus_text_answers_russia_with_the_kremlin_sentence(db):
    done = briefing("ask", "/who Tartus", "--db", str(db))
    assert done.returncode == 0
    assert "Russia" in done.stdout and "The Kremlin is seeking continued access" in done.stdout


def test_ask_timeline_saves_the_chart_and_says_where(db, tmp_path):
    tmp = {"TMPDIR": str(tmp_path)}  # where the chart is saved (tempfile.gettempdir())
    reply = json.loads(
        briefing("ask", "/timeline Russia", "--db", str(db), "--json", env=tmp).stdout
    )
    saved = Path(reply["chart"])
    assert saved.parent == tmp_path / "briefing-charts" and saved.read_bytes()[:4] == b"\x89PNG"
    text = briefing("ask", "/timeline Russia", "--db", str(db), env=tmp).stdout
    assert f"Chart (events per week, by co-actor): {saved}" in text.splitlines()[1]
    listed = json.loads(briefing("ask", "/who Russia", "--db", str(db), "--json").stdout)
    assert "chart" not in listed


def test_ask_since_json_holds_every_match(db):
    reply = json.loads(briefing("ask", "/since 2025-01-01", "--db", str(db), "--json").stdout)
    assert set(reply) == {"command", "from", "sentences", "events", "total"}
    assert reply["from"] == "2025-01-01" and reply["total"] == len(reply["sentences"]) == 10
    # Every event of them too: some of the seed's sentences hold two.
    assert len(reply["events"]) == 14


@pytest.mark.parametrize("line", ["/since not-a-date", "/who", "/nope"])
def test_rejected_input_exits_1_with_an_error(db, line):
    done = briefing("ask", line, "--db", str(db), "--json")
    assert done.returncode == 1
    assert set(json.loads(done.stdout)) == {"error"}
    assert "Traceback" not in done.stderr


def test_unknown_entity_exits_0_with_null_entity(db):
    done = briefing("ask", "/who Atlantis", "--db", str(db), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["entity"] is None


def test_inspect_shows_dates_and_events_without_a_store(tmp_path):
    done = briefing("inspect", str(SEEDS / SEED_FILE), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert set(found) == {"document", "dates", "events"}
    assert {
        "text": "Dec. 30",
        "start": "2024-12-30",
        "end": "2024-12-30",
        "granularity": "day",
    } in found["dates"]
    assert all("id" not in e for e in found["events"])
    assert not list(tmp_path.iterdir()), "inspect must not create a store"


def test_inspect_missing_file_is_a_clear_error(tmp_path):
    done = briefing("inspect", str(tmp_path / "nope.txt"), "--json")
    assert done.returncode == 1 and "not a file" in json.loads(done.stdout)["error"]


def test_inspect_reads_a_jsonl_file_into_a_list_with_one_entry_per_line(tmp_path):
    lines = [
        {"date": "2025-02-10", "title": "Kyiv", "text": "Ukraine and Poland met in Kyiv."},
        {"date": "2025-02-30", "title": "bad", "text": "Russia moved."},
        {"date": "2025-02-12", "title": "Cairo", "text": "Egypt and Jordan met in Cairo."},
    ]
    seed = tmp_path / "news.jsonl"
    seed.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    done = briefing("inspect", str(seed), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert isinstance(found, list) and len(found) == 3
    first, bad, third = found
    assert set(first) == {"document", "dates", "events"}
    assert (first["document"]["file"], first["document"]["published"]) == (
        "news.jsonl#1",
        "2025-02-10",
    )
    assert first["document"]["title"] == "Kyiv"
    assert set(bad) == {"skipped"} and bad["skipped"]["file"] == "news.jsonl#2"
    assert "not a real date" in bad["skipped"]["reason"]
    assert (third["document"]["file"], third["document"]["published"]) == (
        "news.jsonl#3",
        "2025-02-12",
    )
    assert any("Cairo" in e["places"] for e in third["events"])
    text = briefing("inspect", str(seed), cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "news.jsonl#1: published 2025-02-10" in text.stdout
    assert "news.jsonl#2: skipped" in text.stdout


def test_inspect_reads_a_markdown_file_into_one_object(tmp_path):
    seed = tmp_path / "deal.md"
    seed.write_text(
        "---\ndate: 2025-02-17\ntitle: Deal in Damascus\n---\n# Russia and Syria\n\n"
        "Russia and **Syria** signed a deal in [Damascus](https://example.test/d) on Feb. 12.\n"
    )
    done = briefing("inspect", str(seed), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert set(found) == {"document", "dates", "events"}
    assert found["document"]["file"] == "deal.md"
    assert (found["document"]["published"], found["document"]["title"]) == (
        "2025-02-17",
        "Deal in Damascus",
    )
    assert found["document"]["paragraphs"] == 2
    assert {
        "text": "Feb. 12",
        "start": "2025-02-12",
        "end": "2025-02-12",
        "granularity": "day",
    } in found["dates"]
    assert any("Damascus" in e["places"] for e in found["events"])


def test_inspect_refuses_a_file_reload_would_skip_with_its_reason(tmp_path):
    seed = tmp_path / "future.txt"
    seed.write_text("date 2999-01-01\n\nRussia moved troops.\n")
    done = briefing("inspect", str(seed), "--json", cwd=tmp_path)
    assert done.returncode == 1 and "in the future" in json.loads(done.stdout)["error"]


def test_digest_json(db):
    done = briefing("digest", "--db", str(db), "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["command"] == "digest"


def test_run_console_loads_seeds_and_answers(tmp_path):
    done = briefing(
        "run",
        "--db",
        str(tmp_path / "b.db"),
        "--seeds",
        str(SEEDS),
        stdin="/who Tartus\n/since nonsense\n/quit\n",
    )
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout and "Ready." in done.stdout
    assert "Russia" in done.stdout and "The Kremlin is seeking" in done.stdout
    assert "Use a date like 2025-01-01" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_settings_come_from_the_environment(tmp_path, db):
    done = briefing("ask", "/who Tartus", "--json", env={"BRIEFING_DB": str(db)}, cwd=tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["entity"]["name"] == "Tartus"


def test_console_refuses_admin_commands_when_not_admin(tmp_path, db):
    done = briefing("ask", "/reload", "--db", str(db), "--json", env={"CONSOLE_ADMIN": "false"})
    assert done.returncode == 1 and "admins only" in json.loads(done.stdout)["error"]


def test_the_console_honours_reload_on_start_and_quits_with_words_after_quit(tmp_path):
    done = briefing(
        "run",
        "--db",
        str(tmp_path / "b.db"),
        "--seeds",
        str(SEEDS),
        stdin="/sources\n/quit now\n/who Tartus\n",
        env={"RELOAD_ON_START": "false"},
    )
    assert done.returncode == 0, done.stderr
    assert "added" not in done.stdout and "no documents yet" in done.stdout
    assert "no /quit command" not in done.stdout.lower()
    assert "Tartus" not in done.stdout, "the console left at /quit now"


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"DISCORD_SHARD_IDS": "0,1"}, "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_IDS": "2", "DISCORD_SHARD_COUNT": "2"}, "from 0 to 1"),
        ({"DIGEST_LEASE_SECONDS": "1"}, "DIGEST_LEASE_SECONDS='1': Input should be greater"),
        ({"DIGEST_TIMEZONE": "Mars/Olympus"}, "DIGEST_TIMEZONE='Mars/Olympus': use an IANA"),
        ({"DIGEST_TIME": "25:99"}, "DIGEST_TIME='25:99': use a 24-hour time"),
    ],
)
def test_a_setting_that_is_not_valid_is_named_without_a_traceback(tmp_path, env, says):
    done = briefing("ask", "/help", "--db", str(tmp_path / "b.db"), cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("briefing: settings not valid: ") and says in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "b.db").exists()


@pytest.mark.parametrize(
    "env",
    [{"DIGEST_TIMEZONE": "Mars/Olympus"}, {"DIGEST_TIME": "25:99"}, {"DIGEST_TIME": "24:00"}],
)
def test_run_does_not_start_with_a_bad_digest_setting(tmp_path, env):
    """`briefing run` stops before opening the store, with one line naming the setting."""
    done = briefing(
        "run",
        "--db",
        str(tmp_path / "b.db"),
        cwd=tmp_path,
        stdin="/quit\n",
        env={**env, "RELOAD_ON_START": "false"},
    )
    assert done.returncode == 1 and "Ready." not in done.stdout
    (line,) = done.stderr.splitlines()
    (key,) = env
    assert line.startswith(f"briefing: settings not valid: {key}={env[key]!r}: ")
    assert not (tmp_path / "b.db").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--from", "0001-01-01"), None),
        (("--from", "0001-01-01", "--to", "9999-12-31"), None),
        (("--from", "9999-12-31"), None),
        (("--to", "9999-12-31"), None),
        (("--from", "0000-12-31"), "Use a date like"),
        (("--from", "10000-01-01"), "Use a date like"),
        (("--from", "in 3 days"), "future"),
        (("--from", "-5 days ago"), "future"),
    ],
)
def test_digest_takes_the_whole_calendar_or_refuses_clearly(db, args, says):
    done = briefing("digest", "--db", str(db), "--json", *args)
    reply = json.loads(done.stdout)
    if says is None:
        assert done.returncode == 0, done.stderr
        assert reply["command"] == "digest"
    else:
        assert done.returncode == 1 and says in reply["error"], reply
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
