"""Password hashing: Django's argon2 defaults beside the portal's (OWASP's parameters for
argon2id), each a whole sign-in's worth of hashing (one verification).

    .venv/bin/python bench/hashers.py

Figures go to bench/RESULTS.md, under "Password hashing".
"""

import os
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imh_courses.settings")
sys.path.insert(0, str(PROJECT))

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402

from accounts.hashers import OwaspArgon2PasswordHasher  # noqa: E402
from bench.common import machine_line, timed, write_section  # noqa: E402

RUNS = 30
PASSWORD = "correct-horse-battery-staple"


def main():
    rows = []
    for label, hasher in [
        ("Django's argon2 defaults (100 MiB, 2 passes, 8 lanes)", Argon2PasswordHasher()),
        ("the portal's: OWASP argon2id (19 MiB, 2 passes, 1 lane)", OwaspArgon2PasswordHasher()),
    ]:
        encoded = hasher.encode(PASSWORD, hasher.salt())
        cpu_before = time.process_time()  # every thread's CPU: argon2's lanes run in parallel
        median, p95 = timed(lambda h=hasher, e=encoded: h.verify(PASSWORD, e), RUNS)
        cpu = (time.process_time() - cpu_before) / RUNS
        rows.append((label, median, p95, cpu))
        print(f"{label}: median {median * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms")
    table = "\n".join(
        f"| {label} | {median * 1000:.0f} ms | {p95 * 1000:.0f} ms | {cpu * 1000:.0f} ms |"
        for label, median, p95, cpu in rows
    )
    write_section(
        PROJECT / "bench" / "RESULTS.md",
        "## Password hashing",
        "## Password hashing\n\n"
        + machine_line("hashers.py").replace(", PostgreSQL", "")
        + f" One password verified {RUNS} times with each hasher, in one process.\n\n"
        "| hasher | median | p95 | CPU time (all threads) |\n|---|---|---|---|\n" + table + "\n",
    )


if __name__ == "__main__":
    main()
