"""What the audit trail records beyond the state changes each service's tests check."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.choices import Role
from audit.models import AuditEvent
from reports.reports import REPORTS
from reports.services import report_download_record
from tests.factories import CohortFactory, RegionFactory, user_with_role

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_a_failed_sign_in_is_recorded_against_the_account(client, student):
    client.post(LOGIN, {"username": student.email.upper(), "password": "wrong"})
    event = AuditEvent.objects.get(action="account.login_failed")
    assert (event.actor, event.target_id) == (None, str(student.pk))
    assert event.reason == "Sign-in failed from 127.0.0.1."


def test_a_failed_sign_in_with_an_unknown_address_names_the_address(client):
    client.post(LOGIN, {"username": "nobody@example.org", "password": "wrong"})
    event = AuditEvent.objects.get(action="account.login_failed")
    assert (event.target_id, event.target_label) == ("", "nobody@example.org")


def test_a_successful_sign_in_records_no_failure(client, student, password):
    client.post(LOGIN, {"username": student.email, "password": password})
    assert not AuditEvent.objects.filter(action="account.login_failed").exists()


def _user_form(user, **changes):
    form = {
        "email": user.email,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "certificate_name": user.certificate_name,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
        "commissioned_regions": [r.pk for r in user.commissioned_regions.all()],
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    return {key: value for key, value in {**form, **changes}.items() if value != ""}


def test_a_role_change_in_the_admin_is_recorded_before_and_after(client, course_administrator):
    person = user_with_role(Role.STUDENT)
    region = RegionFactory(name="Test region")
    client.force_login(course_administrator)
    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        _user_form(
            person,
            groups=[Group.objects.get(name=Role.COMMISSIONER).pk],
            commissioned_regions=[region.pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="account.access_change")
    assert event.actor == course_administrator
    assert event.changes == {
        "groups": [[Role.STUDENT], [Role.COMMISSIONER]],
        "commissioned_regions": [[], ["Test region"]],
    }


def test_an_edit_that_changes_no_role_is_recorded_as_a_plain_change(client, course_administrator):
    person = user_with_role(Role.STUDENT, given_name="Samuel")
    client.force_login(course_administrator)
    response = client.post(
        f"/admin/accounts/user/{person.pk}/change/", _user_form(person, given_name="Sam")
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert (event.action, event.changes) == ("user.change", {"given_name": ["Samuel", "Sam"]})


def test_cohort_edits_and_their_taught_days_are_recorded_with_before_and_after(
    client, course_administrator
):
    cohort = CohortFactory(capacity=20, status="open")
    tutor = user_with_role(Role.TUTOR, given_name="Tess", family_name="Tutor")
    client.force_login(course_administrator)
    page = client.get(f"/admin/modules/cohort/{cohort.pk}/change/")
    form = _form_data(page)
    form.update(
        {
            "capacity": "24",
            "tutors": [str(tutor.pk)],
            "taught_days-0-date": "2027-03-01",
            "taught_days-0-start_time": "09:30",
            "taught_days-0-end_time": "16:30",
            "taught_days-0-is_online": "on",
        }
    )
    response = client.post(f"/admin/modules/cohort/{cohort.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    change = AuditEvent.objects.get(action="cohort.change")
    assert change.changes == {
        "capacity": [20, 24],
        "tutors": [[], ["Tess Tutor <" + tutor.email + ">"]],
    }
    added = AuditEvent.objects.get(action="taughtday.add")
    assert added.changes["date"] == [None, "2027-03-01"]


def test_a_report_download_is_in_the_trail(commissioner):
    report_download_record(
        user=commissioner,
        report=REPORTS["learners"],
        file_format="xlsx",
        filters={"sector": "nhs"},
        rows=12,
    )
    event = AuditEvent.objects.get(action="report.download")
    assert event.actor == commissioner
    assert event.target_label == "Learners trained (XLSX, 12 rows)"
    assert event.changes == {"filters": [None, {"sector": "nhs"}]}


def test_the_quality_lead_searches_the_trail_too(client, quality_lead, student):
    client.post(LOGIN, {"username": student.email, "password": "wrong"})
    client.force_login(quality_lead)
    listing = client.get("/admin/audit/auditevent/", {"q": "login_failed"})
    assert len(listing.context["cl"].result_list) == 1
    assert client.post(
        "/admin/audit/auditevent/",
        {"action": "delete_selected", "_selected_action": [AuditEvent.objects.get().pk]},
    ).status_code in (200, 302)
    assert AuditEvent.objects.count() == 1


def _form_data(page):
    """The fields of an admin change form as the browser would send them back."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if isinstance(value, datetime.datetime):  # the admin's two inputs, in UK time
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%d/%m/%Y}", f"{local:%H:%M:%S}"
        elif isinstance(value, list):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(getattr(value, "pk", value))
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    return data
