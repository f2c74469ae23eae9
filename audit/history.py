"""A record's audit trail as people read it: the same rows and the same table for every history
shown (a script's, a certificate's in the admin; a student's record pack)."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst

from audit.selectors import audit_event_list_for

ACTION_WORDS = {
    "account.access_change": "Roles, regions or admin access changed",
    "account.anonymise": "Account anonymised (retention schedule)",
    "account.confirm": "Email address confirmed",
    "account.erase": "Account erased on request",
    "account.login_failed": "Sign-in failed",
    "account.password_change": "Password changed",
    "account.password_reset": "Password reset",
    "account.recovery_codes_make": "Recovery codes made",
    "account.register": "Registered",
    "account.second_factor_add": "Second step added",
    "account.second_factor_reset": "Two-step sign-in reset",
    "account.second_step_failed": "Second step failed",
    "account.sign_in_link_sent": "Sign-in link emailed",
    "account.sign_in_link_used": "Signed in with an emailed link",
    "account.subject_access": "Personal data exported",
    "attendance.record": "Attendance recorded",
    "certificate.download": "Certificate downloaded",
    "certificate.issue": "Certificate issued",
    "certificate.reinstate": "Certificate reinstated",
    "certificate.reissue": "Certificate reissued",
    "certificate.revoke": "Certificate revoked",
    "enrolment.apply": "Applied",
    "enrolment.approve": "Place given",
    "enrolment.complete": "Course completed",
    "enrolment.decline": "Application declined",
    "enrolment.equality_delete": "Equality answers deleted (retention schedule)",
    "enrolment.not_passed": "Closed as not passed",
    "enrolment.promote": "Moved from the waiting list into a place",
    "enrolment.record_pack": "Record pack produced",
    "enrolment.waitlist": "Put on the waiting list",
    "enrolment.withdraw": "Withdrawn",
    "extension.granted": "Extension granted",
    "extension.refused": "Extension refused",
    "extension.request": "Extension requested",
    "moderation.record": "Moderated",
    "moderation.resolve": "Moderation disagreement resolved",
    "moderation.sample": "Moderation sample drawn",
    "organisation.confirm": "Organisation confirmed",
    "report.download": "Report downloaded",
    "review.action_add": "Review action added",
    "review.action_done": "Review action done",
    "review.open": "Review opened",
    "review.sign_off": "Review signed off",
    "review.update": "Review updated",
    "submission.download_feedback": "Feedback file downloaded",
    "submission.download_script": "Script downloaded",
    "submission.download_zip": "Scripts downloaded (zip)",
    "submission.files_delete": "Files deleted (retention schedule)",
    "submission.mark": "Marked",
    "submission.outcome_moderated": "Outcome changed by moderation",
    "submission.ready": "Approved for release",
    "submission.reassign": "Reassigned",
    "submission.release": "Marks released",
    "submission.submit": "Submitted",
    "submission.upload": "Uploaded",
}
# Edits made in the admin (audit.admin_mixins.AuditedAdminMixin) are "<model>.<verb>".
ADMIN_EDIT_WORDS = {"add": "added", "change": "changed", "delete": "deleted"}
PORTAL = "the portal"
NOTHING = "-"


def action_words(action, model=None):
    """The words for an action of the trail, e.g. "submission.mark" -> "Marked"."""
    if action in ACTION_WORDS:
        return ACTION_WORDS[action]
    model_name, _, verb = action.partition(".")
    if verb in ADMIN_EDIT_WORDS:
        name = model._meta.verbose_name if model is not None else model_name
        return f"{capfirst(name)} {ADMIN_EDIT_WORDS[verb]}"
    return action


def history_rows(events, *, who=None, hidden=frozenset()):
    """Rows for the history table: when, who, what (in words, with the action's name), the
    record acted on, each change (field and values in words) and the reason.

    `who(event)` may name the actor otherwise (blind marking hides the student); changes of
    the fields named in `hidden` are left out.
    """
    return [_row(event, who, hidden) for event in events]


def history_extra_row(*, at, what, detail):
    """A row for something kept beside the trail (an earlier certificate PDF)."""
    return {
        "event": None,
        "at": at,
        "who": "",
        "what": what,
        "action": "",
        "target": "",
        "changes": [],
        "reason": detail,
    }


def history_table(rows):
    return render_to_string("audit/history_table.html", {"rows": rows})


def _row(event, who, hidden):
    model = ContentType.objects.get_for_id(event.target_type_id).model_class()
    return {
        "event": event,
        "at": timezone.localtime(event.at),
        "who": who(event) if who else (event.actor_label or PORTAL),
        "what": action_words(event.action, model),
        "action": event.action,
        "target": event.target_label,
        "changes": [
            _change(model, name, values)
            for name, values in event.changes.items()
            if isinstance(values, list) and len(values) == 2 and name not in hidden
        ],
        "reason": event.reason,
    }


def _change(model, name, values):
    field = _field(model, name)
    words = dict(field.flatchoices) if field is not None and field.choices else {}
    label = field.verbose_name if field is not None else name.replace("_", " ")
    before, after = (_shown(words.get(value, value)) for value in values)
    return {"field": capfirst(label), "before": before, "after": after}


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(value):
    if value in (None, ""):
        return NOTHING
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or NOTHING
    return str(value)


class AuditHistoryAdminMixin:
    """A read-only "history" field (list it in `fields` or a fieldset, and in
    `readonly_fields`): the record's audit trail as a table."""

    def history_who(self, obj):
        """How each event's actor is named; None names them by their email address."""
        return None

    def history_hidden(self, obj):
        """Names of changed fields the history leaves out (blind marking hides a file name)."""
        return set()

    def history_extra_rows(self, obj):
        return []

    @admin.display(description="History")
    def history(self, obj):
        rows = history_rows(
            audit_event_list_for(target=obj),
            who=self.history_who(obj),
            hidden=self.history_hidden(obj),
        )
        rows += self.history_extra_rows(obj)
        return history_table(rows) if rows else NOTHING
