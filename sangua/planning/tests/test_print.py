"""The unit's battle map on paper: an A3 landscape PDF with readable Chinese, from the console and
from the map's download button."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from sangua.cli.main import command_name
from sangua.orgs.models import Unit
from sangua.planning.printing import Scale, print_rows, unit_battlemap_pdf
from sangua.planning.selectors import unit_map

pytestmark = pytest.mark.django_db

A3_LANDSCAPE = (1190.55, 841.89)  # points


def size(page) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_the_pdf_is_a3_landscape_with_the_nodes_in_chinese():
    water = Unit.objects.get(code="331102-D04")  # 区水利局

    reader = PdfReader(io.BytesIO(unit_battlemap_pdf(water)))

    assert all(size(page) == A3_LANDSCAPE for page in reader.pages)
    text = "".join(page.extract_text() for page in reader.pages)
    for name in (
        "瓯江（莲都段）防洪堤工程",
        "好溪堰水利风景区整治",
        "水土保持方案批复",
        "主体工程施工",
    ):
        assert name in text
    assert "区水利局" in text
    assert "2013-10-23" in text  # the status date
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts, "the font is embedded"
    assert all(
        "/FontFile" in str(font.get_object()["/FontDescriptor"].get_object().keys())
        or "/FontFile2" in font.get_object()["/FontDescriptor"].get_object()
        or "/FontFile3" in font.get_object()["/FontDescriptor"].get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/FontDescriptor" in font.get_object()
    )


def test_the_printed_rows_are_the_maps_rows_drawn_to_scale():
    battle = unit_map(Unit.objects.get(code="331102-T05"))  # 联城街道

    rows, scale = print_rows(battle)

    assert len(rows) == len(battle.gantt) == 2 + 34
    assert [r.name for r in rows if r.project] == [
        "331102-004 联城城郊农民新社区一期安置住房",
        "331102-031 联城工业区块道路网",
    ]
    bridges = next(r for r in rows if r.name == "桥涵工程")
    assert bridges.late
    assert bridges.status_label
    baseline, bar = bridges.shapes[:2]
    assert baseline.fill == "#b8bcc2"  # the May baseline, thin and grey
    assert baseline.h < bar.h
    assert bar.tag == "rect"
    assert bar.fill == "#c8161d"  # behind: red
    assert 0 <= bar.x <= scale.x(scale.d0 + 10_000)
    assert all(0 <= t.x <= 230 for t in scale.ticks())


def test_the_scale_labels_months_quarters_or_years_as_the_width_allows():
    def epoch(d: dt.date) -> int:
        return (d - dt.date(1970, 1, 1)).days

    short = Scale(epoch(dt.date(2013, 5, 6)), epoch(dt.date(2013, 12, 31)))
    middle = Scale(epoch(dt.date(2011, 1, 1)), epoch(dt.date(2013, 10, 31)))
    long = Scale(epoch(dt.date(2011, 1, 1)), epoch(dt.date(2016, 12, 31)))
    assert [t.label for t in short.ticks()][:3] == ["2013-05", "06", "07"]
    assert [t.label for t in middle.ticks()][:5] == ["2011-01", "04", "07", "10", "2012-01"]
    assert [t.label for t in long.ticks()][:3] == ["2011", "2012", "2013"]


def test_the_console_command_writes_the_pdf(tmp_path):
    out = tmp_path / "maps" / "liancheng.pdf"
    stdout = io.StringIO()

    call_command(
        "print_battlemap", unit="331102-T05", out=str(out), as_of="2013-10-23", stdout=stdout
    )

    reader = PdfReader(out)
    assert size(reader.pages[0]) == A3_LANDSCAPE
    assert "交付安置户" in reader.pages[0].extract_text()
    assert "联城街道" in stdout.getvalue()
    assert command_name("print-battlemap") == "print_battlemap"


def test_the_console_command_refuses_an_unknown_unit(tmp_path):
    with pytest.raises(CommandError, match="unknown unit"):
        call_command("print_battlemap", unit="nowhere", out=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="not a date"):
        call_command("print_battlemap", unit="331102-T05", out=str(tmp_path / "x.pdf"), as_of="May")


def test_the_map_downloads_as_pdf(client_for):
    response = client_for("reporter").get("/planning/units/331102-T05/battlemap.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="battlemap-331102-T05.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert (
        client_for("reporter2").get("/planning/units/331102-T05/battlemap.pdf").status_code == 404
    )
