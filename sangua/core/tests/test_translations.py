"""The project catalogue (locale/): one source of truth, every message translated, placeholders
kept, compiled and committed; pages speak Chinese by default and English when asked.

The .po files are read with a small parser of our own (polib is not a dependency). Messages are
found in the code the way `makemessages` finds them: `_()` and friends in Python (by the syntax
tree), `{% translate %}` and `{% blocktranslate %}` in templates (through Django's templatize).
When one of these tests fails after a page changed, run `make messages`, translate what is new
in locale/zh_Hans/LC_MESSAGES/django.po and commit the .po and .mo (docs/translation.md).
"""

from __future__ import annotations

import ast
import gettext as gnu_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
ZH_PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
ZH_MO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"

# The same exclusions as scripts/messages: tests and the pure engine hold no user-facing text.
SKIPPED_PARTS = {"tests", "engine", "migrations", "__pycache__"}
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
WITH_CONTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}

BRACE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?)\}(?!\})")
PERCENT_NAMED = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
PERCENT_PLAIN = re.compile(r"%[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text)


def read_po(path: Path) -> dict[tuple[str | None, str], Entry]:
    """The entries of a .po file by (context, msgid); obsolete (#~) entries are left out."""
    entries: dict[tuple[str | None, str], Entry] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags: set[str] = set()
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line
            ):
                current = match.group(1)
                fields[current] = _unquote(match.group(2))
            elif match := re.match(r'^"(.*)"$', line):
                assert current is not None, f"{path}: continuation line without a field: {line}"
                fields[current] += _unquote(match.group(1))
        if "msgid" not in fields:
            continue
        forms = sorted(k for k in fields if k.startswith("msgstr"))
        entry = Entry(
            msgid=fields["msgid"],
            msgctxt=fields.get("msgctxt"),
            msgid_plural=fields.get("msgid_plural"),
            msgstr=[fields[k] for k in forms],
            flags=flags,
        )
        entries[entry.key] = entry
    return entries


@pytest.fixture(scope="module")
def zh() -> dict[tuple[str | None, str], Entry]:
    return read_po(ZH_PO)


def _message(node: ast.AST) -> tuple[str | None, str] | None:
    if not isinstance(node, ast.Call):
        return None
    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
    if name not in GETTEXT_NAMES:
        return None
    args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
    context: str | None = None
    if name in WITH_CONTEXT:
        if not args or not isinstance(args[0], str):
            return None
        context, args = args[0], args[1:]
    if args and isinstance(args[0], str):
        return (context, args[0])
    return None


def python_messages() -> tuple[set[tuple[str | None, str]], set[tuple[str, str]]]:
    """Messages of gettext calls in the app code, and (file, msgid) of those inside f-strings:
    xgettext does not look inside f-strings, so those never reach the catalogue."""
    found, hidden = set(), set()
    for path in (ROOT / "sangua").rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED_PARTS & set(relative.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        in_fstrings = {
            id(node)
            for joined in ast.walk(tree)
            if isinstance(joined, ast.JoinedStr)
            for node in ast.walk(joined)
        }
        for node in ast.walk(tree):
            message = _message(node)
            if message is None:
                continue
            if id(node) in in_fstrings:
                hidden.add((relative.as_posix(), message[1]))
            else:
                found.add(message)
    return found, hidden


# Reported to the owners (move the call out of the f-string: STYLE convention 6); until then the
# word stays English. Remove an entry here when its call is fixed.
KNOWN_IN_FSTRINGS: set[tuple[str, str]] = set()


TEMPLATE_CALL = re.compile(
    r"""\b(n?p?gettext)\(\s*u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
    r"""(?:\s*,\s*u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))?"""
)


def messages_in_templates() -> set[tuple[str | None, str]]:
    found = set()
    for path in sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "sangua").glob("*/templates/**/*.html")
    ):
        source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for name, first, second in TEMPLATE_CALL.findall(source):
            first = ast.literal_eval(first)
            if "p" in name.replace("gettext", ""):
                found.add((first, ast.literal_eval(second)))
            else:
                found.add((None, first))
    return found


def placeholders(text: str) -> dict[str, list[str]]:
    return {
        # Field names only: "{month:02d}" may become "{month}" ("2013年9月"), see scripts/messages.
        "brace": sorted(re.split(r"[:!]", f, maxsplit=1)[0] for f in BRACE.findall(text)),
        "percent": sorted(PERCENT_NAMED.findall(text)),
        "unnamed": sorted(PERCENT_PLAIN.findall(PERCENT_NAMED.sub("", text.replace("%%", "")))),
        "tags": sorted(TAG.findall(text)),
    }


# --- the catalogue itself -----------------------------------------------------------------------


def test_there_is_one_catalogue_and_no_app_keeps_its_own():
    assert ZH_PO.exists(), "run make messages (docs/translation.md)"
    assert ZH_MO.exists(), "run make messages (docs/translation.md)"
    assert EN_PO.exists()
    assert sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("sangua/*/locale")) == []
    assert settings.LOCALE_PATHS == [LOCALE]


def test_header_declares_chinese_with_one_plural_form(zh):
    header = zh[(None, "")].msgstr[0]
    assert "Language: zh_Hans\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header
    assert "charset=UTF-8" in header
    assert "fuzzy" not in zh[(None, "")].flags


def test_every_entry_is_translated_and_none_is_fuzzy(zh):
    fuzzy = [e.msgid for e in zh.values() if e.msgid and "fuzzy" in e.flags]
    empty = [e.msgid for e in zh.values() if e.msgid and not all(e.msgstr)]
    assert fuzzy == []
    assert empty == []
    assert all(len(e.msgstr) == 1 for e in zh.values()), "Chinese has exactly one plural form"


def test_english_catalogue_has_the_same_messages_and_leaves_them_as_they_are(zh):
    en = read_po(EN_PO)
    assert set(en) == set(zh)
    assert [e.msgid for e in en.values() if e.msgid and any(e.msgstr)] == []


def test_every_message_in_the_code_is_in_the_catalogue(zh):
    in_code = python_messages()[0] | messages_in_templates()
    assert len(in_code) > 1000
    missing = sorted(k[1] if k[0] is None else f"{k[0]} | {k[1]}" for k in in_code - set(zh))
    assert missing == [], "new messages: run make messages and translate them"


def test_no_message_hides_inside_an_f_string():
    assert python_messages()[1] == KNOWN_IN_FSTRINGS


def test_placeholders_and_markup_survive_translation(zh):
    broken = []
    for entry in zh.values():
        if not entry.msgid:
            continue
        expected = placeholders(entry.msgid)
        for translated in filter(None, entry.msgstr):  # empty ones fail the test above
            got = placeholders(translated)
            if "no-python-format" in entry.flags:
                expected["unnamed"] = got["unnamed"] = []
            if got != expected:
                broken.append((entry.msgid, translated))
    assert broken == []


def test_a_literal_percent_is_doubled_in_format_strings(zh):
    stray = [
        t
        for e in zh.values()
        if "python-format" in e.flags
        for t in e.msgstr
        if "%" in PERCENT_PLAIN.sub("", PERCENT_NAMED.sub("", t.replace("%%", "")))
    ]
    assert stray == []


def test_the_committed_mo_is_compiled_from_the_po(zh):
    with ZH_MO.open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    stale = []
    for entry in zh.values():
        if not entry.msgid:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            got = compiled._catalog.get(key)  # type: ignore[attr-defined]
        else:
            got = compiled._catalog.get((key, 0))  # type: ignore[attr-defined]
        if got != entry.msgstr[0]:
            stale.append(entry.msgid)
    assert stale == [], "the .mo is older than the .po: run make messages"


# --- what users see -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "chinese"),
    [
        ("Key project office", "重点办"),
        ("Leader", "挂帅领导"),
        ("Unit", "责任单位"),
        ("Monthly report", "月报"),
        ("Physical progress", "形象进度"),
        ("Time progress", "序时进度"),
        ("Plan-to-date rate", "计划完成率"),
        ("Completion rate", "年度投资完成率"),
        ("Red placard", "红牌"),
        ("Closed (销号)", "销号"),
        ("Returned (退办)", "退办"),
        ("Written explanation (情况说明)", "情况说明"),
        ("No assessment bonus (不发考核奖)", "不发考核奖"),
        ("Wall", "公示墙"),
        ("Dashboard", "驾驶舱"),
    ],
)
def test_glossary_terms_are_translated_as_docs_translation_md_says(msgid, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == chinese
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


def test_plurals_use_the_one_chinese_form_and_keep_the_count():
    singular, plural = "%(n)s report awaits review", "%(n)s reports await review"
    with translation.override("zh-hans"):
        assert translation.ngettext(singular, plural, 1) % {"n": 1} == "1 份月报待审核"
        assert translation.ngettext(singular, plural, 7) % {"n": 7} == "7 份月报待审核"
    with translation.override("en"):
        assert translation.ngettext(singular, plural, 7) % {"n": 7} == "7 reports await review"


@pytest.mark.django_db
def test_the_login_page_is_chinese_by_default(client: Client):
    page = client.get("/login/").content.decode()

    assert '<html lang="zh-hans">' in page
    assert "登录" in page
    assert "Sign in" not in page


@pytest.mark.django_db
def test_the_login_page_is_english_when_the_browser_asks_for_it(client: Client):
    page = client.get("/login/", headers={"accept-language": "en"}).content.decode()

    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "登录" not in page


@pytest.mark.django_db
def test_the_language_cookie_wins_over_the_browser(client: Client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/login/", headers={"accept-language": "zh-CN,zh;q=0.9"}).content.decode()

    assert "Sign in" in page
    assert "登录" not in page


@pytest.mark.django_db
def test_the_dashboard_speaks_the_users_language(client: Client):
    from sangua.orgs.models import User

    client.force_login(User.objects.get(username="office"))

    chinese = client.get("/", follow=True).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/", follow=True).content.decode()

    for term in ("驾驶舱", "年度投资完成率", "序时进度", "责任单位排名", "退出登录"):
        assert term in chinese
    for term in ("Dashboard", "Time progress", "Ranking of responsible units", "Sign out"):
        assert term in english
        assert term not in chinese
