"""Daily housekeeping of sign-in attempts."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .throttle import attempts_prune


@db_periodic_task(crontab(hour="3", minute="17"))
def prune_login_attempts() -> None:
    """Forget sign-in attempts older than 90 days."""
    attempts_prune()
