"""The daily supervision job on huey's clock: every morning at 08:30 China time.

huey evaluates crontabs in UTC (``utc=True`` is its default and Sangua keeps it), so 08:30 in
Asia/Shanghai is 00:30 UTC. The job is idempotent, so a second run (a restart, ``sangua
supervision_daily`` by hand, the office's "run now" button) sends nothing twice.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .escalation import DailyResult, daily_run


@db_periodic_task(crontab(hour="0", minute="30"))
@lock_task("sangua-supervision-daily")
def supervision_daily() -> DailyResult:
    """Reminders and placards for every district (see ``escalation.py``)."""
    return daily_run()
