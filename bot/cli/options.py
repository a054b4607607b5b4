"""The options several `briefing` commands share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite file or a postgresql:// URL (default: BRIEFING_DB or ./briefing.db)",
    ),
]
SeedsOption = Annotated[
    Path | None,
    typer.Option("--seeds", help="Seeds folder (default: BRIEFING_SEEDS or ./seeds)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the JSON reply.")]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", help="Extraction processes (default: INGEST_WORKERS, 0 = one per core)"
    ),
]
