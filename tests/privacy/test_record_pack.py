import pytest
from django.template.loader import render_to_string

from accounts.choices import Role
from assessment.models import Moderation, ModerationSample
from audit.models import AuditEvent
from enrolment.models import Attendance
from imh_courses.pdf import StaticOnlyURLFetcher
from privacy import record_pack
from tests.documents import pdf_text
from tests.factories import TaughtDayFactory, user_with_role

pytestmark = pytest.mark.django_db


def _pack_url(enrolment):
    return f"/admin/enrolment/enrolment/{enrolment.pk}/record-pack.pdf"


@pytest.fixture
def appealed(finished_enrolment, tutor):
    """The finished enrolment with a day's attendance and a moderated script."""
    day = TaughtDayFactory(cohort=finished_enrolment.cohort)
    Attendance.objects.create(
        enrolment=finished_enrolment, taught_day=day, status="present", recorded_by=tutor
    )
    submission = finished_enrolment.submission
    Moderation.objects.create(
        sample=ModerationSample.objects.create(
            cohort=finished_enrolment.cohort, attempt=1, scripts_in_cohort=1
        ),
        submission=submission,
        marker_outcome="pass",
        state="agreed",
        moderator=user_with_role(Role.QUALITY_LEAD, given_name="Mo", family_name="Derator"),
        decision="agree",
        comment="Sound judgement on criterion 3.",
        agreed_outcome="pass",
    )
    return finished_enrolment


@pytest.mark.parametrize("role_fixture", ["course_administrator", "quality_lead"])
def test_the_pack_lists_the_records_and_the_trail(client, request, role_fixture, appealed):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    response = client.get(_pack_url(appealed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content)[1].split())
    for expected in [
        "Rowan Ellis",
        "KUF-OPD-T",
        "Large print handouts",
        appealed.submission.reference,
        "a" * 32,  # the SHA-256, broken over lines in the PDF
        "Declared own work",
        "A careful formulation.",
        "Sound judgement on criterion 3.",
        "Mo Derator",
        "Present",
        "Rowan J. Ellis",
        "certificate.issue",
    ]:
        assert expected in text, expected
    event = AuditEvent.objects.get(action="enrolment.record_pack")
    assert (event.actor, event.target_id) == (user, str(appealed.pk))


def test_the_trail_is_in_time_order(appealed, course_administrator):
    context = record_pack.record_pack_context(appealed)
    times = [row["event"].at for row in context["events"]]
    assert times == sorted(times) and len(times) >= 1


def test_markup_in_the_records_is_printed_as_text_and_fetches_nothing(
    appealed, course_administrator, monkeypatch
):
    appealed.reasonable_adjustments = '<img src="http://169.254.169.254/latest">'
    appealed.save()
    fetchers = []
    original = StaticOnlyURLFetcher.__init__

    def keep(self):
        original(self)
        fetchers.append(self)

    monkeypatch.setattr(StaticOnlyURLFetcher, "__init__", keep)
    pdf = record_pack.record_pack_pdf(enrolment=appealed, actor=course_administrator)
    assert '<img src="http://169.254.169.254/latest">' in " ".join(pdf_text(pdf)[1].split())
    assert [url for fetcher in fetchers for url in fetcher.refused] == []


@pytest.mark.parametrize(
    ("role_fixture", "code"),
    [("tutor", 403), ("kpog_member", 302), ("student", 302), ("commissioner", 302)],
)
def test_other_roles_are_refused(client, request, role_fixture, code, finished_enrolment):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    assert client.get(_pack_url(finished_enrolment)).status_code == code
    assert not AuditEvent.objects.filter(action="enrolment.record_pack").exists()


def test_the_change_page_links_to_the_pack(client, course_administrator, finished_enrolment):
    client.force_login(course_administrator)
    page = client.get(f"/admin/enrolment/enrolment/{finished_enrolment.pk}/change/")
    assert _pack_url(finished_enrolment) in page.content.decode()


def test_an_agreed_moderation_says_so_and_never_resolved_by_nobody(appealed):
    html = render_to_string(
        "privacy/pdf/record_pack.html", record_pack.record_pack_context(appealed)
    )
    assert "(the moderator agreed with the mark)" in html
    assert "resolved by  on" not in html
