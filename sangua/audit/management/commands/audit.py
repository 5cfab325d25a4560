"""``sangua audit verify`` walks the hash chain; ``sangua audit head`` prints its last link.

verify exits 0 with "chain intact: N entries", or 1 naming the first entry altered or removed.
Write the head down somewhere outside the database (a bulletin, a signed mail) from time to time:
a rewrite of the whole chain from some entry on can only be caught against such an anchor.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sangua.audit.chain import verify
from sangua.audit.models import AuditHead


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain (verify) or print its head (head)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="walk the chain and report the first bad entry")
        sub.add_parser("head", help="print the last entry's number and hash")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            head = AuditHead.objects.filter(pk=1).first()
            self.stdout.write(f"{head.seq if head else 0} {head.hash if head else '0' * 64}")
            return
        result = verify()
        if result.ok:
            self.stdout.write(f"chain intact: {result.count} entries")
            return
        raise CommandError(f"chain broken at entry {result.bad_seq}: {result.detail}", returncode=1)
