"""``sangua demo``: load the demo data (idempotent) and print a login for each role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sangua.demo.build import DEMO_PASSWORD, LOGINS, load_demo


class Command(BaseCommand):
    help = (
        "Load Lishui's demo data (2011–2013) unless it is already there, and print the demo logins."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if load_demo():
            self.stdout.write(
                self.style.SUCCESS("Demo data loaded: 丽水市 and its 9 areas, 2011–2013.")
            )
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for username, who in LOGINS:
            self.stdout.write(f"  {username:<11} {who}")
