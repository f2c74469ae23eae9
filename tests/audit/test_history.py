import pytest

from assessment.models import Submission
from audit.history import action_words, history_rows, history_table
from audit.selectors import audit_event_list_for
from audit.services import audit_record
from modules.models import Cohort
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "model", "words"),
    [
        ("submission.mark", Submission, "Marked"),
        ("certificate.revoke", None, "Certificate revoked"),
        ("cohort.change", Cohort, "Cohort changed"),
        ("taughtday.delete", None, "Taughtday deleted"),
        ("something.new", None, "something.new"),
    ],
)
def test_actions_read_as_words(action, model, words):
    assert action_words(action, model) == words


def test_a_row_names_fields_and_states_in_words(course_administrator):
    submission = SubmissionFactory()
    audit_record(
        actor=course_administrator,
        action="submission.mark",
        target=submission,
        changes={
            "state": ["not_marked", "marked"],
            "outcome": ["", "refer"],
            "sha256": [None, "ab"],
        },
        reason="Second look",
    )
    [row] = history_rows(audit_event_list_for(target=submission))

    assert (row["who"], row["what"], row["action"]) == (
        course_administrator.email,
        "Marked",
        "submission.mark",
    )
    assert sorted(row["changes"], key=lambda change: change["field"]) == [
        {"field": "Outcome", "before": "-", "after": "Refer (resubmit)"},
        {"field": "SHA-256", "before": "-", "after": "ab"},
        {"field": "State", "before": "Submitted, not marked", "after": "Marked"},
    ]
    html = history_table([row])
    assert "Submitted, not marked &rarr; Marked" in html
    assert "Second look" in html


def test_a_row_escapes_what_people_wrote(course_administrator):
    submission = SubmissionFactory()
    audit_record(
        actor=course_administrator,
        action="submission.mark",
        target=submission,
        changes={"feedback": ["", "<script>alert(1)</script>"]},
    )
    html = history_table(history_rows(audit_event_list_for(target=submission)))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
