import pytest

from tests.factories import CohortFactory, RegionFactory

pytestmark = pytest.mark.django_db

URL = "/reports/"


def test_commissioner_sees_only_own_regions(client, commissioner, region_a, region_b):
    CohortFactory().funding_regions.add(region_a)
    CohortFactory().funding_regions.add(region_b)
    client.force_login(commissioner)
    response = client.get(URL)
    assert response.status_code == 200
    assert [(r.code, r.funded_cohort_count) for r in response.context["regions"]] == [
        ("east-midlands", 1)
    ]


def test_commissioner_of_several_regions_sees_each(client, commissioner, region_b):
    commissioner.commissioned_regions.add(region_b)
    client.force_login(commissioner)
    codes = {r.code for r in client.get(URL).context["regions"]}
    assert codes == {"east-midlands", "north-east"}


def test_quality_lead_sees_every_region(client, quality_lead):
    RegionFactory(code="extra")
    client.force_login(quality_lead)
    regions = client.get(URL).context["regions"]
    assert len(regions) == 13


@pytest.mark.parametrize("role_fixture", ["student", "tutor"])
def test_reports_refused_to_other_roles(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(URL).status_code == 403


def test_reports_send_anonymous_to_sign_in(client):
    assert client.get(URL)["Location"] == "/accounts/login/?next=/reports/"


@pytest.mark.parametrize("count", [1, 3])
def test_reports_query_count_does_not_grow_with_cohorts(
    client, commissioner, region_a, django_assert_num_queries, count
):
    for _ in range(count):
        CohortFactory().funding_regions.add(region_a)
    client.force_login(commissioner)
    # session, user, the user's groups (role check), regions
    with django_assert_num_queries(4):
        client.get(URL)
