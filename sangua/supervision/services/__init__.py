"""Writes for supervision items: open, assign, instruct, accept, answer, evaluate, close, return,
extensions and attachments. Each service checks who may act and in which state, runs in one
transaction and records the step as an :class:`ItemEvent` (who, when, comment).

The daily escalation (reminders, placards) lives in ``escalation.py``.

One module per side of the work; everything public is importable from here.
"""

from .answering import attachment_add, item_accept, item_feedback
from .closing import item_close, item_evaluate, item_return
from .common import item_url, notices_suppressed, unit_users
from .extensions import extension_decide, extension_request, placard_set
from .opening import item_assign, item_instruct, item_open, item_register

__all__ = [
    "attachment_add",
    "extension_decide",
    "extension_request",
    "item_accept",
    "item_assign",
    "item_close",
    "item_evaluate",
    "item_feedback",
    "item_instruct",
    "item_open",
    "item_register",
    "item_return",
    "item_url",
    "notices_suppressed",
    "placard_set",
    "unit_users",
]
