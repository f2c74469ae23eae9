import pytest
from django.test import Client
from django.urls import reverse

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
