import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from reports.models import ReportSubscription
from reports.services import scheduled_reports_send
from tests.factories import EnrolmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(commissioner, commissioner_b, region_a):
    EnrolmentFactory(organisation=OrganisationFactory(region=region_a), state="enrolled")
    ReportSubscription.objects.create(user=commissioner, report="learners")
    ReportSubscription.objects.create(user=commissioner_b, report="learners")  # nothing there
    return commissioner


def test_sends_to_subscribers_with_rows_and_skips_empty_ones(
    subscribed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = scheduled_reports_send()
    assert outcome == {"sent": 1, "not due": 0, "no new data": 0, "empty": 1}
    [email] = mail.outbox
    assert email.to == [subscribed.email]
    assert "Learners trained" in email.subject
    assert "/reports/learners/?financial_year=" in email.body
    assert ReportSubscription.objects.get(user=subscribed).last_sent_at is not None


def test_no_second_email_without_new_data_or_within_the_month(
    subscribed, region_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scheduled_reports_send()
        assert scheduled_reports_send()["sent"] == 0  # the same day: not due
        a_month_on = timezone.now() + datetime.timedelta(days=31)
        assert scheduled_reports_send(now=a_month_on)["no new data"] == 1
    assert len(mail.outbox) == 1
    EnrolmentFactory(organisation=OrganisationFactory(region=region_a))  # new data
    ReportSubscription.objects.filter(user=subscribed).update(
        last_sent_at=timezone.now() - datetime.timedelta(days=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduled_reports_send()["sent"] == 1
    assert len(mail.outbox) == 2


def test_the_command_reports_what_it_did(subscribed, capsys):
    call_command("send_scheduled_reports")
    assert "sent: 1" in capsys.readouterr().out


def test_subscribing_and_stopping_from_the_report_page(client, commissioner):
    client.force_login(commissioner)
    assert client.get("/reports/learners/subscription/").status_code == 405
    client.post("/reports/learners/subscription/")
    assert ReportSubscription.objects.filter(user=commissioner, report="learners").exists()
    page = client.get("/reports/learners/")
    assert "Stop the monthly email" in page.content.decode()
    client.post("/reports/learners/subscription/")
    assert not ReportSubscription.objects.exists()
    assert client.post("/reports/nonsense/subscription/").status_code == 404


def test_subscribing_is_refused_to_other_roles(client, student):
    client.force_login(student)
    assert client.post("/reports/learners/subscription/").status_code == 403
    assert not ReportSubscription.objects.exists()
