"""Supervision items (督办事项) with their history, feedback, evidence, extensions and placards.

Every change of an item goes through ``services.py`` and leaves an :class:`ItemEvent` saying who
did what, when, and why. An unsatisfactory evaluation leaves an :class:`AccountabilityEntry`
against the unit, which the accountability app reads (``selectors.entries_for``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangua.orgs.models import Person, Region, Unit
from sangua.projects.models import Project

from .choices import (
    Action,
    Category,
    Evaluation,
    ExtensionState,
    ItemState,
    Placard,
    Source,
)


class SupervisionItem(models.Model):
    """A problem put under supervision (督办事项) with an owner and a deadline, closed one by one (销号)."""

    code = models.CharField(_("number"), max_length=32, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    instructed_by = models.ForeignKey(
        Person,
        verbose_name=_("instructed by (批示领导)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructed_items",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_items",
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("co-units"), blank=True, related_name="co_supervision_items"
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("working days allowed"),
        null=True,
        blank=True,
        help_text=_("Working days of the official calendar from assignment."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    original_deadline = models.DateField(_("deadline as first set"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ItemState.choices, default=ItemState.REGISTERED
    )
    placard = models.CharField(
        _("placard"), max_length=8, choices=Placard.choices, default=Placard.NONE
    )
    placard_since = models.DateField(_("placard since"), null=True, blank=True)
    evaluation = models.CharField(
        _("evaluation"), max_length=16, choices=Evaluation.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("closed on time"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=ItemState.REGISTERED)
                | Q(unit__isnull=False, deadline__isnull=False, assigned_at__isnull=False),
                name="item_assigned_has_unit_and_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(state=ItemState.CLOSED)
                | (Q(closed_at__isnull=False, closed_on_time__isnull=False) & ~Q(evaluation="")),
                name="item_closed_has_evaluation",
            ),
            models.CheckConstraint(
                condition=Q(state=ItemState.CLOSED) | Q(closed_at__isnull=True),
                name="item_open_not_closed_at",
            ),
            models.CheckConstraint(
                condition=Q(deadline_days__isnull=True) | Q(deadline_days__gte=1),
                name="item_deadline_days_positive",
            ),
            models.CheckConstraint(
                condition=~Q(source=Source.INSTRUCTION) | Q(instructed_by__isnull=False),
                name="item_instruction_has_leader",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "state"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["closed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state != ItemState.CLOSED

    def is_overdue(self, today: dt.date) -> bool:
        """Open with its deadline passed (the deadline day itself is still in time)."""
        return self.is_open and self.deadline is not None and self.deadline < today

    def age_days(self, today: dt.date) -> int:
        """Calendar days since registration: until closing for a closed item, until today else."""
        start = timezone.localtime(self.created_at).date()
        end = timezone.localtime(self.closed_at).date() if self.closed_at else today
        return max((end - start).days, 0)


class ItemEvent(models.Model):
    """One recorded step of an item (督办记录): who, when, which transition, and the comment."""

    item = models.ForeignKey(
        SupervisionItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=16, choices=ItemState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=ItemState.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the daily job."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["item_id", "at", "pk"]
        verbose_name = _("item event")
        verbose_name_plural = _("item events")
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action} {self.at:%Y-%m-%d}"


class Feedback(models.Model):
    """The unit's answer (反馈) to an item: what was done; its attachments are the evidence."""

    item = models.ForeignKey(
        SupervisionItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="feedback"
    )
    text = models.TextField(_("what was done"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["item_id", "at", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.item_id} {self.at:%Y-%m-%d}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is ours (a random token); the uploader's name is kept in ``name``.
    return f"supervision/{instance.item.code}/{instance.token}{instance.extension}"


class Attachment(models.Model):
    """A file attached to an item: evidence with feedback (佐证材料), or a document at registration."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    feedback = models.ForeignKey(
        Feedback,
        verbose_name=_("feedback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    token = models.CharField(max_length=32, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    is_evidence = models.BooleanField(_("evidence"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["item_id", "uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class ExtensionRequest(models.Model):
    """A unit's request for more time (申请延期), made before the deadline, approved or refused."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="extensions",
    )
    current_deadline = models.DateField(_("deadline when asked"))
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=16, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    class Meta:
        ordering = ["item_id", "requested_at", "pk"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_deadline__gt=models.F("current_deadline")),
                name="extension_moves_deadline_later",
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(state=ExtensionState.PENDING),
                name="extension_one_pending_per_item",
            ),
            models.CheckConstraint(
                condition=Q(state=ExtensionState.PENDING) | Q(decided_at__isnull=False),
                name="extension_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.requested_deadline}"


class AccountabilityEntry(models.Model):
    """An unsatisfactory evaluation held against a unit (问责线索); the accountability app reads these."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="accountability_entries",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="supervision_accountability_entries",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    evaluation = models.CharField(_("evaluation"), max_length=16, choices=Evaluation.choices)
    event = models.OneToOneField(
        ItemEvent,
        verbose_name=_("evaluation event"),
        on_delete=models.PROTECT,
        related_name="accountability_entry",
    )
    comment = models.TextField(_("comment"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-evaluated_on", "-pk"]
        verbose_name = _("accountability entry")
        verbose_name_plural = _("accountability entries")
        indexes = [
            models.Index(fields=["unit", "evaluated_on"]),
            models.Index(fields=["region", "evaluated_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.item.code}"
