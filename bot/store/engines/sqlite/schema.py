"""The SQLite schema: numbered migrations (sqlite-utils' `Migrations`), each applied once
when a store is opened (connection.py), and the check of a newer Briefing's store."""

from __future__ import annotations

from functools import cache

from sqlite_utils import Database, Migrations

from bot import __version__

migrations = Migrations("briefing")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL,
            title TEXT, source TEXT, url TEXT,
            published TEXT NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_sha256 ON documents (sha256);
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            kind TEXT NOT NULL
        );
        CREATE TABLE aliases (
            alias TEXT NOT NULL COLLATE NOCASE,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            PRIMARY KEY (alias, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX aliases_entity ON aliases (entity_id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            paragraph INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            action TEXT NOT NULL,
            attribution TEXT,
            when_start TEXT NOT NULL,
            when_end TEXT NOT NULL,
            granularity TEXT NOT NULL,
            when_text TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX events_when ON events (when_end, when_start, id);
        CREATE INDEX events_document ON events (document_id);
        CREATE INDEX events_ingested ON events (ingested_at);
        CREATE TABLE event_entities (
            event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('actor', 'place')),
            position INTEGER NOT NULL,
            PRIMARY KEY (event_id, role, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_entities_entity ON event_entities (entity_id, event_id);
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE digests (
            channel TEXT NOT NULL,
            digest_date TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            posted_at TEXT,
            message_id TEXT,
            PRIMARY KEY (channel, digest_date)
        );
        """
    )
    db["events"].enable_fts(["sentence"], create_triggers=True, tokenize="porter")


@migrations()
def m002_digest_channels(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE digest_channels (
            channel TEXT PRIMARY KEY,
            guild TEXT,
            time TEXT NOT NULL,
            timezone TEXT NOT NULL,
            skip_empty INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX digest_channels_guild ON digest_channels (guild)
            WHERE guild IS NOT NULL;
        """
    )


@migrations()
def m003_query_indexes(db: Database) -> None:
    """Indexes for the chat queries on a large store (see docs/scaling.md)."""
    db.executescript(
        """
        -- The sort key of an event by id: /who ranks an entity's events newest first by
        -- reading this small index instead of every matching row of the wide events table.
        CREATE INDEX events_id_when ON events (id, when_end, when_start);
        """
    )


@migrations()
def m004_name_keys(db: Database) -> None:
    """The lookup index: each entity's names as people type them, and its event count.

    The keys are built from what the store holds by m005, once the lexicon's aliases have
    their table too, so existing stores answer by surname and acronym at once.
    """
    db.executescript(
        """
        -- Normalised forms of an entity's names: 'name' and 'alias' (whole), 'surname'
        -- (a person's last word), 'acronym' (initials of a multi-word name), 'word'.
        CREATE TABLE name_keys (
            rule TEXT NOT NULL CHECK (rule IN ('name', 'alias', 'surname', 'acronym', 'word')),
            key TEXT NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            PRIMARY KEY (rule, key, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX name_keys_entity ON name_keys (entity_id, rule, key);
        -- How many events each entity has (links until m012): candidates and autocomplete
        -- rank by it, and /who reads its total.
        CREATE TABLE entity_ranks (
            entity_id INTEGER PRIMARY KEY REFERENCES entities (id) ON DELETE CASCADE,
            events INTEGER NOT NULL
        );
        CREATE INDEX entity_ranks_events ON entity_ranks (events, entity_id);
        """
    )


@migrations()
def m005_known_aliases(db: Database) -> None:
    """The aliases the packaged and seeds' lexicon knows, by the name they stand for,
    replaced at every reload that extracts; the lookup index reads them by name."""
    db.executescript(
        """
        CREATE TABLE known_aliases (
            alias TEXT NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (alias, name)
        ) WITHOUT ROWID;
        CREATE INDEX known_aliases_name ON known_aliases (name);
        """
    )
    from bot.store.keys import index_entities  # the one code that builds the keys

    index_entities(db, completions=False)  # autocomplete's table comes with m019


@migrations()
def m006_reload_history(db: Database) -> None:
    """What lets a reload answer like a clean one: the kind each link gave its entity
    (an entity's kind is the most common over its links), and the documents each learned
    alias came from (an alias goes with the last of them). Aliases already stored are
    taken as coming from every document of their entity."""
    db.executescript(
        """
        ALTER TABLE event_entities ADD COLUMN kind TEXT;
        UPDATE event_entities SET kind =
            (SELECT e.kind FROM entities e WHERE e.id = event_entities.entity_id);
        CREATE TABLE alias_sources (
            alias TEXT NOT NULL COLLATE NOCASE,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            PRIMARY KEY (document_id, entity_id, alias)
        ) WITHOUT ROWID;
        CREATE INDEX alias_sources_entity ON alias_sources (entity_id, alias);
        INSERT OR IGNORE INTO alias_sources (alias, entity_id, document_id)
            SELECT DISTINCT a.alias, a.entity_id, ev.document_id FROM aliases a
            JOIN event_entities ee ON ee.entity_id = a.entity_id
            JOIN events ev ON ev.id = ee.event_id;
        """
    )


@migrations()
def m007_event_sources(db: Database) -> None:
    """Every outlet an event is credited to (a JSON list; before, only its first, in
    `attribution`, which stays) and the section heading of its paragraph."""
    db.executescript(
        """
        ALTER TABLE events ADD COLUMN sources TEXT;
        ALTER TABLE events ADD COLUMN section TEXT;
        UPDATE events SET sources = json_array(attribution) WHERE attribution IS NOT NULL;
        """
    )


@migrations()
def m008_follows(db: Database) -> None:
    """Follow lists per channel, the alert ledger, and each digest channel's rhythm."""
    db.executescript(
        """
        -- The entities a channel follows, by name: an entity's id may change when its
        -- last event goes and a later reload brings it back.
        CREATE TABLE follows (
            channel TEXT NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            followed_at TEXT NOT NULL,
            PRIMARY KEY (channel, name)
        ) WITHOUT ROWID;
        -- Each item (a document's sentence, stable across re-extraction) a channel was
        -- alerted of, claimed once by one alert message (`batch`), then marked posted.
        -- Items already in the store when an entity was followed are recorded as known
        -- (batch '', posted at the follow), so they never alert.
        CREATE TABLE alerts (
            channel TEXT NOT NULL,
            file TEXT NOT NULL,
            sentence TEXT NOT NULL,
            entity TEXT NOT NULL,
            batch TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            posted_at TEXT,
            message_id TEXT,
            PRIMARY KEY (channel, file, sentence)
        ) WITHOUT ROWID;
        CREATE INDEX alerts_batch ON alerts (channel, batch);
        -- 'daily', or 'weekly <day>' (monday .. sunday).
        ALTER TABLE digest_channels ADD COLUMN rhythm TEXT NOT NULL DEFAULT 'daily';
        """
    )


@migrations()
def m009_requests(db: Database) -> None:
    """Requests a chat process files for the ingest service (`briefing ingest`), which
    claims each once, runs it and stores its result for the asker to read."""
    db.executescript(
        """
        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('reload')),
            -- Who asked, front-qualified ('discord:123'), and in which channel.
            asked_by TEXT,
            channel TEXT NOT NULL,
            asked_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'running', 'done', 'failed')),
            -- The service that claimed it ('host:pid'), and when.
            claimed_by TEXT,
            claimed_at TEXT,
            finished_at TEXT,
            -- The reload's report (JSON) when done, the user's message when failed.
            result TEXT
        );
        CREATE INDEX requests_status ON requests (status, id);
        """
    )


@migrations()
def m010_leases(db: Database) -> None:
    """Leases: which process holds a role (the digest scheduler) until when."""
    db.executescript(
        """
        -- A role one process at a time holds (name), by whom (a process's random id),
        -- until when (Unix seconds): the holder renews it; anyone takes it once expired.
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            expires_at REAL NOT NULL
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m011_entity_pairs(db: Database) -> None:
    """The co-occurrence table (bot.store.pairs): for an entity and each actor of its
    events, how many events they share; /who ranks co-actors from it, and every reload
    keeps it. Counted here once from the links the store holds."""
    db.executescript(
        """
        CREATE TABLE entity_pairs (
            entity_id INTEGER NOT NULL,
            other_id INTEGER NOT NULL,
            events INTEGER NOT NULL,
            PRIMARY KEY (entity_id, other_id)
        ) WITHOUT ROWID;
        -- An entity's co-actors most shared first: the ranking is a range of this index.
        CREATE INDEX entity_pairs_rank ON entity_pairs (entity_id, events);
        """
    )
    from bot.store.pairs import PAIRS  # the one code that counts the pairs

    PAIRS.recount(db)


@migrations()
def m012_entity_event_counts(db: Database) -> None:
    """An entity's rank counts its events, not its links (an entity both actor and place
    of one event counted twice), so /who reads the total of its page there instead of
    counting the entity's links at every call."""
    db.executescript(
        """
        DELETE FROM entity_ranks;
        INSERT INTO entity_ranks (entity_id, events)
            SELECT entity_id, count(DISTINCT event_id) FROM event_entities GROUP BY entity_id;
        """
    )


@migrations()
def m013_shared_extraction(db: Database) -> None:
    """Sharing one reload's extraction among ingest services (bot.store.extractions):
    the services alive, the jobs a coordinator files and their work items; a claimed
    request gets a heartbeat, so one whose service died is taken over after the lease."""
    db.executescript(
        """
        -- An ingest service that polls for work items, renewing its heartbeat (UTC ISO);
        -- `engine_stamp` is what shapes its extraction (model, rules, code).
        CREATE TABLE services (
            name TEXT PRIMARY KEY,
            engine_stamp TEXT NOT NULL,
            started_at TEXT NOT NULL,
            heartbeat TEXT NOT NULL
        );
        -- One reload's extraction, filed by its coordinator, which renews the heartbeat
        -- while it waits; `aliases` is its seeds' alias file, so a service on another
        -- host extracts as the coordinator would without seeing the seeds folder.
        CREATE TABLE extraction_jobs (
            id INTEGER PRIMARY KEY,
            coordinator TEXT NOT NULL,
            engine_stamp TEXT NOT NULL,
            aliases TEXT,
            filed_at TEXT NOT NULL,
            heartbeat TEXT NOT NULL
        );
        -- One document to extract: the parsed document (JSON), then its events (JSON)
        -- when done, or the message when failed.
        CREATE TABLE extractions (
            id INTEGER PRIMARY KEY,
            job_id INTEGER NOT NULL REFERENCES extraction_jobs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            document TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'running', 'done', 'failed')),
            claimed_by TEXT,
            heartbeat TEXT,
            result TEXT,
            UNIQUE (job_id, position)
        );
        CREATE INDEX extractions_status ON extractions (status, id);
        ALTER TABLE requests ADD COLUMN heartbeat TEXT;
        """
    )


@migrations()
def m014_entity_days(db: Database) -> None:
    """Each entity's events per day (bot.store.days), the digest's baseline; every reload
    keeps it. Counted here once from the links the store holds."""
    db.executescript(
        """
        CREATE TABLE entity_days (
            entity_id INTEGER NOT NULL,
            day TEXT NOT NULL,
            events INTEGER NOT NULL,
            PRIMARY KEY (entity_id, day)
        ) WITHOUT ROWID;
        """
    )
    from bot.store.days import DAYS  # the one code that counts the days

    DAYS.recount(db)


@migrations()
def m015_event_days(db: Database) -> None:
    """The store's events per day (bot.store.days), the total of /since; every reload
    keeps it. Counted here once from the events the store holds."""
    db.executescript(
        """
        CREATE TABLE event_days (
            day TEXT PRIMARY KEY,
            events INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
    )
    from bot.store.days import EVENT_DAYS  # the one code that counts the days

    EVENT_DAYS.recount(db)


@migrations()
def m016_link_dates(db: Database) -> None:
    """Each link carries its event's dates, and an index orders an entity's links as
    /who pages its events (newest first): the page is the first rows of that range,
    however many events the entity has."""
    db.executescript(
        """
        ALTER TABLE event_entities ADD COLUMN when_end TEXT;
        ALTER TABLE event_entities ADD COLUMN when_start TEXT;
        UPDATE event_entities SET (when_end, when_start) = (
            SELECT ev.when_end, ev.when_start FROM events ev
            WHERE ev.id = event_entities.event_id
        );
        CREATE INDEX event_entities_entity_when
            ON event_entities (entity_id, when_end, when_start, event_id);
        """
    )


@migrations()
def m017_mentioned_dates(db: Database) -> None:
    """Every date an event's sentence mentions, with its role (a JSON list; see
    bot.extraction.dates.roles): the event's own dates are the item's. A store from before
    holds NULL until its next reload re-extracts (the extractor's version changed)."""
    db.executescript("ALTER TABLE events ADD COLUMN dates TEXT;")


@migrations()
def m018_written_names(db: Database) -> None:
    """Each link and each alias source keeps the name the reload extracted (`written`):
    the store-wide linking pass (bot.store.linking) files it under an entity from the
    whole store, and can file it elsewhere later, whatever the order of the reloads."""
    db.executescript(
        """
        ALTER TABLE event_entities ADD COLUMN written TEXT;
        UPDATE event_entities SET written =
            (SELECT e.name FROM entities e WHERE e.id = event_entities.entity_id);
        CREATE INDEX event_entities_written ON event_entities (written);
        ALTER TABLE alias_sources ADD COLUMN written TEXT;
        UPDATE alias_sources SET written =
            (SELECT e.name FROM entities e WHERE e.id = alias_sources.entity_id);
        CREATE TABLE name_joins (
            written TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            PRIMARY KEY (written, document_id)
        ) WITHOUT ROWID;
        CREATE INDEX name_joins_document ON name_joins (document_id);
        """
    )


@migrations()
def m019_completions(db: Database) -> None:
    """Autocomplete's table (bot.store.completions): each entity under every prefix of up
    to three characters of its name, aliases and words, with its event count, so a
    prefix's most linked entities are the first rows of an index range. Filled here once
    from the lookup keys and ranks the store holds; every write of those keeps it."""
    db.executescript(
        """
        CREATE TABLE completions (
            prefix TEXT NOT NULL,
            events INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            PRIMARY KEY (prefix, events, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX completions_entity ON completions (entity_id);
        """
    )
    from bot.store.completions import refresh_completions  # the one code that fills it

    refresh_completions(db)


@migrations()
def m020_seats(db: Database) -> None:
    """The capitals and seats of government the lexicon knows (normalised key -> the
    country they act for), replaced at every reload: /who of "Beijing" or "the Kremlin"
    answers the country's entity, /where the place (commands/_names.py)."""
    db.executescript(
        """
        CREATE TABLE seats (key TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
        """
    )


@migrations()
def m021_name_dropped(db: Database) -> None:
    """The links the store-wide linking set aside (a bare name joined to a person its
    event already links: the same mention twice), kept to be put back when the join no
    longer holds, so the store stays what a clean reload gives (bot.store.linking)."""
    db.executescript(
        """
        CREATE TABLE name_dropped (
            event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            written TEXT NOT NULL,
            position INTEGER NOT NULL,
            kind TEXT,
            when_end TEXT,
            when_start TEXT,
            PRIMARY KEY (event_id, role, written)
        ) WITHOUT ROWID;
        CREATE INDEX name_dropped_written ON name_dropped (written);
        """
    )


@migrations()
def m022_sentences(db: Database) -> None:
    """The lists show each sentence once, by its first event in their order
    (bot.store.sentences): each event says whether it is its sentence's newest
    (`sentence_lead`, what /since and /search page and count), the events' document index
    also orders them by paragraph (where a list finds the other events of a sentence),
    and two tallies every reload keeps, counted here once: the sentences per day (the
    total of /since) and each entity's sentences (the total of /who)."""
    # The full-text index's update trigger rewrites a row's entry whatever changed: set
    # aside while the new column is filled (the sentences do not change), 10 times faster.
    trigger = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_au'"
    ).fetchone()
    db.executescript(
        f"""
        DROP INDEX events_document;
        CREATE INDEX events_document ON events (document_id, paragraph);
        ALTER TABLE events ADD COLUMN sentence_lead INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER IF EXISTS events_au;
        UPDATE events SET sentence_lead = 1 WHERE NOT EXISTS (SELECT 1 FROM events o
            WHERE o.document_id = events.document_id AND o.paragraph = events.paragraph
            AND o.sentence = events.sentence AND (o.when_end, o.when_start, o.id)
            > (events.when_end, events.when_start, events.id));
        {trigger[0] + ";" if trigger else ""}
        CREATE TABLE sentence_days (
            day TEXT PRIMARY KEY,
            sentences INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE entity_sentences (
            entity_id INTEGER PRIMARY KEY,
            sentences INTEGER NOT NULL
        );
        """
    )
    from bot.store.sentence_tallies import ENTITY_SENTENCES, SENTENCE_DAYS  # the code that counts

    SENTENCE_DAYS.recount(db)
    ENTITY_SENTENCES.recount(db)


@migrations()
def m023_feeds(db: Database) -> None:
    """Feed subscriptions (bot.feeds): each feed's address, schedule and health, and the
    items it gave, so that an item seen again is not written twice."""
    db.executescript(
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            url TEXT NOT NULL UNIQUE,
            every_seconds INTEGER NOT NULL,
            full_text INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            added_by TEXT,
            -- Where this feed's health notices go (the channel it was added from).
            notify_channel TEXT,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
            paused_reason TEXT,
            etag TEXT,
            last_modified TEXT,
            next_fetch_at TEXT NOT NULL,
            last_fetch_at TEXT,
            last_status INTEGER,
            last_success_at TEXT,
            last_error TEXT,
            last_error_at TEXT,
            failing_since TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            -- 1 once the admin channel was told the feed fails (or paused), until it recovers.
            noticed INTEGER NOT NULL DEFAULT 0,
            fetches INTEGER NOT NULL DEFAULT 0,
            items INTEGER NOT NULL DEFAULT 0,
            updated_items INTEGER NOT NULL DEFAULT 0,
            repeats INTEGER NOT NULL DEFAULT 0,
            wire_copies INTEGER NOT NULL DEFAULT 0,
            other_language INTEGER NOT NULL DEFAULT 0,
            unreadable INTEGER NOT NULL DEFAULT 0
        );
        -- Each item a feed gave, by its key (GUID, else URL): the seed file it was written
        -- to, its text's hash (the same text under a new GUID is a repeat) and whether it
        -- came in a subscription's first fetch (the backlog, which alerts nobody).
        CREATE TABLE feed_items (
            feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            content TEXT NOT NULL,
            file TEXT NOT NULL,
            backlog INTEGER NOT NULL DEFAULT 0,
            -- Its text's MinHash signature (bot.feeds.wire), to find wire copies.
            signature BLOB,
            first_seen_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (feed_id, key)
        );
        CREATE INDEX feed_items_content ON feed_items (feed_id, content);
        CREATE INDEX feed_items_file ON feed_items (file);
        CREATE INDEX feed_items_seen ON feed_items (first_seen_at);
        """
    )


@migrations()
def m024_feeds_not_found(db: Database) -> None:
    """Since when a feed has answered 404 without a break: the feed is paused when that
    lasts FEEDS_GONE_AFTER (measured from the first 404, not from an earlier failure)."""
    db.execute("ALTER TABLE feeds ADD COLUMN not_found_since TEXT")


@migrations()
def m025_channel_filters(db: Database) -> None:
    """What each channel wants of the digest and of its alerts (commands/filter.py): an
    entity (by name, as follows keep it), a section, a keyword or phrase, or an outlet,
    included or excluded."""
    db.executescript(
        """
        CREATE TABLE channel_filters (
            channel TEXT NOT NULL,
            target TEXT NOT NULL,
            mode TEXT NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL COLLATE NOCASE,
            added_at TEXT NOT NULL,
            PRIMARY KEY (channel, target, mode, kind, value)
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m026_channel_pace(db: Database) -> None:
    """How fast a channel hears of its follows (commands/pace.py): at most so many alert
    messages an hour, and quiet hours in its time zone, the alerts held meanwhile."""
    db.executescript(
        """
        CREATE TABLE channel_pace (
            channel TEXT PRIMARY KEY,
            alerts_per_hour INTEGER,
            quiet_start TEXT,
            quiet_end TEXT,
            timezone TEXT NOT NULL DEFAULT 'UTC',
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m027_follow_mentions(db: Database) -> None:
    """The role (Discord) or user group (Slack) a follow mentions on its alerts
    (commands/mention.py): "discord-role:<id>" or "slack-group:<id>", else none."""
    db.execute("ALTER TABLE follows ADD COLUMN mention TEXT")


@migrations()
def m028_alert_stories(db: Database) -> None:
    """Alerts by story (bot/digest/alerts.py): each story a channel was alerted of, the
    message that first told it (`part` is that message's marker) and the thread its later
    developments go to; which story each alerted item belongs to; whether a channel wants
    a thread per story (/pace threads) and since when its alerts are held; and the role or
    user group an alert filter rule mentions (/mention)."""
    db.executescript(
        """
        CREATE TABLE alert_stories (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            part TEXT NOT NULL,
            message_id TEXT,
            thread_id TEXT,
            created_at TEXT NOT NULL,
            posted_at TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX alert_stories_recent ON alert_stories (channel, updated_at);
        CREATE INDEX alert_stories_part ON alert_stories (channel, part);
        ALTER TABLE alerts ADD COLUMN story INTEGER;
        CREATE INDEX alerts_story ON alerts (story);
        ALTER TABLE channel_pace ADD COLUMN threads INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE channel_pace ADD COLUMN held_since TEXT;
        ALTER TABLE channel_filters ADD COLUMN mention TEXT;
        """
    )


@migrations()
def m029_notice_outbox(db: Database) -> None:
    """Notices the ingest service leaves for a chat process to post (bot/store/outbox.py):
    the channel, the text, when it was left, when and by whom it was posted, and for an
    admin notice its problem (kind, subject) and whether it opened or closed it (state)."""
    db.executescript(
        """
        CREATE TABLE notice_outbox (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            posted_at TEXT,
            posted_by TEXT,
            kind TEXT,
            subject TEXT,
            state TEXT
        );
        CREATE INDEX notice_outbox_waiting ON notice_outbox (posted_at, id);
        CREATE INDEX notice_outbox_problems ON notice_outbox (kind, subject, id);
        CREATE INDEX notice_outbox_created ON notice_outbox (created_at);
        """
    )


@migrations()
def m030_alert_marks(db: Database) -> None:
    """How far each channel's alerts have looked (bot/store/follows.py): the latest
    ingestion time its last claim saw, so the next claim reads only what came after."""
    db.executescript(
        """
        CREATE TABLE alert_marks (
            channel TEXT PRIMARY KEY,
            seen TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """
    )


@cache
def known_migrations() -> list[str]:
    """This version's migrations, in order (the last is its schema version): those
    pending on an empty database, sqlite-utils' public answer (the list it keeps of them
    is private)."""
    return [m.name for m in migrations.pending(Database(memory=True))]


def newer_schema(db: Database) -> str | None:
    """Who wrote a store this version may not change ("a newer Briefing (…)"), or None.

    A newer version's migrations are unknown here: its tables may hold what this code
    would break, so this version reads such a store (new versions only add) but never
    writes it.
    """
    known = known_migrations()
    unknown = [m.name for m in migrations.applied(db) if m.name not in set(known)]
    if not unknown:
        return None
    return (
        f"a newer Briefing (its schema is at {unknown[-1]}; Briefing {__version__} knows"
        f" up to {known[-1]})"
    )


def migrate(db: Database) -> None:
    """Apply pending migrations once, whichever process opens a new store first.

    BEGIN IMMEDIATE takes the write lock before the check, so a second process waits
    (busy_timeout) and then finds nothing pending instead of creating the tables again.
    """
    if not migrations.pending(db):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)  # checks what is pending again, now under the lock
        db.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise
