"""Export benchmarks on the seed_bench data set: the learners report of every region, as CSV
(streamed) and XLSX, beside `psql \\copy` of the same rows to a file (the floor for getting
them out). Each export runs in a fresh process, so its peak memory is its own.

    .venv/bin/python bench/exports.py          # after `make seed-bench`

Figures go to bench/RESULTS.md, under "Exports".
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kuf_bench")
os.environ.update(DJANGO_SETTINGS_MODULE="imh_courses.settings", LOG_LEVEL="WARNING", DEBUG="false")
sys.path.insert(0, str(PROJECT))

from bench.common import machine_line, write_section  # noqa: E402

VIEWER = "quality@bench.example.org"  # every region: all the learners


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_download(file_format):
    """In this (fresh) process: time to the first byte, total time, rows, peak memory growth."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(User.objects.get(email=VIEWER))
    client.get("/reports/learners/", {"financial_year": "2020"})  # warm up: templates, imports
    before = rss_mb()
    start = time.perf_counter()
    response = client.get(f"/reports/learners/download.{file_format}")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    first_byte = time.perf_counter() - start
    size = len(first) + sum(len(chunk) for chunk in chunks)
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"first_byte": first_byte, "total": total, "bytes": size, "growth": peak - before}
        )
    )


def measure_floor():
    """psql \\copy of the learners report's own query to a file."""
    import django

    django.setup()
    from django.db import connection

    from accounts.models import User
    from reports.filters import ReportFilterForm
    from reports.reports import _learners
    from reports.selectors import report_regions

    form = ReportFilterForm({}, regions=report_regions(viewer=User.objects.get(email=VIEWER)))
    form.is_valid()
    sql, params = _learners(form).query.sql_with_params()
    with connection.cursor() as cursor:
        query = cursor.mogrify(sql, params).decode()
    with tempfile.NamedTemporaryFile(suffix=".csv") as output:
        command = f"\\copy ({query}) to '{output.name}' csv header"
        start = time.perf_counter()
        subprocess.run(["psql", os.environ["DATABASE_URL"], "-q", "-c", command], check=True)
        total = time.perf_counter() - start
        size = Path(output.name).stat().st_size
    print(json.dumps({"first_byte": None, "total": total, "bytes": size, "growth": None}))


def run(what):
    result = subprocess.run(
        [sys.executable, __file__, what], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) > 1:
        return measure_floor() if sys.argv[1] == "floor" else measure_download(sys.argv[1])
    floor, csv, xlsx = run("floor"), run("csv"), run("xlsx")
    lines = [
        "## Exports",
        "",
        machine_line("exports.py") + " The learners report of every region (the seed_bench "
        "data set), each export in a fresh process through the Django test client.",
        "",
        "| export | first byte | total | size | peak memory growth | goal |",
        "|---|---|---|---|---|---|",
        f"| `psql \\copy` of the same rows (floor) | | {floor['total']:.1f} s | "
        f"{floor['bytes'] / 2**20:.1f} MB | | |",
        f"| CSV, streamed | {csv['first_byte']:.2f} s | {csv['total']:.1f} s "
        f"({csv['total'] / floor['total']:.1f}x the floor) | {csv['bytes'] / 2**20:.1f} MB | "
        f"{csv['growth']:.0f} MB | first byte within 1 s, total within 10 s and 5x the floor, "
        "growth under 50 MB |",
        f"| XLSX | {xlsx['first_byte']:.1f} s | {xlsx['total']:.1f} s | "
        f"{xlsx['bytes'] / 2**20:.1f} MB | {xlsx['growth']:.0f} MB | within 60 s, under 300 MB |",
        "",
    ]
    write_section(PROJECT / "bench" / "RESULTS.md", "## Exports", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
