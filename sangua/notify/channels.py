"""The two ways out: e-mail through Django's mail settings, and a group-robot webhook.

Each sender makes one attempt and raises :class:`SendFailed` with what went wrong; retrying and
recording are the services' business.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import send_mail

WEBHOOK_TIMEOUT_SECONDS = 10


class SendFailed(Exception):
    """One attempt failed; ``status_code`` is the HTTP status when there was one."""

    def __init__(self, error: str, status_code: int | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.status_code = status_code


def absolute(url: str) -> str:
    """A link for people outside the browser (e-mail, group chats): prefixed with SANGUA_BASE_URL."""
    base = getattr(settings, "SANGUA_BASE_URL", "").rstrip("/")
    if not url or "://" in url or not base:
        return url
    return base + url


def webhook_label(url: str) -> str:
    """The webhook's address without its query string, which holds the robot's access token."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))[:300]


def text_of(title: str, body: str, url: str) -> str:
    lines = [title]
    if body:
        lines.append(body)
    if url:
        lines.append(absolute(url))
    return "\n".join(lines)


def send_email(address: str, title: str, body: str, url: str) -> None:
    """Send one e-mail (the title as subject); raises SendFailed."""
    try:
        sent = send_mail(
            subject=title,
            message=text_of("", body, url).strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
            fail_silently=False,
        )
    except Exception as error:  # SMTP, DNS, socket: all one thing to the office
        raise SendFailed(f"{type(error).__name__}: {error}") from error
    if sent != 1:
        raise SendFailed("the mail backend accepted no message")


def send_webhook(title: str, body: str, url: str) -> int:
    """POST the message the way DingTalk and WeCom group robots take it; raises SendFailed.

    Robots answer HTTP 200 with ``{"errcode": 0}`` on success and a non-zero ``errcode`` (still
    HTTP 200) when they refuse, so both the status and the body are checked.
    """
    address = getattr(settings, "SANGUA_WEBHOOK_URL", "")
    if not address:
        raise SendFailed("SANGUA_WEBHOOK_URL is not set")
    payload = {"msgtype": "text", "text": {"content": text_of(title, body, url)}}
    request = urllib.request.Request(
        address,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        raise SendFailed(f"HTTP {error.code} {error.reason}", error.code) from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SendFailed(f"{type(error).__name__}: {error}") from error
    if not 200 <= status < 300:
        raise SendFailed(f"HTTP {status}", status)
    try:
        answer = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = {}
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0):
        raise SendFailed(
            f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}".strip(), status
        )
    return status
