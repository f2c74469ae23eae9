import io
import zipfile

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from accounts.choices import Role
from assessment.choices import SubmissionState
from assessment.models import Extension, Submission
from audit.selectors import audit_event_list_for
from audit.services import audit_record
from enrolment.choices import EnrolmentState
from tests.documents import pdf_text
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    SubmissionFactory,
    moderation_settled,
    user_with_role,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/assessment/submission/"
St = SubmissionState


def _change_url(submission):
    return f"{QUEUE}{submission.pk}/change/"


def _mark_post(**overrides):
    return {
        "outcome": "pass",
        "feedback": "A clear, well-evidenced formulation.",
        "moderation_note": "",
        "finished": "on",
        **overrides,
    }


@pytest.fixture
def my_cohort(tutor):
    cohort = CohortFactory(code="MINE-1")
    cohort.tutors.add(tutor)
    return cohort


def _script(cohort, **fields):
    return SubmissionFactory(enrolment=EnrolmentFactory(cohort=cohort, state="enrolled"), **fields)


def test_tutor_queue_shows_only_their_cohorts_soonest_due_first(client, tutor, my_cohort):
    later = _script(my_cohort, marking_due=timezone.localdate() + timezone.timedelta(days=9))
    sooner = _script(my_cohort, marking_due=timezone.localdate() + timezone.timedelta(days=2))
    _script(CohortFactory(code="THEIRS-1"))
    SubmissionFactory(enrolment=EnrolmentFactory(cohort=my_cohort), state=St.DRAFT)
    client.force_login(tutor)
    response = client.get(QUEUE)
    assert list(response.context["cl"].result_list) == [sooner, later]


def test_tutor_queue_opens_on_scripts_still_to_mark_and_can_show_all(
    client, tutor, course_administrator, my_cohort
):
    waiting = _script(my_cohort, state=St.NOT_MARKED)
    marking = _script(my_cohort, state=St.IN_MARKING)
    done = _script(my_cohort, state=St.RELEASED, outcome="pass", feedback="Good.")
    client.force_login(tutor)
    opened = client.get(QUEUE)
    assert set(opened.context["cl"].result_list) == {waiting, marking}
    assert "?queue=all" in opened.content.decode()
    everything = client.get(QUEUE, {"queue": "all"})
    assert set(everything.context["cl"].result_list) == {waiting, marking, done}
    # Course administrators open on every script, as they approve and release too.
    client.force_login(course_administrator)
    assert done in client.get(QUEUE).context["cl"].result_list
    assert done not in client.get(QUEUE, {"queue": "awaiting"}).context["cl"].result_list


@pytest.mark.parametrize("count", [1, 3])
def test_marking_queue_query_count_does_not_grow(
    client, tutor, my_cohort, django_assert_num_queries, count
):
    for _ in range(count):
        _script(my_cohort, marker=tutor)
    client.force_login(tutor)
    client.get(QUEUE)
    with django_assert_num_queries(9):
        assert client.get(QUEUE).status_code == 200


def test_a_script_is_listed_once_for_a_tutor_who_teaches_and_marks_it(client, tutor, my_cohort):
    my_cohort.tutors.add(user_with_role(Role.TUTOR))  # two tutors: a join would list it twice
    script = _script(my_cohort, marker=tutor)
    client.force_login(tutor)
    response = client.get(QUEUE, {"attempt": "1"})
    assert list(response.context["cl"].result_list) == [script]


def test_blind_cohort_hides_names_from_tutors_not_administrators(
    client, tutor, my_cohort, course_administrator
):
    my_cohort.blind_marking = True
    my_cohort.save()
    submission = _script(my_cohort)
    name = submission.enrolment.student.full_name
    client.force_login(tutor)
    for url in (QUEUE, _change_url(submission)):
        html = client.get(url).content.decode()
        assert name not in html
        assert submission.enrolment.student.email not in html
        assert submission.reference in html
    assert (
        client.get(QUEUE, {"q": submission.enrolment.student.family_name})
        .context["cl"]
        .result_count
        == 0
    )
    client.force_login(course_administrator)
    assert name in client.get(QUEUE).content.decode()


def test_tutor_marks_in_the_admin(client, tutor, my_cohort):
    submission = _script(my_cohort)
    client.force_login(tutor)
    response = client.post(_change_url(submission), _mark_post())
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.state, submission.outcome) == (St.MARKED, "pass")
    [event] = audit_event_list_for(target=submission)
    assert event.actor == tutor
    assert (
        "A clear, well-evidenced formulation."
        in client.get(_change_url(submission)).content.decode()
    )


def test_unfinished_marking_stays_in_marking(client, tutor, my_cohort):
    submission = _script(my_cohort)
    client.force_login(tutor)
    client.post(_change_url(submission), _mark_post(finished=""))
    submission.refresh_from_db()
    assert submission.state == St.IN_MARKING


def test_marking_without_feedback_is_refused(client, tutor, my_cohort):
    submission = _script(my_cohort)
    client.force_login(tutor)
    response = client.post(_change_url(submission), _mark_post(feedback="  "))
    assert response.status_code == 400
    assert "Write feedback to the student." in response.content.decode()
    submission.refresh_from_db()
    assert (submission.state, submission.outcome) == (St.NOT_MARKED, "")


def test_a_bad_feedback_file_is_refused(client, tutor, my_cohort):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = _script(my_cohort)
    client.force_login(tutor)
    bad = SimpleUploadedFile("notes.pdf", b"MZ not a document")
    response = client.post(_change_url(submission), _mark_post(new_feedback_file=bad))
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.state == St.NOT_MARKED


def test_tutor_cannot_mark_a_cohort_not_allocated(client, tutor):
    submission = _script(CohortFactory())
    client.force_login(tutor)
    assert client.get(_change_url(submission)).status_code == 404
    assert client.post(_change_url(submission), _mark_post()).status_code == 404
    submission.refresh_from_db()
    assert submission.outcome == ""


def test_released_marks_cannot_be_changed_by_the_tutor(client, tutor, my_cohort):
    submission = _script(my_cohort, state=St.RELEASED, outcome="pass", feedback="Good.")
    client.force_login(tutor)
    assert client.post(_change_url(submission), _mark_post(outcome="fail")).status_code == 403
    submission.refresh_from_db()
    assert submission.outcome == "pass"


def test_course_administrator_approves_and_releases(
    client, course_administrator, django_capture_on_commit_callbacks, mailoutbox
):
    submission = SubmissionFactory(state=St.MARKED, outcome="pass", feedback="Good.")
    moderation_settled(submission)
    client.force_login(course_administrator)
    for action in ("approve_for_release", "release_marks"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                QUEUE,
                # Releasing is confirmed on a second page (test_release_asks_for_confirmation).
                {"action": action, ACTION_CHECKBOX_NAME: [submission.pk], "confirmed": "yes"},
            )
    submission.refresh_from_db()
    submission.enrolment.refresh_from_db()
    assert submission.state == St.RELEASED
    assert submission.enrolment.state == EnrolmentState.COMPLETED
    assert sorted(m.subject.split()[1] for m in mailoutbox) == [
        "IMH",
        "on",
    ]  # feedback, certificate
    assert submission.enrolment.certificate.pdf_sha256 != ""


def test_tutors_cannot_release(client, tutor, my_cohort):
    submission = _script(my_cohort, state=St.MARKED, outcome="pass", feedback="Good.")
    client.force_login(tutor)
    client.post(QUEUE, {"action": "approve_for_release", ACTION_CHECKBOX_NAME: [submission.pk]})
    submission.refresh_from_db()
    assert submission.state == St.MARKED


def test_reassign_action_asks_for_the_tutor_then_moves_the_scripts(client, course_administrator):
    new_marker = user_with_role(Role.TUTOR)
    submission = SubmissionFactory()
    client.force_login(course_administrator)
    page = client.post(QUEUE, {"action": "reassign", ACTION_CHECKBOX_NAME: [submission.pk]})
    assert "New marker:" in page.content.decode()
    client.post(
        QUEUE,
        {
            "action": "reassign",
            ACTION_CHECKBOX_NAME: [submission.pk],
            "confirmed": "yes",
            "marker": new_marker.pk,
        },
    )
    submission.refresh_from_db()
    assert submission.marker == new_marker


def test_zip_of_a_blind_cohort_names_scripts_by_reference(client, tutor, my_cohort):
    my_cohort.blind_marking = True
    my_cohort.save()
    scripts = [_script(my_cohort), _script(my_cohort)]
    client.force_login(tutor)
    response = client.post(
        QUEUE, {"action": "download_scripts", ACTION_CHECKBOX_NAME: [s.pk for s in scripts]}
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == sorted(f"{s.reference}.pdf" for s in scripts)
    blind = archive.read(f"{scripts[0].reference}.pdf")
    assert pdf_text(blind)[1].strip() == "A test script."


def test_overdue_filter(client, tutor, my_cohort):
    overdue = _script(my_cohort, marking_due=timezone.localdate() - timezone.timedelta(days=1))
    _script(my_cohort)
    client.force_login(tutor)
    response = client.get(QUEUE, {"overdue": "yes"})
    assert list(response.context["cl"].result_list) == [overdue]


@pytest.mark.parametrize("role_fixture", ["kpog_member", "commissioner", "student"])
def test_marking_queue_refused_to_others(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    user.is_staff = role_fixture != "student"
    user.save()
    client.force_login(user)
    response = client.get(QUEUE)
    assert response.status_code in (302, 403)
    assert response.status_code == (302 if role_fixture == "student" else 403)


def test_course_administrator_grants_an_extension(client, course_administrator):
    enrolment = EnrolmentFactory(state="enrolled")
    extension = Extension.objects.create(
        enrolment=enrolment,
        reason="Ill",
        requested_deadline=enrolment.cohort.assignment_deadline + timezone.timedelta(days=7),
    )
    client.force_login(course_administrator)
    client.post(
        "/admin/assessment/extension/",
        {"action": "grant", ACTION_CHECKBOX_NAME: [extension.pk]},
    )
    extension.refresh_from_db()
    assert extension.state == "granted"
    assert extension.decided_by == course_administrator


def test_marking_form_shows_flags_and_history(client, tutor, my_cohort):
    submission = _script(
        my_cohort,
        confidentiality_flags=[{"kind": "postcode", "label": "Postcode", "text": "NG7 2TU"}],
    )
    client.force_login(tutor)
    html = client.get(_change_url(submission)).content.decode()
    assert "Postcode: NG7 2TU" in html
    assert Submission.objects.get().state == St.NOT_MARKED


def test_blind_history_names_the_student_only_to_those_who_see_names(
    client, tutor, my_cohort, course_administrator
):
    my_cohort.blind_marking = True
    my_cohort.save()
    submission = _script(my_cohort)
    student = submission.enrolment.student
    audit_record(actor=student, action="submission.submit", target=submission)

    client.force_login(tutor)
    tutor_page = client.get(_change_url(submission)).content.decode()
    client.force_login(course_administrator)
    administrator_page = client.get(_change_url(submission)).content.decode()

    assert "<td>the student</td>" in tutor_page
    assert student.email not in tutor_page
    assert f"<td>{student.email}</td>" in administrator_page


def test_release_asks_for_confirmation_saying_what_it_will_do(client, course_administrator):
    passed = SubmissionFactory(state=St.READY_FOR_RELEASE, outcome="pass", feedback="Good.")
    referred = SubmissionFactory(state=St.READY_FOR_RELEASE, outcome="refer", feedback="More.")
    unapproved = SubmissionFactory(state=St.MARKED, outcome="fail", feedback="No.")
    chosen = [passed.pk, referred.pk, unapproved.pk]
    client.force_login(course_administrator)

    response = client.post(QUEUE, {"action": "release_marks", ACTION_CHECKBOX_NAME: chosen})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Passes: 1 (1 completing the course with an IMH Certificate issued now" in page
    assert "resubmission window opened: 1." in page
    assert "Emails to students: 3" in page
    assert "Not ready for release (not approved, or released already), left as they are: 1." in page
    assert not Submission.objects.filter(state=St.RELEASED).exists()
