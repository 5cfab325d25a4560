"""The import page: templates, upload, outcome, progress of background jobs, and who may use it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from openpyxl import load_workbook

from sangua.orgs.models import User
from sangua.projects.models import Project
from sangua.transfer.choices import ImportState
from sangua.transfer.jobs import ProgressReporter, job_progress
from sangua.transfer.models import ImportJob

from .conftest import plan_row, project_row, projects_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def office_client(client, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(office)
    return client


@pytest.fixture
def immediate_huey():
    """Run huey tasks at once, in memory (restored afterwards)."""
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


def _upload(client, data: bytes, name: str = "项目.xlsx", kind: str = "projects"):
    return client.post(
        reverse("transfer:index"),
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


@pytest.mark.parametrize(
    ("username", "status"), [("office", 200), ("reporter", 403), ("leader", 403)]
)
def test_the_import_page_is_for_the_office_only(db, client, username, status):
    client.force_login(User.objects.get(username=username))
    assert client.get(reverse("transfer:index")).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    response = client.get(reverse("transfer:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_given_the_office_when_it_downloads_the_filled_template_then_it_has_its_projects(
    office_client,
):
    response = office_client.get(reverse("transfer:template", args=["projects"]) + "?filled=1")
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["项目", "年度计划", "说明", "代码表"]
    codes = [row[0] for row in workbook["项目"].iter_rows(min_row=2, values_only=True)]
    assert codes == list(
        Project.objects.filter(region__code="331102").values_list("code", flat=True)
    )


def test_given_a_good_small_file_when_uploaded_then_it_imports_at_once(office_client, office):
    response = _upload(office_client, projects_file([project_row()], [plan_row()]))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:job", args=[job.pk])
    assert (job.state, job.background, job.created_by, job.filename) == (
        ImportState.DONE,
        False,
        office,
        "项目.xlsx",
    )
    assert job.summary["projects_created"] == 1
    page = office_client.get(response["Location"]).content.decode()
    assert "Imported" in page
    assert "projects added" in page


def test_given_a_bad_file_when_uploaded_then_the_page_lists_every_problem(office_client):
    data = projects_file([project_row(unit="331102-T99", category="火箭")])
    response = _upload(office_client, data)
    job = ImportJob.objects.get()
    assert job.state == ImportState.REJECTED
    assert [(e["cell"], e["code"]) for e in job.errors] == [
        ("D2", "unknown_unit"),
        ("I2", "invalid_choice"),
    ]
    assert not Project.objects.filter(code="331102-901").exists()
    page = office_client.get(response["Location"]).content.decode()
    assert "2 problems found; nothing was imported." in page
    assert "No responsible unit has this code." in page
    errors = office_client.get(reverse("transfer:errors", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(errors.content)).active.iter_rows(values_only=True))
    assert rows[1] == (
        "项目",
        2,
        "D2",
        "责任单位(代码)",
        "331102-T99",
        "No responsible unit has this code.",
        "unknown_unit",
    )


def test_given_a_file_that_is_not_excel_when_uploaded_then_the_form_says_so(office_client):
    response = _upload(office_client, b"<html>not a workbook</html>", name="fake.xlsx")
    assert response.status_code == 200
    assert "is not a .xlsx file" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_given_a_large_file_when_uploaded_then_it_runs_as_a_job(
    office_client, settings, immediate_huey
):
    # given a threshold of 5 rows, so this 6-row file is "large"
    settings.SANGUA_IMPORT_INLINE_ROWS = 5
    data = projects_file(
        [project_row(f"331102-9{k:02d}") for k in range(3)],
        [plan_row(f"331102-9{k:02d}") for k in range(3)],
    )
    # when
    response = _upload(office_client, data)
    # then the worker (immediate here) imported it
    job = ImportJob.objects.get()
    assert job.background
    assert job.state == ImportState.DONE
    assert job.summary["plans_created"] == 3
    progress = office_client.get(reverse("transfer:progress", args=[job.pk]))
    assert progress["HX-Refresh"] == "true"
    assert response.status_code == 302


def test_given_a_running_job_then_the_fragment_polls_and_shows_its_progress(
    office_client, office, immediate_huey
):
    job = ImportJob.objects.create(
        kind="projects",
        filename="big.xlsx",
        rows=9000,
        background=True,
        created_by=office,
        state=ImportState.RUNNING,
    )
    reporter = ProgressReporter(job.pk)
    reporter("check", 500, 1000)  # half-way through checking: 45 + 30 / 2
    assert job_progress(job).percent == 60
    html = office_client.get(reverse("transfer:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert '<progress max="100" value="60">' in html
    page = office_client.get(reverse("transfer:job", args=[job.pk])).content.decode()
    assert "checking every cell" in page


def test_a_job_is_seen_by_its_uploader_only(client, office):
    job = ImportJob.objects.create(
        kind="projects", filename="x.xlsx", created_by=office, state=ImportState.DONE
    )
    client.force_login(User.objects.get(username="city"))
    assert client.get(reverse("transfer:job", args=[job.pk])).status_code == 404
