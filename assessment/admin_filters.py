"""The marking queue's filters."""

from django.contrib import admin

from accounts.rules import sees_every_cohort
from assessment.selectors import (
    submission_filter_awaiting_marks,
    submission_filter_marking_due_soon,
    submission_filter_overdue,
    submission_filter_without_marker,
)


class AttemptFilter(admin.SimpleListFilter):
    """The two attempts, listed without asking the database which attempts exist."""

    title = "attempt"
    parameter_name = "attempt"

    def lookups(self, request, model_admin):
        return [("1", "First"), ("2", "Resubmission")]

    def queryset(self, request, queryset):
        if self.value() in ("1", "2"):
            return queryset.filter(attempt=int(self.value()))
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """A tutor's queue opens on the scripts still to mark (a few, found by index, where every
    script of their cohorts' years is thousands); "All scripts" shows the rest. Course
    administrators and the Quality Lead open on every script, as before."""

    title = "queue"
    parameter_name = "queue"
    AWAITING, ALL = "awaiting", "all"

    def __init__(self, request, params, model, model_admin):
        self.default = self.ALL if sees_every_cohort(request.user) else self.AWAITING
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(self.AWAITING, "Still to mark"), (self.ALL, "All scripts")]

    def value(self):
        value = super().value()
        return value if value in (self.AWAITING, self.ALL) else self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.AWAITING:
            return submission_filter_awaiting_marks(queryset)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = "marking overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("soon", "Due in 3 working days"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return submission_filter_overdue(queryset, overdue=True)
        if self.value() == "soon":
            return submission_filter_marking_due_soon(queryset)
        if self.value() == "no":
            return submission_filter_overdue(queryset, overdue=False)
        return queryset


class AllocationFilter(admin.SimpleListFilter):
    """Scripts allocated to the person looking, or still to mark with no marker allocated."""

    title = "marker"
    parameter_name = "allocation"

    def lookups(self, request, model_admin):
        return [("mine", "Allocated to me"), ("none", "No marker yet")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(marker=request.user)
        if self.value() == "none":
            return submission_filter_without_marker(queryset)
        return queryset
