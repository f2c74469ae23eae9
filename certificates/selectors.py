import re

from certificates.models import Certificate

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
NUMBER_PATTERN = re.compile(r"^IMH-KUF-\d{4}-\d{5,}$")


def certificate_get_by_code(*, code):
    """The certificate with this verification code, or None (also for malformed codes)."""
    if not CODE_PATTERN.match(code or ""):
        return None
    return Certificate.objects.filter(verification_code=code).first()


def certificate_find(*, number, family_name):
    """The certificate with this number whose holder's name ends with `family_name`."""
    number = (number or "").strip().upper()
    family_name = " ".join((family_name or "").split()).lower()
    if not NUMBER_PATTERN.match(number) or not family_name:
        return None
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None or not certificate.holder_name.lower().endswith(family_name):
        return None
    return certificate
