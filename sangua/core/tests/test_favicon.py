"""Every page names the icon, and /favicon.ico leads to it instead of a 404 in every log."""

import pytest


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("sangua/favicon.svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


@pytest.mark.django_db
def test_login_page_links_the_icon(client):
    page = client.get("/login/")
    assert b'rel="icon"' in page.content
    assert b"sangua/favicon.svg" in page.content
