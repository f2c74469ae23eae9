"""Two-step sign-in in the browser: a tutor adds an authenticator app at their first sign-in
and signs in again with a code; a Quality Lead adds a passkey (Chromium's virtual
authenticator) and signs in again with it."""

import datetime
import re
from base64 import b32decode

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp

from tests.browser.helpers import sign_in

NEXT_STEP = datetime.timedelta(seconds=31)


@pytest.fixture
def second_factor_required(settings, live_server):
    settings.SECOND_FACTOR_REQUIRED_FOR_STAFF = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def _code(key):
    return f"{totp(b32decode(key)):06d}"


def test_a_tutor_adds_an_authenticator_app_then_signs_in_with_a_code(
    live_server, demo_data, second_factor_required, page, assert_accessible
):
    base = live_server.url
    sign_in(page, base, "tutor@example.org", "/accounts/two-factor/")
    assert page.get_by_text("you need a second step to sign in").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add an authenticator app").click()
    assert page.locator("svg title").text_content() == "QR code for your authenticator app"
    assert_accessible(page)
    key = page.locator("code").inner_text()
    page.get_by_label("Code").fill(_code(key))
    page.get_by_role("button", name="Add the app").click()
    page.wait_for_url(base + "/accounts/two-factor/")
    assert page.get_by_text("Your authenticator app is added.").is_visible()
    page.get_by_role("button", name="Make recovery codes").click()
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    assert page.locator("li.font-monospace, ul.font-monospace li").count() == 10
    assert_accessible(page)

    with time_machine.travel(timezone.now() + NEXT_STEP, tick=True):
        sign_in(page, base, "tutor@example.org", re.compile(r"/accounts/two-factor/verify/"))
        assert_accessible(page)
        page.goto(base + "/admin/assessment/submission/")  # still the second step
        assert "/accounts/two-factor/verify/" in page.url
        page.get_by_label("Code").fill(_code(key))
        page.get_by_role("button", name="Go on").click()
        page.wait_for_url(base + "/admin/assessment/submission/")


def test_a_quality_lead_adds_a_passkey_then_signs_in_with_it(
    live_server, demo_data, second_factor_required, page, assert_accessible
):
    base = live_server.url
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in(page, base, "quality@example.org", "/accounts/two-factor/")
    page.get_by_role("button", name="Add a passkey").click()
    page.wait_for_load_state()
    page.get_by_text("added").first.wait_for()  # the page shows itself afresh, with the passkey
    assert page.get_by_role("heading", name="Passkeys").is_visible()
    assert "None yet." not in page.locator("h2:has-text('Passkeys') + *").inner_text()
    assert_accessible(page)

    sign_in(page, base, "quality@example.org", re.compile(r"/accounts/two-factor/verify/"))
    assert_accessible(page)
    page.get_by_role("button", name="Use your passkey").click()
    page.wait_for_url(base + "/oversight/")
