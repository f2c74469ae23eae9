import pytest

from audit.models import AuditEvent
from audit.services import audit_record
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_course_administrator_searches_the_trail_but_cannot_change_it(client, course_administrator):
    organisation = OrganisationFactory(name="HMP Foston Hall")
    audit_record(actor=course_administrator, action="organisation.confirm", target=organisation)
    event = AuditEvent.objects.get()
    client.force_login(course_administrator)

    listing = client.get("/admin/audit/auditevent/", {"q": "Foston"})
    assert [e.pk for e in listing.context["cl"].result_list] == [event.pk]
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "tampered"})
    event.refresh_from_db()
    assert event.action == "organisation.confirm"


def test_audit_record_keeps_the_actor_by_name_and_the_portal_as_no_one(student):
    organisation = OrganisationFactory()
    by_person = audit_record(actor=student, action="x", target=organisation)
    by_portal = audit_record(actor=None, action="y", target=organisation)
    assert (by_person.actor, by_person.actor_label) == (student, student.email)
    assert (by_portal.actor, by_portal.actor_label) == (None, "")


@pytest.mark.parametrize("role_fixture", ["tutor", "kpog_member", "commissioner"])
def test_audit_trail_hidden_from_other_roles(client, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/audit/auditevent/").status_code == 403
