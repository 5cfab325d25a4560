"""The Content-Security-Policy header, and a crawl for pages that would break under it.

The policy allows no inline script: a page that needs one (a <script> with code in it, an
onclick= attribute, a javascript: link, or a script from another origin) would silently stop
working in the browser. The crawl renders the product's pages and the admin as different users
and lists every such place; pages known to need fixing by their owners are listed in
``KNOWN`` so that the test fails on anything new.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from sangua.orgs.models import User
from sangua.security.middleware import DEFAULT_POLICY

EXPECTED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'self'"
)
DATA_TYPES = {"application/json", "application/ld+json", "text/template", "text/x-template"}

# Pages whose inline scripts are their owners' to fix (reported, not fixed here).
KNOWN: set[tuple[str, str]] = set()


class InlineScripts(HTMLParser):
    """Collects what a script-src 'self' policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False
        self._script_has_src = False
        self._script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler attribute")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...>")
        if tag == "script":
            src = values.get("src")
            kind = (values.get("type") or "").lower()
            if src and re.match(r"^(https?:)?//", src):
                self.problems.append(f"<script src={src}> from another origin")
            self._in_script = kind not in DATA_TYPES
            self._script_has_src = bool(src)
            self._script_text = ""

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            if not self._script_has_src and self._script_text.strip():
                self.problems.append(f"inline <script>: {self._script_text.strip()[:60]!r}")
            self._in_script = False


def problems_in(html: str) -> list[str]:
    parser = InlineScripts()
    parser.feed(html)
    return parser.problems


def test_the_policy_is_the_one_asked_for():
    assert DEFAULT_POLICY == EXPECTED_POLICY


def test_every_response_carries_the_policy(client, db):
    response = client.get(reverse("login"))
    assert response["Content-Security-Policy"] == EXPECTED_POLICY
    assert response["X-Frame-Options"] == "DENY"


def test_the_policy_can_be_sent_report_only(client, db, settings):
    settings.SANGUA_CSP_REPORT_ONLY = True
    response = client.get(reverse("login"))
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == EXPECTED_POLICY


def test_the_parser_finds_what_the_policy_blocks():
    html = (
        '<script src="/static/a.js"></script><script type="application/json">{"a": 1}</script>'
        '<script>alert(1)</script><a href="javascript:go()">x</a><button onclick="go()">'
        '<script src="https://cdn.example.com/x.js"></script>'
    )
    assert problems_in(html) == [
        "inline <script>: 'alert(1)'",
        "<a href=javascript:...>",
        "<button onclick=...> event handler attribute",
        "<script src=https://cdn.example.com/x.js> from another origin",
    ]


def _first(model_label: str):
    return apps.get_model(model_label).objects.order_by("pk").first()


def _product_pages() -> list[tuple[str, str]]:
    """(user, url) pairs covering every page of the product that a GET renders."""
    from sangua.accountability.models import Finding
    from sangua.supervision.models import SupervisionItem

    pages = [
        ("", reverse("login")),
        ("", reverse("boards:wall", args=["331102"])),
        ("", reverse("boards:wall", args=["331100"])),
        ("", reverse("boards:wall-live", args=["331102"])),
        ("office", reverse("boards:dashboard")),
        ("city", reverse("boards:dashboard")),
        ("office", reverse("projects:list")),
        ("office", reverse("projects:detail", args=["331102-001"])),
        ("office", reverse("progress:review")),
        ("reporter", reverse("progress:my-reports")),
        ("office", reverse("accountability:findings")),
        ("office", reverse("accountability:close")),
        ("office", reverse("accountability:rules")),
        ("office", reverse("accountability:bulletin")),
        ("office", reverse("accountability:forecast")),
        ("office", reverse("accountability:why-project", args=["331102-001", "2013-09"])),
        ("office", reverse("accountability:why-region", args=["331102", "2013-09"])),
        ("office", reverse("supervision:ledger")),
        ("office", reverse("supervision:people")),
        ("office", reverse("supervision:projects")),
        ("office", reverse("supervision:create")),
        ("office", reverse("notify:inbox")),
        ("office", reverse("transfer:index")),
        ("admin", reverse("api-v1:openapi-view")),
    ]
    reporter = User.objects.get(username="reporter")
    project = reporter.unit.projects.order_by("code").first()
    if project is not None:
        pages.append(("reporter", reverse("progress:fill", args=[project.code, "2013-10"])))
    finding = Finding.objects.order_by("pk").first()
    if finding is not None:
        pages.append(("office", reverse("accountability:finding", args=[finding.pk])))
    item = SupervisionItem.objects.order_by("pk").first()
    if item is not None:
        pages.append(("office", reverse("supervision:detail", args=[item.pk])))
    return pages


def _admin_pages() -> list[tuple[str, str]]:
    pages = [("admin", reverse("admin:index"))]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(("admin", reverse("admin:{}_{}_changelist".format(*info))))
        try:
            pages.append(("admin", reverse("admin:{}_{}_add".format(*info))))
        except NoReverseMatch:
            pass
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append(("admin", reverse("admin:{}_{}_change".format(*info), args=[obj.pk])))
    return pages


@pytest.mark.parametrize("area", ["product", "admin"])
def test_no_page_needs_an_inline_script(client, db, area):
    found: set[tuple[str, str]] = set()
    pages = _product_pages() if area == "product" else _admin_pages()
    for username, url in pages:
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for problem in problems_in(response.content.decode()):
            found.add((url, problem))
    assert sorted(found - KNOWN) == []
