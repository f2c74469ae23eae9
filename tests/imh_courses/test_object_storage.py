"""Scripts and certificates in S3-compatible object storage, as several servers keep them:
a real S3 server on loopback (SeaweedFS, which `.ci/run` starts; S3_TEST_ENDPOINT), not a mock.
Outside CI these are skipped only when no S3 server answers there."""

import datetime
import os
import uuid

import boto3
import pytest
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from time_machine import travel

from assessment.models import Submission
from certificates import services as certificate_services
from certificates.models import Certificate
from enrolment.choices import EnrolmentState
from tests.documents import make_pdf
from tests.factories import EnrolmentFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

ENDPOINT = os.environ.get("S3_TEST_ENDPOINT", "http://127.0.0.1:8333")
KEYS = {"aws_access_key_id": "kuf-test", "aws_secret_access_key": "kuf-test-secret"}


@pytest.fixture
def bucket(settings):
    """A fresh bucket, and the portal's file storage in it."""
    name = f"kuf-test-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1", **KEYS)
    try:
        s3.create_bucket(Bucket=name)
    except (BotoCoreError, ClientError) as error:
        if os.environ.get("CI"):
            pytest.fail(f"No S3 server answers at {ENDPOINT}: {error}")
        pytest.skip(f"no S3 server at {ENDPOINT}")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": ENDPOINT,
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "region_name": "us-east-1",
                "file_overwrite": False,
                "default_acl": None,
            },
        },
    }
    yield s3, name


def _keys(s3, name):
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=name).get("Contents", []))


def test_an_uploaded_script_is_stored_in_the_bucket_and_served_only_through_the_portal(
    client, bucket, tutor, django_capture_on_commit_callbacks
):
    s3, name = bucket
    enrolment = EnrolmentFactory(state=EnrolmentState.ENROLLED)
    enrolment.cohort.tutors.add(tutor)
    essay = make_pdf("An essay kept in object storage.")
    client.force_login(enrolment.student)
    for _ in range(2):  # the same name twice: never one key for two uploads
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/assessment/enrolments/{enrolment.pk}/upload/",
                {"file": SimpleUploadedFile("essay.pdf", essay, "application/pdf")},
            )
    draft = Submission.objects.get()
    assert _keys(s3, name) == [draft.file.name]  # the replaced draft's object is deleted
    assert s3.get_object(Bucket=name, Key=draft.file.name)["Body"].read() == essay

    client.force_login(tutor)
    refused = client.get(f"/assessment/submissions/{draft.pk}/script/")
    assert refused.status_code == 404  # a draft is the student's alone
    client.force_login(enrolment.student)
    own = client.get(f"/assessment/submissions/{draft.pk}/script/")
    assert b"".join(own.streaming_content) == essay


def test_a_certificate_pdf_is_stored_in_the_bucket(
    client, bucket, django_capture_on_commit_callbacks
):
    s3, name = bucket
    enrolment = EnrolmentFactory(state=EnrolmentState.COMPLETED)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_services.certificate_issue(enrolment=enrolment, actor=None)
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.pdf.name in _keys(s3, name)
    client.force_login(enrolment.student)
    pdf = b"".join(client.get(f"/certificates/{certificate.pk}/download/").streaming_content)
    assert pdf.startswith(b"%PDF")


def test_retention_deletes_the_objects_and_keeps_the_receipt(bucket):
    s3, name = bucket
    script = SubmissionFactory(
        state="released",
        outcome="pass",
        feedback="Good.",
        enrolment=EnrolmentFactory(state=EnrolmentState.COMPLETED),
    )
    key = script.file.name
    assert key in _keys(s3, name)
    with travel(timezone.now() + datetime.timedelta(days=800), tick=False):
        call_command("apply_retention")
    script.refresh_from_db()
    assert key not in _keys(s3, name)
    assert (script.file.name, len(script.sha256)) == ("", 64)
