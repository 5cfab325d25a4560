"""Forms of the report pages. They check the shape of the input; the rules are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from sangua.core.errors import ServiceError
from sangua.core.money import MAX_DIGITS

from .models import MonthlyReport

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ServiceErrorMixin:
    """Put a service's refusal next to the field it names (or on top of the form)."""

    def add_service_error(self, error: ServiceError) -> None:
        field = error.field if error.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, error.message)  # type: ignore[attr-defined]


def amount_field(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=MAX_DIGITS,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=False,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )


class ReportForm(ServiceErrorMixin, forms.Form):
    """A unit's monthly report: the amount completed, the physical progress and the problems."""

    amount = amount_field(_("Investment completed this month (万元)"))
    progress = forms.CharField(
        label=_("Physical progress (形象进度)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    problems = forms.CharField(
        label=_("Problems needing help"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnForm(ServiceErrorMixin, forms.Form):
    """The office's comment when sending a report back: what the unit must fix."""

    comment = forms.CharField(
        label=_("What must the unit fix?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what the unit must fix when returning a report.")},
    )


class AmendForm(ServiceErrorMixin, forms.Form):
    """The office's correction of an approved report, with the reason kept in its history."""

    amount = amount_field(_("Amount (万元)"))
    progress = forms.CharField(
        label=_("Physical progress"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    problems = forms.CharField(
        label=_("Problems"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def for_report(cls, report: MonthlyReport, data: object = None) -> AmendForm:
        return cls(
            data,  # type: ignore[arg-type]
            initial={
                "amount": report.amount,
                "progress": report.progress,
                "problems": report.problems,
            },
            auto_id=f"amend{report.pk}_%s",
        )


class PublishForm(forms.Form):
    """What the dashboard posts to publish a district's month."""

    region = forms.CharField(max_length=12)
    year = forms.IntegerField(min_value=2000, max_value=2100)
    month = forms.IntegerField(min_value=1, max_value=12)
    next = forms.CharField(required=False, max_length=2000)
