"""Seed the commissioning regions and the role groups.

Regions: the twelve HMPPS probation regions (eleven in England, and Wales), which NHS England
co-commissions the KUF programme with. Role groups get their permissions from
accounts.roles.ROLE_PERMISSIONS after every migrate.
"""

from django.db import migrations

REGIONS = [
    ("north-east", "North East"),
    ("north-west", "North West"),
    ("greater-manchester", "Greater Manchester"),
    ("yorkshire-humber", "Yorkshire and the Humber"),
    ("east-midlands", "East Midlands"),
    ("west-midlands", "West Midlands"),
    ("east-of-england", "East of England"),
    ("london", "London"),
    ("kent-surrey-sussex", "Kent, Surrey and Sussex"),
    ("south-central", "South Central"),
    ("south-west", "South West"),
    ("wales", "Wales"),
]

ROLES = [
    "Student",
    "Tutor",
    "Course administrator",
    "Quality Lead",
    "KPOG member",
    "Commissioner",
]


def seed(apps, schema_editor):
    Region = apps.get_model("accounts", "Region")
    Group = apps.get_model("auth", "Group")
    for code, name in REGIONS:
        Region.objects.get_or_create(code=code, defaults={"name": name})
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("accounts", "Region").objects.filter(code__in=[c for c, _ in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
