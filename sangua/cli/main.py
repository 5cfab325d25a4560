"""The ``sangua`` console command: Django's management commands plus Sangua's own."""

from __future__ import annotations

import os
import sys


def command_name(name: str) -> str:
    """Sangua's commands are spelled with hyphens (``close-period``); a module name cannot be, so a
    hyphenated name that is not itself a command runs the command spelled with underscores."""
    if "-" not in name or name.startswith("-"):
        return name
    import django
    from django.core.management import get_commands

    django.setup()
    commands = get_commands()
    alias = name.replace("-", "_")
    return alias if name not in commands and alias in commands else name


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        args[0] = command_name(args[0])
    if len(args) > 1 and args[0] == "help":
        args[1] = command_name(args[1])
    execute_from_command_line(["sangua", *args])


if __name__ == "__main__":
    main()
