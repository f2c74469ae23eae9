import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from accounts.choices import Role
from audit.selectors import audit_event_list_for
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_tutor_reaches_admin_and_sees_cohorts_registers_and_marking(client, tutor):
    client.force_login(tutor)
    response = client.get("/admin/")
    assert response.status_code == 200
    apps = {app["app_label"]: app for app in response.context["app_list"]}
    assert set(apps) == {"modules", "enrolment", "assessment"}
    assert [m["object_name"] for m in apps["enrolment"]["models"]] == ["Attendance"]
    assert [m["object_name"] for m in apps["assessment"]["models"]] == ["Moderation", "Submission"]
    assert {m["object_name"]: m["perms"]["change"] for m in apps["modules"]["models"]} == {
        "Cohort": False,
        "Module": False,
    }


def test_student_is_sent_to_admin_sign_in(client, student):
    client.force_login(student)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_course_administrator_cannot_make_a_superuser(client, course_administrator):
    target = user_with_role(Role.STUDENT)
    client.force_login(course_administrator)
    response = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert "groups" in form.fields


def test_superuser_may_set_superuser(client, course_administrator):
    course_administrator.is_superuser = True
    course_administrator.save()
    target = user_with_role(Role.STUDENT)
    client.force_login(course_administrator)
    form = client.get(f"/admin/accounts/user/{target.pk}/change/").context["adminform"].form
    assert "is_superuser" in form.fields


def test_course_administrator_confirms_a_suggested_organisation(client, course_administrator):
    suggested = OrganisationFactory(name="Leicester Hub", is_confirmed=False)
    client.force_login(course_administrator)

    client.post(
        "/admin/accounts/organisation/",
        {"action": "confirm", ACTION_CHECKBOX_NAME: [suggested.pk]},
    )

    suggested.refresh_from_db()
    assert suggested.is_confirmed is True
    [event] = audit_event_list_for(target=suggested)
    assert (event.action, event.actor) == ("organisation.confirm", course_administrator)
