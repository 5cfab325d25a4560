"""Sign-in throttling: too many failures for one user name from one address locks it a while.

Defaults: 5 failures within 15 minutes lock that user name from that address for 15 minutes
(settings ``SANGUA_LOGIN_MAX_FAILURES``, ``SANGUA_LOGIN_WINDOW_SECONDS``,
``SANGUA_LOGIN_LOCKOUT_SECONDS``). Only failures since the last success count, and attempts
refused during a lockout do not extend it. User names are compared case-insensitively, so
"Office" and "office" share one count. The lockout applies to names that do not exist too,
so it tells an attacker nothing about which accounts exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .models import LoginAttempt


def max_failures() -> int:
    return int(getattr(settings, "SANGUA_LOGIN_MAX_FAILURES", 5))


def window() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "SANGUA_LOGIN_WINDOW_SECONDS", 900)))


def lockout() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "SANGUA_LOGIN_LOCKOUT_SECONDS", 900)))


def normalise(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


@dataclass(frozen=True)
class LockState:
    locked: bool
    until: dt.datetime | None = None

    @property
    def minutes_left(self) -> int:
        if self.until is None:
            return 0
        seconds = (self.until - timezone.now()).total_seconds()
        return max(int(-(-seconds // 60)), 1)


def lock_state(
    username: str | None, ip: str | None, *, now: dt.datetime | None = None
) -> LockState:
    """Whether this user name is locked from this address, and until when."""
    now = now or timezone.now()
    name = normalise(username)
    attempts = LoginAttempt.objects.filter(username=name, ip=ip, refused=False)
    horizon = now - window() - lockout()
    last_success = (
        attempts.filter(succeeded=True, at__gt=horizon)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = attempts.filter(succeeded=False, at__gt=last_success or horizon)
    recent = list(failures.order_by("-at").values_list("at", flat=True)[: max_failures()])
    if len(recent) < max_failures():
        return LockState(False)
    newest, oldest = recent[0], recent[-1]
    until = newest + lockout()
    if newest - oldest <= window() and now < until:
        return LockState(True, until)
    return LockState(False)


def attempt_record(
    username: str | None, ip: str | None, *, succeeded: bool, refused: bool = False
) -> LoginAttempt:
    """Keep one attempt."""
    return LoginAttempt.objects.create(
        username=normalise(username), ip=ip, succeeded=succeeded, refused=refused
    )


def attempts_prune(*, older_than: dt.timedelta = dt.timedelta(days=90)) -> int:
    """Forget attempts older than the given age (90 days by default); returns how many."""
    deleted, _ = LoginAttempt.objects.filter(at__lt=timezone.now() - older_than).delete()
    return deleted
