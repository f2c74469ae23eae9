"""The admin pages tutors and administrators use all day: changelist rows have row headers,
related-record links are named by text, and no fieldset is left without a name."""

import re

import pytest

from tests.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_changelist_rows_have_their_header_cell_marked(client, course_administrator):
    EnrolmentFactory.create_batch(2)
    client.force_login(course_administrator)
    html = client.get("/admin/enrolment/enrolment/").content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    row_headers = re.findall(r"<th([^>]*)>", body)
    assert len(row_headers) == 2
    assert all('scope="row"' in attributes for attributes in row_headers)


def test_related_record_links_are_named_by_text(client, course_administrator):
    client.force_login(course_administrator)
    html = client.get("/admin/modules/cohort/add/").content.decode()
    links = re.findall(r'<a class="related-widget-wrapper-link[^>]*>(.*?)</a>', html, re.S)
    assert links
    for inside in links:
        assert re.search(r'<span class="visually-hidden">\w[^<]+</span>', inside), inside


def test_no_fieldset_is_left_without_a_name(client, course_administrator):
    cohort = CohortFactory()
    client.force_login(course_administrator)
    html = client.get(f"/admin/modules/cohort/{cohort.pk}/change/").content.decode()
    fieldsets = re.findall(r"<fieldset([^>]*)>\s*(<legend)?", html)
    assert fieldsets
    unnamed = [
        attributes
        for attributes, legend in fieldsets
        if "aria-label" not in attributes and not legend
    ]
    assert unnamed == []
    assert 'aria-label="Taught day"' in html  # the inline's forms, named after their record
