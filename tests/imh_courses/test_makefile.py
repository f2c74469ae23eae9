"""`make run` and `make serve` on another address put that address in every link they make."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["run", "serve"])
def test_site_url_follows_host_and_port(target):
    commands = subprocess.run(
        ["make", "-n", target, "HOST=127.0.0.1", "PORT=8101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": "/tmp"},
    ).stdout.replace("\\\n", " ")  # a command continued over lines, as one line
    starts = [line for line in commands.splitlines() if "runserver" in line or "gunicorn" in line]
    assert starts
    assert all("SITE_URL=http://127.0.0.1:8101" in line for line in starts)
