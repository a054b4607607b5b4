"""benchmarks/query.py on both engines: every scenario (and its plan) runs on a small
store and on its copy in PostgreSQL, and the command line refuses what it cannot run."""

from __future__ import annotations

import contextlib

import pytest

from benchmarks import query
from bot.store import Store
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event


def _small_store(path) -> None:
    """A store with what the scenarios ask for: a frequent entity, a mid-frequency one
    (60 events) and rare ones (one event each)."""
    met = [
        event(["United States", "Partner"], sentence=f"The United States met Partner {i}.")
        for i in range(60)
    ]
    alone = [event([f"Loner {i}"], sentence=f"Loner {i} spoke.") for i in range(3)]
    with Store(path) as store:
        store.apply_reload([(document(), met + alone)], [], NOW)


def test_every_scenario_runs_on_both_engines_with_the_same_names(tmp_path, postgres_url):
    _small_store(tmp_path / "small.db")
    with (
        contextlib.closing(Store(tmp_path / "small.db")) as lite,
        contextlib.closing(query.server_store(tmp_path / "small.db", postgres_url)) as pg,
    ):
        assert query._pick(lite) == query._pick(pg)
        assert query._pick(pg)["mid"] == ["Partner"]
        plans = {"sqlite": query.scenarios(lite, 2), "postgresql": query.scenarios(pg, 2)}
        assert [s.name for s in plans["sqlite"]] == [s.name for s in plans["postgresql"]]
        for store, chosen in ((lite, plans["sqlite"]), (pg, plans["postgresql"])):
            for scenario in chosen:
                scenario.calls = 1
                _, samples = query.measure(scenario)
                assert len(samples) == 1
                assert scenario.name in query.explain(store, scenario)
        # The plan's capture leaves the store's connection as it was.
        assert "execute" not in vars(pg.db)


def test_a_second_run_on_the_same_database_does_not_copy_again(tmp_path, postgres_url):
    _small_store(tmp_path / "small.db")
    query.server_store(tmp_path / "small.db", postgres_url).close()
    with contextlib.closing(query.server_store(tmp_path / "small.db", postgres_url)) as pg:
        assert pg.aggregates.counts()["events"] == 63


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--engines", "sqlite,mysql"], "--engines takes one or both of sqlite, postgresql"),
        (["--engines", "sqlite,sqlite"], "--engines takes one or both"),
        (["--engines", "sqlite,postgresql"], "postgresql needs --db URL or --throwaway-postgres"),
    ],
)
def test_engines_the_benchmark_cannot_run_are_refused(argv, message, capsys):
    with pytest.raises(SystemExit):
        query.main(argv)
    assert message in capsys.readouterr().err
