"""Writes for accountability: new rule-set versions, period closes, and a finding's lifecycle."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.audit.services import record, snapshot
from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.core.text import clean_text
from sangua.engine.accountability import Period
from sangua.notify.services import notify
from sangua.orgs.choices import Role
from sangua.orgs.models import Person, Region, User
from sangua.orgs.scopes import UNIT_ROLES
from sangua.security.uploads import CheckedUpload, check_upload

from .choices import FindingAction, FindingState, SanctionChoice
from .models import Explanation, Finding, FindingEvent, PeriodClose, RuleSet
from .permissions import can_close, can_decide, can_edit_rules, can_explain
from .rules import engine_ladder, rule_set_for
from .selectors import UnitAssessment, parse_period, unit_assessments, unpublished_months

TEXT_LIMIT = 4000

# --- Rule sets ----------------------------------------------------------------------------------

RULE_FIELDS = (
    "name",
    "red_below",
    "green_from",
    "stall_months",
    "sanction_month",
    "sanction_quarter",
    "sanction_half",
    "sanction_year",
    "placard_yellow_days",
    "placard_red_days",
    "reminder_days_before",
)
_RATE_FIELDS = ("red_below", "green_from")
_COUNT_FIELDS = ("stall_months", "placard_yellow_days", "placard_red_days", "reminder_days_before")
_SANCTION_FIELDS = ("sanction_month", "sanction_quarter", "sanction_half", "sanction_year")


def _clean_text(value: str | None, field: str, *, required: bool = False) -> str:
    text = clean_text(value, field, TEXT_LIMIT)
    if required and not text:
        raise ValidationFailed("required", _("This field is required."), field=field)
    return text


def _clean_rule_value(name: str, value: Any) -> Any:
    if name in _RATE_FIELDS:
        try:
            number = Decimal(str(value)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise ValidationFailed(
                "invalid_number", _("Enter a percentage such as 90."), field=name
            ) from None
        if not Decimal(0) <= number <= Decimal(1000):
            raise ValidationFailed(
                "out_of_range", _("A threshold must be between 0 and 1000 %."), field=name
            )
        return number
    if name in _COUNT_FIELDS:
        try:
            count = int(value)
        except (TypeError, ValueError):
            raise ValidationFailed(
                "invalid_number", _("Enter a whole number."), field=name
            ) from None
        if not 0 <= count <= 365:
            raise ValidationFailed(
                "out_of_range", _("Enter a whole number between 0 and 365."), field=name
            )
        return count
    if name in _SANCTION_FIELDS:
        if value not in SanctionChoice.values:
            raise ValidationFailed("invalid_choice", _("Choose a sanction."), field=name)
        return value
    return _clean_text(value, name, required=True)[:100]


@transaction.atomic
def rule_set_change(
    *, region: Region | None, by: User, reason: str, values: dict[str, Any]
) -> RuleSet:
    """Make a new version of a region's rules (考核规则) from the version in force, with who, when, why.

    Versions are never edited; findings and close runs keep pointing at the version they used. A
    region without rules of its own inherits; its first own version continues the inherited number.
    """
    if not can_edit_rules(by, region):
        raise NotAllowed(_("Only the key project office of the region may change its rules."))
    why = _clean_text(reason, "reason", required=True)
    unknown = sorted(set(values) - set(RULE_FIELDS))
    if unknown:
        raise ValidationFailed(
            "unknown_field",
            _("Unknown rule: {name}.").format(name=", ".join(unknown)),
            field=unknown[0],
        )
    current = rule_set_for(region)
    fields = {name: getattr(current, name) for name in RULE_FIELDS}
    for name, value in values.items():
        fields[name] = _clean_rule_value(name, value)
    if fields["red_below"] > fields["green_from"]:
        raise ValidationFailed(
            "red_above_green",
            _("The red threshold must not exceed the green threshold."),
            field="red_below",
        )
    if fields["stall_months"] < 1:
        raise ValidationFailed(
            "out_of_range", _("A stall needs at least 1 month."), field="stall_months"
        )
    if fields["placard_red_days"] < fields["placard_yellow_days"]:
        raise ValidationFailed(
            "red_before_yellow",
            _("The red placard cannot come before the yellow one."),
            field="placard_red_days",
        )
    if all(fields[name] == getattr(current, name) for name in RULE_FIELDS):
        raise ValidationFailed("no_change", _("Nothing was changed."))
    own = RuleSet.objects.select_for_update().filter(
        **({"region": region} if region else {"region__isnull": True})
    )
    last_own = own.order_by("-version").values_list("version", flat=True).first() or 0
    created = RuleSet.objects.create(
        region=region,
        version=max(last_own, current.version) + 1,
        created_by=by,
        reason=why,
        **fields,
    )
    # One entry per version: the values it replaced (the version in force, perhaps inherited)
    # and its own, so the history shows exactly what the office changed and why.
    record(
        actor=by,
        action="new_version",
        obj=created,
        before={"version": current.version, **snapshot(current, RULE_FIELDS)},
        after={"version": created.version, **snapshot(created, RULE_FIELDS), "reason": why},
    )
    return created


# --- Period close ---------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _changes(
    previous: list[dict[str, Any]] | None, current: list[UnitAssessment]
) -> list[dict[str, Any]]:
    """What differs between the previous run's assessed units and this run's, unit by unit."""
    if previous is None:
        return []
    before = {row["unit"]: row for row in previous}
    changes: list[dict[str, Any]] = []
    for item in current:
        old = before.pop(item.unit.code, None)
        if old is None:
            changes.append(
                {
                    "unit": item.unit.code,
                    "unit_name": item.unit.name,
                    "what": "assessed",
                    "before": None,
                    "after": _money(item.planned),
                }
            )
            continue
        for name in ("planned", "completed"):
            value = _money(getattr(item, name))
            if Decimal(old[name]) != Decimal(value):
                changes.append(
                    {
                        "unit": item.unit.code,
                        "unit_name": item.unit.name,
                        "what": name,
                        "before": _money(Decimal(old[name])),
                        "after": value,
                    }
                )
    for code, old in before.items():
        changes.append(
            {
                "unit": code,
                "unit_name": old["unit_name"],
                "what": "not_assessed",
                "before": old["planned"],
                "after": None,
            }
        )
    return changes


def _snapshot(finding: Finding) -> dict[str, str]:
    return {
        "planned": _money(finding.planned),
        "completed": _money(finding.completed),
        "shortfall": _money(finding.shortfall),
        "state": finding.state,
    }


def _event(
    finding: Finding,
    action: FindingAction,
    by: User | None,
    *,
    comment: str = "",
    before: dict[str, str] | None = None,
    close: PeriodClose | None = None,
    audit_extra: dict[str, Any] | None = None,
) -> FindingEvent:
    """Keep the step in the finding's history and the audit trail, and tell who must know."""
    after = _snapshot(finding)
    record(
        actor=by,
        action=action.value,
        obj=finding,
        before=before,
        after={**after, **({"comment": comment} if comment else {}), **(audit_extra or {})},
    )
    event = FindingEvent.objects.create(
        finding=finding,
        action=action,
        actor=by,
        comment=comment,
        close=close,
        before=before,
        after=after,
    )
    _tell(finding, event)
    return event


def _tell(finding: Finding, event: FindingEvent) -> None:
    """Tell the unit (its head and reporters) or the office about a step, once per event (通知)."""
    period = finding.period
    unit = finding.unit.name
    action = event.action
    if action in (FindingAction.NOTIFY, FindingAction.REINSTATE):
        title = _("{unit}: {sanction} for {period}").format(
            unit=unit, sanction=finding.get_sanction_display(), period=period
        )
        body = _(
            "Planned {planned}, completed {completed}, shortfall {shortfall} (10k yuan). "
            "Submit the unit's explanation."
        ).format(planned=finding.planned, completed=finding.completed, shortfall=finding.shortfall)
    elif action == FindingAction.EXPLAIN:
        title = _("{unit} explained its finding for {period}").format(unit=unit, period=period)
        body = event.comment[:500]
    elif action in (FindingAction.ACCEPT, FindingAction.RETURN, FindingAction.EXEMPT):
        title = _("{unit}, {period}: {step}").format(
            unit=unit, period=period, step=event.get_action_display()
        )
        body = event.comment[:500]
    elif action == FindingAction.WITHDRAW:
        title = _("{unit}, {period}: the finding is withdrawn").format(unit=unit, period=period)
        body = ""
    else:  # a recalculation is in the close log; nobody needs a message for it
        return
    if action == FindingAction.EXPLAIN:
        users = User.objects.filter(role=Role.OFFICE, region_id=finding.region_id, is_active=True)
        persons: list[Person] = []
    else:
        users = User.objects.filter(unit_id=finding.unit_id, role__in=UNIT_ROLES, is_active=True)
        persons = [finding.head] if finding.head_id and finding.head else []
    notify(
        key=f"accountability:finding:{finding.pk}:event:{event.pk}",
        kind=f"accountability.{action}",
        title=title,
        body=body,
        url=reverse("accountability:finding", args=[finding.pk]),
        region=finding.region,
        users=users,
        persons=persons,
    )


@transaction.atomic
def period_close(*, region: Region, period: Period | str, by: User | None) -> PeriodClose:
    """Close a district's month, quarter, half-year or year (考核) and find who missed the plan.

    For every unit with planned investment in the period, planned and completed are summed over
    the period's months; a unit with completed < planned gets a finding with the ladder's
    sanction. Idempotent: closing again with the same data changes no finding. Every run is
    logged with what changed since the previous one. ``by`` None is the operator's command line.
    """
    if isinstance(period, str):
        period = parse_period(period)
    if not region.is_district:
        raise ValidationFailed(
            "not_a_district",
            _("Periods are closed by each district, not by {name}.").format(name=region.name),
            field="region",
        )
    if by is not None and not can_close(by, region):
        raise NotAllowed(
            _("Only the key project office of {region} may close its periods.").format(
                region=region.name
            )
        )
    missing = unpublished_months(region, period)
    if missing:
        raise Conflict(
            "period_not_published",
            _("{period} cannot be closed: {months} not published yet.").format(
                period=period.label_zh,
                months=", ".join(f"{period.year}-{m:02d}" for m in missing),
            ),
        )
    key = str(period)
    rule_set = rule_set_for(region)
    if rule_set.pk is None:  # the seeded default was deleted: keep Liandu's rules as a version
        rule_set.version = 1
        rule_set.reason = "Recreated by a period close: the rule set table was empty."
        rule_set.save()
        record(
            actor=by,
            action="create",
            obj=rule_set,
            after={"version": rule_set.version, **snapshot(rule_set, RULE_FIELDS)},
        )
    ladder = engine_ladder(rule_set)
    # Lock the period's close log so two closes of the same period cannot interleave.
    previous = (
        PeriodClose.objects.select_for_update()
        .filter(region=region, period=key)
        .order_by("-run")
        .first()
    )
    assessed = unit_assessments(region, period, ladder)
    run = PeriodClose.objects.create(
        region=region,
        period=key,
        kind=period.kind.value,
        year=period.year,
        run=(previous.run + 1) if previous else 1,
        rule_set=rule_set,
        closed_by=by,
        assessed=[item.as_json() for item in assessed],
    )
    changes = _changes(previous.assessed if previous else None, assessed)
    existing = {
        f.unit_id: f for f in Finding.objects.select_for_update().filter(region=region, period=key)
    }
    by_unit = {item.unit.pk: item for item in assessed}
    for item in assessed:
        if item.sanction is None:
            continue
        finding = existing.pop(item.unit.pk, None)
        if finding is None:
            finding = Finding.objects.create(
                region=region,
                unit=item.unit,
                head=item.unit.head,
                head_name=str(item.unit.head) if item.unit.head else "",
                period=key,
                kind=period.kind.value,
                year=period.year,
                planned=item.planned,
                completed=item.completed,
                shortfall=item.shortfall,
                sanction=item.sanction.value,
                rule_set=run.rule_set,
                found_in=run,
                checked_in=run,
            )
            _event(finding, FindingAction.NOTIFY, by, close=run)
            if previous is not None:
                changes.append(
                    {
                        "unit": item.unit.code,
                        "unit_name": item.unit.name,
                        "what": "finding_new",
                        "before": None,
                        "after": _money(item.shortfall),
                    }
                )
            continue
        before = _snapshot(finding)
        finding.planned, finding.completed = item.planned, item.completed
        finding.shortfall = item.shortfall
        finding.checked_in = run
        action = None
        if finding.state == FindingState.WITHDRAWN:
            finding.state = FindingState.NOTIFIED
            action = FindingAction.REINSTATE
            changes.append(
                {
                    "unit": item.unit.code,
                    "unit_name": item.unit.name,
                    "what": "finding_reinstated",
                    "before": None,
                    "after": _money(item.shortfall),
                }
            )
        elif _snapshot(finding) != before:
            action = FindingAction.RECALCULATE
        finding.save()
        if action is not None:
            _event(finding, action, by, before=before, close=run)
    for finding in existing.values():  # found before, not any more
        before = _snapshot(finding)
        now = by_unit.get(finding.unit_id)
        if now is not None:
            finding.planned, finding.completed = now.planned, now.completed
            finding.shortfall = now.shortfall
        finding.checked_in = run
        if finding.state != FindingState.WITHDRAWN:
            finding.state = FindingState.WITHDRAWN
            changes.append(
                {
                    "unit": finding.unit.code,
                    "unit_name": finding.unit.name,
                    "what": "finding_withdrawn",
                    "before": before["shortfall"],
                    "after": None,
                }
            )
            finding.save()
            _event(finding, FindingAction.WITHDRAW, by, before=before, close=run)
        else:
            finding.save()
    run.changes = changes
    run.finding_count = (
        Finding.objects.filter(region=region, period=key)
        .exclude(state=FindingState.WITHDRAWN)
        .count()
    )
    run.save(update_fields=["changes", "finding_count"])
    record(
        actor=by,
        action="close",
        obj=run,
        after={
            "period": key,
            "run": run.run,
            "rule_set_version": rule_set.version,
            "finding_count": run.finding_count,
            "changes": len(changes),
        },
    )
    return run


# --- A finding's lifecycle --------------------------------------------------------------------------

# Attachments: scans and documents, checked by the shared upload policy (extension and content).
ATTACHMENT_TYPES = ("pdf", "jpg", "png", "docx", "xlsx")
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def attachment_max_bytes() -> int:
    return int(getattr(settings, "SANGUA_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def _check_attachment(upload: UploadedFile) -> CheckedUpload:
    """The attachment once its type, content and size check out (errors name the field)."""
    try:
        return check_upload(upload, allowed=ATTACHMENT_TYPES, max_bytes=attachment_max_bytes())
    except ValidationFailed as refused:
        raise ValidationFailed(refused.code, refused.message, field="attachment") from None


def _locked(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update(of=("self",))
        .select_related("unit", "region")
        .get(pk=finding.pk)
    )


@transaction.atomic
def explanation_submit(
    *, finding: Finding, by: User, text: str, attachment: UploadedFile | None = None
) -> Explanation:
    """The unit explains a finding (情况说明), with an optional attachment; the office then decides."""
    finding = _locked(finding)
    if not can_explain(by, finding):
        raise NotAllowed(
            _("Only {unit}'s head or reporter may explain this finding.").format(
                unit=finding.unit.name
            )
        )
    if finding.state != FindingState.NOTIFIED:
        raise Conflict(
            "invalid_state",
            _("A finding that is {state} cannot be explained.").format(
                state=finding.get_state_display()
            ),
        )
    body = _clean_text(text, "text", required=True)
    explanation = Explanation(finding=finding, text=body, submitted_by=by)
    if attachment is not None:
        checked = _check_attachment(attachment)
        explanation.attachment_type = checked.content_type
        explanation.attachment_name = checked.name[-200:]
        explanation.attachment_size = checked.size
        explanation.attachment.save(checked.name, attachment, save=False)
    explanation.save()
    before = _snapshot(finding)
    finding.state = FindingState.EXPLAINED
    finding.save(update_fields=["state"])
    _event(
        finding,
        FindingAction.EXPLAIN,
        by,
        comment=body,
        before=before,
        audit_extra={"attachment": explanation.attachment_name} if attachment else None,
    )
    return explanation


def _decide(finding: Finding, by: User, allowed: tuple[FindingState, ...]) -> Finding:
    finding = _locked(finding)
    if not can_decide(by, finding):
        raise NotAllowed(
            _("Only the key project office of {region} may decide on findings.").format(
                region=finding.region.name
            )
        )
    if finding.state not in allowed:
        raise Conflict(
            "invalid_state",
            _("A finding that is {state} cannot be changed this way.").format(
                state=finding.get_state_display()
            ),
        )
    return finding


@transaction.atomic
def finding_accept(*, finding: Finding, by: User, comment: str = "") -> Finding:
    """The office accepts the unit's explanation: the finding is settled."""
    finding = _decide(finding, by, (FindingState.EXPLAINED,))
    before = _snapshot(finding)
    finding.state = FindingState.ACCEPTED
    finding.decided_at, finding.decided_by = timezone.now(), by
    finding.save(update_fields=["state", "decided_at", "decided_by"])
    _event(
        finding, FindingAction.ACCEPT, by, comment=_clean_text(comment, "comment"), before=before
    )
    return finding


@transaction.atomic
def explanation_return(*, finding: Finding, by: User, comment: str) -> Finding:
    """The office sends the explanation back (退回) saying what is missing; the unit explains again."""
    finding = _decide(finding, by, (FindingState.EXPLAINED,))
    text = _clean_text(comment, "comment", required=True)
    before = _snapshot(finding)
    finding.state = FindingState.NOTIFIED
    finding.save(update_fields=["state"])
    _event(finding, FindingAction.RETURN, by, comment=text, before=before)
    return finding


@transaction.atomic
def finding_exempt(*, finding: Finding, by: User, reason: str) -> Finding:
    """Exempt a finding (免责) for force majeure, with the reason and the approving user kept."""
    finding = _decide(finding, by, (FindingState.NOTIFIED, FindingState.EXPLAINED))
    why = _clean_text(reason, "reason", required=True)
    before = _snapshot(finding)
    finding.state = FindingState.EXEMPTED
    finding.exemption_reason = why
    finding.decided_at, finding.decided_by = timezone.now(), by
    finding.save(update_fields=["state", "exemption_reason", "decided_at", "decided_by"])
    _event(finding, FindingAction.EXEMPT, by, comment=why, before=before)
    return finding
