"""Walking the seeds folder: links, loops, FIFOs, sockets and unreadable files are
skipped with a reason, never followed out of the folder, never opened when they would block."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from bot.seeds import FolderRead, read_folder, read_seed_bytes, scan_seeds
from bot.seeds.reader import FolderScan

GOOD = "date 2025-02-10\n\nUkraine and Poland met in Kyiv.\n"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A seeds folder holding one good seed, good.txt."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    return folder


def _reasons(folder: Path) -> dict[str, str]:
    scan = scan_seeds(folder)
    assert [p.name for p in scan.seeds] == ["good.txt"]
    return dict(scan.skipped)


def _read_reasons(folder: FolderRead) -> dict[str, str]:
    return {bad.file: bad.reason for bad in folder.skipped}


def test_two_links_pointing_at_each_other_are_skipped_as_a_loop(seeds):
    os.symlink(seeds / "b.txt", seeds / "a.txt")
    os.symlink(seeds / "a.txt", seeds / "b.txt")
    reasons = _reasons(seeds)
    assert "loop" in reasons["a.txt"] and "loop" in reasons["b.txt"]


def test_a_link_to_itself_is_a_loop(seeds):
    os.symlink("self.txt", seeds / "self.txt")
    assert "loop" in _reasons(seeds)["self.txt"]


@pytest.mark.parametrize("target", ["..", "../..", "/"])
def test_a_folder_link_out_of_the_folder_is_skipped(seeds, target):
    os.symlink(target, seeds / "up")
    assert "outside the seeds folder" in _reasons(seeds)["up"]


def test_a_folder_link_to_the_folder_itself_is_skipped_as_a_folder(seeds):
    os.symlink(".", seeds / "here")
    assert "folder" in _reasons(seeds)["here"]


def test_a_link_to_a_system_file_is_skipped(seeds):
    os.symlink("/etc/passwd", seeds / "passwd.txt")
    os.symlink("/etc", seeds / "etc.txt")
    reasons = _reasons(seeds)
    assert "outside the seeds folder" in reasons["passwd.txt"]
    assert "outside the seeds folder" in reasons["etc.txt"]


def test_a_dangling_link_is_skipped_as_broken(seeds):
    os.symlink(seeds / "gone.txt", seeds / "dangling.txt")
    assert "broken link" in _reasons(seeds)["dangling.txt"]


def test_a_link_to_another_seed_of_the_folder_is_read_once(seeds):
    os.symlink("good.txt", seeds / "again.txt")
    assert "good.txt" in _reasons(seeds)["again.txt"]


def test_a_link_to_a_file_in_a_subfolder_is_read_and_a_second_link_to_it_is_not(seeds):
    (seeds / "sub").mkdir()
    (seeds / "sub" / "inner.txt").write_text(GOOD)
    os.symlink("sub/inner.txt", seeds / "a.txt")
    os.symlink("sub/inner.txt", seeds / "b.txt")
    scan = scan_seeds(seeds)
    assert [p.name for p in scan.seeds] == ["a.txt", "good.txt"]
    assert "a.txt" in dict(scan.skipped)["b.txt"]


@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl", "pipe.xml", "pipe.md"])
def test_a_fifo_is_skipped_without_being_opened(seeds, name):
    os.mkfifo(seeds / name)  # opening it to read would block for ever
    assert "not a regular file" in _reasons(seeds)[name]
    folder = read_folder(seeds)
    assert [d.file for d in folder.documents] == ["good.txt"]


def test_a_link_to_a_fifo_inside_the_folder_is_skipped(seeds):
    (seeds / "sub").mkdir()
    os.mkfifo(seeds / "sub" / "pipe")
    os.symlink("sub/pipe", seeds / "pipe.txt")
    assert "not a regular file" in _reasons(seeds)["pipe.txt"]


def test_a_socket_is_skipped(seeds, tmp_path):
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(seeds / "sock.txt"))
        assert "not a regular file" in _reasons(seeds)["sock.txt"]


def test_reading_a_fifo_that_replaced_a_file_after_the_scan_does_not_block(seeds):
    os.mkfifo(seeds / "late.txt")
    with pytest.raises(Exception, match="not a regular file"):
        read_seed_bytes(seeds / "late.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_an_unreadable_file_is_skipped_with_the_reason(seeds):
    (seeds / "locked.txt").write_text(GOOD)
    (seeds / "locked.txt").chmod(0)
    folder = read_folder(seeds)
    assert [d.file for d in folder.documents] == ["good.txt"]
    assert "Permission denied" in _read_reasons(folder)["locked.txt"]


def test_a_file_that_vanishes_after_the_scan_is_skipped(seeds, monkeypatch):
    (seeds / "gone.txt").write_text(GOOD)
    listed = scan_seeds(seeds)
    (seeds / "gone.txt").unlink()
    monkeypatch.setattr("bot.seeds.reader.scan_seeds", lambda folder, ignore=(): listed)
    folder = read_folder(seeds)
    assert [d.file for d in folder.documents] == ["good.txt"]
    assert "cannot be read" in _read_reasons(folder)["gone.txt"]


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_printable_name(seeds):
    os.close(os.open(os.fsencode(seeds) + b"/bad\xff.txt", os.O_CREAT | os.O_WRONLY))
    scan = scan_seeds(seeds)
    assert [p.name for p in scan.seeds] == ["good.txt"]
    ((name, reason),) = scan.skipped
    name.encode("utf-8")
    assert name == "bad\ufffd.txt" and "UTF-8" in reason


def test_a_folder_of_many_bad_entries_reports_a_bounded_list_and_the_count(seeds):
    for n in range(300):
        (seeds / f".hidden{n}").touch()
    scan = scan_seeds(seeds)
    assert len(scan.skipped) <= FolderScan.EXAMPLES + 1
    assert scan.skipped_count == 300 and "250 more" in scan.skipped[-1][1]
    folder = read_folder(seeds)
    assert len(folder.skipped) == FolderScan.EXAMPLES + 1
    assert sum(bad.count for bad in folder.skipped) == 300
