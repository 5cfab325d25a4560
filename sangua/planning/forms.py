"""Forms of the plan pages: they parse input; the services decide."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sangua.orgs.models import Unit

from .choices import DependencyKind, NodeCalendar, PlanTemplate
from .models import PlanNode
from .services import DependencySpec

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GenerateForm(forms.Form):
    """Generate the reverse plan: a template and a deadline (one action)."""

    template = forms.ChoiceField(label=_("Template"), choices=PlanTemplate.choices)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    status_date = forms.DateField(
        label=_("Status date (数据日期)"),
        required=False,
        widget=DATE,
        help_text=_("Empty: today."),
    )
    replace = forms.BooleanField(label=_("Replace the current plan"), required=False)


class PlanSettingsForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    start = forms.DateField(label=_("Not before"), required=False, widget=DATE)
    status_date = forms.DateField(
        label=_("Status date (数据日期)"), required=False, widget=DATE, help_text=_("Empty: today.")
    )


class BaselineForm(forms.Form):
    name = forms.CharField(label=_("Baseline name"), max_length=100, required=False)


class ProgressForm(forms.Form):
    """A unit's progress on one node: actual dates and the days still needed."""

    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DATE)
    actual_finish = forms.DateField(label=_("Actual finish"), required=False, widget=DATE)
    remaining = forms.IntegerField(
        label=_("Days remaining"),
        required=False,
        min_value=0,
        max_value=3650,
        help_text=_("While in progress: days of the node's calendar still needed."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


_DEP = re.compile(r"^(?P<name>.+?)(?:\s+(?P<type>FS|SS|FF))?(?:\s*\+\s*(?P<lag>\d+))?$", re.I)


class NodeForm(forms.Form):
    """A node's structure (the office): name, duration and calendar, unit, what it waits for."""

    name = forms.CharField(label=_("Name"), max_length=100)
    duration = forms.IntegerField(
        label=_("Duration (days)"), min_value=0, max_value=3650, help_text=_("0: a milestone.")
    )
    calendar = forms.ChoiceField(label=_("Calendar"), choices=NodeCalendar.choices)
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    after = forms.CharField(
        label=_("Waits for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One node per line, by name; optionally its type and lag: “用地预审 SS+15”. "
            "Without a type: finish to start."
        ),
    )
    sort = forms.IntegerField(label=_("Order"), required=False, min_value=0)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, units: Any, nodes: Sequence[PlanNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.nodes = list(nodes)

    def clean_after(self) -> list[DependencySpec]:
        by_name = {n.name: n for n in self.nodes} | {n.key: n for n in self.nodes}
        specs = []
        for line in (self.cleaned_data.get("after") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            match = _DEP.match(line)
            node = by_name.get(match.group("name").strip()) if match else None
            if match is None or node is None:
                raise forms.ValidationError(
                    _("“{line}” names no node of this plan.").format(line=line)
                )
            kind = (match.group("type") or DependencyKind.FS).upper()
            specs.append(DependencySpec(node, kind, int(match.group("lag") or 0)))
        return specs

    @staticmethod
    def after_text(node: PlanNode) -> str:
        """A node's dependencies as the form writes them."""
        lines = []
        for dep in node.after.select_related("predecessor").order_by("id"):
            text = dep.predecessor.name
            if dep.type != DependencyKind.FS or dep.lag:
                text += f" {dep.type}"
            if dep.lag:
                text += f"+{dep.lag}"
            lines.append(text)
        return "\n".join(lines)
