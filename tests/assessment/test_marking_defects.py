"""Defects met by a new user in marking and moderation (issue 15): each failed before its fix."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.base import ContentFile

from accounts.choices import Role
from assessment import services
from assessment.choices import ModerationState, SubmissionState
from assessment.models import Moderation
from imh_courses.exceptions import TransitionError
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    SubmissionFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(tutor):
    cohort = CohortFactory()
    cohort.tutors.add(tutor)
    return cohort


def _script(cohort, **fields):
    return SubmissionFactory(enrolment=EnrolmentFactory(cohort=cohort, state="enrolled"), **fields)


def _marked(cohort, tutor, **fields):
    return _script(
        cohort,
        state=SubmissionState.MARKED,
        outcome="pass",
        feedback="Fine.",
        marker=tutor,
        **fields,
    )


def test_release_of_an_unapproved_script_says_what_to_do(cohort, tutor, course_administrator):
    script = _marked(cohort, tutor)
    with pytest.raises(TransitionError, match=r"it is marked \(approve it for release first\)"):
        services.submission_release(submission=script, actor=course_administrator)


def test_the_marking_page_says_on_time_in_words_not_a_red_cross(client, cohort, tutor):
    script = _script(cohort, is_late=False)
    client.force_login(tutor)
    page = client.get(f"/admin/assessment/submission/{script.pk}/change/").content.decode()
    assert "On time" in page
    assert "icon-no.svg" not in page


def test_the_marking_page_shows_the_feedback_file_attached(client, cohort, tutor):
    script = _script(cohort, state=SubmissionState.IN_MARKING, outcome="pass", feedback="Ok.")
    script.feedback_filename = "annotated-script.pdf"
    script.feedback_kind = "pdf"
    script.feedback_file.save("f.pdf", ContentFile(b"%PDF-1.4 feedback"))
    client.force_login(tutor)
    page = client.get(f"/admin/assessment/submission/{script.pk}/change/").content.decode()
    assert "Feedback file attached" in page
    assert f'href="/assessment/submissions/{script.pk}/feedback-file/">annotated-script.pdf' in page


def test_the_moderator_reads_the_first_markers_private_note(client, cohort, tutor, quality_lead):
    script = _marked(cohort, tutor, moderation_note="Borderline on criterion 2.")
    services.moderation_sample_draw(cohort=cohort, attempt=1, actor=None)
    moderation = Moderation.objects.get(submission=script)
    client.force_login(quality_lead)
    page = client.get(f"/admin/assessment/moderation/{moderation.pk}/change/").content.decode()
    assert "Borderline on criterion 2." in page


def test_the_resolve_form_starts_with_no_outcome_chosen(client, cohort, tutor, quality_lead):
    script = _marked(cohort, tutor)
    services.moderation_sample_draw(cohort=cohort, attempt=1, actor=None)
    moderation = Moderation.objects.get(submission=script)
    services.moderation_record(
        moderation=moderation,
        moderator=quality_lead,
        decision="disagree",
        comment="Not yet a pass.",
        proposed_outcome="refer",
    )
    client.force_login(quality_lead)
    listing = "/admin/assessment/moderation/"
    chosen = {"action": "resolve", ACTION_CHECKBOX_NAME: [moderation.pk]}

    form = client.post(listing, chosen).content.decode()
    unchosen = client.post(listing, {**chosen, "confirmed": "yes", "note": "Talked it over."})

    assert 'option value="pass" selected' not in form
    assert 'value="" selected' in form
    assert unchosen.status_code == 400
    moderation.refresh_from_db()
    assert moderation.state == ModerationState.DISAGREED


def test_the_cohorts_tutor_picker_offers_active_tutors_only(client, course_administrator):
    cohort = CohortFactory()
    tutor = user_with_role(Role.TUTOR, family_name="Active")
    left = user_with_role(Role.TUTOR, family_name="Departed", is_active=False)
    student = user_with_role(Role.STUDENT, family_name="Learner")
    client.force_login(course_administrator)

    response = client.get(f"/admin/modules/cohort/{cohort.pk}/change/")

    offered = set(response.context["adminform"].form.fields["tutors"].queryset)
    assert tutor in offered
    assert left not in offered
    assert student not in offered
