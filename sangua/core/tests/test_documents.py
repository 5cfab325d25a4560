"""PDF and Excel helpers: Chinese text survives into the PDF; workbooks hold exact figures."""

import io
from decimal import Decimal

import openpyxl
import pypdf

from sangua.core.excel import MONEY_FORMAT, Column, Sheet, workbook_bytes
from sangua.core.pdf import font_css, font_subsets, html_to_pdf


def test_font_css_loads_only_the_subsets_the_text_needs():
    css = font_css("莲都区")
    assert 1 <= css.count("@font-face") <= 6
    assert len(font_subsets()) > 50


def test_pdf_embeds_the_chinese_font_and_text_extracts_exactly():
    text = "莲都区重点项目月度通报：完成率98.06%，古城岛房屋拆迁。"
    pdf = html_to_pdf(f"<html><body><h1>{text}</h1></body></html>")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "".join(reader.pages[0].extract_text().split()) == text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [
        f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for f in fonts.values()
    ]
    assert all(any(k in d for k in ("/FontFile2", "/FontFile3", "/FontFile")) for d in descriptors)


def test_workbook_keeps_decimals_and_chinese_headers():
    data = workbook_bytes(
        [
            Sheet(
                "排名",
                [Column("单位"), Column("完成额", number_format=MONEY_FORMAT)],
                [("联城街道", Decimal("1234.50"))],
                heading="2013年9月",
            )
        ]
    )
    ws = openpyxl.load_workbook(io.BytesIO(data))["排名"]
    assert ws["A1"].value == "2013年9月"
    assert [c.value for c in ws[2]] == ["单位", "完成额"]
    assert ws["B3"].value == 1234.5
    assert ws["B3"].number_format == MONEY_FORMAT
