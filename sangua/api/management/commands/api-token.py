"""``sangua api-token create|list|revoke``: issue, list and revoke API tokens.

The key is printed once, by ``create``; only its SHA-256 is stored, so a lost key is revoked and
replaced, never recovered.
"""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sangua.api.models import ApiToken
from sangua.api.services import token_create, token_revoke
from sangua.audit.services import acting_as
from sangua.core.errors import ServiceError
from sangua.orgs.models import User


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (the key is shown once, at creation)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Issue a token for a user; prints its key once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for, e.g. 'bi-sync'.")
        listing = actions.add_parser("list", help="List tokens (never their keys).")
        listing.add_argument("username", nargs="?", help="Only this user's tokens.")
        listing.add_argument("--all", action="store_true", help="Include revoked tokens.")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with acting_as(f"cli:{getpass.getuser()}"):  # who, in the audit trail
                getattr(self, "_" + options["action"])(options)
        except ServiceError as error:
            raise CommandError(f"{error.code}: {error.message}") from None

    def _create(self, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        token, key = token_create(user=user, name=options["name"])
        self.stderr.write(
            f"Token {token.pk} ({token.name}) for {user.username}. "
            "Keep the key now: it is not stored and cannot be shown again."
        )
        self.stdout.write(key)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("id")
        if options["username"]:
            tokens = tokens.filter(user__username=options["username"])
        if not options["all"]:
            tokens = tokens.filter(revoked_at__isnull=True)
        self.stdout.write("id\tuser\tname\tprefix\tcreated\tlast used\trevoked")
        for token in tokens:
            self.stdout.write(
                "\t".join(
                    [
                        str(token.pk),
                        token.user.username,
                        token.name,
                        token.prefix + "…",
                        _when(token.created_at),
                        _when(token.last_used_at),
                        _when(token.revoked_at),
                    ]
                )
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=options["token_id"]).first()
        if token is None:
            raise CommandError(f"no token with id {options['token_id']}")
        token_revoke(token=token)
        self.stdout.write(f"Token {token.pk} ({token.name}) revoked.")


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"
