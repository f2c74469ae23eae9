"""Demo organisations and one account per role, for `seed_demo`. Every password is kuf-demo."""

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.choices import Role, Sector
from accounts.models import Organisation, Region, User

DEMO_PASSWORD = "kuf-demo"

ORGANISATIONS = [
    ("HMP Low Newton", Sector.PRISON, "north-east"),
    ("HMP Send", Sector.PRISON, "kent-surrey-sussex"),
    ("HMP Foston Hall", Sector.PRISON, "east-midlands"),
    ("Nottingham Probation Delivery Unit", Sector.PROBATION, "east-midlands"),
    ("Tees, Esk and Wear Valleys NHS Foundation Trust", Sector.NHS, "north-east"),
    ("Birmingham Drug and Alcohol Service", Sector.DRUG_ALCOHOL, "west-midlands"),
    ("Durham Women's Centre", Sector.VOLUNTARY, "north-east"),
]

# email, given name, family name, roles, staff, superuser, commissioned regions
PEOPLE = [
    ("student@example.org", "Sam", "Okafor", [Role.STUDENT], False, False, []),
    ("student2@example.org", "Alex", "Brennan", [Role.STUDENT], False, False, []),
    ("tutor@example.org", "Priya", "Nair", [Role.TUTOR], True, False, []),
    ("tutor2@example.org", "Tom", "Hughes", [Role.TUTOR], True, False, []),
    ("admin@example.org", "Jo", "Whitfield", [Role.COURSE_ADMINISTRATOR], True, True, []),
    ("quality@example.org", "Helen", "Marsh", [Role.QUALITY_LEAD], True, False, []),
    ("kpog@example.org", "David", "Osei", [Role.KPOG_MEMBER], False, False, []),
    (
        "kpog.chair@example.org",
        "Margaret",
        "Adeyemi",
        [Role.KPOG_MEMBER, Role.KPOG_CHAIR],
        False,
        False,
        [],
    ),
    (
        "commissioner@example.org",
        "Rachel",
        "Singh",
        [Role.COMMISSIONER],
        False,
        False,
        ["east-midlands", "west-midlands"],
    ),
    (
        "commissioner.north@example.org",
        "Mark",
        "Dunn",
        [Role.COMMISSIONER],
        False,
        False,
        ["north-east"],
    ),
]


def seed_organisations():
    regions = {region.code: region for region in Region.objects.all()}
    organisations = {}
    for name, sector, region_code in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name, region=regions[region_code], defaults={"sector": sector}
        )
    return organisations


def seed_people():
    """Create or refresh the demo accounts; returns them by email."""
    groups = {group.name: group for group in Group.objects.all()}
    people = {}
    for email, given, family, roles, staff, superuser, region_codes in PEOPLE:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.given_name = given
        user.family_name = family
        user.certificate_name = f"{given} {family}"
        user.is_active = True
        user.is_staff = staff
        user.is_superuser = superuser
        user.email_confirmed_at = user.email_confirmed_at or timezone.now()
        if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[role] for role in roles])
        user.commissioned_regions.set(Region.objects.filter(code__in=region_codes))
        people[email] = user
    return people
