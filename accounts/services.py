from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Organisation, User
from accounts.tokens import confirmation_token_make, sign_in_token_make
from audit.services import audit_record
from imh_courses.exceptions import TransitionError
from imh_courses.mail import send_templated_email
from imh_courses.rate_limits import count_one_more


@transaction.atomic
def student_register(*, email, given_name, family_name, certificate_name, password):
    """Create an inactive student account and email a link to confirm the address.

    Side effects: a User (inactive, in the Student group); after commit, the confirmation email.
    When the address (in any case) has an account already, nothing is created and its owner is
    emailed instead (a fresh link if it still awaits confirmation): the caller answers the same
    either way, so registering cannot be used to find out who has an account. Returns the new
    User, or None.
    """
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                given_name=given_name,
                family_name=family_name,
                certificate_name=certificate_name,
                is_active=False,
            )
    except IntegrityError:
        # The address has an account (perhaps registered a moment ago, in another request).
        transaction.on_commit(lambda: already_registered_email_send(email=email))
        return None
    user.groups.add(Group.objects.get(name=Role.STUDENT))
    audit_record(actor=None, action="account.register", target=user)
    transaction.on_commit(lambda: confirmation_email_send(user=user))
    return user


def already_registered_email_send(*, email):
    """Tell the owner of `email` that someone tried to register it: a fresh confirmation link
    while the account awaits one, else how to sign in or reset the password."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return
    if not user.is_active and user.email_confirmed_at is None:
        confirmation_email_send(user=user)
        return
    send_templated_email(
        template_prefix="accounts/email/already_registered",
        to=user.email,
        context={
            "user": user,
            "login_path": reverse("login"),
            "reset_path": reverse("password_reset"),
        },
    )


def confirmation_email_send(*, user):
    link = reverse("account_confirm", kwargs={"token": confirmation_token_make(user)})
    send_templated_email(
        template_prefix="accounts/email/confirm_email",
        to=user.email,
        context={
            "user": user,
            "confirm_path": link,
            "valid_hours": settings.ACCOUNT_CONFIRMATION_MAX_AGE // 3600,
        },
    )


def confirmation_email_resend(*, email):
    """Send a fresh link if `email` belongs to an account still waiting for confirmation.

    Says nothing about whether it did, so the form cannot be used to find accounts.
    """
    user = User.objects.filter(
        email__iexact=email, is_active=False, email_confirmed_at__isnull=True
    ).first()
    if user is not None:
        confirmation_email_send(user=user)


@transaction.atomic
def account_confirm(*, user_id, email):
    """Activate the account a confirmation link was made for.

    Raises TransitionError when the link was already used (or the account changed since).
    """
    user = User.objects.select_for_update().filter(pk=user_id, email=email).first()
    if user is None:
        raise TransitionError("This link is not valid. Register again, or ask for a new link.")
    if user.email_confirmed_at is not None:
        raise TransitionError(
            "This link has already been used. Your email address is confirmed: sign in."
        )
    user.is_active = True
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["is_active", "email_confirmed_at"])
    audit_record(
        actor=None, action="account.confirm", target=user, changes={"is_active": [False, True]}
    )
    return user


def sign_in_link_send(*, email, client):
    """Email a one-time sign-in link to `email` when it has an active account, for someone
    locked out of signing in with their password.

    Says nothing about whether it did, so the form cannot be used to find accounts. Each
    address may ask SIGN_IN_LINKS_PER_HOUR times an hour, each client (a prison's or trust's
    shared address, after a spraying attack paused its sign-ins) SIGN_IN_LINKS_PER_CLIENT_PER_HOUR
    times; beyond that nothing
    is sent. Side effect: an audit row against the account when a link is sent.
    """
    email = User.objects.normalize_email(email)
    by_address = count_one_more(f"sign-in-links:address:{email}")
    by_client = count_one_more(f"sign-in-links:client:{client}")
    if (
        by_address > settings.SIGN_IN_LINKS_PER_HOUR
        or by_client > settings.SIGN_IN_LINKS_PER_CLIENT_PER_HOUR
    ):
        return
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    send_templated_email(
        template_prefix="accounts/email/sign_in_link",
        to=user.email,
        context={
            "user": user,
            "link_path": reverse("sign_in_link", kwargs={"token": sign_in_token_make(user)}),
            "valid_minutes": settings.SIGN_IN_LINK_MAX_AGE // 60,
        },
    )
    audit_record(actor=None, action="account.sign_in_link_sent", target=user)


def organisation_find_or_suggest(*, name, sector, region):
    """The organisation called `name` in `region`, or a new unconfirmed one for an administrator
    to confirm. A name differing only in case or spacing is the same organisation."""
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name, region=region).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.create(
                name=name, sector=sector, region=region, is_confirmed=False
            )
    except IntegrityError:
        # Someone suggested the same organisation a moment ago: theirs is ours.
        return Organisation.objects.get(name__iexact=name, region=region)


@transaction.atomic
def organisation_confirm(*, organisation, actor):
    """Offer a student-suggested organisation to everyone who applies. Side effect: audit row."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_confirmed:
        return organisation
    organisation.is_confirmed = True
    organisation.save(update_fields=["is_confirmed"])
    audit_record(
        actor=actor,
        action="organisation.confirm",
        target=organisation,
        changes={"is_confirmed": [False, True]},
    )
    return organisation


def login_failure_record(*, email, ip_address):
    """A failed sign-in, in the audit trail: against the account when the address has one."""
    email = (email or "")[:254]
    user = User.objects.filter(email__iexact=email).first() if email else None
    audit_record(
        actor=None,
        action="account.login_failed",
        target=user or User,
        target_label=None if user else email,
        reason=f"Sign-in failed from {ip_address or 'an unknown address'}.",
    )


def password_change_record(*, user, actor):
    """A new password, set by its owner signed in (`actor`) or through a reset link (None)."""
    action = "account.password_change" if actor is not None else "account.password_reset"
    audit_record(actor=actor, action=action, target=user)
