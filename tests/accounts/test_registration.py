import re

import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/accounts/register/"
GOOD = {
    "email": "new.student@example.org",
    "given_name": "Nia",
    "family_name": "Evans",
    "certificate_name": "Nia Evans",
    "password1": "quiet-harbour-lantern-42",
    "password2": "quiet-harbour-lantern-42",
}


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    """Post the registration form and run what the service sends after commit."""

    def post(data=GOOD):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(REGISTER, data)

    return post


def _confirm_path(mail):
    return re.search(r"(/accounts/confirm/[^/\s]+/)", mail.body).group(1)


def test_register_creates_inactive_student_and_emails_link(client, mailoutbox, register):
    response = register()
    assert response.status_code == 302
    assert response["Location"] == reverse("register_done")
    user = User.objects.get(email="new.student@example.org")
    assert not user.is_active
    assert user.has_role(Role.STUDENT)
    assert user.check_password(GOOD["password1"])
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.student@example.org"]
    assert "/accounts/confirm/" in mailoutbox[0].body
    assert mailoutbox[0].alternatives[0].mimetype == "text/html"
    assert AuditEvent.objects.filter(action="account.register", target_id=str(user.pk)).exists()


@pytest.mark.parametrize("email", ["taken@example.org", "TAKEN@Example.org"])
def test_registering_a_taken_address_answers_as_for_a_new_one_and_emails_its_owner(
    client, mailoutbox, email, register
):
    UserFactory(email="taken@example.org", given_name="Tess")
    new = register({**GOOD, "email": "someone.new@example.org"})
    mailoutbox.clear()

    taken = register({**GOOD, "email": email})

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    [mail] = mailoutbox
    assert mail.to == ["taken@example.org"]
    assert "Dear Tess," in mail.body
    assert "already has an account" in mail.body
    assert "/accounts/password/reset/" in mail.body
    assert "/accounts/confirm/" not in mail.body


def test_registering_an_address_awaiting_confirmation_sends_a_fresh_link(
    client, mailoutbox, register
):
    UserFactory(email="waiting@example.org", is_active=False, email_confirmed_at=None)
    response = register({**GOOD, "email": "waiting@example.org"})
    assert response["Location"] == reverse("register_done")
    [mail] = mailoutbox
    assert mail.to == ["waiting@example.org"]
    assert "/accounts/confirm/" in mail.body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password1": "password", "password2": "password"}, "This password is too common"),
        ({"password1": "12345678901", "password2": "12345678901"}, "entirely numeric"),
        ({"password2": "something-else-entirely"}, "The two password fields"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"certificate_name": ""}, "This field is required"),
    ],
)
def test_register_bad_input_refused_and_nothing_written(
    client, mailoutbox, changes, message, register
):
    response = register({**GOOD, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(email="new.student@example.org").exists()
    assert mailoutbox == []


def test_confirm_get_does_not_activate(client, mailoutbox, register):
    register()
    response = client.get(_confirm_path(mailoutbox[0]))
    assert response.status_code == 200
    assert "Confirm my email address" in response.content.decode()
    assert not User.objects.get(email=GOOD["email"]).is_active


def test_confirm_post_activates_then_user_can_sign_in(client, mailoutbox, register):
    register()
    response = client.post(_confirm_path(mailoutbox[0]))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    user = User.objects.get(email=GOOD["email"])
    assert user.is_active
    assert user.email_confirmed_at is not None
    assert AuditEvent.objects.get(action="account.confirm").changes == {"is_active": [False, True]}
    signed_in = client.post(
        "/accounts/login/", {"username": GOOD["email"], "password": GOOD["password1"]}
    )
    assert signed_in.status_code == 302


def test_confirm_link_reused_is_refused(client, mailoutbox, register):
    register()
    path = _confirm_path(mailoutbox[0])
    client.post(path)
    response = client.post(path)
    assert response.status_code == 400
    assert "already been used" in response.content.decode()


def test_confirm_link_expired_is_refused(client, mailoutbox, settings, register):
    register()
    settings.ACCOUNT_CONFIRMATION_MAX_AGE = -1
    response = client.post(_confirm_path(mailoutbox[0]))
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert not User.objects.get(email=GOOD["email"]).is_active


def test_confirm_link_tampered_is_refused(client, mailoutbox, register):
    register()
    path = _confirm_path(mailoutbox[0])
    response = client.post(path[:-3] + "xx/")
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert not User.objects.get(email=GOOD["email"]).is_active


def test_resend_sends_only_for_unconfirmed_accounts_and_answers_the_same(
    client, mailoutbox, register
):
    register()
    UserFactory(email="active@example.org")
    answers = []
    for email in [GOOD["email"], "active@example.org", "nobody@example.org"]:
        response = client.post("/accounts/confirm/resend/", {"email": email}, follow=True)
        answers.append(response.content.decode().count("we have sent a new link"))
    assert answers == [1, 1, 1]
    assert [m.to for m in mailoutbox] == [[GOOD["email"]], [GOOD["email"]]]


def test_signed_in_user_is_sent_home_from_register(client, student):
    client.force_login(student)
    assert client.get(REGISTER)["Location"] == reverse("home")


def test_password_reset_email_link_sets_new_password(client, mailoutbox, student):
    response = client.post("/accounts/password/reset/", {"email": student.email.upper()})
    assert response.status_code == 302
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mailoutbox[0].body).group(
        1
    )
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "brand-new-harbour-77", "new_password2": "brand-new-harbour-77"}
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("brand-new-harbour-77")
    event = AuditEvent.objects.get(action="account.password_reset")
    assert (event.actor, event.target_id) == (None, str(student.pk))


def test_a_password_change_is_in_the_audit_trail(client, student, password):
    client.force_login(student)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": password,
            "new_password1": "brand-new-harbour-77",
            "new_password2": "brand-new-harbour-77",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="account.password_change")
    assert (event.actor, event.target_id) == (student, str(student.pk))


def test_password_change_needs_sign_in(client):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("password", [GOOD["password1"], "not-the-password"])
def test_signing_in_before_confirming_says_the_address_is_not_confirmed(client, register, password):
    register()

    response = client.post(
        reverse("login"), {"username": "New.Student@example.org", "password": password}
    )

    page = response.content.decode()
    assert "This email address is not confirmed yet" in page
    assert reverse("account_confirm_resend") in page
    assert "_auth_user_id" not in client.session


def test_a_confirmed_address_with_a_wrong_password_gets_the_usual_message(client):
    UserFactory(email="sam@example.org")
    response = client.post(
        reverse("login"), {"username": "sam@example.org", "password": "not-the-password"}
    )
    page = response.content.decode()
    assert "The email address or password is not right" in page
    assert "not confirmed yet" not in page
