"""Daily housekeeping removes what has served its purpose and nothing else."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _attempt(age, username):
    attempt = AccessAttempt.objects.create(
        username=username, ip_address="192.0.2.1", user_agent="x", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - age)


def test_housekeeping_clears_expired_sessions_and_old_throttling_records(capsys):
    now = timezone.now()
    Session.objects.create(
        session_key="old", session_data="", expire_date=now - datetime.timedelta(1)
    )
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + datetime.timedelta(1)
    )
    _attempt(datetime.timedelta(hours=2), "past-its-pause@example.org")
    _attempt(datetime.timedelta(minutes=1), "paused-now@example.org")
    old_log = AccessLog.objects.create(username="a", ip_address="192.0.2.1", user_agent="x")
    AccessLog.objects.filter(pk=old_log.pk).update(attempt_time=now - datetime.timedelta(days=120))
    AccessLog.objects.create(username="b", ip_address="192.0.2.1", user_agent="x")

    call_command("housekeeping")

    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [
        "paused-now@example.org"
    ]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["b"]
    assert "Sign-in throttling records removed: 2." in capsys.readouterr().out
