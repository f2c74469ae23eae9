"""Where each role starts after signing in, and what the navigation offers it."""

from django.urls import reverse

from accounts.choices import Role

# First match wins: a course administrator who also studies starts in the admin.
HOME_BY_ROLE = [
    (Role.COURSE_ADMINISTRATOR, "admin:index"),
    (Role.QUALITY_LEAD, "oversight:dashboard"),
    (Role.KPOG_CHAIR, "oversight:dashboard"),
    (Role.KPOG_MEMBER, "oversight:dashboard"),
    (Role.TUTOR, "admin:index"),
    (Role.COMMISSIONER, "reports:index"),
    (Role.STUDENT, "enrolment:dashboard"),
]

NAVIGATION_BY_ROLE = {
    Role.STUDENT: [("My courses", "enrolment:dashboard")],
    Role.TUTOR: [("Marking (admin)", "admin:index")],
    Role.COURSE_ADMINISTRATOR: [
        ("Administration", "admin:index"),
        ("Oversight", "oversight:dashboard"),
        ("Reports", "reports:index"),
    ],
    Role.QUALITY_LEAD: [("Oversight", "oversight:dashboard"), ("Reports", "reports:index")],
    Role.KPOG_MEMBER: [("Oversight", "oversight:dashboard"), ("Reports", "reports:index")],
    Role.KPOG_CHAIR: [("Oversight", "oversight:dashboard"), ("Reports", "reports:index")],
    Role.COMMISSIONER: [("Reports", "reports:index")],
}


def home_url_for(user):
    for role, url_name in HOME_BY_ROLE:
        if user.has_role(role):
            return reverse(url_name)
    return reverse("catalogue")


def navigation_for(user):
    """Links for the user's roles, in role order, each once."""
    links = {}
    for role in Role:
        if user.has_role(role):
            for label, url_name in NAVIGATION_BY_ROLE[role]:
                links.setdefault(url_name, label)
    return [{"label": label, "url": reverse(url_name)} for url_name, label in links.items()]


# What each role may do in the admin site. Applied to the role groups after every migrate
# (accounts.apps), so this table is the one place to change a role's permissions.
ROLE_PERMISSIONS = {
    Role.STUDENT: [],
    Role.TUTOR: [
        "modules.view_module",
        "modules.view_cohort",
        "modules.view_taughtday",
        "enrolment.view_attendance",
        "assessment.view_submission",
        "assessment.change_submission",
        "assessment.view_moderation",
        "assessment.change_moderation",
    ],
    Role.COURSE_ADMINISTRATOR: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_region",
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "modules.view_module",
        "modules.add_module",
        "modules.change_module",
        "modules.view_cohort",
        "modules.add_cohort",
        "modules.change_cohort",
        "modules.view_taughtday",
        "modules.add_taughtday",
        "modules.change_taughtday",
        "modules.delete_taughtday",
        "enrolment.view_enrolment",
        "enrolment.change_enrolment",
        "enrolment.view_attendance",
        "assessment.view_submission",
        "assessment.change_submission",
        "assessment.view_extension",
        "assessment.change_extension",
        "certificates.view_certificate",
        "certificates.change_certificate",
        "assessment.view_moderation",
        "assessment.change_moderation",
        "audit.view_auditevent",
        "reports.view_reportdownload",
    ],
    Role.QUALITY_LEAD: [
        "accounts.view_organisation",
        "accounts.view_region",
        "modules.view_module",
        "modules.view_cohort",
        "modules.view_taughtday",
        "enrolment.view_enrolment",
        "enrolment.view_attendance",
        "assessment.view_submission",
        "assessment.view_extension",
        "certificates.view_certificate",
        "assessment.view_moderation",
        "assessment.change_moderation",
        "audit.view_auditevent",
        "reports.view_reportdownload",
    ],
    Role.KPOG_MEMBER: [],
    Role.KPOG_CHAIR: [],
    Role.COMMISSIONER: [],
}


def role_permissions_sync(*, using="default", **kwargs):
    """Give each role group exactly the permissions ROLE_PERMISSIONS lists."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate runs app by app; make sure every app's permissions exist before using them.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = [
            Permission.objects.using(using).get(
                content_type__app_label=code.split(".")[0], codename=code.split(".")[1]
            )
            for code in codes
        ]
        group.permissions.set(wanted)
