import pytest
from django.tasks import default_task_backend

from certificates import pdf, services
from certificates.tasks import certificate_render

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
