"""Forms of the accountability pages. They check the shape of the input; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sangua.core.errors import ServiceError

from .choices import SanctionChoice
from .models import RuleSet


class ServiceErrorMixin:
    """Put a service's refusal next to the field it names (or on top of the form)."""

    def add_service_error(self, error: ServiceError) -> None:
        field = error.field if error.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, error.message)  # type: ignore[attr-defined]


class CloseForm(ServiceErrorMixin, forms.Form):
    """Which district and which period to close."""

    region = forms.CharField(label=_("District"), max_length=12)
    period = forms.CharField(
        label=_("Period"),
        max_length=8,
        help_text=_("A month 2013-09, a quarter 2013-Q3, a half-year 2013-H1 or a year 2013."),
    )
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


class RuleSetForm(ServiceErrorMixin, forms.Form):
    """A new version of the rules: every rule, and why it changes."""

    name = forms.CharField(label=_("Name"), max_length=100)
    red_below = forms.DecimalField(
        label=_("Red below (% of the plan to date)"), max_digits=6, decimal_places=2, min_value=0
    )
    green_from = forms.DecimalField(
        label=_("Green from (% of the plan to date)"), max_digits=6, decimal_places=2, min_value=0
    )
    stall_months = forms.IntegerField(
        label=_("Stalled after planned months without completion"), min_value=1, max_value=12
    )
    sanction_month = forms.ChoiceField(label=_("Missed month"), choices=SanctionChoice.choices)
    sanction_quarter = forms.ChoiceField(label=_("Missed quarter"), choices=SanctionChoice.choices)
    sanction_half = forms.ChoiceField(label=_("Missed half-year"), choices=SanctionChoice.choices)
    sanction_year = forms.ChoiceField(label=_("Missed year"), choices=SanctionChoice.choices)
    placard_yellow_days = forms.IntegerField(
        label=_("Yellow placard after working days overdue"), min_value=0, max_value=365
    )
    placard_red_days = forms.IntegerField(
        label=_("Red placard after working days overdue"), min_value=0, max_value=365
    )
    reminder_days_before = forms.IntegerField(
        label=_("Remind working days before a deadline"), min_value=0, max_value=365
    )
    reason = forms.CharField(
        label=_("Why the rules change"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the new version, e.g. the meeting that decided it."),
    )

    @classmethod
    def for_rule_set(cls, rule_set: RuleSet) -> RuleSetForm:
        names = [name for name in cls.base_fields if name != "reason"]
        return cls(initial={name: getattr(rule_set, name) for name in names})

    def changed_values(self, current: RuleSet) -> dict[str, object]:
        """The rules whose value differs from the version in force."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "reason" and value != getattr(current, name)
        }


class ExplanationForm(ServiceErrorMixin, forms.Form):
    """A unit's written explanation (情况说明) and its attachment."""

    text = forms.CharField(
        label=_("Explanation"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx); at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"}),
    )


class DecisionForm(ServiceErrorMixin, forms.Form):
    """The office's comment when accepting or returning an explanation."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExemptForm(ServiceErrorMixin, forms.Form):
    """Why a finding is exempted (force majeure)."""

    reason = forms.CharField(
        label=_("Reason for the exemption (force majeure)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
