from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import EmailAddressForm, EmailAuthenticationForm, RegistrationForm
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
        # Signing in sets last_login, which uses the link up.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit_record(actor=user, action="account.sign_in_link_used", target=user)
    return redirect("home")


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
