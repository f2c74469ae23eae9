from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import second_factor, services
from accounts.forms import (
    AuthenticatorAppCodeForm,
    EmailAddressForm,
    EmailAuthenticationForm,
    RegistrationForm,
    SecondFactorCodeForm,
)
from accounts.middleware import enrolled_forget
from accounts.tokens import (
    ConfirmationLinkExpired,
    ConfirmationLinkInvalid,
    SignInLinkInvalid,
    confirmation_token_read,
    sign_in_token_read,
)
from audit.services import audit_record
from imh_courses.client_address import client_address
from imh_courses.exceptions import TransitionError


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.student_register(
            email=form.cleaned_data["email"],
            given_name=form.cleaned_data["given_name"],
            family_name=form.cleaned_data["family_name"],
            certificate_name=form.cleaned_data["certificate_name"],
            password=form.cleaned_data["password1"],
        )
        return redirect("register_done")
    return render(
        request, "accounts/register.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "HEAD"])
def register_done(request):
    return render(
        request,
        "accounts/register_done.html",
        {"valid_hours": settings.ACCOUNT_CONFIRMATION_MAX_AGE // 3600},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that follow links do not use it up."""
    try:
        user_id, email = confirmation_token_read(token)
    except ConfirmationLinkExpired:
        return _confirm_failed(request, "This link has expired. Ask for a new one below.")
    except ConfirmationLinkInvalid:
        return _confirm_failed(request, "This link is not valid. Check that you copied all of it.")
    if request.method != "POST":
        return render(request, "accounts/confirm.html", {"email": email})
    try:
        services.account_confirm(user_id=user_id, email=email)
    except TransitionError as error:
        return _confirm_failed(request, str(error))
    messages.success(request, "Your email address is confirmed. Sign in to continue.")
    return redirect("login")


def _confirm_failed(request, message):
    return render(
        request,
        "accounts/confirm_failed.html",
        {"message": message, "form": EmailAddressForm()},
        status=400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_resend(request):
    form = EmailAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.confirmation_email_resend(email=form.cleaned_data["email"])
        messages.info(
            request,
            "If that address has an account waiting for confirmation, we have sent a new link.",
        )
        return redirect("login")
    return render(
        request, "accounts/confirm_resend.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link_request(request):
    form = EmailAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_in_link_send(email=form.cleaned_data["email"], client=client_address(request))
        minutes = settings.SIGN_IN_LINK_MAX_AGE // 60
        messages.info(
            request,
            f"If that address has an account, we have emailed it a link to sign in. The link "
            f"works once, for {minutes} minutes.",
        )
        return redirect("login")
    return render(
        request,
        "accounts/sign_in_link_request.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link(request, token):
    """GET shows a button, POST signs in: mail scanners that follow links do not use it up."""
    try:
        user = sign_in_token_read(token)
    except SignInLinkInvalid:
        return render(request, "accounts/sign_in_link_failed.html", status=400)
    if request.method != "POST":
        return render(request, "accounts/sign_in_link.html", {"email": user.email})
    with transaction.atomic():
        try:
            user = sign_in_token_read(token, lock=True)  # read again, the row locked
        except SignInLinkInvalid:
            return render(request, "accounts/sign_in_link_failed.html", status=400)
        # Signing in sets last_login, which uses the link up.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit_record(actor=user, action="account.sign_in_link_used", target=user)
    return redirect("home")


@require_http_methods(["GET", "HEAD"])
@login_required
def two_factor(request):
    """The person's second factors: add a passkey or an authenticator app, make recovery
    codes. Reached with the password alone only while the person has none (the middleware)."""
    return render(
        request,
        "accounts/two_factor.html",
        {
            **second_factor.second_factor_list(request.user),
            "required": second_factor.second_factor_required(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_app(request):
    device = second_factor.authenticator_app_start(user=request.user)
    form = AuthenticatorAppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.authenticator_app_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        ):
            enrolled_forget(request)
            messages.success(request, "Your authenticator app is added.")
            return redirect("two_factor")
        form.add_error("code", "That code is not right. Enter the code the app shows now.")
    return render(
        request,
        "accounts/two_factor_app.html",
        {
            "form": form,
            "qr_code": segno.make(device.config_url, error="m").svg_inline(
                scale=4, title="QR code for your authenticator app"
            ),
            "secret": b32encode(device.bin_key).decode(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def two_factor_recovery_codes(request):
    if not second_factor.second_factor_enrolled(request.user):
        messages.error(request, "Add a passkey or an authenticator app first.")
        return redirect("two_factor")
    codes = second_factor.recovery_codes_make(user=request.user)
    return render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def two_factor_verify(request):
    """The second step of signing in: a passkey, or a code from an app or a recovery code."""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.user.is_verified():
        return redirect(next_url or "home")
    if not second_factor.second_factor_enrolled(request.user):  # reset since: enrol afresh
        enrolled_forget(request)
        return redirect("two_factor")
    form = SecondFactorCodeForm(request.POST or None)
    throttled = False
    if request.method == "POST" and form.is_valid():
        try:
            verified = second_factor.second_step_verify(
                request=request, code=form.cleaned_data["code"], client=client_address(request)
            )
        except second_factor.SecondStepThrottled:
            throttled = True
            form.add_error(None, THROTTLED_MESSAGE)
        else:
            if verified:
                return redirect(next_url or "home")
            form.add_error("code", "That code is not right.")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "has_passkey": second_factor.has_passkey(request.user)},
        status=429 if throttled else 400 if form.errors else 200,
    )


THROTTLED_MESSAGE = (
    "Too many wrong codes. For your security, the second step is paused for a while: try again "
    "later, or ask a course administrator to reset your second factor if you lost your device."
)


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_change_record(user=form.user, actor=self.request.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_change_record(user=form.user, actor=None)
        return response
