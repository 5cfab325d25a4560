"""Audit-trail helpers for tests: start a test from an empty chain.

The demo writes its supervision history through the services, so the test database's trail is
not empty. Tests of the chain's mechanics (entry 1 links to the genesis hash, tampering with
entry 1 or 2) and tests that list every entry an import wrote start from nothing instead. The
rows go with plain SQL inside the test's transaction, which is rolled back at its end.
"""

from __future__ import annotations

from django.db import connection

from sangua.audit.models import GENESIS, AuditEntry, AuditHead


def empty_trail() -> None:
    """Remove every audit entry and reset the chain head, as if nothing was ever recorded."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(AuditEntry._meta.db_table)}")
        cursor.execute(
            f"UPDATE {quote(AuditHead._meta.db_table)} SET seq = 0, hash = %s", [GENESIS]
        )
