"""Keep the official calendar table seeded: migration 0002 fills it from the chinesecalendar
package, but flushing a database (what Django's transactional tests do between browser tests)
empties it, and every ``cn`` date then fails. After each ``migrate`` and ``flush`` (both send
``post_migrate``) and before the demo is built, an empty table is seeded again with that
migration's own code; a table with any year in it is left alone."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

SEED_APP, SEED_MIGRATION = "planning", "0002_seed_official_calendar"


def ensure_official_calendar(using: str = DEFAULT_DB_ALIAS, **_signal: Any) -> bool:
    """Seed the official calendar table when it is empty; True when it was."""
    from .models import CalendarYear

    connection = connections[using]
    if (SEED_APP, SEED_MIGRATION) not in MigrationRecorder(connection).applied_migrations():
        return False  # not migrated that far (or migrated back): nothing to keep
    if CalendarYear.objects.using(using).exists():
        return False
    seeding = importlib.import_module(f"sangua.planning.migrations.{SEED_MIGRATION}")
    seeding.seed(apps, None)
    return True
