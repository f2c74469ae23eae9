"""Figures that take a while to work out (aggregates over every enrolment) are kept in the cache
for FIGURES_CACHE_SECONDS, per question asked. Pages say when they were worked out."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def figures_cached(key, compute):
    """(compute(), when it was computed): from the cache while fresh, else computed now and
    kept. `key` must name everything the figures depend on, the viewer's regions included."""
    # Hashed: a key may hold any text (a cohort code, an organisation's name), which some
    # cache backends refuse.
    cache_key = "figures:" + hashlib.sha256(key.encode()).hexdigest()
    cached = cache.get(cache_key)
    if cached is None:
        cached = (compute(), timezone.now())
        if settings.FIGURES_CACHE_SECONDS:
            cache.set(cache_key, cached, settings.FIGURES_CACHE_SECONDS)
    return cached
