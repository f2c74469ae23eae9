"""The IMH signing key and certificate: loading them to sign PDFs, and making a development pair."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.sign import signers


class SigningKeyMissing(Exception):
    pass


def signer_load():
    key_path = Path(settings.CERTIFICATE_SIGNING_KEY)
    cert_path = Path(settings.CERTIFICATE_SIGNING_CERT)
    if not key_path.exists() or not cert_path.exists():
        raise SigningKeyMissing(
            f"No signing key at {key_path} and certificate at {cert_path}: set "
            "CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT, or run "
            "`python manage.py make_signing_certificate` for development."
        )
    return signers.SimpleSigner.load(str(key_path), str(cert_path))


def signing_pair_create(*, key_path, cert_path, common_name, valid_days=3650):
    """Write a new RSA key and a self-signed certificate for it (PEM), for development."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Institute of Mental Health"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    Path(key_path).parent.mkdir(parents=True, exist_ok=True)
    Path(cert_path).parent.mkdir(parents=True, exist_ok=True)
    Path(key_path).write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    Path(key_path).chmod(0o600)
    Path(cert_path).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
