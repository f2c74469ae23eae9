"""What the benchmarks share: timing, the machine line and RESULTS.md sections."""

import os
import platform
import statistics
import time
import urllib.error
import urllib.request
from datetime import date


def timed(function, runs):
    """Median and 95th percentile of `runs` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), sorted(times)[max(int(len(times) * 0.95) - 1, 0)]


def machine_line(script):
    return (
        f"Measured {date.today():%d %B %Y} on {platform.node()} ({os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}), PostgreSQL, by "
        f"`bench/{script}`."
    )


def write_section(path, heading, text):
    """Replace this benchmark's section of RESULTS.md, keeping the others."""
    existing = path.read_text() if path.exists() else "# Benchmark results\n\n"
    if heading in existing:
        before, _, rest = existing.partition(heading)
        after = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        existing = before + after
    path.write_text(existing.rstrip() + "\n\n" + text)


def http_status(url):
    """The status a GET of `url` answers with, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None
