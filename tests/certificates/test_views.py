import pytest
from django.core.cache import cache

from audit.models import AuditEvent
from certificates import pdf, services
from certificates.models import Certificate
from tests.documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(completed_enrolment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    certificate.refresh_from_db()
    return certificate


def _download(client, certificate):
    return client.get(f"/certificates/{certificate.pk}/download/")


def test_holder_downloads_the_stored_pdf(client, certificate, django_assert_num_queries):
    client.force_login(certificate.enrolment.student)
    response = _download(client, certificate)
    data = b"".join(response.streaming_content)
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.number}.pdf"'
    assert response["Content-Type"] == "application/pdf"
    _, text = pdf_text(data)
    assert "Rowan Ellis" in text
    assert not AuditEvent.objects.filter(action="certificate.download").exists()


def test_a_download_with_no_pdf_yet_renders_it_then_serves_it_from_storage(
    client, completed_enrolment, monkeypatch
):
    certificate = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    client.force_login(completed_enrolment.student)
    assert _download(client, certificate).status_code == 200
    certificate.refresh_from_db()
    assert certificate.pdf

    monkeypatch.setattr(pdf, "certificate_pdf", lambda c: pytest.fail("rendered again"))
    assert _download(client, certificate).status_code == 200


def test_a_download_whose_render_fails_says_it_is_being_prepared(
    client, completed_enrolment, monkeypatch
):
    certificate = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    monkeypatch.setattr(pdf, "certificate_pdf", lambda c: (_ for _ in ()).throw(OSError()))
    client.force_login(completed_enrolment.student)
    response = _download(client, certificate)
    assert response.status_code == 503
    assert "being prepared" in response.content.decode()
    assert Certificate.objects.filter(pk=certificate.pk).exists()


@pytest.mark.parametrize(
    ("role_fixture", "status"),
    [
        ("other_student", 404),
        ("tutor", 404),
        ("commissioner", 404),
        ("kpog_member", 404),
        ("course_administrator", 200),
        ("quality_lead", 200),
    ],
)
def test_who_may_download_a_certificate(client, request, certificate, role_fixture, status):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    assert _download(client, certificate).status_code == status
    staff_downloads = AuditEvent.objects.filter(action="certificate.download", actor=user)
    assert staff_downloads.count() == (1 if status == 200 else 0)


def test_download_sends_anonymous_to_sign_in(client, certificate):
    assert _download(client, certificate)["Location"].startswith("/accounts/login/")


# Verification


def _verify(client, certificate):
    return client.get(f"/certificates/verify/{certificate.verification_code}/")


def test_verify_page_shows_what_was_certified_and_nothing_else_personal(client, certificate):
    html = _verify(client, certificate).content.decode()
    assert "Valid." in html
    for shown in (
        certificate.number,
        "Rowan Ellis",
        certificate.module_title,
        certificate.pdf_sha256,
    ):
        assert shown in html
    student = certificate.enrolment.student
    assert student.email not in html
    assert certificate.enrolment.cohort.code not in html


def test_verify_page_of_a_reissued_certificate(client, certificate, course_administrator):
    services.certificate_reissue(
        certificate=certificate, actor=course_administrator, holder_name="Rowan Ellis-Ward"
    )
    html = _verify(client, certificate).content.decode()
    assert "Valid, reissued on" in html
    assert "Rowan Ellis-Ward" in html


def test_verify_page_of_a_revoked_certificate(client, certificate, course_administrator):
    services.certificate_revoke(
        certificate=certificate, actor=course_administrator, reason="Academic misconduct"
    )
    html = _verify(client, certificate).content.decode()
    assert "Revoked." in html
    assert "Revoked on" in html
    assert "Academic misconduct" not in html  # the reason is internal


@pytest.mark.parametrize("code", ["x", "not a code!", "A" * 32, "../../etc/passwd"])
def test_unknown_or_malformed_codes_are_404_without_hints(client, certificate, code):
    response = client.get(f"/certificates/verify/{code}/")
    assert response.status_code == 404
    assert certificate.number not in response.content.decode()


def test_lookup_by_number_and_family_name(client, certificate):
    response = client.get(
        "/certificates/verify/", {"number": certificate.number.lower(), "family_name": "ellis"}
    )
    assert response["Location"] == f"/certificates/verify/{certificate.verification_code}/"
    wrong = client.get(
        "/certificates/verify/", {"number": certificate.number, "family_name": "Smith"}
    )
    assert wrong.status_code == 404
    assert "No certificate matches" in wrong.content.decode()


@pytest.fixture
def lookups():
    """Look-ups counted from nothing (the counts live in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("family_name", ["n", "an", "Ellis Rowan", "Rowan", "llis", "Elli"])
def test_lookup_needs_the_whole_family_name(client, certificate, lookups, family_name):
    query = {"number": certificate.number, "family_name": family_name}
    assert client.get("/certificates/verify/", query).status_code == 404


@pytest.mark.parametrize("family_name", ["ellis", "ELLIS", "Éllis", "  Ellis "])
def test_lookup_ignores_case_and_accents(client, certificate, lookups, family_name):
    query = {"number": certificate.number, "family_name": family_name}
    assert client.get("/certificates/verify/", query).status_code == 302


def test_lookup_matches_a_family_name_of_several_words(client, certificate, lookups):
    certificate.holder_name = "Rowan O\u2019Neill Ellis"  # a typographic apostrophe
    certificate.save()
    query = {"number": certificate.number, "family_name": "o'neill ellis"}
    assert client.get("/certificates/verify/", query).status_code == 302


def test_lookups_are_rate_limited_per_client(client, certificate, settings, lookups):
    settings.VERIFY_LOOKUPS_PER_HOUR = 3
    query = {"number": certificate.number, "family_name": "Nobody"}
    statuses = [client.get("/certificates/verify/", query).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    found = {"number": certificate.number, "family_name": "Ellis"}
    assert client.get("/certificates/verify/", found).status_code == 429


def test_lookups_of_one_number_are_limited_whoever_asks(client, certificate, settings, lookups):
    settings.VERIFY_LOOKUPS_PER_NUMBER_PER_HOUR = 3
    query = {"number": certificate.number, "family_name": "Nobody"}
    statuses = [
        client.get("/certificates/verify/", query, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
    other = {"number": "IMH-KUF-2026-99999", "family_name": "Nobody"}
    assert client.get("/certificates/verify/", other, REMOTE_ADDR="192.0.2.9").status_code == 404


def test_behind_a_trusted_proxy_lookups_count_per_client_not_per_proxy(
    client, certificate, settings, lookups
):
    settings.VERIFY_LOOKUPS_PER_HOUR = 2
    settings.TRUSTED_PROXY_COUNT = 1

    def lookup(client_address, claimed="203.0.113.1"):
        return client.get(
            "/certificates/verify/",
            {"number": f"IMH-KUF-2026-0{client_address[-1]}000", "family_name": "X"},
            REMOTE_ADDR="10.0.0.2",  # the load balancer
            HTTP_X_FORWARDED_FOR=f"{claimed}, {client_address}",  # what the client claims first
        ).status_code

    assert [lookup("198.51.100.1") for _ in range(3)] == [404, 404, 429]
    assert lookup("198.51.100.2") == 404  # another client behind the same balancer


def test_right_names_never_use_up_a_numbers_allowance(client, certificate, settings):
    settings.VERIFY_LOOKUPS_PER_NUMBER_PER_HOUR = 2
    found = {"number": certificate.number, "family_name": "Ellis"}
    answers = [
        client.get("/certificates/verify/", found, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(5)
    ]
    assert answers == [302] * 5


def test_typing_mistakes_in_numbers_are_a_400_not_a_shared_429(client, settings):
    settings.VERIFY_LOOKUPS_PER_NUMBER_PER_HOUR = 2
    mistyped = {"number": "IMH-KUF-2026", "family_name": "Ellis"}
    answers = [
        client.get("/certificates/verify/", mistyped, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert answers == [400] * 4
