"""The hash chain: canonical JSON of an entry, its sha256, and the walk that verifies the chain.

hash(entry) = sha256(canonical JSON of {seq, at, actor_id, actor, ip, action, object_type,
object_id, object_repr, before, after, prev_hash}), where canonical JSON has sorted keys, no
spaces, UTF-8, and ``at`` in UTC with microseconds. Values in before/after are normalised before
they are stored (decimals and dates as strings, floats as their repr), so what is stored is
exactly what was hashed on every database backend.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from .models import GENESIS, AuditEntry, AuditHead


def _floats_as_text(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _floats_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats_as_text(v) for v in value]
    return value


def _plain(value: Any) -> bool:
    """Only strings, whole numbers, booleans and None, in dicts with string keys and lists."""
    if value is None or isinstance(value, str | int):
        return True
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return False


def normalise(value: Any) -> Any:
    """A JSON-safe copy that survives a round trip through any database's JSON column unchanged."""
    if _plain(value):
        return value  # the common case, already safe: no round trip through json
    return _floats_as_text(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def timestamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def payload_of(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": timestamp(entry.at),
        "actor_id": entry.actor_id,
        "actor": entry.actor_name,
        "ip": entry.ip,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": entry.prev_hash,
    }


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(payload_of(entry))).hexdigest()


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain: intact, or the first bad entry and what is wrong with it."""

    ok: bool
    count: int
    bad_seq: int | None = None
    problem: str = ""  # missing | broken_link | altered | head_mismatch
    detail: str = ""


def verify(*, chunk_size: int = 2000) -> Verification:
    """Walk the chain in order; report the first entry removed (a gap), relinked or altered."""
    expected, prev, count = 1, GENESIS, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected:
            return Verification(
                False,
                count,
                expected,
                "missing",
                f"entry {expected} is missing (removed); the next entry is {entry.seq}",
            )
        if entry.prev_hash != prev:
            return Verification(
                False,
                count,
                entry.seq,
                "broken_link",
                f"entry {entry.seq} does not link to entry {entry.seq - 1} "
                "(its previous hash differs: one of the two was altered or replaced)",
            )
        if entry_hash(entry) != entry.hash:
            return Verification(
                False,
                count,
                entry.seq,
                "altered",
                f"entry {entry.seq} was altered: its content does not match its hash",
            )
        prev, expected, count = entry.hash, expected + 1, count + 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq > count:
        return Verification(
            False,
            count,
            count + 1,
            "missing",
            f"entries {count + 1}..{head_seq} are missing (removed from the end of the chain)",
        )
    if head_seq < count:
        return Verification(
            False,
            count,
            head_seq + 1,
            "head_mismatch",
            f"entries {head_seq + 1}..{count} were added outside the audit service "
            f"(the chain head is #{head_seq})",
        )
    if head_hash != prev:
        return Verification(
            False,
            count,
            count,
            "head_mismatch",
            f"entry {count} does not match the chain head's hash (it was replaced)",
        )
    return Verification(True, count)
