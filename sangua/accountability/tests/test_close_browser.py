"""In Chromium: the office closes 2013-Q3, the unit opens its finding and explains it with an
attachment, and the office opens that explanation."""

from __future__ import annotations

from typing import Any

import pytest

from sangua.accountability.models import Finding
from sangua.core.testing.browser import new_page, sign_in
from sangua.demo.build import DEMO_PASSWORD
from sangua.orgs.models import Unit, User

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def test_close_a_quarter_then_explain_and_open_the_explanation(
    demo: bool, live_server: Any, chromium: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url

    # The office closes the third quarter from the close page.
    office = sign_in(new_page(chromium, locale="zh-CN"), base, "office", DEMO_PASSWORD)
    office.goto(f"{base}/accountability/close/?region=331102")
    office.fill("#id_period", "2013-Q3")
    office.click(".close-form button[type=submit]")
    office.wait_for_url("**/accountability/close/runs/*/")
    assert "2013-Q3" in office.inner_text(".messages")
    rows = office.locator("table.assessed tbody tr")
    assert rows.count() == 23
    yaxi_row = rows.filter(has_text="雅溪镇")
    assert "1,030.28" in yaxi_row.inner_text()

    # The finding of 雅溪镇 opens from the run.
    yaxi_row.locator("a").first.click()
    office.wait_for_url("**/accountability/findings/*/")
    finding = Finding.objects.get(unit__name="雅溪镇", period="2013-Q3")
    assert office.url.endswith(f"/accountability/findings/{finding.pk}/")
    assert "2,366.00" in office.inner_text("#why")

    # The unit's reporter explains it, with an attachment.
    unit = Unit.objects.get(name="雅溪镇")
    User.objects.create_user(
        "yaxi", password="yaxi-2013", role="reporter", unit=unit, region=unit.region
    )
    reporter = sign_in(new_page(chromium, locale="zh-CN"), base, "yaxi", "yaxi-2013")
    reporter.goto(f"{base}/accountability/findings/")
    reporter.click(f"a[href='/accountability/findings/{finding.pk}/']")
    reporter.fill("#id_text", "三季度水库工程政策处理受阻，已协调解决，四季度加快推进。")
    reporter.set_input_files(
        "#id_attachment",
        files=[{"name": "情况说明.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    reporter.click(".explain-form button[type=submit]")
    reporter.wait_for_selector(".messages")
    assert "explain-form" not in reporter.content()
    finding.refresh_from_db()
    assert finding.state == "explained"

    # The office opens the explanation and its attachment.
    office.reload()
    explanations = office.inner_text("#explanations")
    assert "三季度水库工程政策处理受阻" in explanations
    assert "情况说明.pdf" in explanations
    with office.expect_download() as download:
        office.click("#explanations a:has-text('情况说明.pdf')")
    assert download.value.suggested_filename == "情况说明.pdf"
    assert office.errors == reporter.errors == []
