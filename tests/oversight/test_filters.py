"""The review list and the action log narrowed to what waits: drafts, drafts awaiting the
viewer's comment or sign-off, actions overdue or due within 7 days."""

import datetime

import pytest
from django.utils import timezone

from oversight import services
from oversight.models import ReviewAction

pytestmark = pytest.mark.django_db


def _review(actor, kind="kpog", title="Review"):
    return services.review_open(
        actor=actor, kind=kind, title=title, meeting_date=timezone.localdate()
    )


def _signed_off(review, actor):
    services.review_update(
        review=review, actor=actor, findings="On track.", decisions="", attendees="KPOG"
    )
    return services.review_sign_off(review=review, actor=actor)


def _listed(client, user, url, key):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.context[key]


def test_drafts_and_those_awaiting_a_members_comment(client, quality_lead, kpog_member):
    commented = _review(quality_lead, title="Commented")
    services.review_comment_add(review=commented, author=kpog_member, text="Agreed.")
    waiting = _review(quality_lead, title="Waiting")
    own_review = _review(quality_lead, kind="quality_lead", title="Quality Lead's own")
    _signed_off(_review(quality_lead, title="Signed off"), quality_lead)

    drafts = _listed(client, kpog_member, "/oversight/reviews/?show=draft", "reviews")
    to_comment = _listed(client, kpog_member, "/oversight/reviews/?show=to_comment", "reviews")

    assert {review.title for review in drafts} == {"Commented", "Waiting", "Quality Lead's own"}
    assert [review.pk for review in to_comment] == [waiting.pk]
    assert own_review not in to_comment


def test_drafts_to_sign_off_are_the_committees_for_its_chair_every_one_for_the_quality_lead(
    client, quality_lead, kpog_chair, kpog_member
):
    committee = _review(quality_lead, title="Committee")
    _review(quality_lead, kind="quality_lead", title="Quality Lead's own")
    url = "/oversight/reviews/?show=to_sign_off"

    assert [r.pk for r in _listed(client, kpog_chair, url, "reviews")] == [committee.pk]
    assert len(_listed(client, quality_lead, url, "reviews")) == 2
    assert list(_listed(client, kpog_member, url, "reviews")) == []


def test_actions_overdue_and_due_within_7_days(client, quality_lead):
    review = _review(quality_lead)
    today = timezone.localdate()
    for days, description in [(-1, "late"), (0, "today"), (7, "in a week"), (8, "later")]:
        services.review_action_add(
            review=review,
            actor=quality_lead,
            description=description,
            owner="Quality Lead",
            due_date=today + datetime.timedelta(days=days),
        )
    done = ReviewAction.objects.get(description="later")
    services.review_action_complete(action=done, actor=quality_lead)

    def listed(due):
        actions = _listed(client, quality_lead, f"/oversight/actions/?due={due}", "actions")
        return [action.description for action, _ in actions]

    assert listed("overdue") == ["late"]
    assert listed("soon") == ["today", "in a week"]
    assert listed("") == ["late", "today", "in a week"]


@pytest.mark.parametrize(
    "url", ["/oversight/actions/?due=tomorrow", "/oversight/reviews/?show=everything"]
)
def test_a_filter_it_does_not_know_is_a_400_with_a_message(client, quality_lead, url):
    client.force_login(quality_lead)
    response = client.get(url)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/oversight/actions/?due=overdue", "/oversight/reviews/?show=draft"]
)
def test_the_filtered_lists_are_refused_to_other_roles(client, student, url):
    client.force_login(student)
    assert client.get(url).status_code == 403
