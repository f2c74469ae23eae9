import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import default_task_backend
from django.utils import timezone

from certificates import pdf, services
from certificates.tasks import certificate_render
from enrolment.choices import EnrolmentState
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings):
    """Tasks are queued, not run, on a backend that can delay them (like the database one)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.results.clear()
    return default_task_backend.results


def test_a_failed_render_is_tried_again_later(completed_enrolment, queued_tasks, monkeypatch):
    certificate = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    monkeypatch.setattr(pdf, "certificate_pdf", lambda c: (_ for _ in ()).throw(OSError()))

    with pytest.raises(OSError):
        certificate_render.call(certificate.pk)

    certificate.refresh_from_db()
    assert (bool(certificate.pdf), certificate.render_attempts) == (False, 1)
    [retry] = queued_tasks
    assert retry.args == [certificate.pk]
    assert retry.task.run_after is not None


def test_renders_stop_after_the_last_attempt(
    completed_enrolment, queued_tasks, monkeypatch, settings
):
    settings.CERTIFICATE_RENDER_ATTEMPTS = 2
    certificate = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    certificate.render_attempts = 1
    certificate.save()
    monkeypatch.setattr(pdf, "certificate_pdf", lambda c: (_ for _ in ()).throw(OSError()))
    with pytest.raises(OSError):
        certificate_render.call(certificate.pk)
    assert queued_tasks == []


def test_a_rendered_certificate_is_not_rendered_again(completed_enrolment, monkeypatch):
    certificate = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    first = certificate_render.call(certificate.pk)
    monkeypatch.setattr(pdf, "certificate_pdf", lambda c: pytest.fail("rendered again"))
    assert certificate_render.call(certificate.pk) == first


def test_a_render_that_finds_the_pdf_stored_meanwhile_keeps_that_one(completed_enrolment):
    """Two workers rendering one certificate (a re-queued render beside the first): the later
    one stores nothing, so no second file is left without a row pointing at it."""
    certificate = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    stale = type(certificate).objects.get(pk=certificate.pk)  # read before the first render
    first = pdf.certificate_pdf_store(certificate=certificate)
    storage = first.pdf.storage
    folder = first.pdf.name.rsplit("/", 1)[0]

    second = pdf.certificate_pdf_store(certificate=stale)

    assert second.pdf.name == first.pdf.name
    assert storage.listdir(folder)[1] == [first.pdf.name.rsplit("/", 1)[1]]


def _missing_pdf_swept(**options):
    out = io.StringIO()
    call_command("render_missing_certificates", stdout=out, **options)
    return out.getvalue()


def test_the_sweep_queues_certificates_left_without_a_pdf(completed_enrolment, queued_tasks):
    """A worker killed mid-render leaves a certificate without a PDF: the sweep (cron) queues
    it again once it is older than the window; a recent one may still be in the queue."""
    with time_machine.travel(timezone.now() - timedelta(minutes=30)):
        lost = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    queued_tasks.clear()  # the render queued at issue went with the killed worker
    recent = services.certificate_issue(
        enrolment=EnrolmentFactory(state=EnrolmentState.COMPLETED), actor=None
    )
    queued_tasks.clear()

    assert "queued for rendering: 1." in _missing_pdf_swept()

    assert [(task.task.name, task.args) for task in queued_tasks] == [
        ("certificate_render", [lost.pk])
    ]
    assert recent.pk not in [task.args[0] for task in queued_tasks]


def test_the_sweep_leaves_rendered_certificates_and_those_out_of_attempts(
    completed_enrolment, queued_tasks, settings
):
    with time_machine.travel(timezone.now() - timedelta(minutes=30)):
        rendered = services.certificate_issue(enrolment=completed_enrolment, actor=None)
        given_up = services.certificate_issue(
            enrolment=EnrolmentFactory(state=EnrolmentState.COMPLETED), actor=None
        )
    pdf.certificate_pdf_store(certificate=rendered)
    type(given_up).objects.filter(pk=given_up.pk).update(
        render_attempts=settings.CERTIFICATE_RENDER_ATTEMPTS
    )
    queued_tasks.clear()

    assert "queued for rendering: 0." in _missing_pdf_swept()
    assert queued_tasks == []


def test_the_sweep_waits_after_a_reissue_too(completed_enrolment, queued_tasks):
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        certificate = services.certificate_issue(enrolment=completed_enrolment, actor=None)
    services.certificate_reissue(
        certificate=certificate, actor=None, holder_name="Rowan Ellis-Hart"
    )
    queued_tasks.clear()

    assert "queued for rendering: 0." in _missing_pdf_swept()
    assert "queued for rendering: 1." in _missing_pdf_swept(older_than_minutes=0)
