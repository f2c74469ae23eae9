"""Two-step sign-in: staff enrol a second factor at their first sign-in (where it is required),
then no page but the second step's answers until it is passed; codes from an app or a recovery
code pass it; wrong codes are throttled; a course administrator resets a lost device."""

import datetime

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import Role
from audit.models import AuditEvent
from tests.factories import PASSWORD, user_with_role
from tests.security.test_url_matrix import EXPECTED, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-factor/verify/"
STEP = datetime.timedelta(seconds=30)


@pytest.fixture(autouse=True)
def required(settings):
    settings.SECOND_FACTOR_REQUIRED_FOR_STAFF = True


def _sign_in(client, user, address="192.0.2.1"):
    response = client.post(
        LOGIN, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR=address
    )
    assert response.status_code == 302
    return response


def _code(device):
    """The code the app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def _add_app(client):
    client.get("/accounts/two-factor/app/")
    device = TOTPDevice.objects.get(user=client.session["_auth_user_id"], confirmed=False)
    response = client.post("/accounts/two-factor/app/", {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    return device


def test_staff_must_add_a_second_factor_before_any_other_page(client, tutor):
    _sign_in(client, tutor)
    for path in ("/admin/", "/home/", "/admin/assessment/submission/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, "/accounts/two-factor/")
    page = client.get("/accounts/two-factor/").content.decode()
    assert "you need a second step to sign in" in " ".join(page.split())
    assert "/admin/" not in page  # no links that would not answer yet


def test_students_are_not_made_to_but_may(client, student):
    _sign_in(client, student)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/accounts/two-factor/").status_code == 200


def test_an_authenticator_app_is_added_with_a_code_it_shows(client, tutor):
    _sign_in(client, tutor)
    page = client.get("/accounts/two-factor/app/")
    assert "<svg" in page.content.decode()  # the QR code
    device = TOTPDevice.objects.get(user=tutor, confirmed=False)
    wrong = client.post("/accounts/two-factor/app/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()

    with time_machine.travel(timezone.now() + STEP, tick=False):  # past django-otp's pause
        _add_app(client)

    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/admin/").status_code == 200  # verified in this session
    assert AuditEvent.objects.filter(action="account.second_factor_add", actor=tutor).exists()


@pytest.fixture
def enrolled_tutor(client, tutor):
    _sign_in(client, tutor)
    device = _add_app(client)
    codes = client.post("/accounts/two-factor/recovery-codes/").context["codes"]
    client.logout()
    return tutor, device, codes


def test_between_the_two_steps_no_page_but_the_second_steps_answers(client, world, tutor):  # noqa: F811
    """Every URL of the matrix, asked for with the password alone, sends the person to the
    second step (or is one of the second step's own)."""
    _sign_in(client, tutor)
    _add_app(client)
    client.logout()
    _sign_in(client, tutor)
    own = {
        "two_factor_verify",
        "logout",
        "privacy_notice",
        "accessibility_statement",
        "healthz",
    }
    reached = []
    for name, (method, kwargs, _) in sorted(EXPECTED.items()):
        if name in own or name.startswith("otp_webauthn:credential-authentication"):
            continue
        if name == "otp_webauthn:js-i18n-catalog":
            continue
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        response = client.post(url, {}) if method == "POST" else client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(VERIFY):
            reached.append((name, response.status_code))
    assert reached == []
    assert client.get("/admin/").status_code == 302


def test_a_code_from_the_app_passes_the_second_step(client, enrolled_tutor):
    tutor, device, _ = enrolled_tutor
    with time_machine.travel(timezone.now() + STEP, tick=False):
        _sign_in(client, tutor)
        assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
        response = client.post(VERIFY, {"code": _code(device), "next": "/admin/"})
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_a_recovery_code_passes_the_second_step_once(client, enrolled_tutor):
    tutor, _, codes = enrolled_tutor
    assert len(codes) == 10
    _sign_in(client, tutor)
    assert client.post(VERIFY, {"code": codes[0].upper()})["Location"] == "/home/"
    client.logout()
    _sign_in(client, tutor)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 400
    assert StaticDevice.objects.get(user=tutor).token_set.count() == 9


def test_wrong_codes_are_throttled_per_person_and_per_client(client, settings, enrolled_tutor):
    settings.AXES_FAILURE_LIMIT = 3
    tutor, _, codes = enrolled_tutor
    _sign_in(client, tutor)
    for _ in range(3):
        assert client.post(VERIFY, {"code": "999999"}, REMOTE_ADDR="192.0.2.1").status_code == 400
    refused = client.post(VERIFY, {"code": codes[1]}, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.content.decode()
    assert client.get("/admin/").status_code == 302  # still not through


def test_wrong_codes_from_one_client_across_people_are_throttled(client, settings):
    settings.SIGN_IN_CLIENT_FAILURE_LIMIT = 2
    people = []
    for _ in range(3):
        person = user_with_role(Role.TUTOR)
        _sign_in(client, person)
        device = _add_app(client)
        people.append((person, device))
        client.logout()
    for person, _ in people[:2]:
        _sign_in(client, person)
        client.post(VERIFY, {"code": "999999"}, REMOTE_ADDR="203.0.113.5")
        client.logout()
    person, device = people[2]
    with time_machine.travel(timezone.now() + STEP, tick=False):
        _sign_in(client, person)
        right = _code(device)
        assert client.post(VERIFY, {"code": right}, REMOTE_ADDR="203.0.113.5").status_code == 429
        assert client.post(VERIFY, {"code": right}, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_an_emailed_sign_in_link_is_the_first_step_only(client, enrolled_tutor, mailoutbox):
    tutor, _, _ = enrolled_tutor
    client.post("/accounts/login/link/", {"email": tutor.email})
    link = mailoutbox[-1].body.split("/accounts/login/link/")[1].split()[0]
    client.post(f"/accounts/login/link/{link}")
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def _verified(client, user):
    """Signed in with both steps (an app added at the first sign-in)."""
    _sign_in(client, user)
    _add_app(client)


def test_a_course_administrator_resets_a_lost_second_factor(
    client, enrolled_tutor, course_administrator
):
    tutor, _, _ = enrolled_tutor
    _verified(client, course_administrator)
    response = client.post(
        "/admin/accounts/user/",
        {
            "action": "reset_second_factor",
            ACTION_CHECKBOX_NAME: [tutor.pk],
            "confirmed": "yes",
            "reason": "Phone lost; identity checked by a call to her manager.",
        },
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=tutor).exists()
    assert not StaticDevice.objects.filter(user=tutor).exists()
    event = AuditEvent.objects.get(action="account.second_factor_reset")
    assert (event.actor, event.target_id) == (course_administrator, str(tutor.pk))
    assert "Phone lost" in event.reason
    client.logout()
    _sign_in(client, tutor)
    assert client.get("/admin/")["Location"] == "/accounts/two-factor/"


@pytest.mark.parametrize("role", [Role.TUTOR, Role.KPOG_MEMBER, Role.COMMISSIONER])
def test_only_course_administrators_reset_a_second_factor(client, enrolled_tutor, role):
    tutor, _, _ = enrolled_tutor
    someone = user_with_role(role)
    someone.is_staff = True
    someone.save()
    _verified(client, someone)
    client.post(
        "/admin/accounts/user/",
        {
            "action": "reset_second_factor",
            ACTION_CHECKBOX_NAME: [tutor.pk],
            "confirmed": "yes",
            "reason": "x",
        },
    )
    assert TOTPDevice.objects.filter(user=tutor).exists()


@pytest.mark.parametrize("kind", ["superuser", "admin site user"])
def test_superusers_and_admin_site_users_without_a_role_must_add_one_too(client, kind):
    person = user_with_role(Role.STUDENT)
    person.is_superuser = kind == "superuser"
    person.is_staff = True
    person.save()
    _sign_in(client, person)
    assert client.get("/admin/")["Location"] == "/accounts/two-factor/"
    assert client.get("/admin/accounts/user/")["Location"] == "/accounts/two-factor/"


def test_a_session_signed_in_before_a_factor_was_added_elsewhere_must_verify_first(client, tutor):
    from django.test import Client

    earlier = Client()
    _sign_in(earlier, tutor)  # no second factor yet
    _sign_in(client, tutor)
    _add_app(client)  # in another session

    for path in ("/accounts/two-factor/", "/accounts/two-factor/app/", "/admin/"):
        response = earlier.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY), path
    codes = earlier.post("/accounts/two-factor/recovery-codes/")
    assert codes["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=tutor).count() == 1
    assert not StaticDevice.objects.filter(user=tutor).exists()


def test_no_admin_page_shows_a_second_factors_secrets(client, course_administrator):
    from django.contrib import admin

    registered = {model._meta.label_lower for model in admin.site._registry}
    assert not registered & {
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
        "django_otp_webauthn.webauthncredential",
    }
