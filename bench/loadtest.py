"""Load test on the seed_bench data set: Locust (headless) against gunicorn (2 workers, 4
threads each) on PostgreSQL, 50 users for 60 seconds, twice:

1. a plain run: every request must succeed, p95 under 500 ms;
2. the same load with PostgreSQL restarted after 25 seconds: requests during the restart may
   fail, but /healthz must turn 503 and then 200 again by itself within 10 seconds, later
   requests succeed, and no submission or mark recorded before the restart is lost.

    make seed-bench && make loadtest        # or: .venv/bin/python bench/loadtest.py

The restart needs to run `pg_ctlcluster` (root, local cluster). Figures go to
bench/RESULTS.md, under "Load test".
"""

import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuf_bench")
os.environ.update(DJANGO_SETTINGS_MODULE="imh_courses.settings", LOG_LEVEL="WARNING", DEBUG="false")
sys.path.insert(0, str(PROJECT))

from bench.common import http_status, machine_line, write_section  # noqa: E402

HOST = "127.0.0.1"
PORT = 8100
BASE = f"http://{HOST}:{PORT}"
USERS, SPAWN_RATE, SECONDS = 50, 5, 60
RESTART_AFTER = 25
OUTAGE = 3  # seconds PostgreSQL stays down
GOAL_P95_MS, GOAL_RECOVERY_S = 500, 10
BIN = Path(sys.executable).parent
# Locust's CSV files, the server's log and the simulated people, kept for a look afterwards.
OUTPUT = PROJECT / ".bench-files" / "loadtest"


def main():
    import django

    django.setup()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    data_path = OUTPUT / "data.json"
    data_path.write_text(json.dumps(load_data(OUTPUT)))
    server = start_gunicorn(OUTPUT / "gunicorn.log")
    try:
        plain = run_locust(data_path, OUTPUT / "plain")
        data_path.write_text(json.dumps(load_data(OUTPUT)))  # fresh students and scripts
        restart = run_with_restart(data_path, OUTPUT / "restart")
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = report(plain, restart)
    print(text)
    write_section(PROJECT / "bench" / "RESULTS.md", "## Load test", text)


def load_data(folder):
    """Who the simulated people are, from the benchmark data: students with an assignment still
    to submit, tutors with scripts to mark, commissioners, certificate codes; a PDF to upload."""
    from django.utils import timezone

    from assessment.models import Submission
    from assessment.timeline import enrolment_timeline
    from certificates.models import Certificate
    from enrolment.models import Enrolment
    from modules.models import Cohort
    from seeding.demo_files import pdf_with_text
    from seeding.management.commands.seed_bench import BENCH_PASSWORD

    candidates = (
        Enrolment.objects.filter(
            state="enrolled", cohort__assignment_deadline__gt=timezone.now(), submissions=None
        )
        .select_related("student", "cohort")
        .order_by("?")[: USERS * 10]
    )
    students = [  # whose submission has opened (from the cohort's first taught day)
        (enrolment.student.email, enrolment.pk)
        for enrolment in candidates
        if enrolment_timeline(enrolment=enrolment, submissions=[]).submission_open
    ][: USERS * 2]
    tutors = []
    for cohort in Cohort.objects.filter(enrolments__submissions__state="not_marked").distinct()[
        : USERS * 2
    ]:
        tutor = cohort.tutors.order_by("pk").first()
        scripts = list(
            Submission.objects.filter(enrolment__cohort=cohort, state="not_marked")
            .order_by("?")
            .values_list("pk", flat=True)[:20]
        )
        if tutor is not None and scripts:
            tutors.append((tutor.email, scripts))
    script_path = folder / "assignment.pdf"
    script_path.write_bytes(pdf_with_text("A case formulation for the load test. " * 60))
    return {
        "password": BENCH_PASSWORD,
        "students": students,
        "tutors": tutors,
        "commissioners": [
            f"commissioner.{code}@bench.example.org"
            for code in ("east-midlands", "london", "wales", "north-west")
        ],
        "verification_codes": list(
            Certificate.objects.order_by("?").values_list("verification_code", flat=True)[:500]
        ),
        "script_path": str(script_path),
    }


def gunicorn_command(host, port):
    """gunicorn as the README deploys it: 2 workers of 4 threads each."""
    return [
        BIN / "gunicorn",
        "imh_courses.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--timeout",
        "60",
        # No keep-alive, as behind a proxy: gthread's keep-alive races a client that reuses a
        # connection as it times out (connection resets, gunicorn issue 1698).
        "--keep-alive",
        "0",
    ]


def start_gunicorn(log_path):
    environment = {
        **os.environ,
        "ALLOWED_HOSTS": HOST,
        "CONN_MAX_AGE": "60",  # as in production: persistent connections must survive a restart
        "PRIVATE_FILES_ROOT": str(PROJECT / ".bench-files"),
    }
    server = subprocess.Popen(
        gunicorn_command(HOST, PORT),
        cwd=PROJECT,
        env=environment,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while health() != 200:
        if time.monotonic() > deadline:
            raise SystemExit(f"gunicorn did not start: see {log_path}")
        time.sleep(0.3)
    return server


def health():
    return http_status(f"{BASE}/healthz")


def locust_process(data_path, prefix, *, base=BASE, users=USERS, seconds=SECONDS, env=None):
    return subprocess.Popen(
        [
            BIN / "locust",
            "-f",
            PROJECT / "bench" / "locustfile.py",
            "--headless",
            "--host",
            base,
            "-u",
            str(users),
            "-r",
            str(SPAWN_RATE),
            "-t",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--csv-full-history",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=PROJECT,
        env={**os.environ, **(env or {}), "LOADTEST_DATA": str(data_path)},
    )


def run_locust(data_path, prefix):
    locust_process(data_path, prefix).wait()
    return read_stats(prefix)


def run_with_restart(data_path, prefix):
    from assessment.models import Submission

    started = time.time()
    last_before = Submission.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    locust = locust_process(data_path, prefix)
    time.sleep(RESTART_AFTER)
    recorded = dict(  # submitted during this run, before the restart
        Submission.objects.filter(pk__gt=last_before, submitted_at__isnull=False).values_list(
            "pk", "state"
        )
    )
    marked = set(
        Submission.objects.filter(marked_at__gte=_aware(started)).values_list("pk", flat=True)
    )
    from django.db import connection

    connection.close()  # ours goes down with the server too
    watch = HealthWatch()
    watch.start()
    restart_started = time.time()
    postgresql("stop", "-m", "fast")  # ends every connection, as a crash or failover would
    time.sleep(OUTAGE)
    start_began = time.time()
    postgresql("start")
    database_back = time.time()
    locust.wait()
    watch.stop()
    after = dict(Submission.objects.filter(pk__in=recorded).values_list("pk", "state"))
    still_marked = set(
        Submission.objects.filter(pk__in=marked, marked_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    stats = read_stats(prefix)
    stats.update(
        restart_started=restart_started,
        database_down=database_back - restart_started,
        first_503_after=watch.first_failure - restart_started if watch.first_failure else None,
        healthy_after=watch.recovered - start_began if watch.recovered else None,
        submissions_before=len(recorded),
        submissions_lost=len(set(recorded) - set(after)),
        marks_before=len(marked),
        marks_lost=len(marked - still_marked),
        failures_outside_restart=failures_outside(prefix, restart_started, watch.recovered),
    )
    return stats


class HealthWatch(threading.Thread):
    """Polls /healthz every 0.1 s until stopped: when it first failed, and the first 200 after
    its last failure."""

    def __init__(self):
        super().__init__(daemon=True)
        self.first_failure = self.recovered = None
        self.statuses = []
        self.running = True

    def run(self):
        while self.running:
            status, now = health(), time.time()
            self.statuses.append((now, status))
            if status != 200:
                self.first_failure = self.first_failure or now
                self.recovered = None
            elif self.first_failure is not None and self.recovered is None:
                self.recovered = now
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.join(timeout=5)


def read_stats(prefix):
    with open(f"{prefix}_stats.csv") as stats_file:
        rows = {row["Name"]: row for row in csv.DictReader(stats_file)}
    total = rows.pop("Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "median_ms": float(total["Median Response Time"]),
        "p95_ms": float(total["95%"]),
        "per_second": float(total["Requests/s"]),
        "endpoints": [
            (
                name,
                int(row["Request Count"]),
                int(row["Failure Count"]),
                float(row["Median Response Time"]),
                float(row["95%"]),
            )
            for name, row in sorted(rows.items(), key=lambda item: item[0])
        ],
    }


def failures_outside(prefix, restart_started, recovered):
    """Failures counted before the restart began or more than a second after /healthz was
    healthy again (Locust writes its running totals once a second)."""
    window_end = (recovered or time.time()) + 1
    outside = last_total = 0
    with open(f"{prefix}_stats_history.csv") as history:
        for row in csv.DictReader(history):
            if row["Name"] != "Aggregated":
                continue
            total = int(row["Total Failure Count"])
            moment = int(row["Timestamp"])
            if not restart_started - 1 <= moment <= window_end:
                outside += total - last_total
            last_total = total
    return outside


def report(plain, restart):
    lines = [
        "## Load test",
        "",
        machine_line("loadtest.py"),
        f"Locust, {USERS} users (visitors, students, tutors, commissioners 3:3:2:1, 1 to 3 s "
        f"between requests; {SPAWN_RATE} more each second until all {USERS} run, each signing "
        f"in as it starts) for {SECONDS} s against gunicorn (2 workers, 4 threads), "
        "CONN_MAX_AGE=60, on the 100,000-enrolment data set.",
        "",
        f"Goals: no failed request, p95 under {GOAL_P95_MS} ms; after a PostgreSQL restart, "
        f"healthy again within {GOAL_RECOVERY_S} s and nothing recorded before it lost.",
        "",
        "| run | requests | per second | failed | median | p95 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, stats in [("plain", plain), ("PostgreSQL restarted", restart)]:
        lines.append(
            f"| {name} | {stats['requests']} | {stats['per_second']:.1f} | {stats['failures']} | "
            f"{stats['median_ms']:.0f} ms | {stats['p95_ms']:.0f} ms |"
        )
    lines += [
        "",
        "Plain run, by request:",
        "",
        "| request | count | failed | median | p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {count} | {failed} | {median:.0f} ms | {p95:.0f} ms |"
        for name, count, failed, median, p95 in plain["endpoints"]
    ]
    healthy = restart["healthy_after"]
    lines += [
        "",
        f"Restart, {RESTART_AFTER} s into the second run: PostgreSQL stopped (fast: every "
        f"connection ended) and started again after {OUTAGE} s; `pg_ctlcluster` returned "
        f"{restart['database_down']:.1f} s after the stop began. /healthz answered 503 from "
        f"{_seconds(restart['first_503_after'])} after the stop and 200 again "
        f"{_seconds(healthy)} after it was started "
        f"({'within' if healthy is not None and healthy <= GOAL_RECOVERY_S else 'NOT within'} "
        f"{GOAL_RECOVERY_S} s). Failed requests: {restart['failures']}, of them "
        f"{restart['failures_outside_restart']} outside the restart. Submissions recorded "
        f"before the restart: {restart['submissions_before']}, lost: "
        f"{restart['submissions_lost']}; marks: {restart['marks_before']}, lost: "
        f"{restart['marks_lost']}.",
    ]
    return "\n".join(lines) + "\n"


def _seconds(value):
    return "never" if value is None else f"{value:.1f} s"


def _aware(timestamp):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, tz=UTC)


def postgresql(*action):
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version[-1], "main", *action], check=True
    )


if __name__ == "__main__":
    main()
