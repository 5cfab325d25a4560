"""Serving uploads: attachment, nosniff, only to whoever may see the owning object."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sangua.orgs.models import User
from sangua.transfer.models import ImportJob

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n"


@pytest.fixture
def job(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = User.objects.get(username="office")
    job = ImportJob(kind="projects", filename="项目.xlsx", created_by=office)
    job.file.save("项目.xlsx", ContentFile(b"PK\x03\x04 not really"), save=False)
    job.save()
    return job


def _url(job):
    return reverse("security:download", args=["transfer.importjob.file", job.pk])


def test_the_owner_gets_the_file_as_a_safe_attachment(client, job):
    client.force_login(job.created_by)
    response = client.get(_url(job))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == b"PK\x03\x04 not really"


@pytest.mark.parametrize("username", ["city", "reporter", "viewer"])
def test_others_are_told_it_does_not_exist(client, job, username):
    client.force_login(User.objects.get(username=username))
    assert client.get(_url(job)).status_code == 404


def test_anonymous_visitors_get_nothing(client, job):
    assert client.get(_url(job)).status_code == 404


def test_a_superuser_may_download(client, job):
    client.force_login(User.objects.get(username="admin"))
    assert client.get(_url(job)).status_code == 200


def test_fields_that_were_not_registered_are_not_served(client, job):
    client.force_login(job.created_by)
    url = reverse("security:download", args=["orgs.user.password", job.created_by.pk])
    assert client.get(url).status_code == 404
