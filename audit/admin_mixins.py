import datetime

from django import forms
from django.db import models

from audit.services import audit_record


class AuditedAdminMixin:
    """Records made, changed or deleted through this admin go into the audit trail, with each
    changed field's value before and after (inline rows too). For admins that edit fields
    directly; state changes through admin actions are recorded by their services."""

    # Never written to the trail, even as changed.
    audit_hidden_fields = ("password",)

    def audit_action(self, obj, verb, changes):
        """The trail's name for this edit, e.g. "cohort.change"."""
        return f"{obj._meta.model_name}.{verb}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._audit_form(request, obj, form, "change" if change else "add")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        forms_by_object = {id(inline.instance): inline for inline in formset.forms}
        for obj in formset.new_objects:
            self._audit_form(request, obj, forms_by_object[id(obj)], "add")
        for obj, _fields in formset.changed_objects:
            self._audit_form(request, obj, forms_by_object[id(obj)], "change")
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user, action=self.audit_action(obj, "delete", {}), target=obj
            )

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action=self.audit_action(obj, "delete", {}), target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(
                actor=request.user, action=self.audit_action(obj, "delete", {}), target=obj
            )
        super().delete_queryset(request, queryset)

    def _audit_form(self, request, obj, form, verb):
        changes = {
            name: [
                _before(form, name) if verb == "change" else None,
                _plain(form.cleaned_data.get(name)),
            ]
            for name in form.changed_data
            if name not in self.audit_hidden_fields and name in form.cleaned_data
        }
        if changes or verb == "add":
            audit_record(
                actor=request.user,
                action=self.audit_action(obj, verb, changes),
                target=obj,
                changes=changes,
            )


def _before(form, name):
    field, initial = form.fields[name], form.initial.get(name)
    if isinstance(field, forms.ModelChoiceField) and not isinstance(
        field, forms.ModelMultipleChoiceField
    ):
        initial = field.queryset.filter(pk=initial).first() if initial is not None else None
    return _plain(initial)


def _plain(value):
    """A form value as JSON: records by name, lists sorted, dates as ISO text."""
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return sorted(str(item) for item in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)  # a record, a Decimal
