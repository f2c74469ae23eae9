"""The IMH signing key and certificate: loading them to sign PDFs, and making a development pair."""

import datetime
import functools
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.keys.pemder import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.sign import signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko_certvalidator.registry import SimpleCertificateStore


class SigningKeyMissing(Exception):
    pass


class KeyCachingSigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses its private key again for every signature, which costs tens
    of milliseconds for an RSA key; this one parses it once."""

    @functools.cached_property
    def _private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data, digest_algorithm):
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15":
            return self._private_key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa":
            return self._private_key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


def signer_load():
    """The signer for the configured key and certificate: from the environment (PEM) when
    given there, else from their files. Loaded once per process (and again when a file or the
    PEM changes)."""
    if settings.CERTIFICATE_SIGNING_KEY_PEM or settings.CERTIFICATE_SIGNING_CERT_PEM:
        if not (settings.CERTIFICATE_SIGNING_KEY_PEM and settings.CERTIFICATE_SIGNING_CERT_PEM):
            raise SigningKeyMissing(
                "Set both CERTIFICATE_SIGNING_KEY_PEM and CERTIFICATE_SIGNING_CERT_PEM, or neither."
            )
        return _signer_from_pem(
            settings.CERTIFICATE_SIGNING_KEY_PEM, settings.CERTIFICATE_SIGNING_CERT_PEM
        )
    key_path = Path(settings.CERTIFICATE_SIGNING_KEY)
    cert_path = Path(settings.CERTIFICATE_SIGNING_CERT)
    if not key_path.exists() or not cert_path.exists():
        raise SigningKeyMissing(
            f"No signing key at {key_path} and certificate at {cert_path}: set "
            "CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT, or run "
            "`python manage.py make_signing_certificate` for development."
        )
    return _signer(key_path, cert_path, key_path.stat().st_mtime, cert_path.stat().st_mtime)


@functools.lru_cache(maxsize=4)
def _signer(key_path, cert_path, key_mtime, cert_mtime):
    loaded = signers.SimpleSigner.load(str(key_path), str(cert_path))
    return KeyCachingSigner(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
    )


@functools.lru_cache(maxsize=4)
def _signer_from_pem(key_pem, cert_pem):
    key = load_private_key_from_pemder_data(key_pem.encode(), passphrase=None)
    # The signing certificate first, then any intermediates of its chain.
    chain = list(load_certs_from_pemder_data(cert_pem.encode()))
    return KeyCachingSigner(
        signing_cert=chain[0],
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


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
