"""The ranked digest fits one message on Discord and on Slack, whole lines only."""

from __future__ import annotations

import datetime as dt

from bot.digest.compose import compose
from bot.fronts.discord.render import fits, render_digest
from bot.fronts.slack.render import BLOCKS_MAX, SECTION_MAX
from bot.fronts.slack.render import render_digest as slack_digest
from tests.factories import stored_event

DAY = dt.date(2025, 2, 18)


def _long_day(stories: int, words: int = 90):
    return [
        stored_event(
            i,
            " ".join(["word"] * words) + f" {i}.",
            actors=(f"Entity {i}",),
            file=f"{i}.txt",
            sources=("Reuters", "AP", "BBC", "DW"),
            url=f"https://example.org/{i}",
            section="Armed conflicts and attacks",
        )
        for i in range(stories)
    ]


def test_ten_long_stories_fit_discord_whole_with_credits_and_links():
    reply = compose(_long_day(40), None, max_stories=10)
    embed = render_digest(reply, DAY)
    assert fits(embed)
    text = "\n".join(f.value for f in embed.fields)
    # Every outlet by name: no "+2" hides one.
    assert text.count("• ") == 10 and "Reuters, AP, BBC, DW" in text and "+2" not in text
    assert "[read](https://example.org/" in text
    assert "and 30 more" in embed.footer.text


def test_twenty_five_long_stories_stay_whole_lines_on_both_fronts():
    reply = compose(_long_day(40, words=110), None, max_stories=25)
    embed = render_digest(reply, DAY)
    assert fits(embed)
    shown = sum(f.value.count("• ") for f in embed.fields)
    assert all(line.endswith(")") for f in embed.fields for line in f.value.split("\n"))
    assert f"and {40 - shown} more" in embed.footer.text
    slack = slack_digest(reply, DAY)
    assert len(slack.blocks) <= BLOCKS_MAX
    assert all(
        len(b["text"]["text"]) <= SECTION_MAX for b in slack.blocks if b["type"] == "section"
    )


def test_an_update_says_so_on_both_fronts():
    earlier = [
        stored_event(
            1,
            "Israeli strikes kill 40 in Gaza.",
            actors=("Israel",),
            places=("Gaza Strip",),
            when_start="2025-02-16",
            when_end="2025-02-16",
            published="2025-02-16",
        )
    ]
    now = [
        stored_event(
            2, "Israeli strikes kill 71 in Gaza.", ("Israel",), places=("Gaza Strip",), file="b.txt"
        )
    ]
    reply = compose(now, None, earlier=earlier)
    # It says what changed: the toll the channel saw and the new one.
    note = "update of 2025-02-16, killed now 71, was 40"
    assert note in render_digest(reply, DAY).fields[0].value
    assert note in slack_digest(reply, DAY).blocks[2]["text"]["text"]


def _one_heading_each(stories: int):
    return [
        stored_event(
            i,
            f"Story number {i} happens.",
            actors=(f"Entity {i}",),
            file=f"{i}.txt",
            section=f"Section {i}",
        )
        for i in range(stories)
    ]


def test_slack_out_of_blocks_counts_only_the_lines_it_shows():
    reply = compose(_one_heading_each(80), None, max_stories=80)
    message = slack_digest(reply, DAY)
    assert len(message.blocks) <= BLOCKS_MAX
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    shown = sum(text.count("• ") for text in sections)
    assert message.blocks[-1]["elements"][0]["text"].endswith(
        f"and {80 - shown} more: `/since 2025-02-17`"
    )


def test_discord_out_of_fields_counts_only_the_lines_it_shows():
    reply = compose(_one_heading_each(80), None, max_stories=80)
    embed = render_digest(reply, DAY)
    assert fits(embed)
    shown = sum(f.value.count("• ") for f in embed.fields)
    assert embed.footer.text.endswith(f"and {80 - shown} more: /since 2025-02-17")


def test_a_digest_says_its_period_its_lead_and_its_toll_on_every_front():
    from bot.fronts.console.render import render as console

    events = [
        stored_event(
            1,
            "President Ana Silva of Chile dies at 81.",
            actors=("Ana Silva",),
            file="a.txt",
            published="2025-03-03",
        ),
        stored_event(
            2,
            "At least 1,300 people are killed in clashes in Latakia, Syria.",
            actors=("Syria",),
            places=("Latakia",),
            file="b.txt",
            published="2025-03-05",
        ),
        stored_event(
            3,
            "Floods kill 16 in Bahía Blanca, Argentina.",
            actors=(),
            places=("Argentina", "Bahía Blanca"),
            file="c.txt",
            published="2025-03-09",
        ),
        stored_event(
            4,
            "Nine miners are killed when a gold mine collapses in Santa Cruz, Argentina.",
            actors=("Barrick",),
            places=("Argentina",),
            file="d.txt",
            published="2025-03-04",
        ),
    ]
    reply = compose(events, None)
    reply.start, reply.end = "2025-03-03", "2025-03-09"
    embed = render_digest(reply, DAY)
    slack = slack_digest(reply, DAY)
    text = console(reply)
    title = "Weekly briefing, 3–9 March 2025"
    assert embed.title == title and slack.blocks[0]["text"]["text"] == title
    assert text.startswith(title)
    summary = "Top story: At least 1,300 people are killed in clashes in Latakia, Syria."
    toll = "Reported killed: at least 1,325 in 3 stories (Latakia 1,300; Argentina 25)."
    for shown in (embed.description, slack.blocks[1]["text"]["text"], text):
        assert summary in shown and toll in shown
    reply.start = reply.end = "2025-01-20"
    assert render_digest(reply, DAY).title == "Daily briefing, Monday 20 January 2025"
