"""The findings list as an Excel sheet: the findings the list's selector returns for the same
region and filters, every page of them. Chinese headers; amounts as numbers in 万元."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone, translation

from sangua.core.excel import EXPORT_LANGUAGE, MONEY_FORMAT, Column, Sheet
from sangua.engine.accountability import Period
from sangua.orgs.models import Region

from .models import Finding

COLUMNS = (
    Column("期间", 10),
    Column("期间名称", 16),
    Column("所属区县", 12),
    Column("责任单位", 18),
    Column("单位负责人", 20),
    Column("计划投资(万元)", 16, MONEY_FORMAT),
    Column("完成投资(万元)", 16, MONEY_FORMAT),
    Column("差额(万元)", 14, MONEY_FORMAT),
    Column("问责方式", 14),
    Column("状态", 10),
    Column("规则版本", 8),
    Column("决定日期", 12, "yyyy-mm-dd"),
    Column("免责理由", 30),
)


def findings_sheet(region: Region, findings: Iterable[Finding]) -> Sheet:
    """One row per finding, in the list's order."""
    with translation.override(EXPORT_LANGUAGE):
        rows = [
            [
                f.period,
                Period.parse(f.period).label_zh,
                f.region.name,
                f.unit.name,
                f.head_name,
                f.planned,
                f.completed,
                f.shortfall,
                f.get_sanction_display(),
                f.get_state_display(),
                f.rule_set.version,
                timezone.localdate(f.decided_at) if f.decided_at else None,
                f.exemption_reason,
            ]
            for f in findings
        ]
    return Sheet(
        title="问责记录",
        heading=f"{region.name}问责记录（共{len(rows)}条）",
        columns=COLUMNS,
        rows=rows,
    )
