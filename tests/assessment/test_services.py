import datetime
import hashlib

import pytest
from django.utils import timezone

from accounts.choices import Role
from assessment import services
from assessment.choices import ExtensionState, SubmissionState
from assessment.models import Extension, Submission
from assessment.selectors import submission_list_for_enrolment
from assessment.timeline import enrolment_timeline
from audit.selectors import audit_event_list_for
from certificates.models import Certificate
from enrolment.choices import EnrolmentState
from imh_courses.exceptions import DomainError, TransitionError
from imh_courses.working_days import add_working_days
from tests.documents import make_pdf
from tests.factories import (
    EnrolmentFactory,
    SubmissionFactory,
    UserFactory,
    moderation_settled,
    user_with_role,
)

pytestmark = pytest.mark.django_db

St = SubmissionState
ESSAY = "Working with Ms A: the relationship is the intervention."


@pytest.fixture
def enrolment(student):
    return EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)


def _upload(enrolment, text=ESSAY, filename="essay.pdf"):
    return services.submission_upload(
        enrolment=enrolment, student=enrolment.student, data=make_pdf(text), filename=filename
    )


def _submit(submission, **overrides):
    return services.submission_submit(
        submission=submission,
        student=submission.enrolment.student,
        **{"declared_own_work": True, "declared_pseudonymised": True, **overrides},
    )


def _window(enrolment):
    return enrolment_timeline(
        enrolment=enrolment, submissions=submission_list_for_enrolment(enrolment=enrolment)
    ).window


# Uploading and submitting


def test_upload_stores_a_draft_with_hash_words_and_flags(enrolment):
    data = make_pdf("Ms A, prison number A1234BC, is doing well.")
    draft = services.submission_upload(
        enrolment=enrolment, student=enrolment.student, data=data, filename="My essay.pdf"
    )
    assert (draft.state, draft.attempt, draft.kind, draft.filename) == (
        St.DRAFT,
        1,
        "pdf",
        "My essay.pdf",
    )
    assert draft.sha256 == hashlib.sha256(data).hexdigest()
    assert draft.file_size == len(data)
    assert draft.word_count == 8
    assert [f["text"] for f in draft.confidentiality_flags] == ["A1234BC"]
    assert draft.file.read() == data
    assert "My essay" not in draft.file.name  # stored under a random name


def test_replacing_the_draft_keeps_one_row_and_deletes_the_old_file(
    enrolment, django_capture_on_commit_callbacks
):
    first = _upload(enrolment)
    old_name, storage = first.file.name, first.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = _upload(enrolment, text="A better essay entirely.")
    assert second.pk == first.pk
    assert Submission.objects.count() == 1
    assert not storage.exists(old_name)
    assert storage.exists(second.file.name)


def test_submit_locks_the_file_allocates_a_marker_and_emails_a_receipt(
    enrolment, tutor, django_capture_on_commit_callbacks, mailoutbox
):
    enrolment.cohort.tutors.add(tutor)
    draft = _upload(enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        submission = _submit(draft)
    assert submission.state == St.NOT_MARKED
    assert submission.is_late is False
    assert submission.marker == tutor
    assert submission.marking_due == add_working_days(timezone.localdate(), 20)
    [email] = mailoutbox
    assert email.subject == f"Receipt for your assignment {submission.reference}"
    assert submission.sha256 in email.body
    assert submission.sha256 in email.alternatives[0].content
    with pytest.raises(services.SubmissionClosed, match="submitted"):
        _upload(enrolment)


def test_marker_is_the_tutor_with_fewest_scripts_waiting(enrolment, tutor):
    busy = user_with_role(Role.TUTOR)
    enrolment.cohort.tutors.add(tutor, busy)
    SubmissionFactory(marker=busy)
    assert _submit(_upload(enrolment)).marker == tutor


def test_submit_after_the_deadline_is_late(enrolment):
    draft = _upload(enrolment)
    enrolment.cohort.assignment_deadline = timezone.now() - datetime.timedelta(hours=1)
    enrolment.cohort.save()
    assert _submit(draft).is_late is True


def test_nothing_is_accepted_after_the_cut_off(enrolment):
    draft = _upload(enrolment)
    enrolment.cohort.assignment_deadline = timezone.now() - datetime.timedelta(days=8)
    enrolment.cohort.save()
    with pytest.raises(services.SubmissionClosed, match="cut-off"):
        _submit(draft)
    with pytest.raises(services.SubmissionClosed, match="cut-off"):
        _upload(enrolment)
    draft.refresh_from_db()
    assert draft.state == St.DRAFT


@pytest.mark.parametrize(
    "declarations",
    [
        {"declared_own_work": False},
        {"declared_pseudonymised": False},
    ],
)
def test_submit_needs_both_declarations(enrolment, declarations):
    draft = _upload(enrolment)
    with pytest.raises(DomainError, match="declarations"):
        _submit(draft, **declarations)
    draft.refresh_from_db()
    assert draft.state == St.DRAFT


def test_submit_over_the_word_limit_needs_acknowledging(enrolment):
    enrolment.cohort.module.word_limit = 5
    enrolment.cohort.module.save()
    draft = _upload(enrolment, text="one two three four five six seven")
    with pytest.raises(DomainError, match="over the 5-word limit"):
        _submit(draft)
    assert _submit(draft, word_limit_acknowledged=True).word_limit_acknowledged is True


def test_submit_with_flags_needs_confirming(enrolment):
    draft = _upload(enrolment, text="Seen at NG7 2TU.")
    with pytest.raises(DomainError, match="pseudonymised"):
        _submit(draft)
    assert _submit(draft, flags_confirmed=True).state == St.NOT_MARKED


@pytest.mark.parametrize(
    "state",
    [EnrolmentState.APPLIED, EnrolmentState.WAITLISTED, EnrolmentState.WITHDRAWN],
)
def test_only_an_enrolled_student_may_upload(student, state):
    enrolment = EnrolmentFactory(student=student, state=state)
    with pytest.raises(services.SubmissionClosed):
        _upload(enrolment)
    assert not Submission.objects.exists()


def test_nobody_uploads_to_someone_elses_enrolment(enrolment, other_student):
    with pytest.raises(DomainError, match="no such enrolment"):
        services.submission_upload(
            enrolment=enrolment, student=other_student, data=make_pdf(), filename="x.pdf"
        )
    assert not Submission.objects.exists()


# Extensions


def test_granted_extension_moves_the_deadline(enrolment, course_administrator, mailoutbox):
    new_deadline = enrolment.cohort.assignment_deadline + datetime.timedelta(days=14)
    extension = services.extension_request(
        enrolment=enrolment,
        student=enrolment.student,
        reason="Bereavement",
        requested_deadline=new_deadline,
    )
    assert _window(enrolment).deadline == enrolment.cohort.assignment_deadline

    services.extension_grant(extension=extension, actor=course_administrator)

    assert _window(enrolment).deadline == new_deadline
    assert Extension.objects.get().state == ExtensionState.GRANTED


def test_refused_extension_keeps_the_deadline(enrolment, course_administrator):
    extension = services.extension_request(
        enrolment=enrolment,
        student=enrolment.student,
        reason="Busy",
        requested_deadline=enrolment.cohort.assignment_deadline + datetime.timedelta(days=7),
    )
    services.extension_refuse(extension=extension, actor=course_administrator, note="No reason")
    assert _window(enrolment).deadline == enrolment.cohort.assignment_deadline
    with pytest.raises(TransitionError):
        services.extension_grant(extension=extension, actor=course_administrator)


def test_extension_requests_refused_after_the_deadline_or_twice(enrolment):
    later = enrolment.cohort.assignment_deadline + datetime.timedelta(days=7)
    services.extension_request(
        enrolment=enrolment, student=enrolment.student, reason="Ill", requested_deadline=later
    )
    with pytest.raises(DomainError, match="already asked"):
        services.extension_request(
            enrolment=enrolment, student=enrolment.student, reason="Ill", requested_deadline=later
        )
    enrolment.cohort.assignment_deadline = timezone.now() - datetime.timedelta(hours=1)
    enrolment.cohort.save()
    with pytest.raises(DomainError, match="deadline has passed"):
        services.extension_request(
            enrolment=enrolment, student=enrolment.student, reason="Ill", requested_deadline=later
        )
    assert Extension.objects.count() == 1


# Marking and release: the workflow as a table

VERBS = {
    "mark": lambda s, tutor, admin: services.submission_mark(
        submission=s, marker=tutor, outcome="pass", feedback="Good work."
    ),
    "ready": lambda s, tutor, admin: services.submission_ready_for_release(
        submission=s, actor=admin
    ),
    "release": lambda s, tutor, admin: services.submission_release(submission=s, actor=admin),
}
ALLOWED = {
    "mark": ({St.NOT_MARKED, St.IN_MARKING, St.MARKED}, St.MARKED),
    "ready": ({St.MARKED}, St.READY_FOR_RELEASE),
    "release": ({St.READY_FOR_RELEASE}, St.RELEASED),
}
TABLE = [(verb, state) for verb in VERBS for state in St if state != St.DRAFT]


@pytest.mark.parametrize(("verb", "state"), TABLE, ids=[f"{v}-from-{s}" for v, s in TABLE])
def test_marking_workflow_table(verb, state, tutor, course_administrator):
    marked = state in {St.MARKED, St.READY_FOR_RELEASE, St.RELEASED}
    submission = SubmissionFactory(
        state=state,
        marker=tutor,
        outcome="pass" if marked else "",
        feedback="Clear and thoughtful." if marked else "",
    )
    if marked:
        moderation_settled(submission)
    allowed_from, target = ALLOWED[verb]
    if state in allowed_from:
        VERBS[verb](submission, tutor, course_administrator)
        submission.refresh_from_db()
        assert submission.state == target
        changes = audit_event_list_for(target=submission).last().changes
        assert changes.get("state") == ([state, target] if state != target else None)
    else:
        with pytest.raises(TransitionError):
            VERBS[verb](submission, tutor, course_administrator)
        submission.refresh_from_db()
        assert submission.state == state


def test_marking_records_every_changed_field_in_the_history(tutor):
    submission = SubmissionFactory(marker=tutor)
    services.submission_mark(
        submission=submission, marker=tutor, outcome="refer", feedback="Draft", finished=False
    )
    services.submission_mark(
        submission=submission, marker=tutor, outcome="pass", feedback="Final feedback."
    )
    first, second = audit_event_list_for(target=submission)
    assert first.changes["state"] == [St.NOT_MARKED, St.IN_MARKING]
    assert second.changes == {
        "state": [St.IN_MARKING, St.MARKED],
        "outcome": ["refer", "pass"],
        "feedback": ["Draft", "Final feedback."],
    }


def test_a_tutor_not_allocated_cannot_mark(tutor):
    submission = SubmissionFactory(marker=user_with_role(Role.TUTOR))
    with pytest.raises(services.NotAllocated):
        services.submission_mark(
            submission=submission, marker=tutor, outcome="pass", feedback="Fine."
        )
    submission.refresh_from_db()
    assert (submission.state, submission.outcome) == (St.NOT_MARKED, "")


def test_a_tutor_of_the_cohort_may_mark_a_script_allocated_to_a_colleague(tutor):
    submission = SubmissionFactory(marker=user_with_role(Role.TUTOR))
    submission.enrolment.cohort.tutors.add(tutor)
    services.submission_mark(submission=submission, marker=tutor, outcome="fail", feedback="No.")
    submission.refresh_from_db()
    assert submission.outcome == "fail"


@pytest.mark.parametrize(("outcome", "feedback"), [("pass", "   "), ("", "Fine."), ("merit", "x")])
def test_marking_needs_an_outcome_and_feedback(tutor, outcome, feedback):
    submission = SubmissionFactory(marker=tutor)
    with pytest.raises(DomainError):
        services.submission_mark(
            submission=submission, marker=tutor, outcome=outcome, feedback=feedback
        )
    submission.refresh_from_db()
    assert submission.state == St.NOT_MARKED


@pytest.mark.parametrize(
    ("attempt", "outcome", "enrolment_state", "window_opens"),
    [
        (1, "pass", EnrolmentState.COMPLETED, False),
        (1, "refer", EnrolmentState.ENROLLED, True),
        (1, "fail", EnrolmentState.NOT_PASSED, False),
        (2, "pass", EnrolmentState.COMPLETED, False),
        (2, "refer", EnrolmentState.NOT_PASSED, False),
        (2, "fail", EnrolmentState.NOT_PASSED, False),
    ],
)
def test_release_settles_the_enrolment(
    course_administrator,
    django_capture_on_commit_callbacks,
    mailoutbox,
    attempt,
    outcome,
    enrolment_state,
    window_opens,
):
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    if attempt == 2:
        SubmissionFactory(
            enrolment=enrolment,
            state=St.RELEASED,
            outcome="refer",
            feedback="Try again.",
            resubmission_deadline=timezone.now() + datetime.timedelta(weeks=4),
        )
    submission = SubmissionFactory(
        enrolment=enrolment,
        attempt=attempt,
        state=St.READY_FOR_RELEASE,
        outcome=outcome,
        feedback="Feedback.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.submission_release(submission=submission, actor=course_administrator)

    enrolment.refresh_from_db()
    submission.refresh_from_db()
    assert enrolment.state == enrolment_state
    assert (submission.resubmission_deadline is not None) == (attempt == 1 and outcome == "refer")
    window = _window(enrolment)
    assert (window is not None and window.attempt == 2) == window_opens
    feedback_subject = f"Feedback on your assignment for {enrolment.cohort.code} is ready"
    assert feedback_subject in [m.subject for m in mailoutbox]
    assert Certificate.objects.filter(enrolment=enrolment).exists() == (outcome == "pass")


def test_referred_student_uploads_a_second_attempt_and_no_third(student, course_administrator):
    enrolment = EnrolmentFactory(student=student, state=EnrolmentState.ENROLLED)
    first = SubmissionFactory(
        enrolment=enrolment, state=St.READY_FOR_RELEASE, outcome="refer", feedback="Redo."
    )
    services.submission_release(submission=first, actor=course_administrator)

    second = _submit(_upload(enrolment))
    assert second.attempt == 2
    Submission.objects.filter(pk=second.pk).update(
        state=St.READY_FOR_RELEASE, outcome="refer", feedback="Still not there."
    )
    services.submission_release(submission=second, actor=course_administrator)

    with pytest.raises(services.SubmissionClosed):
        _upload(enrolment)
    assert Submission.objects.filter(enrolment=enrolment).count() == 2


def test_reassign_gives_the_script_to_another_tutor(tutor, course_administrator):
    submission = SubmissionFactory(marker=UserFactory(roles=[Role.TUTOR]))
    services.submission_reassign(submission=submission, marker=tutor, actor=course_administrator)
    submission.refresh_from_db()
    assert submission.marker == tutor
    with pytest.raises(DomainError, match="not a tutor"):
        services.submission_reassign(
            submission=submission, marker=course_administrator, actor=course_administrator
        )
