"""Notices: inbox for everyone, e-mail through Django's mail settings, a group-robot webhook with
retries — every attempt recorded and every failure on the office's page."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from sangua.notify.choices import Channel, DeliveryStatus
from sangua.notify.models import Delivery, Message, Notification
from sangua.notify.selectors import unread_count
from sangua.notify.services import delivery_retry, notify
from sangua.orgs.models import Person, Region, User


class Robot:
    """A local stand-in for a DingTalk/WeCom group robot: answers with the statuses it is given."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.answers: list[tuple[int, dict[str, Any]]] = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                robot.received.append(
                    {
                        "path": self.path,
                        "type": self.headers.get("Content-Type"),
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                status, body = robot.answers.pop(0) if robot.answers else (200, {"errcode": 0})
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = (
            f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?access_token=SECRET"
        )
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot(settings: Any) -> Iterator[Robot]:
    server = Robot()
    settings.SANGUA_WEBHOOK_URL = server.url
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:  # noqa: PT004
    settings.SANGUA_WEBHOOK_URL = ""
    settings.SANGUA_NOTIFY_RETRY_SECONDS = 0  # huey retries at once in immediate mode
    settings.SANGUA_NOTIFY_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def immediate() -> Iterator[None]:
    previous = HUEY.immediate
    HUEY.immediate = True
    try:
        yield
    finally:
        HUEY.immediate = previous


@pytest.fixture
def liandu(db: None) -> Region:
    return Region.objects.get(code="331102")


@pytest.fixture
def head(db: None) -> User:
    user = User.objects.get(username="head")
    user.email = "head@liandu.example"
    user.save()
    return user


def send(key: str = "k1", **kwargs: Any) -> tuple[Message, bool]:
    defaults: dict[str, Any] = {
        "kind": "test",
        "title": "红牌督办：雅溪口水库",
        "body": "已逾期 5 个工作日",
        "url": "/supervision/1/",
    }
    return notify(key=key, **{**defaults, **kwargs})


def test_a_notice_lands_in_the_inbox_and_is_mailed(
    head, liandu, immediate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message, created = send(users=[head], region=liandu)
    assert created
    assert list(message.notifications.values_list("recipient__username", flat=True)) == ["head"]
    assert unread_count(head) == Notification.objects.filter(recipient=head, read_at=None).count()
    delivery = message.deliveries.get()
    assert (delivery.channel, delivery.target, delivery.status, delivery.attempts) == (
        Channel.EMAIL,
        "head@liandu.example",
        DeliveryStatus.SENT,
        1,
    )
    assert [m.subject for m in mail.outbox] == ["红牌督办：雅溪口水库"]
    assert mail.outbox[0].to == ["head@liandu.example"]
    assert "已逾期 5 个工作日" in mail.outbox[0].body


def test_the_same_key_is_sent_once(head, immediate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, created_first = send(users=[head])
        second, created_second = send(users=[head], title="something else")
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Notification.objects.filter(message=first).count() == 1
    assert len(mail.outbox) == 1


def test_people_without_an_account_are_recorded_as_undeliverable(db, liandu):
    leader = Person.objects.get(region=liandu, post="区委书记")  # no login in the demo
    district_head = Person.objects.get(region=liandu, post="区长")  # the demo's "leader"
    message, _ = send(persons=[leader, district_head], region=liandu)
    assert list(message.notifications.values_list("recipient__username", flat=True)) == ["leader"]
    undeliverable = message.deliveries.get()
    assert (undeliverable.status, undeliverable.person, undeliverable.attempts) == (
        DeliveryStatus.UNDELIVERABLE,
        leader,
        0,
    )
    assert "区委书记" in undeliverable.last_error


def test_the_webhook_posts_what_group_robots_take(
    robot, head, immediate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = send(users=[head])
    webhook = message.deliveries.get(channel=Channel.WEBHOOK)
    assert (webhook.status, webhook.attempts) == (DeliveryStatus.SENT, 1)
    assert webhook.target.endswith("/robot/send")  # the access token is not stored
    [call] = robot.received
    assert call["path"] == "/robot/send?access_token=SECRET"
    assert call["type"].startswith("application/json")
    assert call["body"] == {
        "msgtype": "text",
        "text": {"content": "红牌督办：雅溪口水库\n已逾期 5 个工作日\n/supervision/1/"},
    }


def test_a_failing_webhook_is_retried_then_marked_failed(
    robot, head, liandu, immediate, django_capture_on_commit_callbacks
):
    robot.answers = [(500, {}), (502, {}), (500, {})]
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = send(users=[head], region=liandu)
    webhook = message.deliveries.get(channel=Channel.WEBHOOK)
    assert (webhook.status, webhook.attempts) == (DeliveryStatus.FAILED, 3)
    assert list(webhook.tries.values_list("number", "ok", "status_code")) == [
        (1, False, 500),
        (2, False, 502),
        (3, False, 500),
    ]
    assert "500" in webhook.last_error
    assert len(robot.received) == 3
    # The e-mail of the same notice is unaffected
    assert message.deliveries.get(channel=Channel.EMAIL).status == DeliveryStatus.SENT


def test_a_robot_refusal_in_the_body_counts_as_a_failure(
    robot, head, immediate, django_capture_on_commit_callbacks
):
    robot.answers = [(200, {"errcode": 310000, "errmsg": "keywords not in content"})] * 3
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = send(users=[head])
    webhook = message.deliveries.get(channel=Channel.WEBHOOK)
    assert webhook.status == DeliveryStatus.FAILED
    assert "310000" in webhook.last_error


def test_a_webhook_that_recovers_on_the_second_attempt(
    robot, head, immediate, django_capture_on_commit_callbacks
):
    robot.answers = [(503, {})]
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = send(users=[head])
    webhook = message.deliveries.get(channel=Channel.WEBHOOK)
    assert (webhook.status, webhook.attempts) == (DeliveryStatus.SENT, 2)
    assert list(webhook.tries.values_list("ok", flat=True)) == [False, True]


def test_an_unreachable_webhook_fails_visibly(
    settings, head, immediate, django_capture_on_commit_callbacks
):
    settings.SANGUA_WEBHOOK_URL = "http://127.0.0.1:9/robot"  # the discard port: refused
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = send(users=[head])
    webhook = message.deliveries.get(channel=Channel.WEBHOOK)
    assert (webhook.status, webhook.attempts) == (DeliveryStatus.FAILED, 3)
    assert webhook.tries.filter(status_code__isnull=True).count() == 3


def test_the_office_sees_failures_and_sends_again(
    robot, head, liandu, immediate, django_capture_on_commit_callbacks
):
    robot.answers = [(500, {})] * 3
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = send(users=[head], region=liandu, title="失败的通知")
    failed = message.deliveries.get(channel=Channel.WEBHOOK)
    office = Client()
    office.force_login(User.objects.get(username="office"))
    page = office.get(reverse("notify:deliveries"))
    assert page.status_code == 200
    assert "失败的通知" in page.content.decode()
    assert page.context["counts"].failed >= 1
    # When the office sends it again and the robot is back, it goes through
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(reverse("notify:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.SENT, 4)


def test_only_the_office_watches_deliveries(db, users_client):
    for name in ("supervisor", "head", "viewer", "leader"):
        assert users_client(name).get(reverse("notify:deliveries")).status_code == 403
    assert users_client("office").get(reverse("notify:deliveries")).status_code == 200


def test_a_sent_delivery_is_not_sent_again(db, head):
    message, _ = send(users=[head])
    delivery = message.deliveries.get()
    delivery.status, delivery.attempts = DeliveryStatus.SENT, 1
    delivery.sent_at = message.created_at
    delivery.save()
    office = User.objects.get(username="office")
    from sangua.core.errors import Conflict

    with pytest.raises(Conflict):
        delivery_retry(delivery=delivery, by=office)


@pytest.fixture
def users_client(db: None):  # type: ignore[no-untyped-def]
    def make(name: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=name))
        return client

    return make


def test_the_inbox_shows_unread_notices_and_marks_them_read(db, head, users_client):
    message, _ = send(users=[head])
    client = users_client("head")
    page = client.get(reverse("notify:inbox"))
    assert page.status_code == 200
    assert page.context["unread"] == unread_count(head)
    assert "红牌督办：雅溪口水库" in page.content.decode()
    entry = Notification.objects.get(message=message, recipient=head)
    opened = client.get(reverse("notify:open", args=[entry.pk]))
    assert (opened.status_code, opened["Location"]) == (302, "/supervision/1/")
    entry.refresh_from_db()
    assert entry.read_at is not None
    client.post(reverse("notify:read-all"))
    assert unread_count(head) == 0


def test_nobody_opens_another_users_notice(db, head, users_client):
    message, _ = send(users=[head])
    entry = Notification.objects.get(message=message)
    assert users_client("reporter").get(reverse("notify:open", args=[entry.pk])).status_code == 404


def test_the_unread_count_tag(db, head, rf):
    from django.template import Context, Template

    send(users=[head])
    request = rf.get("/")
    request.user = head
    rendered = Template("{% load notify_tags %}{% unread_count as n %}{{ n }}").render(
        Context({"request": request})
    )
    assert rendered == str(unread_count(head))


def test_no_webhook_delivery_without_a_webhook_address(db, head):
    message, _ = send(users=[head])
    assert not Delivery.objects.filter(message=message, channel=Channel.WEBHOOK).exists()
