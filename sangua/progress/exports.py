"""The report lists as Excel sheets: the office's review queue and a unit's month, row for row
what the pages' selectors return. Chinese headers; amounts as numbers in 万元, shares in percent.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone, translation

from sangua.core.excel import EXPORT_LANGUAGE, MONEY_FORMAT, RATE_FORMAT, Column, Sheet

from .choices import ReportState
from .selectors import QueueRow, UnitMonthRow

QUEUE_COLUMNS = (
    Column("月份", 10),
    Column("所属区县", 12),
    Column("项目编码", 14),
    Column("项目名称", 36),
    Column("责任单位", 18),
    Column("本月完成投资(万元)", 16, MONEY_FORMAT),
    Column("本月计划(万元)", 14, MONEY_FORMAT),
    Column("占本月计划", 12, RATE_FORMAT),
    Column("形象进度", 30),
    Column("存在问题", 30),
    Column("状态", 10),
    Column("上报日期", 12, "yyyy-mm-dd"),
    Column("逾期", 6),
)

UNIT_COLUMNS = (
    Column("项目编码", 14),
    Column("项目名称", 36),
    Column("挂帅领导", 14),
    Column("本月计划(万元)", 14, MONEY_FORMAT),
    Column("本月完成投资(万元)", 16, MONEY_FORMAT),
    Column("状态", 10),
    Column("逾期", 6),
    Column("重点办意见", 30),
)

NOT_STARTED = "未填报"
LATE = "是"


def review_queue_sheet(rows: Sequence[QueueRow], period: tuple[int, int] | None) -> Sheet:
    """The reports awaiting review, oldest month first, as the queue lists them."""
    with translation.override(EXPORT_LANGUAGE):
        lines = [
            [
                r.report.period,
                r.report.project.region.name,
                r.report.project.code,
                r.report.project.name,
                r.report.project.unit.name,
                r.report.amount,
                r.plan,
                r.share,
                r.report.progress,
                r.report.problems,
                r.report.get_state_display(),
                timezone.localdate(r.report.submitted_at) if r.report.submitted_at else None,
                LATE if r.report.is_late else "",
            ]
            for r in rows
        ]
    month = f"{period[0]}年{period[1]}月" if period else "全部月份"
    return Sheet(
        title="待审核月报",
        heading=f"待审核月报（{month}，共{len(lines)}份）",
        columns=QUEUE_COLUMNS,
        rows=lines,
    )


def unit_month_sheet(unit_name: str, rows: Sequence[UnitMonthRow], year: int, month: int) -> Sheet:
    """A unit's projects in a month with the state of each one's report (or none yet)."""
    with translation.override(EXPORT_LANGUAGE):
        lines = [
            [
                row.project.code,
                row.project.name,
                str(row.project.leader),
                row.plan,
                row.report.amount if row.report else None,
                row.report.get_state_display() if row.report else NOT_STARTED,
                LATE if row.report and row.report.is_late else "",
                row.report.review_comment
                if row.report and row.report.state == ReportState.RETURNED
                else "",
            ]
            for row in rows
        ]
    return Sheet(
        title="本月月报",
        heading=f"{unit_name} {year}年{month}月重点项目月报",
        columns=UNIT_COLUMNS,
        rows=lines,
    )
