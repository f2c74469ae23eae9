"""Demo moderation for `seed_demo`: the finished OPD cohort was sampled and moderated by the
Quality Lead, with one disagreement resolved."""

from django.utils import timezone

from assessment.choices import SubmissionState
from assessment.models import Submission
from modules.models import Cohort
from oversight.choices import ModerationState
from oversight.models import Moderation, ModerationSample

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
        disagreed = script.outcome == "fail"
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
