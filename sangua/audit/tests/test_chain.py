"""The audit trail: entries chain, the ORM refuses changes, and verify names the first bad entry."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory

from sangua.audit.chain import entry_hash, verify
from sangua.audit.models import GENESIS, AppendOnlyError, AuditEntry, AuditHead
from sangua.audit.selectors import history_for
from sangua.audit.services import Draft, ObjectRef, acting_as, record, record_many
from sangua.orgs.models import User
from sangua.projects.models import Project

# The chain's mechanics are shown from its first entry (linked to the genesis hash).
pytestmark = pytest.mark.usefixtures("empty_audit_trail")


@pytest.fixture
def office(db):
    return User.objects.get(username="office")


@pytest.fixture
def project(db):
    return Project.objects.get(code="331102-001")


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _entries(office, project, n=5):
    for k in range(n):
        record(
            actor=office,
            action="update",
            obj=project,
            before={"total_investment": Decimal(1000 + k)},
            after={"total_investment": Decimal(1001 + k)},
        )


def test_given_records_when_listed_then_each_links_to_the_one_before(office, project):
    # when
    _entries(office, project, 3)
    # then
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert all(entry_hash(e) == e.hash for e in entries)
    assert entries[0].actor_name == "office"
    assert entries[0].actor_id == office.pk
    assert entries[0].object_type == "projects.project"
    assert entries[0].object_id == str(project.pk)
    assert entries[0].before == {"total_investment": "1000"}
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (3, entries[-1].hash)


def test_given_equal_before_and_after_when_recorded_then_nothing_is_written(office, project):
    assert (
        record(actor=office, action="update", obj=project, before={"a": 1}, after={"a": 1}) is None
    )
    assert AuditEntry.objects.count() == 0


def test_given_a_request_when_recorded_then_user_and_address_come_from_it(office, project):
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    request.user = office
    entry = record(actor=None, action="create", obj=project, after={"code": "x"}, request=request)
    assert entry is not None
    assert (entry.actor_name, entry.ip) == ("office", "10.1.2.3")


def test_given_no_user_when_acting_as_a_command_then_the_name_is_kept(project):
    with acting_as("cli:root"):
        entry = record(actor=None, action="import", obj=ObjectRef("transfer.file", "a.xlsx", "a"))
    assert entry is not None
    assert (entry.actor_id, entry.actor_name) == (None, "cli:root")


def test_given_an_entry_when_changed_or_deleted_through_the_orm_then_it_refuses(office, project):
    _entries(office, project, 1)
    entry = AuditEntry.objects.get()
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_given_an_intact_chain_when_verified_then_the_command_says_so(office, project, capsys):
    _entries(office, project, 4)
    assert verify().ok
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == "chain intact: 4 entries"


@pytest.mark.parametrize(
    ("tamper", "bad_seq", "problem"),
    [
        # someone edits a figure by hand
        (
            lambda: _raw(
                "UPDATE audit_auditentry SET after = %s WHERE seq = 3",
                ['{"total_investment": "9999"}'],
            ),
            3,
            "altered",
        ),
        # someone edits the figure and recomputes that entry's hash: the next link breaks
        ("rehash", 4, "broken_link"),
        # someone deletes an entry in the middle
        (lambda: _raw("DELETE FROM audit_auditentry WHERE seq = 2", []), 2, "missing"),
        # someone deletes the first entry
        (lambda: _raw("DELETE FROM audit_auditentry WHERE seq = 1", []), 1, "missing"),
        # someone deletes the last entries
        (lambda: _raw("DELETE FROM audit_auditentry WHERE seq >= 4", []), 4, "missing"),
        # someone changes who did it
        (
            lambda: _raw("UPDATE audit_auditentry SET actor_name = %s WHERE seq = 5", ["x"]),
            5,
            "altered",
        ),
    ],
)
def test_given_a_tampered_row_when_verified_then_the_first_bad_entry_is_named(
    office, project, tamper, bad_seq, problem
):
    # given
    _entries(office, project, 5)
    if tamper == "rehash":
        entry = AuditEntry.objects.get(seq=3)
        entry.after = {"total_investment": "9999"}
        _raw(
            "UPDATE audit_auditentry SET after = %s, hash = %s WHERE seq = 3",
            ['{"total_investment": "9999"}', entry_hash(entry)],
        )
    else:
        tamper()
    # when
    result = verify()
    # then
    assert not result.ok
    assert (result.bad_seq, result.problem) == (bad_seq, problem)
    with pytest.raises(CommandError, match=f"chain broken at entry {bad_seq}:") as caught:
        call_command("audit", "verify")
    assert caught.value.returncode == 1


def test_given_a_batch_when_recorded_then_one_lock_chains_them_all(office, project):
    drafts = [
        Draft("create", ObjectRef("t.x", str(k), f"x{k}"), None, {"k": k}) for k in range(250)
    ]
    entries = record_many(actor=office, drafts=drafts)
    assert [e.seq for e in entries] == list(range(1, 251))
    assert [e.pk for e in entries] == list(
        AuditEntry.objects.order_by("seq").values_list("pk", flat=True)
    )
    with pytest.raises(AppendOnlyError):
        entries[0].save()
    assert verify().count == 250


def test_given_entries_when_history_is_shown_then_the_include_lists_the_changes(office, project):
    _entries(office, project, 2)
    assert [e.seq for e in history_for(project)] == [2, 1]
    html = Template("{% load audit %}{% audit_history project %}").render(
        Context({"project": project})
    )
    assert "total_investment" in html
    assert "1001 → 1002" in html
    assert "office" in html


CONCURRENT_WRITERS = """
import os, sys, threading
import django
django.setup()
from django.db import connection, transaction
from sangua.audit.chain import verify
from sangua.audit.models import AuditEntry, AuditHead
from sangua.audit.services import ObjectRef, record

with connection.schema_editor() as editor:
    editor.create_model(AuditEntry)
    editor.create_model(AuditHead)
errors = []

def writer(n):
    try:
        for k in range(25):
            with transaction.atomic():
                record(actor=None, action="create", obj=ObjectRef("t.w", f"{n}-{k}"), after={"k": k})
    except BaseException as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
result = verify()
print(errors, result.ok, result.count)
"""


PG_URL = os.environ.get(
    "SANGUA_AUDIT_TEST_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/sangua_audit_concurrency_test",
)


def _fresh_postgres() -> str:
    """An empty database of this test's own on the local PostgreSQL, or a reason to skip."""
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(PG_URL)
    name = db["NAME"]
    try:
        with psycopg.connect(
            dbname="postgres",
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            autocommit=True,
            connect_timeout=3,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        pytest.skip(f"PostgreSQL is not reachable at {db['HOST']}:{db['PORT']}: {exc}".strip())
    return PG_URL


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_given_concurrent_writers_when_they_append_then_the_chain_stays_whole(tmp_path, backend):
    """Four threads, each with its own connection to a real database, append 25 entries each."""
    env = {
        **os.environ,
        "SANGUA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)
    if backend == "postgresql":
        env["DATABASE_URL"] = _fresh_postgres()
    done = subprocess.run(
        [sys.executable, "-c", CONCURRENT_WRITERS],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] True 100"


def test_a_snapshot_holds_foreign_keys_by_id_and_money_and_dates_as_text(project):
    from sangua.audit.services import snapshot

    data = snapshot(project, ["unit", "total_investment", "start_date", "name"])
    assert data == {
        "unit": project.unit_id,
        "total_investment": str(project.total_investment),
        "start_date": project.start_date.isoformat(),
        "name": project.name,
    }
