"""Rate limits counted in Redis are shared by every process, as several gunicorn workers and
servers need (a per-process cache counted each worker's share on its own). Runs against the
Redis `.ci/run` starts (REDIS_URL); outside CI, skipped only when no Redis answers."""

import os

import pytest
from django.core.cache import cache

from imh_courses.child_process import run_in_child
from imh_courses.rate_limits import count_one_more

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    try:
        cache.clear()
    except Exception as error:  # noqa: BLE001 (no Redis here: said below)
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} does not answer: {error}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    yield
    cache.clear()


def _count_ten_times(key):
    for _ in range(10):
        count_one_more(key)
    return cache.get(key)


def test_processes_share_one_count_in_redis(redis_cache):
    first = run_in_child(_count_ten_times, "shared", seconds=20)
    second = run_in_child(_count_ten_times, "shared", seconds=20)
    assert (first, second) == (10, 20)
    assert cache.get("shared") == 20


def test_each_process_counts_alone_in_a_per_process_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    first = run_in_child(_count_ten_times, "alone", seconds=20)
    second = run_in_child(_count_ten_times, "alone", seconds=20)
    assert (first, second) == (10, 10)  # why production refuses such a cache
