"""The dashboard's ranking as an Excel sheet: the region's units (or a city's districts) for the
chosen month, in rank order, as ``region_board`` ranks them (SPEC §3). Chinese headers; money
as numbers in 万元, rates as numbers in percent."""

from __future__ import annotations

from django.utils import translation

from sangua.core.excel import EXPORT_LANGUAGE, MONEY_FORMAT, RATE_FORMAT, Column, Sheet
from sangua.core.templatetags.figures_format import light_label
from sangua.progress.figures import RegionBoard


def ranking_sheet(board: RegionBoard, *, published: bool) -> Sheet:
    """One row per ranked child, unranked ones (no annual plan) last with an empty rank."""
    child = "责任单位" if board.child_kind == "unit" else "区县"
    columns = (
        Column("排名", 6),
        Column(f"{child}编码", 12),
        Column(child, 20),
        Column("项目数", 8),
        Column("年度计划(万元)", 16, MONEY_FORMAT),
        Column("计划至本月(万元)", 16, MONEY_FORMAT),
        Column("累计完成(万元)", 16, MONEY_FORMAT),
        Column("年度投资完成率", 14, RATE_FORMAT),
        Column("序时进度", 10, RATE_FORMAT),
        Column("计划完成率", 12, RATE_FORMAT),
        Column("红黄绿灯", 10),
        Column("停滞", 6),
    )
    with translation.override(EXPORT_LANGUAGE):
        rows = [
            [
                row.rank,
                row.code,
                row.name,
                row.project_count,
                row.figures.annual_plan,
                row.figures.plan_to_date,
                row.figures.completed,
                row.figures.completion_rate,
                row.figures.time_progress,
                row.figures.plan_to_date_rate,
                light_label(row.figures.light),
                "停滞" if row.figures.stalled else "",
            ]
            for row in board.rows
        ]
    status = "已发布" if published else "未发布，仅供重点办内部核对"
    return Sheet(
        title=f"{child}排名",
        heading=f"{board.region.name}{board.year}年{board.month}月{child}排名（{status}）",
        columns=columns,
        rows=rows,
        notes=["按年度投资完成率排名；完成率相同按累计完成额，再按编码；无年度计划的不参加排名。"],
    )
