"""Signed, expiring links: one confirms a self-registered student's email address, the other
signs a person in once (for someone locked out of signing in with their password)."""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import User

_SALT = "accounts.email-confirmation"


class ConfirmationLinkInvalid(Exception):
    pass


class ConfirmationLinkExpired(ConfirmationLinkInvalid):
    pass


def confirmation_token_make(user):
    # The email is signed in too, so a link stops working if the address is changed.
    return signing.dumps({"user": user.pk, "email": user.email}, salt=_SALT, compress=True)


def confirmation_token_read(token):
    """Return (user id, email) from a token, or raise ConfirmationLinkInvalid / ...Expired."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.ACCOUNT_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ConfirmationLinkExpired from None
    except signing.BadSignature:
        raise ConfirmationLinkInvalid from None
    return data["user"], data["email"]


_SIGN_IN_SALT = "accounts.sign-in-link"


class SignInLinkInvalid(Exception):
    pass


def sign_in_token_make(user):
    """A link that signs `user` in once: it stops working when they next sign in (by any
    means), change their password or address, or after SIGN_IN_LINK_MAX_AGE seconds."""
    return signing.dumps(
        {"user": user.pk, "state": _sign_in_state(user)}, salt=_SIGN_IN_SALT, compress=True
    )


def sign_in_token_read(token, *, lock=False):
    """The active user a sign-in link is for; raises SignInLinkInvalid (used, expired, forged).
    With `lock` (inside a transaction), the user's row stays locked until it ends, so two
    requests with one link cannot both use it."""
    try:
        data = signing.loads(token, salt=_SIGN_IN_SALT, max_age=settings.SIGN_IN_LINK_MAX_AGE)
    except signing.BadSignature:
        raise SignInLinkInvalid from None
    users = User.objects.select_for_update() if lock else User.objects
    user = users.filter(pk=data["user"], is_active=True).first()
    if user is None or not constant_time_compare(data["state"], _sign_in_state(user)):
        raise SignInLinkInvalid
    return user


def _sign_in_state(user):
    state = f"{user.pk}:{user.email}:{user.password}:{user.last_login}"
    return salted_hmac(_SIGN_IN_SALT, state, algorithm="sha256").hexdigest()
