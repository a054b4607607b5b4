"""/follow in the console (open to its user) and the alert after a reload, once."""

from __future__ import annotations


def test_the_console_follows_and_hears_of_new_items_once(console):
    _, followed, listed = console("/follow the Kremlin", "/following")
    assert followed.startswith("This channel now follows Russia (country), asked as 'the Kremlin'")
    assert "Russia (country, " in listed
    (console.seeds / "001_envoy.txt").write_text(
        " date 2025-02-18\n\nRussia sent an envoy to Damascus on Tuesday.\n", "utf-8"
    )
    head, again = console("/reload")  # the start-up reload brings it: the alert follows
    assert "1 added" in head and "New about what this channel follows: 1 item" in head
    assert "Russia sent an envoy to Damascus" in head
    assert "Briefing alert" not in again
    head, _ = console("/following")  # a restart: nothing again
    assert "Briefing alert" not in head
    _, unfollowed, listed = console("/unfollow russia", "/following")
    assert unfollowed.startswith("This channel no longer follows Russia")
    assert listed == "This channel follows nothing yet: /follow <name> adds one."


def test_an_unknown_name_follows_nothing_and_suggests(console):
    _, answer = console("/follow Rusia")
    assert answer.startswith("No entity named 'Rusia'") and "Russia" in answer
