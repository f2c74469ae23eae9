"""What waits for each member of staff, on the admin's home: the right counts, each linking to
exactly the items counted, and the page's queries the same however much work there is."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Role
from assessment.choices import SubmissionState
from assessment.models import Extension, Moderation, ModerationSample
from certificates.models import Certificate
from enrolment.choices import EnrolmentState
from enrolment.models import Attendance
from imh_courses.working_days import add_working_days
from oversight import services as oversight_services
from oversight.models import OversightReview
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    SubmissionFactory,
    TaughtDayFactory,
    user_with_role,
)
from todo.selectors import todo_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutor():
    return user_with_role(Role.TUTOR)


@pytest.fixture
def course_administrator():
    return user_with_role(Role.COURSE_ADMINISTRATOR)


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _marked(state=SubmissionState.MARKED, **fields):
    return SubmissionFactory(
        state=state, outcome="pass", feedback="Clear.", marked_at=timezone.now(), **fields
    )


def _work_for(tutor, times=1):
    """`times` of every kind of work, for `tutor` and for the course administrators, beside
    work that must not be counted."""
    cohort = CohortFactory(start_date=_days_ago(40))
    cohort.tutors.add(tutor)
    other_tutor = user_with_role(Role.TUTOR)
    taken = []
    for n in range(times):
        # Scripts to mark: overdue, due in 3 working days, later; one marked; another's.
        SubmissionFactory(marker=tutor, marking_due=_days_ago(1))
        SubmissionFactory(marker=tutor, marking_due=add_working_days(timezone.localdate(), 2))
        SubmissionFactory(marker=tutor)
        _marked(marker=tutor, marking_due=_days_ago(9))
        SubmissionFactory(marker=other_tutor, marking_due=_days_ago(1))
        _marked(SubmissionState.READY_FOR_RELEASE, marker=other_tutor)
        # A register to take, and one taken; a day still to come.
        enrolment = EnrolmentFactory(cohort=cohort, state=EnrolmentState.ENROLLED)
        TaughtDayFactory(cohort=cohort, date=_days_ago(3 + 2 * n))
        taken.append(TaughtDayFactory(cohort=cohort, date=_days_ago(4 + 2 * n)))
        TaughtDayFactory(cohort=cohort, date=timezone.localdate() + datetime.timedelta(days=3 + n))
        # A script of the tutor's cohort marked by another, sampled for moderation.
        sampled = _marked(enrolment__cohort=cohort, marker=other_tutor)
        sample = (
            ModerationSample.objects.create(cohort=cohort, attempt=1, scripts_in_cohort=1)
            if not cohort.moderation_samples.exists()
            else cohort.moderation_samples.get()
        )
        Moderation.objects.create(sample=sample, submission=sampled, marker_outcome="pass")
        # The course administrators': an application, an extension request, a waiting list
        # with a place free, a certificate whose PDF failed.
        EnrolmentFactory(state=EnrolmentState.APPLIED)
        Extension.objects.create(
            enrolment=enrolment, reason="Ill", requested_deadline=timezone.now()
        )
        waiting = CohortFactory(capacity=2)
        EnrolmentFactory(cohort=waiting, state=EnrolmentState.WAITLISTED)
        _certificate_failed()
    for day in taken:
        for holder in cohort.enrolments.all():
            Attendance.objects.create(enrolment=holder, taught_day=day, status="present")


def _certificate_failed():
    enrolment = EnrolmentFactory(state=EnrolmentState.COMPLETED)
    Certificate.objects.create(
        enrolment=enrolment,
        number=f"IMH-KUF-2026-{enrolment.pk:05d}",
        holder_name="Sam Lee",
        module_title="A module",
        cohort_start=_days_ago(90),
        cohort_end=_days_ago(60),
        completed_on=_days_ago(10),
        render_attempts=settings.CERTIFICATE_RENDER_ATTEMPTS,
    )


def _counts(user):
    return {line.label: line.count for line in todo_lines(user=user)}


def test_a_tutor_sees_their_own_work_the_overdue_first(tutor):
    _work_for(tutor, times=2)

    lines = todo_lines(user=tutor)

    assert {line.label: line.count for line in lines} == {
        "Your scripts to mark, marking overdue": 2,
        "Registers to take for days gone by": 2,
        "Your scripts to mark, due in 3 working days": 2,
        "All your scripts still to mark": 6,
        "Scripts to moderate": 2,
    }
    assert [line.overdue for line in lines] == [True, True, False, False, False]


def test_a_course_administrator_sees_the_courses_work(tutor, course_administrator):
    _work_for(tutor, times=2)

    assert _counts(course_administrator) == {
        "Certificates whose PDF failed": 2,
        "Extension requests to decide": 2,
        # every script still to mark but the tutors' own: overdue, soon, later, another's
        "Scripts with no marker": 0,
        "Applications to decide": 2,
        "Waiting lists with places free": 2,
        "Marks to approve for release": 4,
        "Marks approved, to release": 2,
    }


def test_scripts_with_no_marker_are_counted_for_the_administrators(course_administrator):
    SubmissionFactory()
    _marked()  # marked: no longer waits for a marker
    assert _counts(course_administrator)["Scripts with no marker"] == 1


def test_other_roles_have_nothing_waiting_here():
    for role in (Role.STUDENT, Role.COMMISSIONER):
        assert todo_lines(user=user_with_role(role)) == []


def _listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if "cl" in response.context:
        return response.context["cl"].result_count
    for key in ("days", "reviews", "actions"):
        if key in response.context:
            return len(response.context[key])
    raise AssertionError(f"{url} lists nothing we know")


def _each_line_lists_what_it_counts(client, user):
    client.force_login(user)
    lines = todo_lines(user=user)
    assert all(line.count for line in lines)
    assert {line.label: _listed(client, line.url) for line in lines} == {
        line.label: line.count for line in lines
    }


def _oversight_work(quality_lead, times=1):
    """`times` of each: a committee draft, a Quality Lead's draft, a signed-off review; open
    actions overdue, due in 7 days and later; a moderation disagreement and one to do."""
    today = timezone.localdate()
    for n in range(times):
        committee = oversight_services.review_open(
            actor=quality_lead, kind="kpog", title=f"KPOG {n}", meeting_date=today
        )
        oversight_services.review_open(
            actor=quality_lead, kind="quality_lead", title=f"QL {n}", meeting_date=today
        )
        for days in (-2, 3, 30):
            oversight_services.review_action_add(
                review=committee,
                actor=quality_lead,
                description=f"Action {n} {days}",
                owner="Quality Lead",
                due_date=today + datetime.timedelta(days=days),
            )
        for decided in ({"state": "disagreed", "decision": "disagree"}, {"state": "pending"}):
            script = _marked()
            sample = ModerationSample.objects.create(
                cohort=script.enrolment.cohort, attempt=1, scripts_in_cohort=1
            )
            moderator = quality_lead if "decision" in decided else None
            Moderation.objects.create(
                sample=sample,
                submission=script,
                marker_outcome="pass",
                moderator=moderator,
                **decided,
            )


@pytest.mark.parametrize("role", [Role.TUTOR, Role.COURSE_ADMINISTRATOR])
def test_each_line_links_to_exactly_what_it_counts(client, tutor, course_administrator, role):
    _work_for(tutor, times=2)
    SubmissionFactory()  # one with no marker
    _each_line_lists_what_it_counts(client, tutor if role == Role.TUTOR else course_administrator)


def test_the_home_shows_the_lines_with_links_to_what_waits(client, tutor):
    _work_for(tutor)
    client.force_login(tutor)

    page = client.get("/admin/").content.decode()

    assert "What waits for you" in page
    assert 'href="/admin/assessment/submission/?allocation=mine&amp;overdue=yes"' in page


def test_a_line_with_nothing_waiting_is_not_a_link(client, tutor):
    client.force_login(tutor)
    page = client.get("/admin/").content.decode()
    assert "Scripts to moderate" in page
    assert "?state__exact=pending" not in page


@pytest.mark.parametrize("role", [Role.TUTOR, Role.COURSE_ADMINISTRATOR])
def test_the_home_runs_as_many_queries_with_more_work(client, tutor, course_administrator, role):
    user = tutor if role == Role.TUTOR else course_administrator
    client.force_login(user)
    _work_for(tutor, times=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/").status_code == 200
    _work_for(tutor, times=4)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/admin/").status_code == 200
    assert len(many) == len(few)


def test_a_tutor_counts_only_their_cohorts_registers(tutor):
    _work_for(user_with_role(Role.TUTOR))
    assert _counts(tutor)["Registers to take for days gone by"] == 0


def test_the_register_list_to_take_is_the_tutors_own(client, tutor):
    _work_for(user_with_role(Role.TUTOR))  # another tutor's registers
    client.force_login(tutor)
    response = client.get("/admin/enrolment/attendance/registers/?to_take=1")
    assert response.status_code == 200
    assert list(response.context["days"]) == []
    assert "Every register of a day gone by is taken." in response.content.decode()


def test_the_quality_lead_sees_actions_moderation_and_drafts(quality_lead):
    _oversight_work(quality_lead, times=2)

    lines = todo_lines(user=quality_lead)

    assert {line.label: line.count for line in lines} == {
        "Review actions overdue": 2,
        "Review actions due in 7 days": 2,
        "Moderation disagreements to resolve": 2,
        "Sampled scripts still to moderate": 2,
        "Reviews in draft": 4,
    }
    assert lines[0].label == "Review actions overdue"


def test_committee_members_see_drafts_to_comment_and_the_chair_those_to_sign_off(
    quality_lead, kpog_member, kpog_chair
):
    _oversight_work(quality_lead, times=2)
    commented = OversightReview.objects.filter(kind="kpog").first()
    oversight_services.review_comment_add(review=commented, author=kpog_member, text="Agreed.")

    assert _counts(kpog_member) == {"Committee drafts awaiting your comment": 1}
    assert _counts(kpog_chair) == {
        "Committee drafts awaiting your comment": 2,
        "Drafts you may sign off": 2,
    }


@pytest.mark.parametrize("role", [Role.QUALITY_LEAD, Role.KPOG_CHAIR])
def test_the_oversight_lines_link_to_exactly_what_they_count(
    client, quality_lead, kpog_chair, role
):
    _oversight_work(quality_lead, times=2)
    _each_line_lists_what_it_counts(
        client, quality_lead if role == Role.QUALITY_LEAD else kpog_chair
    )


def test_the_oversight_dashboard_shows_the_lines(client, quality_lead):
    _oversight_work(quality_lead)
    client.force_login(quality_lead)
    page = client.get("/oversight/").content.decode()
    assert "What waits for you" in page
    assert 'href="/oversight/actions/?due=overdue"' in page


@pytest.mark.parametrize("role", [Role.QUALITY_LEAD, Role.KPOG_CHAIR])
def test_the_oversight_home_runs_as_many_queries_with_more_work(
    client, quality_lead, kpog_chair, role
):
    client.force_login(quality_lead if role == Role.QUALITY_LEAD else kpog_chair)
    _oversight_work(quality_lead, times=1)
    client.get("/oversight/")  # the dashboard's own figures, cached from here on
    with CaptureQueriesContext(connection) as few:
        assert client.get("/oversight/").status_code == 200
    _oversight_work(quality_lead, times=4)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/oversight/").status_code == 200
    assert len(many) == len(few)


def test_a_finished_cohorts_registers_are_closed(tutor):
    _work_for(tutor)
    assert _counts(tutor)["Registers to take for days gone by"] == 1
    tutor.tutored_cohorts.update(status="finished")
    assert _counts(tutor)["Registers to take for days gone by"] == 0
