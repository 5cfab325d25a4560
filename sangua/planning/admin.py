"""Admin pages of the official calendar (法定节假日与调休): the office marks next year known and enters
its holidays and make-up working days when the State Council publishes them.

Every change goes through ``calendar_services`` (the office only, the weekday rule, audit); the
forms check the same rules first so that a refusal shows on the form. The plans' admin pages
are in ``plan_admin.py``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sangua.core.errors import ServiceError
from sangua.orgs.models import User
from sangua.orgs.scopes import is_office

from . import calendar_services as services
from .choices import CalendarSource, DayKind
from .models import CalendarDay, CalendarYear


class OfficeOnly:
    """Only the key project office adds, changes or removes; other staff may look."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_office(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)


def _office_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the admin is for signed-in staff only
    return user


def _add_service_error(form: forms.ModelForm, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ("year", "note")

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        try:
            return services.check_year(year)
        except ServiceError as error:
            raise forms.ValidationError(error.message) from None


@admin.register(CalendarYear)
class CalendarYearAdmin(OfficeOnly, admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ("year", "source", "holidays", "workdays", "note", "created_by", "created_at")
    list_filter = ("source",)
    ordering = ("-year",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        def count(kind: str) -> Coalesce:
            days = (
                CalendarDay.objects.filter(date__year=OuterRef("year"), kind=kind)
                .order_by()
                .values("kind")
                .annotate(n=Count("id"))
                .values("n")[:1]
            )
            return Coalesce(Subquery(days, output_field=IntegerField()), 0)

        return (
            super()
            .get_queryset(request)
            .select_related("created_by")
            .annotate(n_holidays=count(DayKind.HOLIDAY), n_workdays=count(DayKind.WORKDAY))
        )

    @admin.display(description=_("weekday holidays"), ordering="n_holidays")
    def holidays(self, obj: Any) -> int:
        return int(obj.n_holidays)

    @admin.display(description=_("make-up working days"), ordering="n_workdays")
    def workdays(self, obj: Any) -> int:
        return int(obj.n_workdays)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("year", "source", "created_by", "created_at", "updated_at")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["year", "note"]
        return ["year", "source", "note", "created_by", "created_at", "updated_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A year the office marked known by mistake can go; a published year stays.
        return is_office(request.user) and (obj is None or obj.source == CalendarSource.OFFICE)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            saved = services.calendar_year_change(
                calendar_year=obj, note=form.cleaned_data["note"], by=_office_user(request)
            )
        else:
            saved = services.calendar_year_add(
                year=form.cleaned_data["year"],
                note=form.cleaned_data["note"],
                by=_office_user(request),
            )
        obj.pk, obj.source, obj.created_by_id = saved.pk, saved.source, saved.created_by_id

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.calendar_year_remove(calendar_year=obj, by=_office_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for year in queryset:
            services.calendar_year_remove(calendar_year=year, by=_office_user(request))


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("date") or (self.instance.date if self.instance.pk else None)
        kind = data.get("kind")
        if day is not None and kind:
            try:
                services.check_day(day, kind)
            except ServiceError as error:
                _add_service_error(self, error)
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(OfficeOnly, admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "weekday", "kind", "name", "source", "updated_at", "created_by")
    list_filter = ("kind", "source")
    date_hierarchy = "date"
    search_fields = ("name",)
    list_select_related = ("created_by",)
    ordering = ("-date",)

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return obj.date.strftime("%a")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["date", "kind", "name"]
        return ["date", "kind", "name", "source", "created_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        # A day does not move: remove it and add the other day instead.
        return ("date", "source", "created_by", "created_at", "updated_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = services.calendar_day_change(
                calendar_day=obj,
                kind=data["kind"],
                name=data.get("name", ""),
                by=_office_user(request),
            )
        else:
            saved = services.calendar_day_add(
                day=data["date"],
                kind=data["kind"],
                name=data.get("name", ""),
                by=_office_user(request),
            )
        obj.pk, obj.source, obj.created_by_id = saved.pk, saved.source, saved.created_by_id

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.calendar_day_remove(calendar_day=obj, by=_office_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for day in queryset:
            services.calendar_day_remove(calendar_day=day, by=_office_user(request))
