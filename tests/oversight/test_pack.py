import datetime
import time

import pytest

from imh_courses import pdf as imh_pdf
from imh_courses.pdf import PdfRenderStopped, StaticOnlyURLFetcher, pdf_render
from oversight import services
from oversight.pack import REVIEW_PACK_STYLESHEET, review_pack_html
from tests.documents import pdf_text
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

MEETING = datetime.date(2027, 1, 14)


@pytest.fixture
def review(quality_lead):
    EnrolmentFactory.create_batch(3, sector="probation")
    review = services.review_open(
        actor=quality_lead, kind="kpog", title="KPOG January review", meeting_date=MEETING
    )
    services.review_update(
        review=review,
        actor=quality_lead,
        attendees="D. Osei; H. Marsh",
        findings="Probation uptake is strong.",
        decisions="Keep the sampling rule.",
    )
    services.review_action_add(
        review=review,
        actor=quality_lead,
        description="Write to the Wales commissioners",
        owner="Course administrator",
        due_date=MEETING + datetime.timedelta(days=30),
    )
    return review


def _pack(client, user, review):
    client.force_login(user)
    return client.get(f"/oversight/reviews/{review.pk}/pack.pdf")


def test_the_pack_holds_the_frozen_figures_findings_decisions_and_actions(
    client, review, kpog_member
):
    EnrolmentFactory.create_batch(4)  # after opening: not in the pack
    response = _pack(client, kpog_member, review)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _, text = pdf_text(response.content)
    words = " ".join(text.split())
    for expected in (
        "KPOG January review",
        "Meeting 14 January 2027",
        "Draft: not signed off",
        "D. Osei; H. Marsh",
        "Probation uptake is strong.",
        "Keep the sampling rule.",
        "Write to the Wales commissioners Course administrator 13 February 2027 Open",
        "Applications 3",
        "Released outcomes per attempt",
        "Evaluation by sector",
        "Attempt 1: Pass 0",  # the chart
        "Markers",
    ):
        assert expected in words, expected
    assert "Applications 7" not in words


def test_a_signed_off_pack_names_who_signed_it_off(client, review, kpog_chair):
    services.review_sign_off(review=review, actor=kpog_chair)
    _, text = pdf_text(_pack(client, kpog_chair, review).content)
    words = " ".join(text.split())
    assert f"Signed off by {kpog_chair.full_name}" in words
    assert "Draft" not in words


def test_markup_in_the_findings_is_printed_as_text_and_fetches_nothing(review, quality_lead):
    findings = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/">'
    services.review_update(
        review=review, actor=quality_lead, findings=findings, decisions="", attendees=""
    )
    review.refresh_from_db()
    fetcher = StaticOnlyURLFetcher()
    data = pdf_render(review_pack_html(review), stylesheet=REVIEW_PACK_STYLESHEET, fetcher=fetcher)
    _, text = pdf_text(data)
    assert '<img src="file:///etc/passwd">' in "".join(text.split("\n"))
    assert fetcher.refused == []


@pytest.mark.parametrize("role_fixture", ["student", "tutor", "commissioner"])
def test_the_pack_is_refused_to_others(client, request, review, role_fixture):
    assert _pack(client, request.getfixturevalue(role_fixture), review).status_code == 403


def test_the_pack_needs_a_sign_in(client, review):
    response = client.get(f"/oversight/reviews/{review.pk}/pack.pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_pack_of_no_review_is_a_404(client, quality_lead):
    client.force_login(quality_lead)
    assert client.get("/oversight/reviews/999999/pack.pdf").status_code == 404


@pytest.mark.parametrize("extra_actions", [0, 3])
def test_the_pack_query_count_does_not_grow_with_actions(
    client, review, quality_lead, django_assert_num_queries, extra_actions
):
    for number in range(extra_actions):
        services.review_action_add(
            review=review,
            actor=quality_lead,
            description=f"Action {number}",
            owner="QL",
            due_date=MEETING,
        )
    client.force_login(quality_lead)
    with django_assert_num_queries(5):
        assert client.get(f"/oversight/reviews/{review.pk}/pack.pdf").status_code == 200


def test_findings_too_long_for_a_pack_are_refused_with_the_limit(client, review, quality_lead):
    client.force_login(quality_lead)
    response = client.post(
        f"/oversight/reviews/{review.pk}/edit/",
        {"attendees": "", "findings": "x" * 2_000_000, "decisions": ""},
    )
    assert response.status_code == 400
    assert "at most 10000 characters" in response.content.decode()
    review.refresh_from_db()
    assert review.findings == "Probation uptake is strong."


def test_a_pack_that_takes_too_long_is_stopped_with_a_message(
    client, review, kpog_member, settings, monkeypatch
):
    settings.PDF_RENDER_SECONDS = 0.2
    monkeypatch.setattr(imh_pdf, "_render", lambda *args: time.sleep(60))  # forked with it
    response = _pack(client, kpog_member, review)
    assert response.status_code == 503
    assert "took too long, so it was stopped" in response.content.decode()
    assert response["Retry-After"]


def test_a_render_over_its_time_is_stopped_not_waited_for(settings):
    settings.PDF_RENDER_SECONDS = 0.5
    endless = "<p>" + "A long finding. " * 400_000 + "</p>"
    started = time.monotonic()
    with pytest.raises(PdfRenderStopped, match=r"longer than 0\.5 seconds"):
        pdf_render(endless, stylesheet=REVIEW_PACK_STYLESHEET)
    assert time.monotonic() - started < 5
