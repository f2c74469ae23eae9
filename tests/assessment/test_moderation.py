import datetime
import io
import random

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command

from accounts.choices import Role
from assessment import services
from assessment.choices import ModerationState, SubmissionState
from assessment.models import Moderation, ModerationSample
from audit.selectors import audit_event_list_for
from imh_courses.exceptions import DomainError, TransitionError
from tests.factories import CohortFactory, EnrolmentFactory, SubmissionFactory, user_with_role

pytestmark = pytest.mark.django_db

St = SubmissionState


def _scripts(cohort, marker, outcomes, state=St.MARKED):
    return [
        SubmissionFactory(
            enrolment=EnrolmentFactory(cohort=cohort, state="enrolled"),
            marker=marker,
            state=state,
            outcome=outcome,
            feedback="Feedback." if outcome else "",
        )
        for outcome in outcomes
    ]


# The sampling rule, as a table: (passes, refers, fails) of one marker -> scripts sampled.
@pytest.mark.parametrize(
    ("passes", "refers", "fails", "sampled"),
    [
        (5, 2, 1, 8),  # under 15 scripts: the whole cohort
        (14, 0, 0, 14),
        (15, 0, 0, 3),  # 10% of 15 rounds up to 2; the minimum of 3 wins
        (20, 3, 1, 3 + 4),  # every Refer and Fail, plus 3 Passes
        (40, 0, 2, 4 + 2),  # 10% of 40 Passes is 4
        (45, 0, 0, 5),  # 10% of 45 rounds up to 5
    ],
)
def test_sampling_rule_for_one_marker(tutor, passes, refers, fails, sampled):
    scripts = _scripts(
        CohortFactory(), tutor, ["pass"] * passes + ["refer"] * refers + ["fail"] * fails
    )
    chosen = services.moderation_choose(scripts, rng=random.Random(1))
    assert len(chosen) == sampled
    assert {s.pk for s in scripts if s.outcome != "pass"} <= {s.pk for s in chosen}


def test_sampling_is_per_marker(tutor):
    cohort = CohortFactory()
    second = user_with_role(Role.TUTOR)
    scripts = _scripts(cohort, tutor, ["pass"] * 10) + _scripts(cohort, second, ["pass"] * 10)
    chosen = services.moderation_choose(scripts, rng=random.Random(1))
    assert sorted(s.marker_id for s in chosen) == sorted([tutor.pk] * 3 + [second.pk] * 3)


def test_the_sample_is_drawn_when_the_last_script_is_marked(tutor):
    cohort = CohortFactory()
    cohort.tutors.add(tutor)
    first, last = _scripts(cohort, tutor, ["", ""], state=St.NOT_MARKED)
    services.submission_mark(submission=first, marker=tutor, outcome="pass", feedback="Fine.")
    assert not ModerationSample.objects.exists()
    services.submission_mark(submission=last, marker=tutor, outcome="refer", feedback="More.")
    sample = ModerationSample.objects.get()
    assert (sample.cohort, sample.attempt, sample.scripts_in_cohort) == (cohort, 1, 2)
    assert set(sample.moderations.values_list("submission", flat=True)) == {first.pk, last.pk}


def test_a_cohort_is_sampled_once(tutor, quality_lead):
    cohort = CohortFactory()
    _scripts(cohort, tutor, ["pass"])
    services.moderation_sample_draw(cohort=cohort, attempt=1, actor=quality_lead)
    with pytest.raises(TransitionError, match="drawn already"):
        services.moderation_sample_draw(cohort=cohort, attempt=1, actor=quality_lead)
    assert ModerationSample.objects.count() == 1


def test_no_sample_before_marking_is_complete(tutor, quality_lead):
    cohort = CohortFactory()
    _scripts(cohort, tutor, ["pass"])
    _scripts(cohort, tutor, [""], state=St.IN_MARKING)
    with pytest.raises(TransitionError, match="not complete"):
        services.moderation_sample_draw(cohort=cohort, attempt=1, actor=quality_lead)


@pytest.fixture
def sampled(tutor):
    cohort = CohortFactory()
    cohort.tutors.add(tutor)
    [script] = _scripts(cohort, tutor, ["pass"])
    services.moderation_sample_draw(cohort=cohort, attempt=1, actor=None)
    return script, Moderation.objects.get(submission=script)


def test_release_waits_for_moderation(sampled, quality_lead, course_administrator):
    script, moderation = sampled
    with pytest.raises(TransitionError, match="1 scripts to settle"):
        services.submission_ready_for_release(submission=script, actor=course_administrator)
    services.moderation_record(
        moderation=moderation, moderator=quality_lead, decision="agree", comment=""
    )
    services.submission_ready_for_release(submission=script, actor=course_administrator)
    script.refresh_from_db()
    assert script.state == St.READY_FOR_RELEASE


def test_release_refused_before_the_sample_is_drawn(tutor, course_administrator):
    [script] = _scripts(CohortFactory(), tutor, ["pass"])
    with pytest.raises(TransitionError, match="sample is drawn"):
        services.submission_ready_for_release(submission=script, actor=course_administrator)


def test_a_disagreement_blocks_release_until_resolved(sampled, quality_lead, course_administrator):
    script, moderation = sampled
    services.moderation_record(
        moderation=moderation,
        moderator=quality_lead,
        decision="disagree",
        comment="The formulation is missing.",
        proposed_outcome="refer",
    )
    with pytest.raises(TransitionError, match="to settle"):
        services.submission_ready_for_release(submission=script, actor=course_administrator)

    services.moderation_resolve(
        moderation=moderation, actor=quality_lead, agreed_outcome="refer", note="Agreed with tutor"
    )

    script.refresh_from_db()
    assert script.outcome == "refer"
    [changed] = [e for e in audit_event_list_for(target=script) if "outcome" in e.changes]
    assert changed.changes["outcome"] == ["pass", "refer"]
    services.submission_ready_for_release(submission=script, actor=course_administrator)


def test_nobody_moderates_their_own_marking(sampled, tutor):
    _, moderation = sampled
    with pytest.raises(services.NotAModerator):
        services.moderation_record(
            moderation=moderation, moderator=tutor, decision="agree", comment=""
        )
    moderation.refresh_from_db()
    assert moderation.state == ModerationState.PENDING


def test_a_second_tutor_of_the_cohort_may_moderate(sampled):
    _, moderation = sampled
    second = user_with_role(Role.TUTOR)
    moderation.submission.enrolment.cohort.tutors.add(second)
    services.moderation_record(
        moderation=moderation, moderator=second, decision="agree", comment=""
    )
    moderation.refresh_from_db()
    assert (moderation.state, moderation.moderator) == (ModerationState.AGREED, second)


@pytest.mark.parametrize(
    ("comment", "proposed"), [("", "refer"), ("Too generous", ""), ("Too generous", "pass")]
)
def test_a_disagreement_needs_a_reason_and_another_outcome(
    sampled, quality_lead, comment, proposed
):
    _, moderation = sampled
    with pytest.raises(DomainError):
        services.moderation_record(
            moderation=moderation,
            moderator=quality_lead,
            decision="disagree",
            comment=comment,
            proposed_outcome=proposed,
        )


def test_quality_lead_records_a_moderation_in_the_admin(client, sampled, quality_lead):
    _, moderation = sampled
    client.force_login(quality_lead)
    url = f"/admin/assessment/moderation/{moderation.pk}/change/"
    bad = client.post(url, {"decision": "disagree", "comment": "", "proposed_outcome": ""})
    assert bad.status_code == 400
    client.post(url, {"decision": "agree", "comment": "Sound marking."})
    moderation.refresh_from_db()
    assert (moderation.state, moderation.comment) == (ModerationState.AGREED, "Sound marking.")


def test_the_first_marker_does_not_see_their_own_scripts_to_moderate(client, sampled, tutor):
    _, moderation = sampled
    client.force_login(tutor)
    listing = client.get("/admin/assessment/moderation/")
    assert list(listing.context["cl"].result_list) == []
    assert client.get(f"/admin/assessment/moderation/{moderation.pk}/change/").status_code == 404


def test_quality_lead_resolves_a_disagreement_in_the_admin(client, sampled, quality_lead):
    _, moderation = sampled
    services.moderation_record(
        moderation=moderation,
        moderator=quality_lead,
        decision="disagree",
        comment="Not yet a pass.",
        proposed_outcome="refer",
    )
    client.force_login(quality_lead)
    client.post(
        "/admin/assessment/moderation/",
        {
            "action": "resolve",
            ACTION_CHECKBOX_NAME: [moderation.pk],
            "confirmed": "yes",
            "agreed_outcome": "refer",
            "note": "Discussed with the marker.",
        },
    )
    moderation.refresh_from_db()
    assert (moderation.state, moderation.agreed_outcome) == (ModerationState.RESOLVED, "refer")


def test_the_sample_waits_for_students_who_may_still_hand_in(tutor):
    cohort = CohortFactory()
    cohort.tutors.add(tutor)
    [script] = _scripts(cohort, tutor, [""], state=St.NOT_MARKED)
    EnrolmentFactory(cohort=cohort, state="enrolled")  # before their cut-off, nothing yet

    services.submission_mark(submission=script, marker=tutor, outcome="pass", feedback="Fine.")

    assert not ModerationSample.objects.exists()


def test_the_daily_command_draws_the_sample_once_a_missing_students_cut_off_has_passed(
    tutor,
):
    cohort = CohortFactory()
    cohort.tutors.add(tutor)
    [script] = _scripts(cohort, tutor, [""], state=St.NOT_MARKED)
    EnrolmentFactory(cohort=cohort, state="enrolled")
    services.submission_mark(submission=script, marker=tutor, outcome="pass", feedback="Fine.")
    cutoff = cohort.assignment_deadline + datetime.timedelta(days=cohort.cutoff_days)

    call_command("draw_moderation_samples", stdout=io.StringIO())
    assert not ModerationSample.objects.exists()
    with time_machine.travel(cutoff + datetime.timedelta(hours=1)):
        for _ in range(2):
            call_command("draw_moderation_samples", stdout=io.StringIO())

    sample = ModerationSample.objects.get()
    assert (sample.cohort, sample.attempt, sample.scripts_in_cohort) == (cohort, 1, 1)
    assert list(sample.moderations.values_list("submission", flat=True)) == [script.pk]
