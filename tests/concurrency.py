"""Running calls at the same moment, each in its own thread and database connection."""

import os
import threading

import pytest
from django.db import connection, connections

from imh_courses.exceptions import DomainError

# Row locks only mean something on PostgreSQL (SQLite serialises every write anyway). CI always
# has PostgreSQL, so there these tests run, and fail rather than skip.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("CI"),
    reason="needs PostgreSQL (set DATABASE_URL); CI always runs it",
)


def all_at_once(calls):
    """Run each call in its own thread and database connection, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except DomainError as error:
            outcomes[index] = type(error).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
