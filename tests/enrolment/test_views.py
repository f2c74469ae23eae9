import pytest

pytestmark = pytest.mark.django_db

URL = "/dashboard/"


def test_student_dashboard_greets_the_student(client, student):
    client.force_login(student)
    response = client.get(URL)
    assert response.status_code == 200
    assert f"Welcome, {student.given_name}" in response.content.decode()


@pytest.mark.parametrize("role_fixture", ["tutor", "commissioner", "kpog_member"])
def test_student_dashboard_refused_to_other_roles(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(URL).status_code == 403


def test_student_dashboard_sends_anonymous_to_sign_in(client):
    assert client.get(URL)["Location"] == "/accounts/login/?next=/dashboard/"
