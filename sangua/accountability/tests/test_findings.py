"""A finding's lifecycle: explanation with an attachment, accept, return, exemption, and who may."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sangua.accountability.choices import FindingState
from sangua.accountability.models import Finding
from sangua.accountability.services import (
    explanation_return,
    explanation_submit,
    finding_accept,
    finding_exempt,
    period_close,
)
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.core.testing.factories import UserFactory, office_for, reporter_for
from sangua.orgs.choices import Role
from sangua.orgs.models import Region

from .conftest import Town

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "情况说明.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def finding(town: Town) -> Finding:
    period_close(region=town.region, period="2013-Q2", by=town.office)
    return Finding.objects.get(unit=town.east, period="2013-Q2")


@pytest.fixture
def east_reporter(town: Town):
    return reporter_for(town.east)


def test_unit_explains_with_an_attachment_and_the_office_accepts(
    town: Town, finding: Finding, east_reporter, media
):
    explanation = explanation_submit(
        finding=finding, by=east_reporter, text="二季度受征地政策处理影响。", attachment=pdf()
    )

    finding.refresh_from_db()
    assert finding.state == FindingState.EXPLAINED
    assert explanation.attachment_name == "情况说明.pdf"
    assert explanation.attachment_type == "application/pdf"
    assert explanation.attachment_size == len(PDF)
    assert explanation.attachment.name.endswith(".pdf")
    assert "情况说明" not in explanation.attachment.name  # stored under a random name
    with explanation.attachment.open("rb") as stored:
        assert stored.read() == PDF

    finding_accept(finding=finding, by=town.office, comment="同意")
    finding.refresh_from_db()
    assert finding.state == FindingState.ACCEPTED
    assert finding.decided_by == town.office
    assert list(finding.events.values_list("action", flat=True)) == ["notify", "explain", "accept"]


def test_explanation_without_attachment_is_fine(finding: Finding, east_reporter):
    explanation_submit(finding=finding, by=east_reporter, text="说明")
    assert Finding.objects.get(pk=finding.pk).state == FindingState.EXPLAINED


def test_returned_explanation_is_explained_again(town: Town, finding: Finding, east_reporter):
    explanation_submit(finding=finding, by=east_reporter, text="说明")
    explanation_return(finding=finding, by=town.office, comment="请补充下一步措施")
    assert Finding.objects.get(pk=finding.pk).state == FindingState.NOTIFIED

    explanation_submit(finding=finding, by=east_reporter, text="说明及整改措施")
    assert finding.explanations.count() == 2
    with pytest.raises(ValidationFailed):
        explanation_return(finding=finding, by=town.office, comment="  ")


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("a.exe", b"MZ\x90\x00"), "upload_type_not_allowed"),
        (SimpleUploadedFile("noext", PDF), "upload_type_not_allowed"),
        (SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>"), "upload_type_mismatch"),
        (SimpleUploadedFile("photo.jpg", PDF), "upload_type_mismatch"),
        (
            SimpleUploadedFile("report.docx", b"PK\x03\x04not really a document"),
            "upload_type_mismatch",
        ),
        (SimpleUploadedFile("empty.pdf", b""), "upload_empty"),
    ],
)
def test_attachments_are_checked_by_type_and_content(finding, east_reporter, media, upload, code):
    with pytest.raises(ValidationFailed) as refused:
        explanation_submit(finding=finding, by=east_reporter, text="说明", attachment=upload)

    assert refused.value.code == code
    assert refused.value.field == "attachment"
    assert Finding.objects.get(pk=finding.pk).state == FindingState.NOTIFIED


def test_attachments_are_limited_in_size(finding, east_reporter, media, settings):
    settings.SANGUA_ATTACHMENT_MAX_BYTES = 1024
    big = pdf(content=PDF + b"0" * 1024)

    with pytest.raises(ValidationFailed) as refused:
        explanation_submit(finding=finding, by=east_reporter, text="说明", attachment=big)
    assert refused.value.code == "upload_too_large"
    assert refused.value.field == "attachment"


def test_an_explanation_needs_text(finding, east_reporter):
    with pytest.raises(ValidationFailed) as refused:
        explanation_submit(finding=finding, by=east_reporter, text="   ")
    assert refused.value.field == "text"


# --- exemption (免责) ------------------------------------------------------------------------------


def test_office_exempts_for_force_majeure_with_reason_and_approver(town: Town, finding: Finding):
    finding_exempt(finding=finding, by=town.office, reason="6月特大洪水，工地停工。")

    finding.refresh_from_db()
    assert finding.state == FindingState.EXEMPTED
    assert finding.exemption_reason == "6月特大洪水，工地停工。"
    assert finding.decided_by == town.office
    assert finding.decided_at is not None
    event = finding.events.get(action="exempt")
    assert (event.actor, event.comment) == (town.office, "6月特大洪水，工地停工。")


def test_an_exemption_needs_a_reason(town: Town, finding: Finding):
    with pytest.raises(ValidationFailed) as refused:
        finding_exempt(finding=finding, by=town.office, reason="")
    assert refused.value.field == "reason"


def test_an_explained_finding_may_still_be_exempted(town, finding, east_reporter):
    explanation_submit(finding=finding, by=east_reporter, text="说明")
    finding_exempt(finding=finding, by=town.office, reason="不可抗力")
    assert Finding.objects.get(pk=finding.pk).state == FindingState.EXEMPTED


def test_settled_findings_cannot_change(town: Town, finding: Finding, east_reporter):
    finding_exempt(finding=finding, by=town.office, reason="不可抗力")

    with pytest.raises(Conflict):
        explanation_submit(finding=finding, by=east_reporter, text="说明")
    with pytest.raises(Conflict):
        finding_accept(finding=finding, by=town.office)
    with pytest.raises(Conflict):
        finding_exempt(finding=finding, by=town.office, reason="再次")


def test_accept_needs_an_explanation_first(town: Town, finding: Finding):
    with pytest.raises(Conflict):
        finding_accept(finding=finding, by=town.office)


def test_an_exempted_finding_stays_exempted_when_the_period_is_closed_again(town, finding):
    finding_exempt(finding=finding, by=town.office, reason="不可抗力")
    period_close(region=town.region, period="2013-Q2", by=town.office)
    assert Finding.objects.get(pk=finding.pk).state == FindingState.EXEMPTED


# --- who may ------------------------------------------------------------------------------------------


def test_a_unit_explains_only_its_own_findings(town: Town, finding: Finding):
    west_reporter = reporter_for(town.west)
    with pytest.raises(NotAllowed):
        explanation_submit(finding=finding, by=west_reporter, text="不是我们的")


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.SUPERVISOR, Role.VIEWER])
def test_people_outside_the_unit_do_not_explain(town: Town, finding: Finding, role):
    someone = UserFactory(role=role, region=town.region)
    with pytest.raises(NotAllowed):
        explanation_submit(finding=finding, by=someone, text="说明")


def test_the_unit_head_explains_too(town: Town, finding: Finding):
    head = UserFactory(role=Role.UNIT_HEAD, unit=town.east, region=town.region)
    explanation_submit(finding=finding, by=head, text="一把手说明")
    assert Finding.objects.get(pk=finding.pk).state == FindingState.EXPLAINED


@pytest.mark.parametrize("role", [Role.LEADER, Role.SUPERVISOR, Role.VIEWER])
def test_only_the_office_decides(town: Town, finding: Finding, east_reporter, role):
    explanation_submit(finding=finding, by=east_reporter, text="说明")
    someone = UserFactory(role=role, region=town.region)
    with pytest.raises(NotAllowed):
        finding_accept(finding=finding, by=someone)
    with pytest.raises(NotAllowed):
        finding_exempt(finding=finding, by=someone, reason="不可抗力")
    with pytest.raises(NotAllowed):
        finding_exempt(finding=finding, by=east_reporter, reason="不可抗力")


def test_another_districts_office_does_not_decide(finding: Finding):
    other = office_for(Region.objects.get(code="331121"))
    with pytest.raises(NotAllowed):
        finding_exempt(finding=finding, by=other, reason="不可抗力")


# --- who is told (通知) -------------------------------------------------------------------------


def test_the_unit_is_told_of_its_finding_and_the_office_of_the_explanation(town: Town):
    from sangua.notify.models import Message, Notification

    reporter = reporter_for(town.east)
    period_close(region=town.region, period="2013-05", by=town.office)
    finding = Finding.objects.get(unit=town.east, period="2013-05")

    told = Notification.objects.filter(recipient=reporter).select_related("message")
    assert [n.message.kind for n in told] == ["accountability.notify"]
    assert "东城街道" in told[0].message.title
    assert told[0].message.url == f"/accountability/findings/{finding.pk}/"

    explanation_submit(finding=finding, by=reporter, text="五月停电")
    office_told = Notification.objects.filter(recipient=town.office).select_related("message")
    assert [n.message.kind for n in office_told] == ["accountability.explain"]

    period_close(region=town.region, period="2013-05", by=town.office)  # again: nobody re-told
    assert Message.objects.filter(kind="accountability.notify").count() == 1
