"""The command line: ``sangua close-period`` (through the ``sangua`` entry point's hyphen mapping)."""

from __future__ import annotations

import getpass
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from sangua.accountability.models import Finding, PeriodClose
from sangua.audit.models import AuditEntry
from sangua.cli.main import command_name


def test_hyphenated_names_run_the_underscored_commands():
    assert command_name("close-period") == "close_period"
    assert command_name("bulletin") == "bulletin"
    assert command_name("forecast-backtest") == "forecast_backtest"
    assert command_name("api-token") == "api-token"  # a command spelled with a hyphen stays
    assert command_name("--help") == "--help"


def test_close_period_prints_the_findings_and_then_no_change(liandu, capsys):
    call_command("close_period", "--region", "331102", "--period", "2013-Q3")
    first = capsys.readouterr().out

    assert "莲都区 2013-Q3: run 1, rule set v1, 23 units assessed, 3 findings" in first
    assert "雅溪镇" in first
    assert "常务会议说明" in first

    call_command("close_period", "--region", "331102", "--period", "2013-Q3")
    assert "No change since run 1." in capsys.readouterr().out
    assert PeriodClose.objects.filter(period="2013-Q3").count() == 2
    assert Finding.objects.filter(period="2013-Q3").count() == 3


def test_close_period_names_the_operator_in_the_audit_trail(liandu, capsys):
    call_command("close_period", "--region", "331102", "--period", "2013-Q3")
    run = PeriodClose.objects.get(period="2013-Q3")
    entry = AuditEntry.objects.get(object_type="accountability.periodclose", object_id=run.pk)
    assert (entry.action, entry.actor_id, entry.actor_name) == (
        "close",
        None,
        f"cli:{getpass.getuser()}",
    )


def test_close_period_json(liandu, capsys):
    call_command("close_period", "--region", "331102", "--period", "2013-09", "--json")

    body = json.loads(capsys.readouterr().out)
    assert body["run"] == 1
    assert [f["unit_name"] for f in body["findings"]] == ["雅溪镇", "黄村乡"]
    assert {f["sanction"] for f in body["findings"]} == {"explanation"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "331102", "--period", "2013-10"], "period_not_published"),
        (["--region", "331102", "--period", "2013-13"], "invalid_period"),
        (["--region", "000000", "--period", "2013-09"], "No region"),
        (["--region", "331102", "--period", "2013-09", "--user", "reporter"], "forbidden"),
        (["--region", "331102", "--period", "2013-09", "--user", "nobody"], "no user"),
    ],
)
def test_close_period_errors(liandu, args, message):
    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("close_period", *args)


def test_forecast_backtest_prints_its_tables(liandu, capsys):
    call_command("forecast_backtest", "--region", "331102")

    out = capsys.readouterr().out
    assert out.startswith("## Backtest of the completion forecast — 莲都区 (331102)")
    assert "| year | district | history |" in out
    assert "Quarter pre-warning" in out
