import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_with_email_in_any_case_lands_on_role_home(client, password):
    user = user_with_role(Role.STUDENT, email="sam@example.org")
    response = client.post(LOGIN, {"username": "SAM@Example.org", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(response["Location"])["Location"] == reverse("enrolment:dashboard")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_wrong_password_shows_message_and_no_session(client):
    user_with_role(Role.STUDENT, email="sam@example.org")
    response = client.post(LOGIN, {"username": "sam@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "email address or password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_rotates_session_key(client, password):
    user_with_role(Role.STUDENT, email="sam@example.org")
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    client.post(LOGIN, {"username": "sam@example.org", "password": password})
    assert client.session.session_key != before


@pytest.mark.parametrize("account_exists", [True, False])
def test_repeated_failures_lock_out_alike_whether_or_not_account_exists(
    client, settings, password, account_exists
):
    settings.AXES_FAILURE_LIMIT = 3
    if account_exists:
        user_with_role(Role.STUDENT, email="sam@example.org")
    for _ in range(3):
        client.post(LOGIN, {"username": "sam@example.org", "password": "wrong"})
    response = client.post(LOGIN, {"username": "sam@example.org", "password": password})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_account_cannot_sign_in(client, password):
    user_with_role(Role.STUDENT, email="sam@example.org", is_active=False)
    response = client.post(LOGIN, {"username": "sam@example.org", "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_post_without_csrf_token_is_refused_with_message(password):
    user_with_role(Role.STUDENT, email="sam@example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "sam@example.org", "password": password})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_logout_is_post_only(client, student):
    client.force_login(student)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_ignores_offsite_next(client, password):
    user_with_role(Role.STUDENT, email="sam@example.org")
    response = client.post(
        LOGIN + "?next=https://evil.example.com/",
        {"username": "sam@example.org", "password": password, "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("home")


@pytest.fixture
def limits(settings):
    """Small limits, and counts (failures in the database, link requests in the cache) from
    nothing."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGN_IN_CLIENT_FAILURE_LIMIT = 5
    cache.clear()
    yield settings
    cache.clear()


def _sign_in(client, email, password, address="192.0.2.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_the_lockout_holds_for_the_address_in_any_case(client, password, limits):
    user_with_role(Role.STUDENT, email="person@example.org")
    for email in ("person@example.org", "Person@Example.org", "PERSON@EXAMPLE.ORG"):
        _sign_in(client, email, "wrong")
    for email in ("person@example.org", "PERSON@EXAMPLE.ORG", " Person@example.org "):
        response = _sign_in(client, email, password)
        assert response.status_code == 429, email
    assert "_auth_user_id" not in client.session


def test_password_spraying_from_one_client_is_paused_across_addresses(client, password, limits):
    user_with_role(Role.STUDENT, email="sprayed@example.org")
    for n in range(5):  # one guess at each of five addresses: no address reaches its limit
        _sign_in(client, f"person{n}@example.org", "Summer2026!")
    response = _sign_in(client, "sprayed@example.org", password)
    assert response.status_code == 429
    # Someone else behind another address is not held up.
    assert (
        _sign_in(client, "sprayed@example.org", password, address="198.51.100.7").status_code == 302
    )


def test_a_locked_out_person_signs_in_once_with_an_emailed_link(
    client, password, limits, mailoutbox
):
    user = user_with_role(Role.STUDENT, email="person@example.org", given_name="Pat")
    for _ in range(3):
        _sign_in(client, "person@example.org", "wrong")
    locked = _sign_in(client, "person@example.org", password)
    assert "sign in with a link we" in " ".join(locked.content.decode().split())

    response = client.post("/accounts/login/link/", {"email": "PERSON@example.org"})
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["person@example.org"]
    link = re.search(r"/accounts/login/link/[^/\s]+/", mail.body).group(0)
    assert client.get(link).status_code == 200  # a page with a button: scanners use nothing up
    assert client.post(link)["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == user.pk

    client.logout()
    used = client.post(link)
    assert used.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_sign_in_link_is_sent_only_to_an_active_account_and_says_the_same(
    client, limits, mailoutbox
):
    user_with_role(Role.STUDENT, email="inactive@example.org", is_active=False)
    pages = [
        client.post("/accounts/login/link/", {"email": email}, follow=True).content.decode()
        for email in ("nobody@example.org", "inactive@example.org")
    ]
    assert mailoutbox == []
    assert all("If that address has an account" in page for page in pages)


def test_sign_in_links_are_limited_per_address(client, limits, mailoutbox):
    limits.SIGN_IN_LINKS_PER_HOUR = 2
    user_with_role(Role.STUDENT, email="person@example.org")
    for n in range(4):
        client.post(
            "/accounts/login/link/", {"email": "person@example.org"}, REMOTE_ADDR=f"192.0.2.{n}"
        )
    assert len(mailoutbox) == 2


def test_a_sign_in_link_stops_working_after_its_time(client, limits, mailoutbox):
    user_with_role(Role.STUDENT, email="person@example.org")
    client.post("/accounts/login/link/", {"email": "person@example.org"})
    link = re.search(r"/accounts/login/link/[^/\s]+/", mailoutbox[0].body).group(0)
    later = timezone.now() + datetime.timedelta(seconds=limits.SIGN_IN_LINK_MAX_AGE + 1)
    with time_machine.travel(later):
        assert client.post(link).status_code == 400
    assert "_auth_user_id" not in client.session


def test_many_people_behind_one_address_each_get_their_sign_in_link(client, limits, mailoutbox):
    limits.SIGN_IN_LINKS_PER_HOUR = 2
    for n in range(6):
        user_with_role(Role.STUDENT, email=f"officer{n}@prison.example.org")
        client.post("/accounts/login/link/", {"email": f"officer{n}@prison.example.org"})
    assert len(mailoutbox) == 6


def test_a_password_hashed_with_djangos_argon2_defaults_is_upgraded_at_sign_in(client, settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    settings.PASSWORD_HASHERS = ["accounts.hashers.OwaspArgon2PasswordHasher"]
    user = user_with_role(Role.STUDENT, email="old@example.org")
    user.password = Argon2PasswordHasher().encode("an-old-passphrase", "somesalt12345678")
    user.save()
    assert "m=102400,t=2,p=8" in user.password

    response = client.post(LOGIN, {"username": "old@example.org", "password": "an-old-passphrase"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in user.password
    assert user.check_password("an-old-passphrase")
