"""Writes to the audit trail: ``record`` one write, ``record_many`` a batch, both chained.

Call them inside the service's own transaction, after the change is made, so that the entry
and the change commit (or roll back) together. Appends are serialised: a row lock on the
chain head on PostgreSQL; on SQLite the write lock that ``BEGIN IMMEDIATE`` (the project's
transaction mode) takes when the outermost transaction starts.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .chain import entry_hash, normalise
from .models import GENESIS, AuditEntry, AuditHead

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "audit_request", default=None
)
_actor_name: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "audit_actor_name", default=None
)


@dataclass(frozen=True)
class ObjectRef:
    """What an entry is about when it is not a model instance (a file, a period, a setting)."""

    type: str
    id: str
    repr: str = ""


@dataclass(frozen=True)
class Draft:
    """An entry not yet chained: everything but its number, time and hashes."""

    action: str
    obj: models.Model | ObjectRef
    before: Any = None
    after: Any = None


@contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    """Make ``request`` the one entries are attributed to (the middleware does this per request)."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


@contextmanager
def acting_as(name: str) -> Iterator[None]:
    """Name the actor of entries written without a user (a console command: 'cli:root')."""
    token = _actor_name.set(name)
    try:
        yield
    finally:
        _actor_name.reset(token)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets when configured."""
    if request is None:
        return None
    header = getattr(settings, "SANGUA_CLIENT_IP_HEADER", "")
    value = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR")
    if not value:
        return None
    return str(value).split(",")[0].strip() or None


def _object_fields(obj: models.Model | ObjectRef) -> tuple[str, str, str]:
    if isinstance(obj, ObjectRef):
        return obj.type, obj.id, obj.repr[:200]
    return obj._meta.label_lower, str(obj.pk), str(obj)[:200]


def _actor_fields(actor: Any, request: HttpRequest | None) -> tuple[int | None, str]:
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if actor is not None and getattr(actor, "is_authenticated", False):
        return int(actor.pk), actor.get_username()
    return None, _actor_name.get() or "system"


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | ObjectRef,
    before: Any = None,
    after: Any = None,
    request: HttpRequest | None = None,
) -> AuditEntry | None:
    """Append one entry for a write; nothing is written when before and after are equal."""
    entries = record_many(actor=actor, drafts=[Draft(action, obj, before, after)], request=request)
    return entries[0] if entries else None


def record_many(
    *, actor: Any, drafts: Sequence[Draft], request: HttpRequest | None = None
) -> list[AuditEntry]:
    """Append a batch of entries in order, under one lock (imports write thousands at once)."""
    request = request or _request.get()
    actor_id, actor_name = _actor_fields(actor, request)
    ip = client_ip(request)
    rows: list[AuditEntry] = []
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # a database emptied by hand (flush): start the chain, once, race-free
            AuditHead.objects.bulk_create(
                [AuditHead(pk=1, seq=0, hash=GENESIS)], ignore_conflicts=True
            )
            head = AuditHead.objects.select_for_update().get(pk=1)
        seq, prev = head.seq, head.hash
        now = timezone.now()
        for draft in drafts:
            before, after = normalise(draft.before), normalise(draft.after)
            if before is not None and after is not None and before == after:
                continue
            object_type, object_id, object_repr = _object_fields(draft.obj)
            seq += 1
            entry = AuditEntry(
                seq=seq,
                at=now,
                actor_id=actor_id,
                actor_name=actor_name[:150],
                ip=ip,
                action=draft.action[:32],
                object_type=object_type,
                object_id=object_id,
                object_repr=object_repr,
                before=before,
                after=after,
                prev_hash=prev,
            )
            entry.hash = prev = entry_hash(entry)
            rows.append(entry)
        if rows:
            _insert(rows)
            AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return rows


_COLUMNS = (
    "seq", "at", "actor_id", "actor_name", "ip", "action", "object_type", "object_id",
    "object_repr", "before", "after", "prev_hash", "hash",
)  # fmt: skip


def _insert(rows: list[AuditEntry]) -> None:
    """One INSERT run for many rows (executemany): an import writes tens of thousands of entries,
    and bulk_create would build a statement per 70-odd rows field by field."""
    connection = transaction.get_connection()
    fields = [cast("models.Field[Any, Any]", AuditEntry._meta.get_field(n)) for n in _COLUMNS]
    json_fields = {"before", "after"}
    quote = connection.ops.quote_name
    sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(
        table=quote(AuditEntry._meta.db_table),
        columns=", ".join(quote(f.column) for f in fields),
        values=", ".join(["%s"] * len(fields)),
    )
    at = fields[1].get_db_prep_save(rows[0].at, connection)
    ip = fields[4].get_db_prep_save(rows[0].ip, connection)
    params = []
    for entry in rows:
        values = []
        for name, field in zip(_COLUMNS, fields, strict=True):
            if name == "at":
                values.append(at)
            elif name == "ip":
                values.append(ip)
            elif name in json_fields:
                values.append(field.get_db_prep_save(getattr(entry, name), connection))
            else:
                values.append(getattr(entry, name))
        params.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    ids = dict(
        AuditEntry.objects.using(connection.alias)
        .filter(seq__gte=rows[0].seq, seq__lte=rows[-1].seq)
        .values_list("seq", "pk")
    )
    for entry in rows:  # as if saved: the returned entries know their ids and cannot be re-saved
        entry.pk = ids[entry.seq]
        entry._state.adding = False
        entry._state.db = connection.alias


def snapshot(obj: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    """A model's fields as audit values: foreign keys by their id, the rest as they are."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = (
            getattr(obj, field.attname)
            if isinstance(field, models.ForeignKey)
            else (getattr(obj, name))
        )
    return normalise(data)  # type: ignore[no-any-return]
