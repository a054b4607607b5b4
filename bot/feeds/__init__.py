"""Feeds: subscriptions fetched on a schedule, their items written into the seeds folder.

`cycle.fetch_due` fetches every feed that is due through one polite, bounded client
(`http`, checked by `guard`), reads its items (`parse`), keeps English ones (`language`),
writes each new or edited item as a seed file under feeds/<feed>/ and records the feed's
health in the store (store.feeds); the caller then runs the same incremental reload as
/reload. `notices` tells a feed's admins once when it fails or is paused, and once when
it recovers. docs/feeds.md is the user's guide.
"""
