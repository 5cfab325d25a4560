"""The bulletin (通报): PDF text extracted with pypdf (Chinese, the wall's figures), the workbook's
content, and the command. The PDF is rendered once for the module (~2–8 s)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from sangua.accountability.bulletin import bulletin_data, bulletin_pdf, bulletin_xlsx
from sangua.accountability.services import period_close
from sangua.core.errors import Conflict
from sangua.engine.accountability import Period
from sangua.orgs.models import Region
from sangua.progress.figures import region_board

# Every test is a database test, so it runs before the browser tests that flush the database
# (pytest-django runs tests without the database last).
pytestmark = pytest.mark.django_db


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def liandu_pdf(django_db_blocker) -> bytes:
    """Liandu's bulletin of 2013-09 after closing September and Q3 (rolled back afterwards)."""
    with django_db_blocker.unblock(), transaction.atomic():
        liandu = Region.objects.get(code="331102")
        period_close(region=liandu, period="2013-09", by=None)
        period_close(region=liandu, period="2013-Q3", by=None)
        pdf = bulletin_pdf(bulletin_data(liandu, Period.parse("2013-09")))
        transaction.set_rollback(True)
    return pdf


@pytest.fixture(scope="module")
def pdf_text(liandu_pdf) -> str:
    reader = pypdf.PdfReader(io.BytesIO(liandu_pdf))
    return _squash("".join(page.extract_text() for page in reader.pages))


def test_pdf_opens_with_the_red_header_in_chinese(pdf_text):
    assert pdf_text.startswith(
        "莲都区重点项目建设情况通报2013年第9期莲都区重点项目建设领导小组办公室"
    )


def test_pdf_has_the_walls_figures(db, pdf_text):
    wall = region_board(Region.objects.get(code="331102"), 2013, 9)

    assert str(wall.figures.completion_rate) == "98.06"
    assert "占年度计划160,150.00万元的98.06%，序时进度为75.00%" in pdf_text
    assert "超序时进度23.06个百分点" in pdf_text
    assert "在丽水市9个县（市、区）中排名第1" in pdf_text
    # Every unit of the wall's ranking, with its rate.
    for row in wall.rows:
        assert f"{row.name}" in pdf_text
        assert f"{row.figures.completion_rate:.2f}%" in pdf_text


def test_pdf_lists_red_and_black_lists_stalled_projects_and_findings(pdf_text):
    assert "三、红黑榜" in pdf_text
    assert "红榜（绿灯，排名靠前）1碧湖镇131.93%" in pdf_text
    assert "黑榜（红灯，由后往前）" in pdf_text
    assert "四、停滞和进度缓慢项目" in pdf_text
    assert "雅溪口水库工程前期" in pdf_text  # stalled in August and September
    assert "五、考核问责" in pdf_text
    assert "雅溪镇雅溪镇党委书记845.000.00845.00情况说明" in pdf_text  # 2013-09
    assert "常务会议说明" in pdf_text  # 2013-Q3
    assert "全年预测与预警" in pdf_text


def test_pdf_embeds_its_fonts(liandu_pdf):
    reader = pypdf.PdfReader(io.BytesIO(liandu_pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [
        f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for f in fonts.values()
    ]
    assert descriptors
    assert all("/FontFile2" in d or "/FontFile3" in d for d in descriptors)


def test_workbook_has_the_same_content(liandu):
    period_close(region=liandu, period="2013-Q3", by=None)
    data = bulletin_data(liandu, Period.parse("2013-09"))

    book = openpyxl.load_workbook(io.BytesIO(bulletin_xlsx(data)))

    assert book.sheetnames[:7] == [
        "总体情况",
        "排名",
        "红榜",
        "黑榜",
        "停滞和缓慢项目",
        "问责记录",
        "预测",
    ]
    overview = {row[0]: row[1] for row in book["总体情况"].iter_rows(min_row=3, values_only=True)}
    assert overview["年度投资完成率（%）"] == pytest.approx(98.06)
    assert overview["序时进度（%）"] == pytest.approx(75)
    assert overview["丽水市排名"] == 1
    ranking = list(book["排名"].iter_rows(min_row=3, values_only=True))
    assert len(ranking) == 23
    assert ranking[0][:2] == (1, "碧湖镇")
    assert ranking[0][5] == pytest.approx(131.93)
    findings = [r for r in book["问责记录"].iter_rows(min_row=3, values_only=True) if r[1]]
    assert [(f[0], f[1], f[6]) for f in findings] == [
        ("2013-Q3", "白云街道", "常务会议说明"),
        ("2013-Q3", "雅溪镇", "常务会议说明"),
        ("2013-Q3", "黄村乡", "常务会议说明"),
    ]
    assert Decimal(str(findings[1][5])) == Decimal("1030.28")
    notes = [row[0] for row in book["问责记录"].iter_rows(values_only=True) if row[0]]
    assert "尚未考核：2013-09" in notes


def test_a_city_bulletin_ranks_the_districts(db):
    data = bulletin_data(Region.objects.get(code="331100"), Period.parse("2013-09"))

    assert [row.name for row in data.board.rows][:1] == ["莲都区"]
    assert data.findings == []
    assert data.parent_rank is None


def test_no_bulletin_for_an_unpublished_month(liandu):
    with pytest.raises(Conflict) as refused:
        bulletin_data(liandu, Period.parse("2013-10"))
    assert refused.value.code == "not_published"


def test_bulletin_command_writes_the_workbook(liandu, tmp_path):
    out = tmp_path / "bulletin.xlsx"

    call_command(
        "bulletin", "--region", "331102", "--period", "2013-Q3", "--format", "xlsx", "--out", out
    )

    book = openpyxl.load_workbook(out)
    assert book["总体情况"]["A1"].value == "莲都区重点项目建设情况（2013年第三季度）"


def test_bulletin_command_refuses_an_unpublished_period(liandu, tmp_path):
    with pytest.raises(CommandError, match="not_published"):
        call_command(
            "bulletin", "--region", "331102", "--period", "2013-10", "--out", tmp_path / "x.pdf"
        )
