"""Certificate benchmarks, each beside its floor in the same run.

1. One certificate rendered and signed, beside a minimal one-page WeasyPrint document.
2. N certificates issued, then rendered by two `db_worker` processes (django-tasks-db).

Run from the project folder (it drops and recreates the PostgreSQL database
`kuf_bench_certificates`):

    .venv/bin/python bench/certificates.py --count 1000

Figures go to bench/RESULTS.md, under "Certificates".
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# Its own database, recreated each run (kuf_bench holds the seed_bench data set).
BENCH_DATABASE = "kuf_bench_certificates"
SERVER = "postgres://postgres@127.0.0.1:5432"
WORK = Path(tempfile.mkdtemp(prefix="kuf-bench-"))

os.environ.update(
    DJANGO_SETTINGS_MODULE="imh_courses.settings",
    DATABASE_URL=f"{SERVER}/{BENCH_DATABASE}",
    TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    PRIVATE_FILES_ROOT=str(WORK / "files"),
    CERTIFICATE_SIGNING_KEY=str(WORK / "key.pem"),
    CERTIFICATE_SIGNING_CERT=str(WORK / "cert.pem"),
    LOG_LEVEL="WARNING",
    EMAIL_URL="dummymail://",
)
sys.path.insert(0, str(PROJECT))

from bench.common import machine_line, timed, write_section  # noqa: E402


def recreate_database():
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        cursor.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    connection.close()


def bench_render(runs):
    from weasyprint import HTML

    from certificates.models import Certificate
    from certificates.pdf import certificate_pdf

    certificate = Certificate(
        number="IMH-KUF-2026-00001",
        holder_name="Rowan Ellis",
        module_title="Engaging effectively with offenders with personality disorder",
        cohort_start=date(2026, 6, 2),
        cohort_end=date(2026, 6, 30),
        completed_on=date(2026, 9, 1),
        issued_at=datetime(2026, 9, 1, 12, 0),
    )
    minimal = "<!doctype html><html><body><p>One page.</p></body></html>"
    certificate_pdf(certificate)  # warm up: fonts, templates
    HTML(string=minimal).write_pdf()
    floor = timed(lambda: HTML(string=minimal).write_pdf(), runs)
    render = timed(lambda: certificate_pdf(certificate), runs)
    return floor, render


def make_completed_enrolments(count):
    from accounts.models import Organisation, Region, User
    from enrolment.models import Enrolment
    from modules.models import Cohort, Module

    module = Module.objects.create(
        code="KUF-B", title="Benchmark module", slug="bench", summary="."
    )
    cohort = Cohort.objects.create(
        module=module,
        code="BENCH-1",
        status="finished",
        start_date=date(2026, 6, 1),
        end_date=date(2026, 6, 29),
        capacity=count,
        applications_open=date(2026, 3, 1),
        applications_close=date(2026, 5, 1),
        assignment_deadline=datetime(2026, 8, 1, 17, 0).astimezone(),
    )
    region = Region.objects.first()
    organisation = Organisation.objects.create(name="HMP Bench", sector="prison", region=region)
    students = User.objects.bulk_create(
        User(
            email=f"learner{n}@example.org",
            given_name="Learner",
            family_name=f"Number {n}",
            certificate_name=f"Learner Number {n}",
        )
        for n in range(count)
    )
    return Enrolment.objects.bulk_create(
        Enrolment(
            student=student,
            cohort=cohort,
            state="completed",
            organisation=organisation,
            job_title="Officer",
            sector="prison",
            region=region,
            line_manager_name="M",
            line_manager_email="m@example.org",
        )
        for student in students
    )


def bench_worker(count, workers):
    from certificates.models import Certificate
    from certificates.services import certificate_issue

    enrolments = make_completed_enrolments(count)
    start = time.perf_counter()
    for enrolment in enrolments:
        certificate_issue(enrolment=enrolment, actor=None)  # enqueues the render on commit
    issue_seconds = time.perf_counter() - start
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    command += ["--no-reload", "-v", "0"]
    start = time.perf_counter()
    processes = [subprocess.Popen(command, cwd=PROJECT) for _ in range(workers)]
    for process in processes:
        process.wait()
    render_seconds = time.perf_counter() - start
    rendered = Certificate.objects.exclude(pdf="").count()
    return issue_seconds, render_seconds, rendered


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()

    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    from certificates.signing import signing_pair_create

    call_command("migrate", verbosity=0)
    signing_pair_create(
        key_path=os.environ["CERTIFICATE_SIGNING_KEY"],
        cert_path=os.environ["CERTIFICATE_SIGNING_CERT"],
        common_name="IMH benchmark signing",
    )
    (floor_median, floor_p95), (render_median, render_p95) = bench_render(options.runs)
    issue_seconds, render_seconds, rendered = bench_worker(options.count, options.workers)

    lines = [
        "## Certificates",
        "",
        machine_line("certificates.py"),
        "",
        "| what | median | p95 | goal |",
        "|---|---|---|---|",
        f"| minimal one-page WeasyPrint document (floor) | {floor_median * 1000:.0f} ms | "
        f"{floor_p95 * 1000:.0f} ms | |",
        f"| certificate rendered and signed | {render_median * 1000:.0f} ms | "
        f"{render_p95 * 1000:.0f} ms | at most 400 ms |",
        f"| ratio to the floor | {render_median / floor_median:.2f} | | at most 3 |",
        "",
        f"{options.count} certificates: issued in {issue_seconds:.1f} s (one transaction each); "
        f"rendered and signed by {options.workers} `db_worker --batch` processes in "
        f"{render_seconds:.1f} s ({rendered} PDFs stored; goal under 180 s).",
        "",
    ]
    write_section(PROJECT / "bench" / "RESULTS.md", "## Certificates", "\n".join(lines))
    print("\n".join(lines))
    return 0 if rendered == options.count else 1


if __name__ == "__main__":
    sys.exit(main())
