"""The task worker goes on after losing the database, and stops when asked to."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django_tasks_db.management.commands.db_worker import Worker

from imh_courses.management.commands import task_worker


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_worker_reconnects_after_the_database_goes_away_and_stops_when_asked(monkeypatch):
    runs = []
    failures = [OperationalError("server closed the connection"), InterfaceError("closed")]

    def run(worker):
        runs.append(worker)
        if failures:
            raise failures.pop(0)
        # The third run ends as a stop signal ends it.

    pauses = []
    monkeypatch.setattr(Worker, "run", run)
    monkeypatch.setattr(task_worker.time, "sleep", pauses.append)

    call_command("task_worker", reconnect_seconds=0.5)

    assert len(runs) == 3
    assert pauses == [0.5, 0.5]


def test_any_other_error_still_stops_the_worker(monkeypatch):
    def run(worker):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Worker, "run", run)
    with pytest.raises(RuntimeError):
        call_command("task_worker")


def test_the_readme_shows_how_the_worker_is_supervised():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "ExecStart=/srv/kuf/.venv/bin/python manage.py task_worker" in readme
    assert "Restart=always" in readme


@pytest.mark.django_db
def test_a_named_worker_records_its_name(monkeypatch):
    names = []
    monkeypatch.setattr(Worker, "run", lambda worker: names.append(worker.worker_id))
    call_command("task_worker", worker_id="app-3")
    call_command("task_worker")
    assert names[0] == "app-3"
    assert names[1] != "app-3"


@pytest.mark.django_db
def test_a_named_worker_back_after_a_kill_requeues_what_it_was_running(monkeypatch):
    """Killed mid-task, a worker leaves it running for ever; started again under its name, it
    puts back only the tasks it was the last to claim."""
    from django_tasks_db.models import DBTaskResult

    from certificates.tasks import certificate_render

    def claimed_by(*workers):
        result = DBTaskResult.objects.get(pk=certificate_render.enqueue(1).id)
        for worker in workers:
            result.claim(worker)
        return result.pk

    cut_short = claimed_by("app-1")
    taken_over = claimed_by("app-1", "app-2")  # requeued before, now app-2's
    elsewhere = claimed_by("app-2")
    waiting = claimed_by()
    monkeypatch.setattr(Worker, "run", lambda worker: None)

    call_command("task_worker", worker_id="app-1")

    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {
        cut_short: "READY",
        taken_over: "RUNNING",
        elsewhere: "RUNNING",
        waiting: "READY",
    }
