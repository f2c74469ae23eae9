"""Counts for rate limits, kept in the cache every server shares (production refuses a
per-process cache, see settings)."""

from django.core.cache import cache

HOUR = 3600


def count_of(key):
    """The count under `key` now (0 when nothing was counted in its window)."""
    return cache.get(key, 0)


def count_one_more(key, *, window=HOUR):
    """Count one more under `key` in the window that began with its first count; the count."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr: this is the first of the next
        cache.add(key, 1, timeout=window)
        return 1
