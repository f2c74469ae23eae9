"""Demo modules and cohorts for `seed_demo`: past, running and upcoming runs of each module."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from accounts.models import Region
from modules.choices import CohortStatus, DeliveryMode
from modules.models import Cohort, Module, TaughtDay
from modules.seed_content import MODULES

LONDON = ZoneInfo("Europe/London")


def seed_modules():
    return {
        content["code"]: Module.objects.update_or_create(code=content["code"], defaults=content)[0]
        for content in MODULES
    }


def _next_weekday(day):
    while day.weekday() >= 5:  # taught days fall on Monday to Friday
        day += timedelta(days=1)
    return day


def _deadline(day):
    return datetime.combine(day, time(17, 0), tzinfo=LONDON)


def seed_cohorts(modules, people, today):
    """Three cohorts of each module, dated around `today` so the demo always looks current."""
    tutor, tutor2 = people["tutor@example.org"], people["tutor2@example.org"]
    regions = {region.code: region for region in Region.objects.all()}
    plans = [
        # code suffix, status, start offset in days, tutor, blind marking, region codes, venue
        (
            "A",
            CohortStatus.FINISHED,
            -180,
            tutor,
            False,
            ["east-midlands", "west-midlands"],
            DeliveryMode.IN_PERSON,
            "Institute of Mental Health, Jubilee Campus, Nottingham",
        ),
        (
            "B",
            CohortStatus.RUNNING,
            -28,
            tutor,
            False,
            ["east-midlands"],
            DeliveryMode.BLENDED,
            "Institute of Mental Health, Jubilee Campus, Nottingham",
        ),
        ("C", CohortStatus.OPEN, 60, tutor2, True, ["north-east"], DeliveryMode.ONLINE, ""),
    ]
    cohorts = {}
    for module_number, module in enumerate(modules.values(), start=1):
        for suffix, status, offset, cohort_tutor, blind, region_codes, mode, venue in plans:
            if module.code == "KUF-WGPD" and suffix == "B":
                # The second tutor marks this running cohort blind, so both tutors have scripts.
                cohort_tutor, blind = tutor2, True
            start = _next_weekday(today + timedelta(days=offset + 7 * module_number))
            code = f"{module.code}-{suffix}"
            cohort, _ = Cohort.objects.update_or_create(
                code=code,
                defaults={
                    "module": module,
                    "status": status,
                    "start_date": start,
                    "end_date": start + timedelta(days=28),
                    "delivery_mode": mode,
                    "venue": venue,
                    "capacity": 20,
                    "applications_open": start - timedelta(days=90),
                    "applications_close": start - timedelta(days=14),
                    "assignment_deadline": _deadline(start + timedelta(days=70)),
                    "funding_reference": f"HMPPS-NHSE-KUF-{start:%y}{suffix}{module_number}",
                    "blind_marking": blind,
                },
            )
            _seed_taught_days(cohort, venue)
            cohort.tutors.set([cohort_tutor])
            cohort.funding_regions.set([regions[code] for code in region_codes])
            cohorts[code] = cohort
    return cohorts


def _seed_taught_days(cohort, venue):
    """Three taught days a week apart; blended cohorts meet online on the middle day."""
    dates = [cohort.start_date + timedelta(weeks=week) for week in range(3)]
    for week, date in enumerate(dates):
        online = cohort.delivery_mode == DeliveryMode.ONLINE or (
            cohort.delivery_mode == DeliveryMode.BLENDED and week == 1
        )
        TaughtDay.objects.update_or_create(
            cohort=cohort,
            date=date,
            defaults={
                "start_time": time(9, 30),
                "end_time": time(16, 30),
                "is_online": online,
                "venue": "" if online else venue,
            },
        )
    # Days left from an earlier run whose dates have since moved.
    cohort.taught_days.exclude(date__in=dates).delete()
