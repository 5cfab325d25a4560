"""Forms of the project pages: the list's filters (GET, so a filtered list is a shareable link)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sangua.engine.metrics import Light
from sangua.orgs.models import Person, Region, Unit
from sangua.progress.publication import parse_month

from .choices import ProjectCategory, ProjectState
from .selectors import ProjectFilters

LIGHT_CHOICES = [
    ("", _("All lights")),
    (Light.RED.value, _("Red")),
    (Light.YELLOW.value, _("Yellow")),
    (Light.GREEN.value, _("Green")),
    (Light.GREY.value, _("No plan")),
]

SORT_CHOICES = [
    ("code", _("Code")),
    ("-completion_rate", _("Completion rate, highest first")),
    ("completion_rate", _("Completion rate, lowest first")),
    ("-plan_to_date_rate", _("Plan-to-date rate, highest first")),
    ("plan_to_date_rate", _("Plan-to-date rate, lowest first")),
]


class MonthField(forms.CharField):
    """A month as YYYY-MM (what <input type="month"> sends), cleaned to (year, month)."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value: object) -> tuple[int, int] | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        parsed = parse_month(text)
        if parsed is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="invalid_month")
        return parsed


class ProjectFilterForm(forms.Form):
    """Filters of the project list; choices are limited to what the user's scope contains.

    Districts and units are chosen by code, leaders by id; the objects come from the lists the
    view already loaded, so validating the filters costs no query.
    """

    period = MonthField(label=_("Month"), required=False)
    region = forms.ChoiceField(label=_("District"), required=False)
    unit = forms.ChoiceField(label=_("Responsible unit"), required=False)
    leader = forms.ChoiceField(label=_("Leading leader"), required=False)
    light = forms.ChoiceField(label=_("Light"), choices=LIGHT_CHOICES, required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All categories")), *ProjectCategory.choices],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *ProjectState.choices], required=False
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(
        self,
        *args: object,
        regions: list[Region],
        units: list[Unit],
        leaders: list[Person],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._regions = {r.code: r for r in regions}
        self._units = {u.code: u for u in units}
        self._leaders = {str(p.pk): p for p in leaders}
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("All districts")),
            *((r.code, r.name) for r in regions),
        ]
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", _("All units")),
            *((u.code, u.name) for u in units),
        ]
        self.fields["leader"].choices = [  # type: ignore[attr-defined]
            ("", _("All leaders")),
            *((str(p.pk), str(p)) for p in leaders),
        ]
        if len(regions) <= 1:
            del self.fields["region"]
        else:
            # Another district has other units and leaders: reload the whole page, filters too.
            self.fields["region"].widget.attrs.update(
                {
                    "hx-get": reverse("projects:list"),
                    "hx-trigger": "change consume",
                    "hx-include": "closest form",
                    "hx-target": "#projects-page",
                    "hx-select": "#projects-page",
                    "hx-swap": "outerHTML",
                    "hx-push-url": "true",
                }
            )
        if len(units) <= 1:
            del self.fields["unit"]

    def filters(self, default: tuple[int, int]) -> ProjectFilters:
        """The parsed filters; a filter whose value is invalid is ignored rather than fatal."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        year, month = data.get("period") or default
        return ProjectFilters(
            year=year,
            month=month,
            region=self._regions.get(data.get("region") or ""),
            unit=self._units.get(data.get("unit") or ""),
            leader=self._leaders.get(data.get("leader") or ""),
            light=data.get("light") or "",
            category=data.get("category") or "",
            state=data.get("state") or "",
            text=(data.get("q") or "").strip(),
            sort=data.get("sort") or "code",
        )
