"""The retention schedule: what is deleted or anonymised, and when (settings RETENTION_*).

Each rule finds the records that are due, then changes them in small transactions; a record
once done no longer matches, so running the schedule twice does nothing the second time.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from assessment.models import Submission
from audit.services import audit_event_make, audit_records_add
from enrolment.choices import WITHDRAWABLE_STATES
from enrolment.models import Enrolment, EqualityMonitoring
from imh_courses.exceptions import DomainError
from privacy import services

# An enrolment has ended once it leaves these states; it ended when its state last changed.
ENDED = ~Q(state__in=WITHDRAWABLE_STATES)
BATCH_SIZE = 200


class RetentionSettingInvalid(DomainError):
    pass


@dataclass
class RetentionRule:
    setting: str
    describes: str

    @property
    def days(self):
        return getattr(settings, self.setting)

    def cutoff(self, now):
        return now - datetime.timedelta(days=self.days)


SCRIPTS = RetentionRule("RETENTION_SCRIPTS_DAYS", "Script and feedback files")
EQUALITY = RetentionRule(
    "RETENTION_EQUALITY_DAYS", "Equality monitoring answers and reasonable adjustments"
)
ACCOUNTS = RetentionRule("RETENTION_ACCOUNTS_DAYS", "Personal data of inactive accounts")
RULES = [SCRIPTS, EQUALITY, ACCOUNTS]


def retention_settings_check():
    """Raise RetentionSettingInvalid, naming the setting, unless each period is a whole number
    of days, at least one."""
    for rule in RULES:
        days = rule.days
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise RetentionSettingInvalid(
                f"{rule.setting} must be a whole number of days, at least 1; it is {days!r}. "
                "Nothing was changed."
            )


def scripts_due(now):
    """Submissions of enrolments that ended before the cutoff that still have files."""
    ended = Enrolment.objects.filter(ENDED, state_changed_at__lt=SCRIPTS.cutoff(now))
    return Submission.objects.filter(enrolment__in=ended).exclude(file="", feedback_file="")


def equality_due(now):
    """Enrolments that ended before the cutoff and still hold equality answers or adjustments."""
    return Enrolment.objects.filter(ENDED, state_changed_at__lt=EQUALITY.cutoff(now)).filter(
        Q(Exists(EqualityMonitoring.objects.filter(enrolment=OuterRef("pk"))))
        | ~Q(reasonable_adjustments="")
    )


def accounts_due(now):
    """Student accounts, not yet anonymised, with no course in progress, whose last enrolment
    ended (or, with none, whose last sign-in or registration was) before the cutoff. Staff
    accounts are never anonymised by the schedule: their actions are the record of the course."""
    staff_roles = [role for role in Role if role != Role.STUDENT]
    return (
        User.objects.filter(erased_at__isnull=True, is_staff=False, is_superuser=False)
        .exclude(groups__in=Group.objects.filter(name__in=staff_roles))
        .exclude(
            Exists(Enrolment.objects.filter(student=OuterRef("pk"), state__in=WITHDRAWABLE_STATES))
        )
        .annotate(
            last_active=Greatest(
                Coalesce(F("last_login"), F("date_joined")),
                Coalesce(Max("enrolments__state_changed_at"), F("date_joined")),
            )
        )
        .filter(last_active__lt=ACCOUNTS.cutoff(now))
    )


def retention_plan(now=None):
    """How many records each rule would change now: [(rule, count)]."""
    now = now or timezone.now()
    retention_settings_check()
    return [
        (SCRIPTS, scripts_due(now).count()),
        (EQUALITY, equality_due(now).count()),
        (ACCOUNTS, accounts_due(now).count()),
    ]


def retention_apply(now=None):
    """Apply every rule; returns [(rule, count changed)]."""
    now = now or timezone.now()
    retention_settings_check()
    return [
        (SCRIPTS, _in_batches(scripts_due(now), _scripts_delete)),
        (EQUALITY, _in_batches(equality_due(now), _equality_delete)),
        (ACCOUNTS, _in_batches(accounts_due(now), _accounts_anonymise)),
    ]


def _in_batches(queryset, apply):
    """Apply `apply(list of records)` to the due records, BATCH_SIZE at a time, each batch in
    one transaction. Done records drop out of the queryset, so each batch is a fresh query."""
    done = 0
    while batch := list(queryset.order_by("pk")[:BATCH_SIZE]):
        with transaction.atomic():
            apply(batch)
        done += len(batch)
    return done


def _scripts_delete(submissions):
    services.submission_files_delete(Submission.objects.filter(pk__in=[s.pk for s in submissions]))
    _audit("submission.files_delete", submissions)


def _equality_delete(enrolments):
    EqualityMonitoring.objects.filter(enrolment__in=enrolments).delete()
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(reasonable_adjustments="")
    _audit("enrolment.equality_delete", enrolments)


def _accounts_anonymise(users):
    for user in users:
        # Refused only if the person applied for a course since: no longer inactive.
        with contextlib.suppress(services.ErasureRefused):
            services.account_anonymise_inactive(person=user)


def _audit(action, targets):
    audit_records_add(
        audit_event_make(actor=None, action=action, target=target, reason="Retention schedule.")
        for target in targets
    )
