"""Forms of the supervision pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sangua.orgs.models import Person, Region, Unit
from sangua.projects.models import Project

from .choices import Category, Evaluation, ItemState, Placard, Source
from .selectors import AGE_BUCKETS, LedgerFilters
from .uploads import ACCEPT_ATTRIBUTE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (evidence: photos, a handover certificate, …)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    input_type = "date"


class DeadlineMixin(forms.Form):
    deadline_days = forms.IntegerField(
        label=_("Deadline in working days"),
        required=False,
        min_value=1,
        max_value=250,
        help_text=_("Working days of the official calendar after the day of assignment."),
    )
    deadline = forms.DateField(label=_("or deadline date"), required=False, widget=DateInput())


def _person_label(person: Person) -> str:
    return str(person)


class AssignForm(DeadlineMixin):
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    owner = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Empty: the unit's head."),
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-units"), queryset=Unit.objects.none(), required=False
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units: QuerySet[Unit] = Unit.objects.filter(region=region).order_by("sort", "code")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["owner"].queryset = Person.objects.filter(region=region).order_by("post")  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = _person_label  # type: ignore[attr-defined]


class ItemForm(AssignForm):
    """Open an item: register it, and (usually) assign it at once."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.INSPECTION)
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False, to_field_name="code"
    )
    instructed_by = forms.ModelChoiceField(
        label=_("Instructing leader"), queryset=Person.objects.none(), required=False
    )
    assign_now = forms.BooleanField(
        label=_("Assign now"),
        required=False,
        initial=True,
        help_text=_("Untick to register the item and assign it later."),
    )
    field_order = [
        "title",
        "description",
        "category",
        "source",
        "project",
        "instructed_by",
        "assign_now",
        "unit",
        "owner",
        "co_units",
        "deadline_days",
        "deadline",
    ]

    def __init__(self, *args: Any, region: Region, projects: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, region=region, **kwargs)
        self.fields["project"].queryset = projects.filter(region=region).order_by("code")  # type: ignore[attr-defined]
        self.fields["instructed_by"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            region=region, is_leader=True
        ).order_by("post")
        self.fields["unit"].required = False
        self.fields.pop("comment")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("assign_now") and not data.get("unit"):
            self.add_error("unit", _("Choose the responsible unit, or untick 'Assign now'."))
        return data


class InstructForm(DeadlineMixin):
    """A leader's instruction (批示) on a project."""

    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, initial=Category.OTHER
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(
        label=_("Evidence"),
        help_text=_("pdf, jpg, png, docx or xlsx; an item closes only with evidence."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
    )


class EvaluateForm(forms.Form):
    evaluation = forms.ChoiceField(
        label=_("Evaluation"), choices=Evaluation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    evaluation = forms.ChoiceField(
        label=_("Evaluation"),
        choices=[("", _("(as evaluated)")), *Evaluation.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    evaluation = forms.ChoiceField(
        label=_("Evaluation"),
        choices=[("", _("(none)")), *Evaluation.choices],
        required=False,
    )
    comment = forms.CharField(label=_("Why it goes back"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


STATE_FILTERS = [
    ("", _("All states")),
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    *ItemState.choices,
]


class LedgerFilterForm(forms.Form):
    """The ledger's filters, read from the query string."""

    state = forms.ChoiceField(label=_("State"), choices=STATE_FILTERS, required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All")), *Category.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All")), *Source.choices], required=False
    )
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None)
    placard = forms.ChoiceField(
        label=_("Placard"), choices=[("", _("All")), *Placard.choices], required=False
    )
    age = forms.ChoiceField(
        label=_("Registered"),
        choices=[
            ("", _("Any time")),
            *((key, format_lazy(_("{key} days ago"), key=key)) for key, _l, _h in AGE_BUCKETS),
        ],
        required=False,
    )
    project = forms.CharField(label=_("Project code"), required=False, max_length=32)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All")), *((u.pk, u.name) for u in units)]  # type: ignore[attr-defined]

    def filters(self) -> LedgerFilters:
        if not self.is_valid():
            return LedgerFilters()
        data = self.cleaned_data
        return LedgerFilters(
            state=data.get("state") or "",
            category=data.get("category") or "",
            source=data.get("source") or "",
            unit=data.get("unit"),
            project=(data.get("project") or "").strip(),
            placard=data.get("placard") or "",
            age=data.get("age") or "",
            q=(data.get("q") or "").strip(),
        )
