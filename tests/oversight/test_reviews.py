import datetime

import pytest
from django.utils import timezone

from audit.selectors import audit_event_list_for
from imh_courses.exceptions import TransitionError
from oversight import services
from oversight.models import OversightReview, ReviewAction, ReviewComment
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 14)


@pytest.fixture
def review(quality_lead):
    EnrolmentFactory.create_batch(2)
    return services.review_open(
        actor=quality_lead, kind="kpog", title="KPOG January", meeting_date=TODAY
    )


def test_the_snapshot_is_frozen_when_the_review_opens(review, client, quality_lead):
    assert review.snapshot["figures"]["applications"] == 2
    EnrolmentFactory.create_batch(3)
    review.refresh_from_db()
    assert review.snapshot["figures"]["applications"] == 2
    client.force_login(quality_lead)
    page = client.get(f"/oversight/reviews/{review.pk}/")
    assert page.context["f"]["applications"] == 2


def test_sign_off_locks_the_review(review, quality_lead, kpog_member):
    services.review_update(
        review=review, actor=quality_lead, findings="On track.", decisions="", attendees="KPOG"
    )
    services.review_sign_off(review=review, actor=quality_lead)
    for change in (
        lambda: services.review_update(
            review=review, actor=quality_lead, findings="x", decisions="", attendees=""
        ),
        lambda: services.review_action_add(
            review=review, actor=quality_lead, description="x", owner="y", due_date=TODAY
        ),
        lambda: services.review_comment_add(review=review, author=kpog_member, text="x"),
        lambda: services.review_sign_off(review=review, actor=quality_lead),
    ):
        with pytest.raises(TransitionError, match="signed off"):
            change()
    review.refresh_from_db()
    assert (review.findings, review.state, review.signed_off_by) == (
        "On track.",
        "signed_off",
        quality_lead,
    )
    actions = [e.action for e in audit_event_list_for(target=review)]
    assert actions == ["review.open", "review.update", "review.sign_off"]


def test_kpog_members_comment_but_do_not_edit_or_sign_off(client, review, kpog_member):
    client.force_login(kpog_member)
    assert (
        client.post(
            f"/oversight/reviews/{review.pk}/comments/", {"text": "Why so few from Wales?"}
        ).status_code
        == 302
    )
    assert ReviewComment.objects.get().author == kpog_member
    edit = client.post(
        f"/oversight/reviews/{review.pk}/edit/", {"findings": "Mine", "decisions": ""}
    )
    assert edit.status_code == 403
    assert client.post(f"/oversight/reviews/{review.pk}/sign-off/").status_code == 403
    review.refresh_from_db()
    assert (review.findings, review.state) == ("", "draft")
    assert client.get("/oversight/reviews/new/").status_code == 403


def test_quality_lead_writes_a_review_through_the_pages(client, quality_lead):
    client.force_login(quality_lead)
    response = client.post(
        "/oversight/reviews/new/",
        {"kind": "quality_lead", "title": "Q3 quality review", "meeting_date": "14/01/2027"},
    )
    review = OversightReview.objects.get()
    assert response["Location"] == f"/oversight/reviews/{review.pk}/"
    client.post(
        f"/oversight/reviews/{review.pk}/actions/",
        {
            "description": "Chase late marking",
            "owner": "Course administrator",
            "due_date": "01/01/2020",
        },
    )
    client.post(f"/oversight/reviews/{review.pk}/sign-off/")
    review.refresh_from_db()
    assert review.state == "signed_off"
    log = client.get("/oversight/actions/")
    [(action, may_complete)] = log.context["actions"]
    assert action.is_overdue and may_complete
    assert "Overdue" in log.content.decode()
    client.post(f"/oversight/actions/{action.pk}/done/")
    assert ReviewAction.objects.get().status == "done"
    assert list(client.get("/oversight/actions/").context["actions"]) == []


def test_kpog_chair_writes_and_signs_off_committee_reviews_only(
    client, review, kpog_chair, quality_lead
):
    services.review_update(
        review=review, actor=kpog_chair, findings="Wales is behind.", decisions="", attendees=""
    )
    services.review_sign_off(review=review, actor=kpog_chair)
    review.refresh_from_db()
    assert (review.findings, review.signed_off_by) == ("Wales is behind.", kpog_chair)

    own = services.review_open(
        actor=quality_lead, kind="quality_lead", title="QL review", meeting_date=TODAY
    )
    with pytest.raises(services.NotAllowed):
        services.review_open(actor=kpog_chair, kind="quality_lead", title="x", meeting_date=TODAY)
    with pytest.raises(services.NotAllowed):
        services.review_sign_off(review=own, actor=kpog_chair)
    client.force_login(kpog_chair)
    assert client.post(f"/oversight/reviews/{own.pk}/sign-off/").status_code == 403
    form = client.get("/oversight/reviews/new/").context["form"]
    assert [kind for kind, _ in form.fields["kind"].choices] == ["kpog"]
    refused = client.post(
        "/oversight/reviews/new/",
        {"kind": "quality_lead", "title": "Not mine", "meeting_date": "14/01/2027"},
    )
    assert refused.status_code == 400
    assert not OversightReview.objects.filter(title="Not mine").exists()
    own.refresh_from_db()
    assert own.state == "draft"


def test_bad_review_input_is_a_400(client, quality_lead):
    client.force_login(quality_lead)
    response = client.post("/oversight/reviews/new/", {"kind": "party", "title": ""})
    assert response.status_code == 400
    assert not OversightReview.objects.exists()


@pytest.mark.parametrize("role_fixture", ["student", "tutor", "commissioner"])
def test_reviews_refused_to_others(client, request, review, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    for url in ("/oversight/reviews/", f"/oversight/reviews/{review.pk}/", "/oversight/actions/"):
        assert client.get(url).status_code == 403
    assert (
        client.post(f"/oversight/reviews/{review.pk}/comments/", {"text": "x"}).status_code == 403
    )
    assert not ReviewComment.objects.exists()


def test_action_overdue_only_while_open(review, quality_lead):
    action = services.review_action_add(
        review=review,
        actor=quality_lead,
        description="Audit scripts",
        owner="QL",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert action.is_overdue
    services.review_action_complete(action=action, actor=quality_lead)
    action.refresh_from_db()
    assert not action.is_overdue
