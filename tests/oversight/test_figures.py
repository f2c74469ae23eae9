"""The dashboard's figures against a small data set worked out by hand."""

import datetime

import pytest
from django.core.cache import cache

from accounts.choices import Role
from assessment.models import Moderation, ModerationSample
from certificates.models import Certificate
from enrolment.models import Attendance
from evaluations.models import CourseEvaluation, SelfRating
from oversight.figures import Scope, _weighted_median, dashboard_figures, tutor_table
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    ModuleFactory,
    OrganisationFactory,
    SubmissionFactory,
    TaughtDayFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def data_set(region_a, region_b):
    marker = user_with_role(Role.TUTOR, given_name="Priya", family_name="Nair")
    module_one, module_two = ModuleFactory(), ModuleFactory()
    cohort_a = CohortFactory(module=module_one, start_date=D(2026, 5, 11))  # 2026-27, Q1
    days = [
        TaughtDayFactory(cohort=cohort_a, date=D(2026, 5, 11)),
        TaughtDayFactory(cohort=cohort_a, date=D(2026, 5, 18)),
    ]
    cohort_b = CohortFactory(module=module_two, start_date=D(2026, 11, 2))  # 2026-27, Q3
    organisation_a = OrganisationFactory(region=region_a)

    def enrol(cohort, state, organisation=organisation_a, sector="prison"):
        return EnrolmentFactory(
            cohort=cohort, state=state, organisation=organisation, sector=sector
        )

    passed = enrol(cohort_a, "completed")
    referred = enrol(cohort_a, "enrolled", sector="nhs")
    enrol(cohort_a, "waitlisted")
    enrol(cohort_a, "withdrawn")
    enrol(cohort_b, "enrolled", organisation=OrganisationFactory(region=region_b))

    for day in days:
        Attendance.objects.create(enrolment=passed, taught_day=day, status="present")
    Attendance.objects.create(enrolment=referred, taught_day=days[0], status="present")
    Attendance.objects.create(enrolment=referred, taught_day=days[1], status="absent")

    SubmissionFactory(
        enrolment=passed,
        marker=marker,
        state="released",
        outcome="pass",
        feedback="Good.",
        marking_working_days=5,
    )
    refer = SubmissionFactory(
        enrolment=referred,
        marker=marker,
        state="marked",
        outcome="refer",
        feedback="More.",
        is_late=True,
        marking_working_days=25,
    )
    sample = ModerationSample.objects.create(cohort=cohort_a, attempt=1, scripts_in_cohort=2)
    Moderation.objects.create(
        sample=sample,
        submission=refer,
        marker_outcome="refer",
        state="disagreed",
        moderator=user_with_role(Role.QUALITY_LEAD),
        decision="disagree",
        comment="Fail.",
        proposed_outcome="fail",
    )
    Certificate.objects.create(
        enrolment=passed,
        number="IMH-KUF-2026-00001",
        holder_name="A",
        module_title="M",
        cohort_start=cohort_a.start_date,
        cohort_end=cohort_a.end_date,
        completed_on=D(2026, 6, 1),
    )
    items = ["understanding", "confidence", "self_awareness", "joint_working"]
    SelfRating.objects.create(enrolment=passed, stage="before", **dict.fromkeys(items, 4))
    SelfRating.objects.create(enrolment=passed, stage="after", **dict.fromkeys(items, 8))
    CourseEvaluation.objects.create(
        enrolment=passed, relevant=5, teaching=5, assessment=4, recommend=4
    )
    SelfRating.objects.create(enrolment=referred, stage="before", **dict.fromkeys(items, 2))
    return {"module_two": module_two, "region_b": region_b, "marker": marker}


def test_every_figure_against_the_hand_count(data_set):
    figures = dashboard_figures(Scope())
    expected = {
        "applications": 5,
        "enrolled": 3,
        "waitlisted": 1,
        "withdrawn": 1,
        "completed": 1,
        "completion_rate": 33.3,
        "attended_all": 1,
        "submitted": 2,
        "on_time": 1,
        "on_time_rate": 50.0,
        "turnaround_median": 5,
        "turnaround_within_target": 50.0,
        "overdue_now": 0,
        "moderation_sampled": 1,
        "moderation_coverage": 50.0,
        "moderation_agreement": 0.0,
        "extensions_granted": 0,
        "certificates": 1,
        "days_to_certificate_median": 14,  # 18 May to 1 June
        "confidence_before": 3.0,  # 4 (prison) and 2 (NHS)
        "confidence_after": 8.0,
        "confidence_uplift": 5.0,
        "satisfaction": 4.5,
    }
    assert {key: figures[key] for key in expected} == expected
    released = {(r["attempt"], r["outcome"]): r["count"] for r in figures["outcomes"]}
    assert released[(1, "Pass")] == 1
    assert sum(released.values()) == 1  # the Refer is not released yet


def test_evaluation_by_sector_against_the_hand_count(data_set):
    rows = dashboard_figures(Scope())["evaluation_by_sector"]
    assert rows == [
        {
            "sector": "Prison",
            "answered": 1,
            "before": 4.0,
            "after": 8.0,
            "uplift": 4.0,
            "evaluations": 1,
            "satisfaction": 4.5,
        },
        {
            "sector": "NHS / local health provider",
            "answered": 1,
            "before": 2.0,
            "after": None,
            "uplift": None,
            "evaluations": 0,
            "satisfaction": None,
        },
    ]


def test_filters_narrow_every_figure(data_set):
    by_module = dashboard_figures(Scope(module=data_set["module_two"]))
    assert (by_module["applications"], by_module["submitted"]) == (1, 0)
    by_region = dashboard_figures(Scope(region=data_set["region_b"]))
    assert by_region["applications"] == 1
    first_quarter = dashboard_figures(Scope(financial_year=2026, quarter=1))
    assert first_quarter["applications"] == 4
    other_year = dashboard_figures(Scope(financial_year=2025))
    assert (other_year["applications"], other_year["completion_rate"]) == (0, None)


def test_tutor_table_flags_disagreements(data_set):
    [row] = tutor_table(Scope())
    assert (row["name"], row["scripts"], row["passes_share"], row["refers_share"]) == (
        "Priya Nair",
        2,
        50.0,
        50.0,
    )
    assert (row["mean_turnaround"], row["disagreements"]) == (15.0, 1)
    assert row["flags"] == ["moderation disagreements"]


def test_dashboard_page_ignores_nonsense_filters_with_a_message(client, data_set, quality_lead):
    client.force_login(quality_lead)
    response = client.get("/oversight/", {"financial_year": "banana", "module": "999999"})
    assert response.status_code == 200
    assert response.context["figures"]["applications"] == 5
    text = response.content.decode()
    assert "Some filters were not understood and are ignored: Module, Financial year." in text


def test_dashboard_page_applies_filters(client, data_set, quality_lead):
    client.force_login(quality_lead)
    response = client.get("/oversight/", {"region": data_set["region_b"].pk})
    assert response.context["figures"]["applications"] == 1


@pytest.mark.parametrize("extra_cohorts", [0, 2])
def test_dashboard_query_count_does_not_grow_with_rows(
    client, data_set, quality_lead, django_assert_num_queries, extra_cohorts
):
    for _ in range(extra_cohorts):
        cohort = CohortFactory()
        TaughtDayFactory(cohort=cohort)
        SubmissionFactory(
            enrolment=EnrolmentFactory(cohort=cohort, state="completed"),
            marker=data_set["marker"],
            state="released",
            outcome="pass",
            feedback="x",
            marking_working_days=3,
        )
    client.force_login(quality_lead)
    client.get("/oversight/")
    cache.clear()  # measure the page computing its figures, not reading them from the cache
    with django_assert_num_queries(25 + 5):  # the figures, and the 5 lines of the to-do
        assert client.get("/oversight/").status_code == 200


def test_dashboard_figures_are_kept_for_a_while(client, data_set, quality_lead, settings):
    client.force_login(quality_lead)
    assert client.get("/oversight/").context["figures"]["applications"] == 5
    EnrolmentFactory()
    assert client.get("/oversight/").context["figures"]["applications"] == 5
    region_b = client.get("/oversight/", {"region": data_set["region_b"].pk})
    assert region_b.context["figures"]["applications"] == 1  # its own cache entry
    settings.FIGURES_CACHE_SECONDS = 0
    cache.clear()
    client.get("/oversight/")
    EnrolmentFactory()
    assert client.get("/oversight/").context["figures"]["applications"] == 7


@pytest.mark.parametrize(
    ("values_and_counts", "median"),
    [
        ([], None),
        ([(4, 1)], 4),
        ([(3, 1), (7, 1)], 3),  # the lower of the two middle values
        ([(1, 1), (5, 2), (9, 1)], 5),
        ([(2, 3), (10, 1)], 2),
        ([(2, 1), (10, 3)], 10),
    ],
)
def test_weighted_median(values_and_counts, median):
    assert _weighted_median(values_and_counts) == median
