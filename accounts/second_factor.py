"""Two-step sign-in: after the password (or an emailed sign-in link), a second factor, a passkey
(WebAuthn, django-otp-webauthn) or a code from an authenticator app (TOTP, django-otp), with
one-time recovery codes for a lost device. Staff must enrol one at their first sign-in where
SECOND_FACTOR_REQUIRED_FOR_STAFF is on (production); students may.

Wrong codes are throttled as passwords are: per person (AXES_FAILURE_LIMIT within the cool-off
time, on top of django-otp's own growing delay per device) and per client across people
(SIGN_IN_CLIENT_FAILURE_LIMIT)."""

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.rules import needs_second_factor
from audit.services import audit_record
from imh_courses.rate_limits import count_of, count_one_more

RECOVERY_CODES = 10
AUTHENTICATOR_APP = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"


class SecondStepThrottled(Exception):
    """Too many wrong codes, for this person or from this client."""


def second_factor_enrolled(user):
    """Whether `user` has a confirmed second factor (a passkey, an app or recovery codes)."""
    return user_has_device(user)


def second_factor_required(user):
    return settings.SECOND_FACTOR_REQUIRED_FOR_STAFF and needs_second_factor(user)


def has_passkey(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def second_factor_list(user):
    """The person's passkeys and authenticator apps, and how many recovery codes are left."""
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return {
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True)),
        "apps": list(TOTPDevice.objects.filter(user=user, confirmed=True)),
        "recovery_codes_left": recovery.token_set.count() if recovery else None,
    }


def authenticator_app_start(*, user):
    """The app being added: an unconfirmed TOTP device, made once and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_APP, confirmed=False)


@transaction.atomic
def authenticator_app_confirm(*, request, device, code):
    """Confirm the app being added with a code it shows; the person is then verified in this
    session. Returns whether the code was right. Side effect: an audit row."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit_record(
        actor=request.user,
        action="account.second_factor_add",
        target=request.user,
        changes={"second factor": [None, AUTHENTICATOR_APP]},
    )
    return True


@transaction.atomic
def recovery_codes_make(*, user):
    """A fresh set of one-time recovery codes (the old ones stop working), to show once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(actor=user, action="account.recovery_codes_make", target=user)
    return codes


def second_step_verify(*, request, code, client):
    """Verify a code from an authenticator app, or a recovery code (used up). Returns whether
    it was right; raises SecondStepThrottled past the limits, before looking at the code."""
    user = request.user
    if _throttled(user, client):
        raise SecondStepThrottled
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, (TOTPDevice, StaticDevice)) and device.verify_token(code):
                otp_login(request, device)
                return True
    _count_failure(user, client)
    audit_record(
        actor=None,
        action="account.second_step_failed",
        target=user,
        reason=f"A wrong code from {client or 'an unknown address'}.",
    )
    return False


def _throttled(user, client):
    """Whether this person, or this client, has had too many wrong codes of late."""
    return (
        count_of(_person_key(user)) >= settings.AXES_FAILURE_LIMIT
        or count_of(_client_key(client)) >= settings.SIGN_IN_CLIENT_FAILURE_LIMIT
    )


def _count_failure(user, client):
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    count_one_more(_person_key(user), window=window)
    count_one_more(_client_key(client), window=window)


def _person_key(user):
    return f"second-step-failures:person:{user.pk}"


def _client_key(client):
    return f"second-step-failures:client:{client}"


@transaction.atomic
def second_factor_reset(*, person, actor, reason):
    """Remove every second factor of `person` (a lost device), so they enrol afresh at their
    next sign-in. Side effect: an audit row with `reason`."""
    removed = sum(
        model.objects.filter(user=person).delete()[0]
        for model in (TOTPDevice, StaticDevice, WebAuthnCredential)
    )
    audit_record(
        actor=actor,
        action="account.second_factor_reset",
        target=person,
        reason=f"{reason} ({removed} second-step records removed)",
    )
    return removed
