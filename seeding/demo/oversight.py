"""Demo moderation and reviews for `seed_demo`: the finished OPD cohort was sampled and
moderated by the Quality Lead, with one disagreement resolved; a KPOG review signed off and a
Quality Lead review in draft."""

from datetime import timedelta

from django.utils import timezone

from assessment.choices import ModerationState, Outcome, SubmissionState
from assessment.models import Moderation, ModerationSample, Submission
from modules.models import Cohort
from oversight import services
from oversight.models import OversightReview

MODERATED_COHORT = "KUF-OPD-A"


def seed_moderation(people):
    quality_lead = people["quality@example.org"]
    cohort = Cohort.objects.get(code=MODERATED_COHORT)
    scripts = list(
        Submission.objects.filter(enrolment__cohort=cohort, attempt=1)
        .exclude(state=SubmissionState.DRAFT)
        .order_by("pk")
    )
    sample, _ = ModerationSample.objects.get_or_create(
        cohort=cohort, attempt=1, defaults={"scripts_in_cohort": len(scripts)}
    )
    now = timezone.now()
    for script in scripts:
        disagreed = script.outcome == Outcome.FAIL
        Moderation.objects.update_or_create(
            submission=script,
            defaults={
                "sample": sample,
                "marker_outcome": script.outcome,
                "moderator": quality_lead,
                "decision": "disagree" if disagreed else "agree",
                "comment": "Closer to a Refer: the reflection is there, if thin."
                if disagreed
                else "",
                "proposed_outcome": "refer" if disagreed else "",
                "moderated_at": now,
                "state": ModerationState.RESOLVED if disagreed else ModerationState.AGREED,
                "agreed_outcome": script.outcome,
                "resolved_by": quality_lead if disagreed else None,
                "resolved_at": now if disagreed else None,
                "resolution_note": "Discussed with the marker: the script names a real "
                "establishment, so the Fail stands."
                if disagreed
                else "",
            },
        )
    return sample.moderations.count()


def seed_reviews(people):
    """A KPOG review signed off by the chair (with actions, one done) and a Quality Lead
    review in draft."""
    quality_lead, kpog = people["quality@example.org"], people["kpog@example.org"]
    chair = people["kpog.chair@example.org"]
    today = timezone.localdate()
    if not OversightReview.objects.filter(title="KPOG quarterly review").exists():
        review = services.review_open(
            actor=quality_lead,
            kind="kpog",
            title="KPOG quarterly review",
            meeting_date=today - timedelta(days=21),
            attendees="KPOG members; the Quality Lead; a course administrator",
        )
        services.review_comment_add(
            review=review, author=kpog, text="Completion looks good; can we see it by sector?"
        )
        services.review_update(
            review=review,
            actor=quality_lead,
            attendees=review.attendees,
            findings="Completion and satisfaction are on track. One moderation disagreement.",
            decisions="Keep the sampling rule; look again at marking turnaround next quarter.",
        )
        done = services.review_action_add(
            review=review,
            actor=quality_lead,
            description="Share the moderation outcome with the tutors",
            owner="Quality Lead",
            due_date=today - timedelta(days=7),
        )
        services.review_action_add(
            review=review,
            actor=quality_lead,
            description="Report figures by sector at the next meeting",
            owner="Course administrator",
            due_date=today + timedelta(days=30),
        )
        services.review_action_complete(action=done, actor=quality_lead)
        services.review_sign_off(review=review, actor=chair)
    if not OversightReview.objects.filter(
        title="Quality Lead review of the running cohorts"
    ).exists():
        services.review_open(
            actor=quality_lead,
            kind="quality_lead",
            title="Quality Lead review of the running cohorts",
            meeting_date=today,
        )
    return OversightReview.objects.count()
