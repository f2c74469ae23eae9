import io
import zipfile

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from audit.models import AuditEvent
from certificates import services

pytestmark = pytest.mark.django_db

LIST = "/admin/certificates/certificate/"


@pytest.fixture
def certificate(completed_enrolment):
    return services.certificate_issue(enrolment=completed_enrolment, actor=None)


def _act(client, action, certificate, **fields):
    return client.post(LIST, {"action": action, ACTION_CHECKBOX_NAME: [certificate.pk], **fields})


def test_revoke_asks_for_a_reason_then_revokes(client, course_administrator, certificate):
    client.force_login(course_administrator)
    page = _act(client, "revoke", certificate)
    assert "Revoke certificates" in page.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == "valid"

    empty = _act(client, "revoke", certificate, confirmed="yes", reason="")
    assert empty.status_code == 400
    _act(client, "revoke", certificate, confirmed="yes", reason="Issued in error")
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_reason) == ("revoked", "Issued in error")


def test_reissue_with_a_corrected_name(client, course_administrator, certificate):
    client.force_login(course_administrator)
    _act(client, "reissue", certificate, confirmed="yes", holder_name="Rowan Ellis-Ward")
    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.reissue_count) == ("Rowan Ellis-Ward", 1)


def test_zip_of_certificates_is_audited(client, course_administrator, certificate):
    client.force_login(course_administrator)
    response = _act(client, "download_zip", certificate)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [f"{certificate.number}.pdf"]
    assert archive.read(f"{certificate.number}.pdf").startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="certificate.download").count() == 1


def test_quality_lead_reads_the_register_but_cannot_revoke(client, quality_lead, certificate):
    client.force_login(quality_lead)
    assert client.get(LIST).status_code == 200
    _act(client, "revoke", certificate, confirmed="yes", reason="No")
    certificate.refresh_from_db()
    assert certificate.status == "valid"


@pytest.mark.parametrize("role_fixture", ["tutor", "kpog_member"])
def test_register_hidden_from_other_staff(client, request, role_fixture, certificate):
    user = request.getfixturevalue(role_fixture)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(LIST).status_code == 403
