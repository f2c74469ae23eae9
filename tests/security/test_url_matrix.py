"""Every URL of the portal, as every role, gives the answer in EXPECTED.

The URLs come from the URLconf itself: a new URL that is not in EXPECTED (or in NOT_IN_MATRIX,
with the reason) fails `test_every_url_is_in_the_matrix`, so nobody has to remember to add it.
Objects in URLs are real: the student's own, and the same ones requested by another student,
an unallocated tutor, another region's commissioner.

Each case is a GET, except for URLs that only take POST: those are POSTed with an empty form
(refusals must come before any validation). Codes: 200, 302 (a redirect: to sign in for
anonymous visitors unless noted), 400, 403, 404, 405, 409.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.choices import Role
from certificates.models import Certificate
from oversight import services
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    SubmissionFactory,
    TaughtDayFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "student",
    "other_student",
    "tutor",
    "unallocated_tutor",
    "administrator",
    "superuser",
    "quality_lead",
    "kpog",
    "commissioner_a",
    "commissioner_b",
]

# Django's admin site has its own permission checks (tested with each admin); the static
# files and the health check are outside the application.
NOT_IN_MATRIX = {"admin": "the Django admin site: its permissions are tested per ModelAdmin"}


def _all(code):
    return dict.fromkeys(ROLES, code)


def _signed_in(code, anonymous=302):
    return {**_all(code), "anonymous": anonymous}


def _only(allowed, code=200, refused=403, **overrides):
    """`code` for the roles in `allowed`, `refused` for the other signed-in roles."""
    expected = {role: code if role in allowed else refused for role in ROLES}
    expected["anonymous"] = 302
    return {**expected, **overrides}


# Course administrators, one of them a superuser: the portal's rules hold for superusers too.
ADMINISTRATORS = {"administrator", "superuser"}
STAFF_OVERSIGHT = {*ADMINISTRATORS, "quality_lead", "kpog"}
REPORT_VIEWERS = STAFF_OVERSIGHT | {"commissioner_a", "commissioner_b"}

PUBLIC = _all(200)
STUDENTS = {"student", "other_student"}
# The student's own enrolment: another student gets 404 (no such object for them), staff 403.
OWN_ENROLMENT = _only({"student"}, other_student=404)


PASSKEY_BEGIN = {**_all(200), "anonymous": 403}
PASSKEY_COMPLETE = {**_all(400), "anonymous": 403}  # no ceremony was begun


def enrolment(world):
    return {"pk": world["enrolment"].pk}


def script(world):
    return {"pk": world["script"].pk}


def review(world):
    return {"pk": world["review"].pk}


def learners(world):
    return {"slug": "learners"}


# url name: (method, URL kwargs from the world, expected code per role)
EXPECTED = {
    "healthz": ("GET", None, PUBLIC),
    "home": ("GET", None, _all(302)),  # to the role's own home page
    "login": ("GET", None, {**_all(302), "anonymous": 200}),
    "logout": ("POST", None, _all(302)),
    "register": ("GET", None, {**_all(302), "anonymous": 200}),
    "register_done": ("GET", None, PUBLIC),
    "account_confirm_resend": ("GET", None, PUBLIC),
    "account_confirm": ("GET", lambda w: {"token": "not-a-token"}, _all(400)),
    "sign_in_link_request": ("GET", None, PUBLIC),
    "sign_in_link": ("GET", lambda w: {"token": "not-a-token"}, _all(400)),
    # Two-step sign-in: everyone's own; nobody here has a second factor yet, so the second
    # step sends each to add one, and recovery codes wait for a first factor.
    "two_factor": ("GET", None, _signed_in(200)),
    "two_factor_app": ("GET", None, _signed_in(200)),
    "two_factor_recovery_codes": ("POST", None, _signed_in(302)),
    "two_factor_verify": ("GET", None, _signed_in(302)),
    # django-otp-webauthn's JSON ceremonies: never without a session (a passkey is a second
    # factor only); an empty body is refused before anything is kept.
    "otp_webauthn:credential-registration-begin": ("POST", None, PASSKEY_BEGIN),
    "otp_webauthn:credential-registration-complete": ("POST", None, PASSKEY_COMPLETE),
    "otp_webauthn:credential-authentication-begin": ("POST", None, PASSKEY_BEGIN),
    "otp_webauthn:credential-authentication-complete": ("POST", None, PASSKEY_COMPLETE),
    "otp_webauthn:js-i18n-catalog": ("GET", None, PUBLIC),
    "password_reset": ("GET", None, PUBLIC),
    "password_reset_done": ("GET", None, PUBLIC),
    "password_reset_confirm": ("GET", lambda w: {"uidb64": "MQ", "token": "x-y"}, PUBLIC),
    "password_reset_complete": ("GET", None, PUBLIC),
    "password_change": ("GET", None, _signed_in(200)),
    "password_change_done": ("GET", None, _signed_in(200)),
    "catalogue": ("GET", None, PUBLIC),
    "module_list": ("GET", None, PUBLIC),
    "module_detail": ("GET", lambda w: {"slug": w["module"].slug}, PUBLIC),
    "enrolment:dashboard": ("GET", None, _only(STUDENTS)),
    "enrolment:apply": ("GET", lambda w: {"code": w["open_cohort"].code}, _only(STUDENTS)),
    "enrolment:equality_monitoring": ("GET", enrolment, OWN_ENROLMENT),
    # The enrolment is completed: nothing to withdraw from, no extension to ask for (409).
    "enrolment:withdraw": ("GET", enrolment, {**OWN_ENROLMENT, "student": 409}),
    "assessment:assignment": ("GET", enrolment, OWN_ENROLMENT),
    "assessment:upload": ("POST", enrolment, {**OWN_ENROLMENT, "student": 400}),
    "assessment:submit": ("POST", enrolment, {**OWN_ENROLMENT, "student": 409}),
    "assessment:extension_request": ("GET", enrolment, {**OWN_ENROLMENT, "student": 409}),
    "assessment:receipt": ("GET", script, OWN_ENROLMENT),
    # Scripts: the student, the cohort's tutors, course administrators, the Quality Lead;
    # everyone else is told there is no such script.
    "assessment:script": (
        "GET",
        script,
        _only({"student", "tutor", *ADMINISTRATORS, "quality_lead"}, refused=404),
    ),
    "assessment:feedback_file": (
        "GET",
        script,
        _only({"student", "tutor", *ADMINISTRATORS, "quality_lead"}, refused=404),
    ),
    "certificates:download": (
        "GET",
        lambda w: {"pk": w["certificate"].pk},
        _only({"student", *ADMINISTRATORS, "quality_lead"}, refused=404),
    ),
    "certificates:verify_lookup": ("GET", None, PUBLIC),
    "certificates:verify": (
        "GET",
        lambda w: {"code": w["certificate"].verification_code},
        PUBLIC,
    ),
    "oversight:dashboard": ("GET", None, _only(STAFF_OVERSIGHT)),
    "oversight:review_list": ("GET", None, _only(STAFF_OVERSIGHT)),
    "oversight:review_open": ("GET", None, _only({"quality_lead"})),
    "oversight:review_detail": ("GET", review, _only(STAFF_OVERSIGHT)),
    "oversight:review_pack": ("GET", review, _only(STAFF_OVERSIGHT)),
    "oversight:review_edit": ("POST", review, _only({"quality_lead"}, code=302)),
    # An empty form: the Quality Lead is told what is missing (400), the others refused.
    "oversight:review_action_add": ("POST", review, _only({"quality_lead"}, code=400)),
    "oversight:review_comment": ("POST", review, _only({"quality_lead", "kpog"}, code=400)),
    "oversight:review_sign_off": ("POST", review, _only({"quality_lead"}, code=302)),
    "oversight:action_log": ("GET", None, _only(STAFF_OVERSIGHT)),
    "oversight:action_done": (
        "POST",
        lambda w: {"pk": w["action"].pk},
        _only({"quality_lead"}, code=302),
    ),
    "evaluations:self_rating": (
        "GET",
        lambda w: {"pk": w["enrolment"].pk, "stage": "after"},
        OWN_ENROLMENT,
    ),
    "evaluations:course_evaluation": ("GET", enrolment, OWN_ENROLMENT),
    "reports:index": ("GET", None, _only(REPORT_VIEWERS)),
    "reports:report": ("GET", learners, _only(REPORT_VIEWERS)),
    # Region B has no learners: nothing to download (404), never region A's rows.
    "reports:download": (
        "GET",
        lambda w: {"slug": "learners", "file_format": "csv"},
        _only(REPORT_VIEWERS, commissioner_b=404),
    ),
    "reports:subscription": ("POST", learners, _only(REPORT_VIEWERS, code=302)),
    "privacy_notice": ("GET", None, PUBLIC),
    "accessibility_statement": ("GET", None, PUBLIC),
    # Everyone's own account and data; there is no way to name someone else's here.
    "account": ("GET", None, _signed_in(200)),
    "account_data": ("GET", None, _signed_in(200)),
}


# Beyond one case per URL: scripts in the states where who may see them changes.
# label: (url name, method, URL kwargs from the world, expected code per role)
SCRIPT_STAFF = {"tutor", *ADMINISTRATORS, "quality_lead"}
MORE_CASES = {
    # A draft is the student's alone until submitted: superusers included.
    "a draft script": (
        "assessment:script",
        "GET",
        lambda w: {"pk": w["draft"].pk},
        _only({"other_student"}, refused=404),
    ),
    "a blind cohort's script, marked": (
        "assessment:script",
        "GET",
        lambda w: {"pk": w["blind_script"].pk},
        _only({"other_student", *SCRIPT_STAFF}, refused=404),
    ),
}


@pytest.fixture
def world(region_a, region_b):
    """A cohort in region A with a tutor, a student who passed it (script, certificate) and
    another student; a draft review with an action; a cohort open for applications."""
    tutor = user_with_role(Role.TUTOR)
    cohort = CohortFactory(
        start_date=timezone.localdate() - datetime.timedelta(days=90), status="finished"
    )
    cohort.tutors.add(tutor)
    cohort.funding_regions.add(region_a)
    TaughtDayFactory(cohort=cohort)
    organisation = OrganisationFactory(region=region_a)
    student = UserFactory(roles=[Role.STUDENT])
    enrolment = EnrolmentFactory(
        student=student, cohort=cohort, state="completed", organisation=organisation
    )
    script = SubmissionFactory(
        enrolment=enrolment,
        state="released",
        outcome="pass",
        feedback="Good.",
        marker=tutor,
        feedback_file=ContentFile(b"%PDF-1.4 feedback", name="feedback.pdf"),
        feedback_kind="pdf",
        feedback_filename="feedback.pdf",
    )
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        number="IMH-KUF-2026-00042",
        holder_name=student.full_name,
        module_title=cohort.module.title,
        cohort_start=cohort.start_date,
        cohort_end=cohort.end_date,
        completed_on=timezone.localdate(),
    )
    other_student = UserFactory(roles=[Role.STUDENT])
    other_enrolment = EnrolmentFactory(student=other_student, cohort=cohort, state="enrolled")
    draft = SubmissionFactory(enrolment=other_enrolment, state="draft", submitted_at=None)
    blind_cohort = CohortFactory(blind_marking=True)
    blind_cohort.tutors.add(tutor)
    blind_enrolment = EnrolmentFactory(
        student=other_student, cohort=blind_cohort, state="enrolled", organisation=organisation
    )
    blind_script = SubmissionFactory(
        enrolment=blind_enrolment, state="marked", outcome="pass", feedback="Good.", marker=tutor
    )
    quality_lead = user_with_role(Role.QUALITY_LEAD)
    review = services.review_open(
        actor=quality_lead, kind="kpog", title="KPOG", meeting_date=timezone.localdate()
    )
    action = services.review_action_add(
        review=review,
        actor=quality_lead,
        description="Act",
        owner="QL",
        due_date=timezone.localdate(),
    )
    open_cohort = CohortFactory()
    commissioner_a = user_with_role(Role.COMMISSIONER)
    commissioner_a.commissioned_regions.add(region_a)
    commissioner_b = user_with_role(Role.COMMISSIONER)
    commissioner_b.commissioned_regions.add(region_b)
    return {
        "users": {
            "anonymous": None,
            "student": student,
            "other_student": other_student,
            "tutor": tutor,
            "unallocated_tutor": user_with_role(Role.TUTOR),
            "administrator": user_with_role(Role.COURSE_ADMINISTRATOR),
            "superuser": user_with_role(Role.COURSE_ADMINISTRATOR, is_superuser=True),
            "quality_lead": quality_lead,
            "kpog": user_with_role(Role.KPOG_MEMBER),
            "commissioner_a": commissioner_a,
            "commissioner_b": commissioner_b,
        },
        "enrolment": enrolment,
        "script": script,
        "draft": draft,
        "blind_script": blind_script,
        "certificate": certificate,
        "review": review,
        "action": action,
        "module": cohort.module,
        "open_cohort": open_cohort,
    }


def url_names():
    """Every named URL of the portal, outside NOT_IN_MATRIX's namespaces."""
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in NOT_IN_MATRIX:
                    continue
                inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_in_the_matrix():
    missing = sorted(set(url_names()) - set(EXPECTED))
    assert missing == [], f"Add these URLs to EXPECTED in {__name__}: {missing}"
    assert sorted(set(EXPECTED) - set(url_names())) == []


@pytest.mark.parametrize("url_name", sorted(EXPECTED))
def test_url_answers_each_role_as_expected(client, world, url_name):
    """All roles on one world: a refusal never depends on what an allowed role did before,
    since refusals come first."""
    method, kwargs, expected = EXPECTED[url_name]
    _assert_answers(client, world, url_name, method, kwargs, expected)


@pytest.mark.parametrize("case", sorted(MORE_CASES))
def test_scripts_answer_each_role_as_expected_in_each_state(client, world, case):
    _assert_answers(client, world, *MORE_CASES[case])


def _assert_answers(client, world, url_name, method, kwargs, expected):
    url = reverse(url_name, kwargs=kwargs(world) if kwargs else None)
    answers = {}
    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        response = client.post(url, {}) if method == "POST" else client.get(url)
        answers[role] = response.status_code
        assert _missing_security_headers(response) == [], f"{method} {url} as {role}"
    wrong = {
        role: (answers[role], expected[role]) for role in ROLES if answers[role] != expected[role]
    }
    assert wrong == {}, f"{method} {url}: role: (got, expected) {wrong}"


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _missing_security_headers(response):
    missing = [name for name, value in SECURITY_HEADERS.items() if response.get(name) != value]
    if "frame-ancestors 'none'" not in response.get("Content-Security-Policy", ""):
        missing.append("Content-Security-Policy")
    return missing


@pytest.mark.parametrize("url_name", sorted(EXPECTED))
def test_every_url_refuses_a_post_without_the_csrf_token(world, url_name):
    """Whatever the view does with a POST, one without the CSRF token never reaches it."""
    _, kwargs, _ = EXPECTED[url_name]
    url = reverse(url_name, kwargs=kwargs(world) if kwargs else None)
    client = Client(enforce_csrf_checks=True)
    for role in ("quality_lead", "student"):
        client.force_login(world["users"][role])
        assert client.post(url, {}).status_code == 403, f"POST {url} as {role}"
