"""No query string gives a 500: every admin changelist (ours and the libraries') with hostile
values in its date hierarchy, filters, ordering and paging, and every page of the portal with
hostile values in the parameters its forms read."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.choices import Role
from tests.factories import EnrolmentFactory, SubmissionFactory, user_with_role
from tests.security.test_url_matrix import EXPECTED, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

HUGE = "999999999999999999999"
HOSTILE_VALUES = [HUGE, "-" + HUGE, "1e309", "nan", "\x00", "%", "2026-13-45", "' OR 1=1 --"]
CHANGELISTS = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


def _changelist_queries(model_admin):
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        yield {f"{field}__year": HUGE}
        yield {f"{field}__year": "2026", f"{field}__month": HUGE}
        yield {f"{field}__year": "2026", f"{field}__month": "1", f"{field}__day": HUGE}
        yield {f"{field}__year": "-1"}
    for value in HOSTILE_VALUES:
        yield {"o": value}
        yield {"p": value}
        yield {"q": value}
        yield {"pk": value}
        yield {"id__exact": value}


@pytest.mark.parametrize(("app_label", "model_name"), CHANGELISTS)
def test_no_admin_changelist_query_string_gives_a_500(client, app_label, model_name):
    SubmissionFactory()
    EnrolmentFactory()
    client.force_login(user_with_role(Role.COURSE_ADMINISTRATOR, is_superuser=True))
    model_admin = next(
        a
        for m, a in admin.site._registry.items()
        if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
    )
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    for query in _changelist_queries(model_admin):
        response = client.get(url, query)
        assert response.status_code < 500, f"{url} {query}: {response.status_code}"


FORM_PARAMETERS = [
    "page",
    "financial_year",
    "quarter",
    "date_from",
    "date_to",
    "region",
    "module",
    "cohort",
    "sector",
    "organisation",
    "group_by",
    "number",
    "family_name",
    "next",
    "stage",
]
GET_URLS = sorted(name for name, (method, _, _) in EXPECTED.items() if method == "GET")


@pytest.mark.parametrize("url_name", GET_URLS)
def test_no_page_query_string_gives_a_500(client, world, url_name):  # noqa: F811
    _, kwargs, _ = EXPECTED[url_name]
    url = reverse(url_name, kwargs=kwargs(world) if kwargs else None)
    for role in ("student", "quality_lead", "commissioner_a", "administrator"):
        client.force_login(world["users"][role])
        for value in HOSTILE_VALUES:
            response = client.get(url, dict.fromkeys(FORM_PARAMETERS, value))
            assert response.status_code < 500, f"{url} as {role} with {value!r}"
