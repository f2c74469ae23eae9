import re
import unicodedata

from django.conf import settings

from certificates.models import Certificate

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
NUMBER_PATTERN = re.compile(r"^IMH-KUF-\d{4}-\d{5,}$")


def certificate_get_by_code(*, code):
    """The certificate with this verification code, or None (also for malformed codes)."""
    if not CODE_PATTERN.match(code or ""):
        return None
    return Certificate.objects.filter(verification_code=code).first()


def certificate_find(*, number, family_name):
    """The certificate with this number whose holder's name ends with the whole of
    `family_name` (whole words; case and accents ignored), or None."""
    number = (number or "").strip().upper()
    family = _name_words(family_name)
    if not NUMBER_PATTERN.match(number) or not family:
        return None
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None or _name_words(certificate.holder_name)[-len(family) :] != family:
        return None
    return certificate


def _name_words(name):
    """A name's words as compared: accents taken off, case folded, curly apostrophes straight."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("\u2019", "'").casefold().split()


def certificate_filter_pdf_failed(certificates):
    """Certificates still without a PDF after every render attempt: someone must look."""
    return certificates.filter(pdf="", render_attempts__gte=settings.CERTIFICATE_RENDER_ATTEMPTS)
