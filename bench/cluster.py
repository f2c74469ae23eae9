"""Several servers on one machine, under load, losing a server and a worker (`make
loadtest-cluster`, root: it may install haproxy and restarts nothing but its own processes).

haproxy on 127.0.0.1 balances two gunicorn app servers; two task workers take the queue; all
share PostgreSQL (a fresh database, kuf_cluster, seeded with seed_bench), Redis (the cache) and
SeaweedFS (S3 object storage for scripts and certificates), as the README's deployment does.
Locust runs the load test's mix through the balancer while an administrator releases passed
marks (certificates issued, rendered by the workers into object storage). Mid-run one app server
is killed (SIGKILL) and started again, and one worker is killed while it runs a task and started
again under its name (it requeues that task); afterwards the cron sweep
(render_missing_certificates) runs once.

Checked: no request failed but those in flight on the killed server (haproxy's count of its
sessions there at the kill);
the balancer stopped sending to it within 5 s; every submission and mark the portal confirmed
is in the database, none twice; every certificate issued in the run has one PDF in object
storage, with the SHA-256 recorded. Figures go to bench/RESULTS.md, "Cluster load test".
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.common import http_status, machine_line, write_section  # noqa: E402

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
BALANCER_PORT, APP_PORTS, STATS_PORT, S3_PORT = 8200, (8201, 8202), 8209, 8333
BUCKET = "kuf-cluster"
DATABASE = "kuf_cluster"
ENROLMENTS = int(os.environ.get("ENROLMENTS", "100000"))
USERS, SECONDS = 50, 90
KILL_APP_AT, KILL_WORKER_AT, RESTART_APP_AT, RESTART_WORKER_AT = 25, 35, 45, 60
RELEASES = 60  # passed marks released during the run, one every RELEASE_EVERY seconds
RELEASE_EVERY = 1.0
GOAL_DOWN_S = 5
OUTPUT = PROJECT / ".bench-files" / "cluster"

CLUSTER_ENV = {
    "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{DATABASE}",
    "CACHE_URL": f"redis://{HOST}:6379/13",
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "FILE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
    "FILE_STORAGE_OPTIONS": json.dumps(
        {
            "bucket_name": BUCKET,
            "endpoint_url": f"http://{HOST}:{S3_PORT}",
            "access_key": "kuf-cluster",
            "secret_key": "kuf-cluster-secret",
            "region_name": "us-east-1",
            "file_overwrite": False,
            "default_acl": None,
        }
    ),
    "TRUSTED_PROXY_COUNT": "1",
    "ALLOWED_HOSTS": HOST,
    "SITE_URL": f"http://{HOST}:{BALANCER_PORT}",
    "CONN_MAX_AGE": "60",
    "DEBUG": "false",
    "LOG_LEVEL": "WARNING",
    "EMAIL_URL": "dummymail://",
    "DJANGO_SETTINGS_MODULE": "imh_courses.settings",
}


def main():
    if OUTPUT.exists():
        shutil.rmtree(OUTPUT)
    OUTPUT.mkdir(parents=True)
    haproxy = _haproxy_binary()
    with contextlib.ExitStack() as stack:
        processes = Processes(stack)
        for port in (BALANCER_PORT, *APP_PORTS, STATS_PORT, S3_PORT):
            if _status(port, "/") is not None:
                raise SystemExit(f"Something already answers on {HOST}:{port}: stop it first.")
        processes.start("seaweedfs", _seaweedfs_command(stack), wait_for=_s3_answers)
        _bucket_create()
        _signing_pair_into_environment()
        _database_create_and_seed()
        os.environ.update(CLUSTER_ENV)
        import django

        django.setup()
        from bench.loadtest import load_data

        releases = _releases_arrange(RELEASES)
        data_path = OUTPUT / "data.json"
        data_path.write_text(json.dumps(load_data(OUTPUT)))
        for number, port in enumerate(APP_PORTS, start=1):
            processes.start(f"app{number}", _gunicorn_command(port), wait_for=_healthy(port))
        for number in (1, 2):
            _start_worker(processes, number)
        processes.start(
            "haproxy",
            [haproxy, "-db", "-f", _haproxy_config()],
            wait_for=_healthy(BALANCER_PORT),
        )
        figures = _run(processes, data_path, releases)
    text = report(figures)
    print(text)
    write_section(PROJECT / "bench" / "RESULTS.md", "## Cluster load test", text)
    return 0 if figures["goals_met"] else 1


class Processes:
    """The cluster's processes, each logging to OUTPUT/<name>.log, all stopped on the way out."""

    def __init__(self, stack):
        self.running = {}
        stack.callback(self.stop_all)

    def start(self, name, command, wait_for=None):
        log = (OUTPUT / f"{name}.log").open("a")
        environment = {**os.environ, **CLUSTER_ENV}
        self.running[name] = subprocess.Popen(
            [str(part) for part in command],
            cwd=PROJECT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed whole (a lost server)
        )
        deadline = time.monotonic() + 60
        while wait_for is not None and not wait_for():
            if self.running[name].poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{name} did not start: see {OUTPUT / f'{name}.log'}")
            time.sleep(0.2)

    def kill(self, name):
        """SIGKILL to every process of it at once (gunicorn's master and its workers), as when
        a machine is lost: killing the master alone lets its workers finish gracefully."""
        os.killpg(self.running[name].pid, signal.SIGKILL)
        self.running[name].wait()

    def stop_all(self):
        for process in self.running.values():
            if process.poll() is None:
                process.terminate()
        for process in self.running.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


# What the cluster runs on


def _haproxy_binary():
    found = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(found).exists():
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "haproxy"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return found


def _seaweedfs_command(stack):
    folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="kuf-cluster-s3-"))
    return [
        BIN / "weed",
        "mini",
        f"-dir={folder}",
        f"-ip={HOST}",
        f"-ip.bind={HOST}",
        "-master.telemetry=false",
        "-admin.ui=false",
    ]


def _s3_answers():
    return http_status(f"http://{HOST}:{S3_PORT}") is not None  # an S3 error document will do


def _bucket_create():
    import boto3

    options = json.loads(CLUSTER_ENV["FILE_STORAGE_OPTIONS"])
    boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    ).create_bucket(Bucket=BUCKET)


def _signing_pair_into_environment():
    """A development signing pair, handed to every process as PEM in the environment (as a
    secret would be), never a file an app server writes."""
    key, cert = OUTPUT / "signing-key.pem", OUTPUT / "signing-cert.pem"
    subprocess.run(
        [BIN / "python", "manage.py", "make_signing_certificate"],
        cwd=PROJECT,
        env={
            **os.environ,
            "CERTIFICATE_SIGNING_KEY": str(key),
            "CERTIFICATE_SIGNING_CERT": str(cert),
        },
        check=True,
        stdout=subprocess.DEVNULL,
    )
    CLUSTER_ENV["CERTIFICATE_SIGNING_KEY_PEM"] = key.read_text()
    CLUSTER_ENV["CERTIFICATE_SIGNING_CERT_PEM"] = cert.read_text()
    key.unlink()


def _database_create_and_seed():
    subprocess.run(
        [
            "psql",
            "-h",
            HOST,
            "-U",
            "postgres",
            "-q",
            "-c",
            f"DROP DATABASE IF EXISTS {DATABASE}",
            "-c",
            f"CREATE DATABASE {DATABASE}",
        ],
        check=True,
    )
    environment = {**os.environ, **CLUSTER_ENV}
    for command in (
        ["migrate", "-v", "0"],
        ["seed_bench", "--enrolments", str(ENROLMENTS)],
    ):
        subprocess.run(
            [BIN / "python", "manage.py", *command], cwd=PROJECT, env=environment, check=True
        )


def _gunicorn_command(port):
    from bench.loadtest import gunicorn_command

    return gunicorn_command(HOST, port)


def _haproxy_config():
    servers = "\n".join(
        f"    server app{number} {HOST}:{port} check"
        for number, port in enumerate(APP_PORTS, start=1)
    )
    text = (PROJECT / "bench" / "haproxy.cfg").read_text()
    path = OUTPUT / "haproxy.cfg"
    path.write_text(
        text.format(host=HOST, port=BALANCER_PORT, servers=servers, stats_port=STATS_PORT)
    )
    return path


def _status(port, path="/healthz"):
    return http_status(f"http://{HOST}:{port}{path}")


def _healthy(port):
    return lambda: _status(port) == 200


# The run


def _releases_arrange(count):
    """Scripts an administrator will release during the run: passes, marked and approved, of
    enrolments whose course has been taught and whose attendance is met (so a release completes
    the enrolment and issues its certificate). The arrangement is written directly: the run
    measures what follows the release."""
    from django.db import transaction
    from django.utils import timezone

    from assessment.choices import Outcome, SubmissionState
    from assessment.models import Submission
    from assessment.timeline import enrolment_timeline

    chosen = []
    candidates = (
        Submission.objects.filter(
            state=SubmissionState.NOT_MARKED, attempt=1, enrolment__state="enrolled"
        )
        .select_related("enrolment__cohort")
        .order_by("pk")
    )
    for script in candidates.iterator():
        timeline = enrolment_timeline(enrolment=script.enrolment)
        if timeline.course_taught and timeline.attendance_met:
            chosen.append(script.pk)
            if len(chosen) == count:
                break
    with transaction.atomic():
        Submission.objects.filter(pk__in=chosen).update(
            state=SubmissionState.READY_FOR_RELEASE,
            outcome=Outcome.PASS,
            feedback="Clear and well argued.",
            marked_at=timezone.now(),
        )
    if len(chosen) < count:
        raise SystemExit(f"Only {len(chosen)} scripts could be arranged for release.")
    return chosen


class Administrator(threading.Thread):
    """Releases one arranged script every RELEASE_EVERY seconds, as the release action does."""

    def __init__(self, scripts):
        super().__init__(daemon=True)
        self.scripts = list(scripts)
        self.errors = []

    def run(self):
        from django.db import connection

        from accounts.models import User
        from assessment.models import Submission
        from assessment.services import submission_release

        administrator = User.objects.get(email="admin@bench.example.org")
        for pk in self.scripts:
            try:
                submission_release(submission=Submission.objects.get(pk=pk), actor=administrator)
            except Exception as error:  # noqa: BLE001 (counted and reported)
                self.errors.append(f"{pk}: {error!r}")
            time.sleep(RELEASE_EVERY)
        connection.close()


def _run(processes, data_path, releases):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from bench.loadtest import locust_process, read_stats

    ledger = OUTPUT / "ledger.jsonl"
    started_at = timezone.now()
    locust = locust_process(
        data_path,
        OUTPUT / "locust",
        base=f"http://{HOST}:{BALANCER_PORT}",
        users=USERS,
        seconds=SECONDS,
        env={"LOADTEST_LEDGER": str(ledger)},
    )
    start = time.time()
    watch = BalancerWatch()
    watch.start()
    administrator = Administrator(releases)
    administrator.start()
    moments = {}
    for name, at, action in sorted(
        [
            ("app killed", KILL_APP_AT, lambda: _kill_app(processes, moments)),
            ("worker killed", KILL_WORKER_AT, lambda: _kill_worker(processes, moments)),
            (
                "app restarted",
                RESTART_APP_AT,
                lambda: processes.start("app1", _gunicorn_command(APP_PORTS[0])),
            ),
            ("worker restarted", RESTART_WORKER_AT, lambda: _start_worker(processes, 1)),
        ],
        key=lambda item: item[1],
    ):
        time.sleep(max(0, start + at - time.time()))
        moments[name] = time.time()
        action()
    locust.wait()
    watch.stop()
    administrator.join(timeout=RELEASES * RELEASE_EVERY + 60)
    # The killed worker's renders: what the cron sweep finds (run now rather than in 10 min).
    _queue_drained()
    subprocess.run(
        [BIN / "python", "manage.py", "render_missing_certificates", "--older-than-minutes", "0"],
        cwd=PROJECT,
        env={**os.environ, **CLUSTER_ENV},
        check=True,
    )
    _queue_drained()
    figures = {
        **read_stats(OUTPUT / "locust"),
        **_balancer_figures(moments, watch),
        **_ledger_figures(ledger),
        **_certificate_figures(started_at),
        "tasks_running_at_kill": moments.pop("tasks running"),
        "moments": {name: moment - start for name, moment in moments.items()},
        "release_errors": administrator.errors,
        "orphaned_tasks": DBTaskResult.objects.filter(status="RUNNING").count(),
    }
    figures["goals_met"] = (
        figures["failures"] <= figures["in_flight_on_killed"]
        and figures["down_after"] is not None
        and figures["down_after"] <= GOAL_DOWN_S
        and not figures["sent_while_down"]
        and not figures["submissions_lost"]
        and not figures["marks_lost"]
        and not figures["duplicates"]
        and figures["certificates_without_pdf"] == 0
        and figures["orphaned_tasks"] == 0
        and not administrator.errors
    )
    return figures


def _start_worker(processes, number):
    name = f"worker{number}"
    processes.start(name, [BIN / "python", "manage.py", "task_worker", "--worker-id", name])


def _kill_worker(processes, moments):
    """SIGKILL worker1 while it runs a task (waiting up to 15 s for one), so that a render is
    lost with it."""
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status="RUNNING", worker_ids__contains=["worker1"])
    deadline = time.monotonic() + 15
    while not running.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    moments["tasks running"] = running.count()
    moments["worker killed"] = time.time()
    processes.kill("worker1")


def _queue_drained(timeout=120):
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while DBTaskResult.objects.filter(status="READY").exists():
        if time.monotonic() > deadline:
            raise SystemExit("The task queue did not drain.")
        time.sleep(1)
    time.sleep(2)  # the last task claimed finishes


class BalancerWatch(threading.Thread):
    """Reads haproxy's view of app1 every 0.1 s (its stats page, CSV): when it turned DOWN."""

    def __init__(self):
        super().__init__(daemon=True)
        self.down_at = None
        self.running = True

    def run(self):
        while self.running:
            if self.down_at is None and _app1_stats().get("status", "").startswith("DOWN"):
                self.down_at = time.time()
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.join(timeout=5)


def _app1_stats():
    """haproxy's figures for app1 (its stats page, CSV): status, current sessions (scur)..."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{STATS_PORT}/;csv", timeout=1) as response:
            rows = response.read().decode().splitlines()
    except OSError:
        return {}
    header = rows[0].lstrip("# ").split(",")
    for row in rows[1:]:
        fields = dict(zip(header, row.split(","), strict=False))
        if fields.get("svname") == "app1":
            return fields
    return {}


def _kill_app(processes, moments):
    """SIGKILL app1, counting the requests haproxy has in flight on it at that moment: those
    may fail, and no others. Read just before and just after the kill (a request may reach it
    between the first reading and the kill; haproxy has not yet seen the resets at the
    second), the larger counts."""
    before = int(_app1_stats().get("scur") or 0)
    processes.kill("app1")
    moments["in flight"] = max(before, int(_app1_stats().get("scur") or 0))


def _balancer_figures(moments, watch):
    """How soon haproxy marked app1 down, and (from its log) requests it sent app1 more than
    GOAL_DOWN_S after the kill while it was still down."""
    killed, restarted = moments["app killed"], moments["app restarted"]
    sent_while_down = 0
    for line in (OUTPUT / "haproxy.log").read_text().splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[0].replace(".", "", 1).isdigit():
            continue  # haproxy's own messages (a server going down or up)
        if parts[1] == "app1" and killed + GOAL_DOWN_S < float(parts[0]) < restarted:
            sent_while_down += 1
    return {
        "down_after": watch.down_at - killed if watch.down_at else None,
        "in_flight_on_killed": moments.pop("in flight"),
        "sent_while_down": sent_while_down,
    }


def _ledger_figures(ledger):
    from django.db.models import Count

    from assessment.choices import SubmissionState
    from assessment.models import Submission

    lines = ledger.read_text().splitlines() if ledger.exists() else []
    entries = [json.loads(line) for line in lines]
    submitted = {entry["pk"] for entry in entries if entry["kind"] == "submission"}
    marked = {entry["pk"] for entry in entries if entry["kind"] == "mark"}
    found_submitted = set(
        Submission.objects.filter(enrolment__in=submitted, submitted_at__isnull=False).values_list(
            "enrolment", flat=True
        )
    )
    found_marked = set(
        Submission.objects.filter(pk__in=marked, state=SubmissionState.MARKED).values_list(
            "pk", flat=True
        )
    )
    duplicates = (
        Submission.objects.values("enrolment", "attempt")
        .annotate(copies=Count("pk"))
        .filter(copies__gt=1)
        .count()
    )
    return {
        "submissions_confirmed": len(submitted),
        "submissions_lost": len(submitted - found_submitted),
        "marks_confirmed": len(marked),
        "marks_lost": len(marked - found_marked),
        "duplicates": duplicates,
    }


def _certificate_figures(started_at):
    import hashlib

    from django.utils import timezone

    from certificates.models import Certificate

    # seed_bench dates a few certificates of recent cohorts after today: not of this run
    issued = list(Certificate.objects.filter(issued_at__range=(started_at, timezone.now())))
    without_pdf = 0
    for certificate in issued:
        if not certificate.pdf or not certificate.pdf.storage.exists(certificate.pdf.name):
            without_pdf += 1
            continue
        with certificate.pdf.open("rb") as stored:
            if hashlib.sha256(stored.read()).hexdigest() != certificate.pdf_sha256:
                without_pdf += 1
    return {"certificates_issued": len(issued), "certificates_without_pdf": without_pdf}


def report(figures):
    moments = figures["moments"]
    lines = [
        "## Cluster load test",
        "",
        machine_line("cluster.py"),
        f"haproxy on 127.0.0.1 (health check `GET /healthz` every second, down after 3 "
        f"failures; connection failures retried on the other server) in front of two gunicorn "
        f"app servers (2 workers, 4 threads each) and two task workers, sharing PostgreSQL "
        f"(seed_bench, {ENROLMENTS:,} enrolments), Redis (the cache) and SeaweedFS (S3 object "
        f"storage). Locust, {USERS} users of the load test's mix for {SECONDS} s through the "
        f"balancer; an administrator released {RELEASES} passed marks, one a second "
        f"(certificates issued and rendered by the workers into object storage).",
        "",
        f"App server 1 killed (SIGKILL) at {moments['app killed']:.0f} s and started again at "
        f"{moments['app restarted']:.0f} s; task worker 1 killed at "
        f"{moments['worker killed']:.0f} s while it ran {figures['tasks_running_at_kill']} "
        f"task(s), and started again under its name at {moments['worker restarted']:.0f} s (it "
        "puts back in the queue what it was running); after the run "
        "`render_missing_certificates` (the cron sweep) ran once.",
        "",
        "| requests | per second | failed | in flight on the killed server | median | p95 |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {figures['requests']} | {figures['per_second']:.1f} | {figures['failures']} | "
        f"{figures['in_flight_on_killed']} | {figures['median_ms']:.0f} ms | "
        f"{figures['p95_ms']:.0f} ms |",
        "",
        f"- The balancer marked the killed server down "
        f"{_seconds(figures['down_after'])} after the kill (goal: within {GOAL_DOWN_S} s); "
        f"requests sent to it later while it was down: {figures['sent_while_down']}.",
        f"- Submissions confirmed: {figures['submissions_confirmed']}, lost: "
        f"{figures['submissions_lost']}; marks confirmed: {figures['marks_confirmed']}, lost: "
        f"{figures['marks_lost']}; scripts recorded twice: {figures['duplicates']}.",
        f"- Certificates issued in the run: {figures['certificates_issued']}; without their PDF "
        f"in object storage (or with a different SHA-256) at the end: "
        f"{figures['certificates_without_pdf']}; release errors: "
        f"{len(figures['release_errors'])}; tasks still marked running at the end: "
        f"{figures['orphaned_tasks']}.",
        f"- Goals {'met' if figures['goals_met'] else 'NOT met'}.",
    ]
    return "\n".join(lines) + "\n"


def _seconds(value):
    return "never" if value is None else f"{value:.1f} s"


if __name__ == "__main__":
    sys.exit(main())
