"""Stores for the end-to-end tests on both fronts: a copy of the seed store (`db`), a
copy of it with its seeds (`seed_copy`), and the digest's days, built once per run: a
ranked day (stories of different weights, a seed with sections, links and cited outlets)
and a busy day (hundreds of long items). The harness that runs a front on them is in
`tests/fronts/harness.py`; each front's folder gives its fake (`fake`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.ingest import reload
from bot.store import Store
from tests.conftest import NOW, SEEDS

RANKED = {
    "wire.txt": """date 2025-02-18
title Morning wire
url https://example.org/wire

Armed conflicts and attacks

Israeli airstrikes kill at least 40 Palestinians in the Gaza Strip. \
(Reuters) (AP) (BBC News) (Al Jazeera)

Disasters and accidents

Floods kill twelve people and displace thousands in Guizhou, China. (AP) (Xinhua)

Politics and elections

The Congress of Peru elects a new speaker in Lima after a long debate. (El Comercio)
""",
    "local.txt": """date 2025-02-18
title Local paper
source Andes Daily

Chile's senate opens a debate on the budget in Valparaíso.
""",
}

# The busy day's templates: long sentences, each about one country, several sections.
BUSY_SECTIONS = ("Armed conflicts and attacks", "Disasters and accidents", "Politics and elections")
BUSY_TEMPLATES = (
    "Officials in {place} report that {n} people are injured after heavy fighting breaks out "
    "overnight near the capital of {place}, with witnesses describing artillery fire, burning "
    "vehicles and thousands of residents fleeing towards the border while aid agencies warn "
    "that hospitals are running short of fuel, medicine and clean water for the wounded.",
    "A powerful storm sweeps across the coast of {place}, flooding {n} villages, cutting power "
    "to several provinces and forcing the authorities of {place} to close schools, ports and "
    "the main airport for a second day as rescue teams search collapsed houses for survivors "
    "and meteorologists warn that more heavy rain is expected over the weekend.",
    "The parliament of {place} votes by {n} to forty on a disputed reform of the constitution "
    "after a debate that lasted through the night, as opposition parties in {place} walk out "
    "of the chamber, call supporters to protest in front of the building and promise to "
    "challenge the result before the constitutional court in the coming weeks.",
)
_PLACES = (
    "Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bangladesh Belarus "
    "Belgium Benin Bolivia Botswana Brazil Bulgaria Burundi Cambodia Cameroon Canada Chad Chile "
    "Colombia Croatia Cuba Cyprus Denmark Ecuador Egypt Eritrea Estonia Ethiopia Fiji Finland "
    "France Gabon Georgia Germany Ghana Greece Guatemala Guinea Haiti Honduras Hungary Iceland "
    "India Indonesia Iran Iraq Ireland Italy Jamaica Japan Jordan Kazakhstan Kenya Kuwait Laos "
    "Latvia Lebanon Liberia Libya Lithuania Madagascar Malawi Malaysia Mali Malta Mexico "
    "Moldova Mongolia Morocco Mozambique Namibia Nepal Nicaragua Niger Nigeria Norway Oman "
    "Pakistan Panama Paraguay Peru Poland Portugal Qatar Romania Rwanda Senegal Serbia Somalia "
    "Spain Sudan Sweden Syria Tanzania Thailand Togo Tunisia Turkey Uganda Ukraine Uruguay "
    "Uzbekistan Venezuela Vietnam Yemen Zambia Zimbabwe"
)
BUSY_PLACES = tuple(_PLACES.split(" "))
OUTLETS = ("Reuters", "AP", "AFP", "BBC News", "Al Jazeera", "DW")


def busy_seeds() -> dict[str, str]:
    """Three documents of a day, one per section, an item per country in each."""
    files = {}
    for k, (section, template) in enumerate(zip(BUSY_SECTIONS, BUSY_TEMPLATES, strict=True)):
        items = []
        for i, place in enumerate(BUSY_PLACES):
            cites = " ".join(f"({o})" for o in OUTLETS[: 1 + (i + k) % 3])
            items.append(f"{template.format(place=place, n=10 + i)} {cites}")
        body = "\n\n".join(items)
        files[f"busy_{k}.txt"] = (
            f"date 2025-02-18\ntitle Busy day {k}\nurl https://example.org/busy/{k}\n\n"
            f"{section}\n\n{body}\n"
        )
    return files


def _built(folder: Path, files: dict[str, str], engine) -> tuple[Path, Path]:
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    for name, text in files.items():
        (seeds / name).write_text(text, "utf-8")
    db = folder / "briefing.db"
    with Store(db) as store:
        reload(store, seeds, engine, NOW)
    return db, seeds


@pytest.fixture(scope="session")
def ranked_day(tmp_path_factory: pytest.TempPathFactory, engine) -> tuple[Path, Path]:
    """(store, seeds folder) of the ranked day, built once."""
    return _built(tmp_path_factory.mktemp("ranked"), RANKED, engine)


@pytest.fixture(scope="session")
def busy_day(tmp_path_factory: pytest.TempPathFactory, engine) -> tuple[Path, Path]:
    """(store, seeds folder) of the busy day, built once."""
    return _built(tmp_path_factory.mktemp("busy"), busy_seeds(), engine)


def copy_day(day: tuple[Path, Path], to: Path) -> tuple[Path, Path]:
    """A writable copy of a built day's store and seeds."""
    db, seeds = day
    to.mkdir(parents=True, exist_ok=True)
    shutil.copy(db, to / "briefing.db")
    shutil.copytree(seeds, to / "seeds")
    return to / "briefing.db", to / "seeds"


@pytest.fixture
def db(tmp_path: Path, seed_db: Path) -> Path:
    """A writable copy of the seed store."""
    path = tmp_path / "briefing.db"
    shutil.copy(seed_db, path)
    return path


@pytest.fixture
def seed_copy(tmp_path: Path, seed_db: Path) -> tuple[Path, Path]:
    """(store, seeds folder): writable copies of the seed store and its seeds, so a test
    can add news."""
    return copy_day((seed_db, SEEDS), tmp_path)
