"""Post an admin change form as a browser would: every field and inline as the page shows them.

``admin_form_data(response)`` turns a GET of an admin add/change page into the POST data that
saves it unchanged; a test then overrides the fields it means to change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.http import HttpResponse


def _widget(widget: forms.Widget) -> forms.Widget:
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """The POST data of a form holding its current values."""
    data: dict[str, Any] = {}
    for name in form.fields:
        bound = form[name]
        widget = _widget(bound.field.widget)
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        context = widget.get_context(bound.html_name, value, {})["widget"]
        parts = context.get("subwidgets") or [context]
        for part in parts:
            shown = part.get("value")
            if shown is None:
                continue
            data[part["name"]] = shown if isinstance(shown, list) else str(shown)
    return data


def admin_form_data(response: HttpResponse) -> dict[str, Any]:
    """The POST data of an admin add/change page: the main form, then each inline formset."""
    context: Any = response.context  # type: ignore[attr-defined]
    data = form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data
