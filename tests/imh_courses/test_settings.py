"""Production settings, checked in a fresh interpreter as a server would load them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x7#kQ2!vR9@mL4$zT8^bN1&cW6*pY3(hJ5)fD0_gS+eA-uI=oK",
    "ALLOWED_HOSTS": "kuf.example.org",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "DATABASE_URL": "sqlite:///:memory:",
    "CACHE_URL": "dbcache://portal_cache",
    "SITE_URL": "https://kuf.example.org",
}


def _manage(*args, env):
    # Only what a server's environment would hold: nothing leaks in from the test run.
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_zero_issues_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize("cache_url", [None, "locmemcache://", "dummycache://"])
def test_production_refuses_a_cache_kept_in_each_process(cache_url):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CACHE_URL"}
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Set CACHE_URL to a cache every server shares" in result.stderr


def test_production_takes_a_redis_cache():
    result = _manage("check", env={**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6379/3"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_requires_staff_to_sign_in_with_a_second_factor():
    code = "from django.conf import settings; print(settings.SECOND_FACTOR_REQUIRED_FOR_STAFF)"
    result = _manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_refuses_debug():
    result = _manage("check", env={**PRODUCTION_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_uses_mailers_from_email_url():
    code = "from django.conf import settings; print(settings.MAILERS['default'])"
    result = _manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "'host': 'smtp.example.org'" in result.stdout
    assert "'use_tls': True" in result.stdout


def test_passwords_hashed_with_argon2_outside_tests():
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = _manage("shell", "--no-imports", "-c", code, env={})
    assert result.stdout.strip() == "accounts.hashers.OwaspArgon2PasswordHasher", result.stderr


def test_uk_time_zone_and_dates():
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
