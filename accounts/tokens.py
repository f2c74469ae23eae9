"""Signed, expiring links that confirm a self-registered student's email address."""

from django.conf import settings
from django.core import signing

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
