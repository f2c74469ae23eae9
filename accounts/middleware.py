"""Between the first step of signing in (a password or an emailed link) and the second, only
the second step's own pages answer: every other page sends the person there. Staff who must
have a second factor and have none are sent to enrol one."""

from urllib.parse import urlencode

from django.shortcuts import redirect

from accounts.second_factor import second_factor_enrolled, second_factor_required

VERIFY, ENROL = "verify", "enrol"  # what a session still owes
ENROLLED = "second_factor_enrolled"  # session key: whether the person has a second factor

# Reachable with the password alone: the pages of each second step, and leaving.
ALWAYS_OPEN = {"logout", "privacy_notice", "accessibility_statement", "healthz"}
VERIFYING = ALWAYS_OPEN | {
    "two_factor_verify",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
}
# The pages that add a second factor: before answering, the database (not the session) says
# whether the person has one already, which only a verified session may add to.
SETTING_UP = {"two_factor", "two_factor_app", "two_factor_recovery_codes"}
ENROLLING = (
    ALWAYS_OPEN
    | SETTING_UP
    | {
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:js-i18n-catalog",
    }
)


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware (which says whether the session is verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        pending = second_step_pending(request)
        name = request.resolver_match.view_name
        if pending != VERIFY and name in SETTING_UP and _enrolled_since(request):
            pending = VERIFY
        if pending == VERIFY and name not in VERIFYING:
            return _to("two_factor_verify", request)
        if pending == ENROL and name not in ENROLLING:
            return _to("two_factor", request)
        return None


def second_step_pending(request):
    """VERIFY while a signed-in person with a second factor has not used it in this session,
    ENROL while one who must have one has none; else None."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if enrolled_in_session(request):
        return VERIFY
    if second_factor_required(user):
        return ENROL
    return None


def enrolled_in_session(request, user=None):
    """Whether the signed-in person has a second factor: looked up as they sign in (or on the
    first request that asks), then kept in the session."""
    if ENROLLED not in request.session:
        request.session[ENROLLED] = second_factor_enrolled(user or request.user)
    return request.session[ENROLLED]


def _enrolled_since(request):
    """A second factor added since this session looked (in another session, or a passkey just
    now), while this one is not verified: the session must verify before adding more."""
    user = request.user
    if not user.is_authenticated or user.is_verified() or not second_factor_enrolled(user):
        return False
    request.session[ENROLLED] = True
    return True


def enrolled_forget(request):
    """Look it up again on the next request (a second factor was added or removed)."""
    request.session.pop(ENROLLED, None)


def _to(url_name, request):
    response = redirect(url_name)
    if request.method == "GET" and url_name == "two_factor_verify":
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
    return response
