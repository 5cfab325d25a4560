"""Enumerations of supervision (挂牌督战): states, categories, sources, placards, evaluations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemState(models.TextChoices):
    """SPEC §5: registered → assigned → in_progress → feedback → closed; returned goes back."""

    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("supervision item", "In progress")
    FEEDBACK = "feedback", _("Feedback given")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (
    ItemState.REGISTERED,
    ItemState.ASSIGNED,
    ItemState.IN_PROGRESS,
    ItemState.FEEDBACK,
)
# While the unit owes an answer the clock runs on it: reminders and placards apply.
UNIT_OWES_ANSWER = (ItemState.ASSIGNED, ItemState.IN_PROGRESS)


class Category(models.TextChoices):
    LAND = "land", _("Land (用地)")
    DEMOLITION = "demolition", _("Demolition (拆迁)")
    APPROVAL = "approval", _("Approval (审批)")
    FUNDING = "funding", _("Funding (资金)")
    UTILITIES = "utilities", _("Water and power (水电)")
    CONSTRUCTION = "construction", _("Construction (施工)")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    INSTRUCTION = "instruction", _("Leader instruction (领导批示)")
    INSPECTION = "inspection", _("Inspection (督查)")
    MEETING = "meeting", _("Meeting (会议)")
    REPORT = "report", _("Unit report (上报)")
    PUBLIC = "public", _("Public feedback (群众反映)")


class Placard(models.TextChoices):
    NONE = "none", _("No placard")
    YELLOW = "yellow", _("Yellow placard")
    RED = "red", _("Red placard")


PLACARD_RANK = {Placard.NONE: 0, Placard.YELLOW: 1, Placard.RED: 2}


class Evaluation(models.TextChoices):
    SATISFACTORY = "satisfactory", _("Satisfactory (满意)")
    BASICALLY = "basically", _("Basically satisfactory (基本满意)")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory (不满意)")


class Action(models.TextChoices):
    """What an item event records: a transition, or a step inside a state."""

    REGISTER = "register", _("Registered")
    ASSIGN = "assign", _("Assigned")
    ACCEPT = "accept", _("Accepted by the unit")
    FEEDBACK = "feedback", _("Feedback submitted")
    EVALUATE = "evaluate", _("Evaluated")
    RETURN = "return", _("Returned (退办)")
    CLOSE = "close", _("Closed (销号)")
    EXTENSION_REQUEST = "extension_request", _("Extension requested")
    EXTENSION_APPROVE = "extension_approve", _("Extension approved")
    EXTENSION_REFUSE = "extension_refuse", _("Extension refused")
    PLACARD = "placard", _("Placard changed")
    REMIND = "remind", _("Reminder sent")
    ATTACH = "attach", _("Attachment added")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")
