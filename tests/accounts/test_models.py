import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from accounts.choices import Role
from accounts.models import Region, User
from accounts.roles import ROLE_PERMISSIONS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_stores_email_lower_case():
    user = User.objects.create_user(
        "  Sam.Okafor@Example.ORG ",
        "pw",
        given_name="Sam",
        family_name="Okafor",
        certificate_name="Sam Okafor",
    )
    assert user.email == "sam.okafor@example.org"


def test_email_unique_ignoring_case_in_database():
    UserFactory(email="jo@example.org")
    with pytest.raises(IntegrityError):
        # Bypass the manager's normalising to prove the database itself refuses.
        User(email="JO@example.org", given_name="J", family_name="W", certificate_name="J W").save()


def test_natural_key_lookup_ignores_case():
    user = UserFactory(email="jo@example.org")
    assert User.objects.get_by_natural_key("Jo@Example.org") == user


def test_regions_seeded_with_england_and_wales():
    names = set(Region.objects.values_list("name", flat=True))
    assert len(names) == 12
    assert {"North East", "East Midlands", "West Midlands", "London", "Wales"} <= names


def test_each_role_is_a_group_with_its_listed_permissions():
    for role in Role:
        group = Group.objects.get(name=role)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == set(ROLE_PERMISSIONS[role])


def test_has_role_reads_groups():
    user = UserFactory(roles=[Role.TUTOR])
    assert user.has_role(Role.TUTOR)
    assert not user.has_role(Role.STUDENT)
