"""Supervision items of the 2013 demo (SPEC §6): Liandu's hard cases, closed one by one, and
the items still open when the demo "opens" on 23 October 2013 (the article's date).

Everything goes through the services with fixed 2013 times, so the history is what the product
would have recorded. No clock is read: placards are those the daily job would have hung by
2013-10-23. On a real "today" years later, the open items are simply long overdue, and the first
daily job raises the ones not yet red to red (and reminds their units).

Evidence files are tiny generated documents under ``MEDIA_ROOT/supervision/demo/`` with fixed
names, written once, so loading the demo again never piles up files.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sangua.accountability.rules import rule_set_for
from sangua.orgs.choices import Role
from sangua.orgs.models import Person, Region, Unit, User
from sangua.projects.models import Project

from . import services, workdays
from .choices import PLACARD_RANK, Category, Evaluation, Placard, Source
from .models import Attachment, Feedback, SupervisionItem

TZ = ZoneInfo("Asia/Shanghai")
DEMO_TODAY = dt.date(2013, 10, 23)
LIANDU = "331102"
DEMO_DIR = "supervision/demo"


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    d = dt.date.fromisoformat(day)
    return dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=TZ)


# --- tiny evidence files ---------------------------------------------------------------------


def _pdf(title: str) -> bytes:
    """A one-page PDF whose only text is an ASCII title (enough to open in any viewer)."""
    stream = f"BT /F1 18 Tf 60 760 Td ({title}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png(rgb: tuple[int, int, int], size: int = 48) -> bytes:
    """A plain square PNG of one colour (a stand-in for a site photo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes(rgb) * size
    raw = zlib.compress(row * size, 9)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _evidence(feedback: Feedback, by: User, name: str, stem: str, content: bytes) -> Attachment:
    """An evidence file of the demo at a fixed path (written once), attached to an answer."""
    extension = PurePosixPath(name).suffix.lower()
    path = f"{DEMO_DIR}/{stem}{extension}"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(content))
    kinds = {".pdf": "application/pdf", ".png": "image/png"}
    attachment = Attachment(
        item=feedback.item,
        feedback=feedback,
        token=stem[:32],
        extension=extension,
        name=name,
        size=len(content),
        content_type=kinds[extension],
        is_evidence=True,
        uploaded_by=by,
        uploaded_at=feedback.at,
    )
    attachment.file.name = path
    attachment.save()
    return attachment


# --- the builder -----------------------------------------------------------------------------


@dataclass
class Cast:
    """Who acts in the demo's history."""

    supervisor: User
    office: User
    leader: User


class SupervisionDemo:
    """Writes Liandu's 2013 supervision items (called at the end of the main demo build)."""

    def __init__(self) -> None:
        self.region = Region.objects.get(code=LIANDU)
        users = {u.username: u for u in User.objects.filter(region=self.region)}
        self.cast = Cast(
            supervisor=users["supervisor"], office=users["office"], leader=users["leader"]
        )
        self.units = {u.name: u for u in Unit.objects.filter(region=self.region)}
        self.projects = list(Project.objects.filter(region=self.region).select_related("unit"))
        self.leaders = {
            p.post: p for p in Person.objects.filter(region=self.region, is_leader=True)
        }
        self.answerers: dict[int, User] = {}
        self.cal = workdays.official()

    def project(self, fragment: str) -> Project:
        return next(p for p in self.projects if fragment in p.name)

    def answerer(self, unit: Unit) -> User:
        """A reporter of the unit; units without a demo login get one that cannot sign in."""
        if unit.pk not in self.answerers:
            user = (
                User.objects.filter(unit=unit, role__in=(Role.REPORTER, Role.UNIT_HEAD))
                .order_by("role", "pk")
                .first()
            )
            if user is None:
                user = User(
                    username=f"u{unit.code}",
                    display_name=f"{unit.name}填报员",
                    role=Role.REPORTER,
                    unit=unit,
                    region=unit.region,
                )
                user.set_unusable_password()
                user.save()
            self.answerers[unit.pk] = user
        return self.answerers[unit.pk]

    def build(self) -> None:
        with services.notices_suppressed():
            self._story()
            self._open_items()

    # The story: three hard cases unblocked in 2013, plus the resettlement housing handed over.
    def _story(self) -> None:
        c = self.cast
        gucheng = self.project("古城岛")
        item = services.item_open(
            by=c.supervisor,
            title="古城岛剩余房屋拆迁签约攻坚",
            description="古城岛尚有房屋未签约、未腾空，影响环境整治按期开工。区委书记批示：限期完成签约腾空。",
            category=Category.DEMOLITION,
            source=Source.INSTRUCTION,
            instructed_by=gucheng.leader,
            project=gucheng,
            unit=gucheng.unit,
            deadline_days=40,
            at=at("2013-05-13", 9),
        )
        self._answer(
            item,
            accept="2013-05-14",
            answer="2013-07-01",
            text="剩余房屋全部签约并腾空，拆除完毕，场地移交环境整治施工单位。",
            files=[
                ("古城岛拆迁签约汇总表.pdf", "gucheng-signing"),
                ("古城岛腾空现场照片.png", "gucheng-site"),
            ],
        )
        services.item_close(
            item=item,
            by=c.supervisor,
            evaluation=Evaluation.SATISFACTORY,
            comment="签约腾空全部完成，予以销号。",
            at=at("2013-07-03", 16),
        )

        prison = self.project("之江监狱")
        item = services.item_open(
            by=c.supervisor,
            title="之江监狱迁建地块清场交地",
            description="区政府常务会议确定：8月底前完成迁建地块青苗、坟墓及附属设施清理，交付建设用地。",
            category=Category.LAND,
            source=Source.MEETING,
            project=prison,
            unit=prison.unit,
            deadline=dt.date(2013, 8, 30),
            at=at("2013-05-20", 15),
        )
        self._answer(
            item,
            accept="2013-05-21",
            answer="2013-08-20",
            text="青苗、坟墓已清理完毕，地块基本具备交地条件。",
            files=[("清场进度照片.png", "prison-site-1")],
        )
        services.item_return(
            item=item,
            by=c.supervisor,
            evaluation=Evaluation.UNSATISFACTORY,
            comment="现场核查：附属设施尚未清理完毕，未达到交地条件，退回继续办理。",
            at=at("2013-08-22", 17),
        )
        self._answer(
            item,
            answer="2013-09-05",
            text="附属设施全部清理，地块已交付省监狱管理局，交地确认书附后。",
            files=[("之江监狱地块交地确认书.pdf", "prison-handover")],
        )
        services.item_close(
            item=item,
            by=c.supervisor,
            evaluation=Evaluation.BASICALLY,
            comment="已交地，但超出会议确定的期限，按期办结率计未按期。",
            at=at("2013-09-06", 11),
        )

        substation = self.project("1000KV浙南站")
        item = services.item_open(
            by=c.supervisor,
            title="1000KV浙南站站址土地交付",
            description="督查发现站址政策处理滞后：个别农户未签订征地协议，影响站址土地交付。",
            category=Category.LAND,
            source=Source.INSPECTION,
            project=substation,
            unit=substation.unit,
            deadline_days=25,
            at=at("2013-06-03", 10),
        )
        answerer = self.answerer(substation.unit)
        services.item_accept(item=item, by=answerer, at=at("2013-06-04", 9))
        request = services.extension_request(
            item=item,
            by=answerer,
            deadline=dt.date(2013, 7, 31),
            reason="涉及省电力公司补偿标准调整，需重新测算，申请延期至7月底。",
            at=at("2013-07-01", 10),
        )
        services.extension_decide(
            extension=request,
            by=c.supervisor,
            approve=True,
            comment="同意延期至7月31日。",
            at=at("2013-07-02", 15),
        )
        self._answer(
            item,
            answer="2013-07-25",
            text="征地协议全部签订，站址土地已交付国家电网施工单位进场。",
            files=[("浙南站土地交付确认单.pdf", "substation-handover")],
        )
        services.item_close(
            item=item,
            by=c.supervisor,
            evaluation=Evaluation.SATISFACTORY,
            comment="按延期后的期限完成，予以销号。",
            at=at("2013-07-29", 16),
        )

        housing = self.project("联城城郊农民新社区")
        item = services.item_open(
            by=c.office,
            title="安置住房交付前水电配套接入",
            description="10月18日交房前完成水、电、燃气接入及验收。",
            category=Category.UTILITIES,
            source=Source.MEETING,
            project=housing,
            unit=housing.unit,
            deadline=dt.date(2013, 10, 16),
            at=at("2013-09-23", 10),
        )
        self._answer(
            item,
            accept="2013-09-24",
            answer="2013-10-15",
            text="水电燃气全部接入并通过验收，具备交房条件。",
            files=[("水电接入验收单.pdf", "housing-utilities")],
        )
        services.item_close(
            item=item,
            by=c.office,
            evaluation=Evaluation.SATISFACTORY,
            comment="按期完成，10月18日顺利交房。",
            at=at("2013-10-16", 17),
        )

    def _answer(
        self,
        item: SupervisionItem,
        *,
        answer: str,
        text: str,
        files: list[tuple[str, str]],
        accept: str | None = None,
    ) -> Feedback:
        assert item.unit is not None
        by = self.answerer(item.unit)
        if accept:
            services.item_accept(item=item, by=by, at=at(accept, 9))
        self._placards_until(item, dt.date.fromisoformat(answer))
        feedback = services.item_feedback(item=item, by=by, text=text, at=at(answer, 16))
        for index, (name, stem) in enumerate(files):
            content = _png((200, 60 + 40 * index, 40)) if name.endswith(".png") else _pdf(stem)
            _evidence(feedback, by, name, stem, content)
        return feedback

    # Items still open on 2013-10-23, some overdue with placards, some not yet due.
    def _open_items(self) -> None:
        c = self.cast
        open_specs = [
            # project fragment, title, category, source, opened, deadline (days or date), state
            (
                "雅溪口水库",
                "雅溪口水库工程项目建议书审批",
                Category.APPROVAL,
                Source.INSPECTION,
                "2013-08-12",
                dt.date(2013, 9, 13),
                "in_progress",
            ),
            (
                "黄村乡土地整理",
                "黄村乡土地整理项目复垦资金拨付",
                Category.FUNDING,
                Source.REPORT,
                "2013-09-02",
                dt.date(2013, 10, 18),
                "assigned",
            ),
            (
                "好溪堰",
                "好溪堰整治工程施工进度滞后",
                Category.CONSTRUCTION,
                Source.INSPECTION,
                "2013-09-16",
                15,
                "feedback",
            ),
            (
                "浙西南农产品物流中心",
                "物流中心项目用地规划许可办理",
                Category.APPROVAL,
                Source.MEETING,
                "2013-10-14",
                dt.date(2013, 10, 30),
                "assigned",
            ),
            (
                "联城工业区块道路网",
                "联城工业区块道路网剩余农户征迁",
                Category.DEMOLITION,
                Source.INSPECTION,
                "2013-10-08",
                dt.date(2013, 11, 8),
                "in_progress",
            ),
            (
                None,
                "城北片区夜间施工噪音扰民",
                Category.CONSTRUCTION,
                Source.PUBLIC,
                "2013-10-08",
                5,
                "in_progress",
            ),
        ]
        for fragment, title, category, source, opened, due, state in open_specs:
            project = self.project(fragment) if fragment else None
            unit = project.unit if project else self.units["万象街道"]
            item = services.item_open(
                by=c.supervisor,
                title=title,
                description=title + "，请责任单位限时办结并反馈。",
                category=category,
                source=source,
                project=project,
                unit=unit,
                deadline_days=due if isinstance(due, int) else None,
                deadline=due if isinstance(due, dt.date) else None,
                at=at(opened, 10),
            )
            if state in ("in_progress", "feedback"):
                services.item_accept(item=item, by=self.answerer(unit), at=at(opened, 15))
            if state == "feedback":
                self._placards_until(item, dt.date(2013, 10, 22))
                feedback = services.item_feedback(
                    item=item,
                    by=self.answerer(unit),
                    text="已增加施工班组，主体工程进度已追赶至计划的九成。",
                    at=at("2013-10-22", 16),
                )
                _evidence(
                    feedback,
                    self.answerer(unit),
                    "好溪堰施工进度照片.png",
                    "haoxiyan-site",
                    _png((40, 120, 200)),
                )
            self._placards_until(item, DEMO_TODAY)

        leader_project = self.project("联城城郊农民新社区")
        services.item_instruct(
            project=leader_project,
            by=c.leader,
            text="一期安置房已交付，请联城街道抓紧启动二期安置房前期工作，11月上旬报送方案。",
            category=Category.APPROVAL,
            deadline_days=10,
            at=at("2013-10-21", 11),
        )
        services.item_register(
            by=c.supervisor,
            title="白云森林公园提升工程进度缓慢",
            description="三季度投资完成率偏低，待研究确定责任分工后交办。",
            category=Category.CONSTRUCTION,
            source=Source.INSPECTION,
            project=self.project("白云森林公园"),
            at=at("2013-10-22", 15),
        )

    def _placards_until(self, item: SupervisionItem, today: dt.date) -> None:
        """Hang the placards the daily job would have hung by ``today``, on the days it would have."""
        item.refresh_from_db()
        if item.state not in ("assigned", "in_progress") or item.deadline is None:
            return
        rules = rule_set_for(item.region)
        steps = ((rules.placard_yellow_days, Placard.YELLOW), (rules.placard_red_days, Placard.RED))
        for days, placard in steps:
            day = workdays.deadline_after(item.deadline, days, self.cal)
            if day <= today and PLACARD_RANK[placard] > PLACARD_RANK[Placard(item.placard)]:
                services.placard_set(
                    item=item,
                    placard=placard,
                    at=at(day.isoformat(), 8, 30),
                    overdue_days=days,
                )


def build_supervision_demo() -> None:
    """Add the supervision items to a freshly built demo (Liandu must exist)."""
    SupervisionDemo().build()
