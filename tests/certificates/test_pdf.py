import io
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates import services
from certificates.pdf import (
    CERTIFICATE_STYLESHEET,
    certificate_html,
    certificate_pdf,
    verification_url,
)
from certificates.signing import SigningKeyMissing, signing_pair_create
from imh_courses.pdf import StaticOnlyURLFetcher, pdf_render
from tests.documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(completed_enrolment, course_administrator):
    return services.certificate_issue(enrolment=completed_enrolment, actor=course_administrator)


def _validation_context():
    return ValidationContext(trust_roots=[load_cert_from_pemder(settings.CERTIFICATE_SIGNING_CERT)])


def test_the_pdf_holds_everything_a_certificate_must_say(certificate):
    reader, text = pdf_text(certificate_pdf(certificate))
    flat = " ".join(text.split())
    cohort = certificate.enrolment.cohort
    expected = [
        "INSTITUTE OF MENTAL HEALTH",
        "IMH Certificate",
        "Rowan Ellis",
        "Engaging effectively with offenders with personality disorder",
        "has successfully completed the assessed short course",
        "Knowledge and Understanding Framework (KUF)",
        f"{cohort.start_date:%-d %B %Y} to {cohort.end_date:%-d %B %Y}",
        f"Issued: {timezone.localdate():%-d %B %Y}",
        certificate.number,
        settings.CERTIFICATE_SIGNATORY_NAME,
        settings.CERTIFICATE_SIGNATORY_TITLE,
        "not validated by the Open University and carries no academic credit",
        "Funded by HMPPS and NHS England co-commissioners",
    ]
    missing = [item for item in expected if item not in flat]
    assert missing == [], flat
    # The long URL wraps; without the line breaks it is whole.
    assert verification_url(certificate) in "".join(text.split())
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points


def test_a_long_name_and_title_still_fit_one_page(certificate):
    certificate.holder_name = "Oluwaseun Chidimma Alexandra-Montgomery Fitzwilliam-Okonkwo"
    certificate.module_title = (
        "Women, gender and personality disorder: gender-informed practice in prisons, secure "
        "hospitals, approved premises and community services"
    )
    reader, text = pdf_text(certificate_pdf(certificate))
    assert len(reader.pages) == 1
    assert "Fitzwilliam-Okonkwo" in text


def test_the_signature_validates_and_a_changed_byte_breaks_it(certificate):
    data = certificate_pdf(certificate)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = validate_pdf_signature(signature, _validation_context())
    assert (status.intact, status.valid, status.bottom_line) == (True, True, True)
    assert "Institute of Mental Health" in status.signing_cert.subject.human_friendly

    tampered = bytearray(data)
    position = data.index(b"/Contents", len(data) // 4)  # inside the signed page content
    tampered[position + 1] ^= 0x01
    signature = PdfFileReader(io.BytesIO(bytes(tampered))).embedded_signatures[0]
    assert validate_pdf_signature(signature, _validation_context()).intact is False


@pytest.mark.parametrize(
    "holder_name",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/">',
        "<style>@import url(http://169.254.169.254/latest/meta-data/);</style>",
    ],
)
def test_markup_in_a_name_is_printed_as_text_and_fetches_nothing(certificate, holder_name):
    certificate.holder_name = holder_name
    fetcher = StaticOnlyURLFetcher()
    data = pdf_render(
        certificate_html(certificate), stylesheet=CERTIFICATE_STYLESHEET, fetcher=fetcher
    )
    _, text = pdf_text(data)
    assert holder_name.split(">")[0] in " ".join(text.split())
    assert fetcher.refused == []  # nothing even tried: the name never became markup


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://example.org/logo.png",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "static:../../imh_courses/settings.py",
        "static:css/portal.css",
    ],
)
def test_the_fetcher_refuses_everything_but_its_allow_list(url):
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(ValueError, match="may not load"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_our_own_fonts_and_styles():
    fetcher = StaticOnlyURLFetcher()
    response = fetcher.fetch("static:certificates/certificate.css")
    assert b"@page" in response.read()
    assert Path(settings.BASE_DIR / "static/fonts/DejaVuSerif.ttf").exists()


def test_the_key_and_certificate_may_come_from_the_environment_not_a_file(
    certificate, settings, signing_pair, tmp_path
):
    key_path, cert_path = signing_pair
    # A chain, as a secret store gives it: the signing certificate, then another after it.
    signing_pair_create(
        key_path=tmp_path / "other-key.pem", cert_path=tmp_path / "other.pem", common_name="CA"
    )
    settings.CERTIFICATE_SIGNING_KEY_PEM = key_path.read_text()
    settings.CERTIFICATE_SIGNING_CERT_PEM = (
        cert_path.read_text() + (tmp_path / "other.pem").read_text()
    )
    settings.CERTIFICATE_SIGNING_KEY = "/nowhere/at/all.pem"  # never read

    data = certificate_pdf(certificate)

    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = validate_pdf_signature(signature, _validation_context())
    assert (status.intact, status.valid) == (True, True)


def test_half_a_signing_pair_in_the_environment_is_refused(certificate, settings):
    settings.CERTIFICATE_SIGNING_KEY_PEM = "-----BEGIN PRIVATE KEY-----\n..."
    with pytest.raises(SigningKeyMissing, match="Set both"):
        certificate_pdf(certificate)
