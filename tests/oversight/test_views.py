import pytest

from modules.choices import CohortStatus
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

URL = "/oversight/"


@pytest.mark.parametrize("role_fixture", ["quality_lead", "kpog_member", "course_administrator"])
def test_oversight_dashboard_shows_programme_counts(client, request, role_fixture):
    CohortFactory(status=CohortStatus.RUNNING)
    CohortFactory(status=CohortStatus.RUNNING)
    CohortFactory(status=CohortStatus.OPEN)
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["summary"]["cohorts_by_status"] == [
        ("Draft", 0),
        ("Open for applications", 1),
        ("Applications closed", 0),
        ("Running", 2),
        ("Finished", 0),
    ]


@pytest.mark.parametrize("role_fixture", ["student", "tutor", "commissioner"])
def test_oversight_dashboard_refused_to_other_roles(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(URL).status_code == 403


def test_oversight_dashboard_sends_anonymous_to_sign_in(client):
    assert client.get(URL)["Location"] == "/accounts/login/?next=/oversight/"


def test_oversight_dashboard_rejects_post(client, quality_lead):
    client.force_login(quality_lead)
    assert client.post(URL).status_code == 405
