"""Content-Security-Policy on every response: scripts and styles from our own origin only.

No inline scripts are allowed (no ``'unsafe-inline'`` in script-src): pages load their
JavaScript from static files and pass data through ``data-`` attributes or ``json_script``.
Inline styles stay allowed (ECharts and htmx set style attributes). Override the policy with the
``SANGUA_CSP`` setting; ``SANGUA_CSP_REPORT_ONLY = True`` sends it as report-only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'self'"
)


def policy() -> str:
    return str(getattr(settings, "SANGUA_CSP", "") or DEFAULT_POLICY)


class ContentSecurityPolicyMiddleware:
    """Adds the policy header unless a view set its own (a download sets a stricter one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "SANGUA_CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if "Content-Security-Policy" not in response and header not in response:
            response[header] = policy()
        return response
