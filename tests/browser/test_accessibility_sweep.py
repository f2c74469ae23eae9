"""Every page a demo role reaches from its navigation, and the pages those link to (up to
PAGES_PER_ROLE), opened in Chromium and checked with axe: no serious or critical violations.

The Django admin (tutors' and administrators' pages) is left out: its own templates are checked
where we changed them (tests/browser/test_assignment_journey.py)."""

from urllib.parse import urlsplit

import pytest

from seeding.demo.accounts import PEOPLE

PAGES_PER_ROLE = 12
# Not pages: files, actions, and the admin site.
SKIPPED = (
    "/admin/",
    "/download",
    "/script/",
    "/feedback-file/",
    ".pdf",
    ".zip",
    "/accounts/logout/",
)


def _paths(page, selector, origin):
    """Our own pages linked from `selector`'s links, in page order, without fragments."""
    hrefs = page.eval_on_selector_all(selector, "links => links.map(link => link.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not any(skipped in path for skipped in SKIPPED):
            paths.append(path)
    return paths


@pytest.mark.parametrize("email", [person[0] for person in PEOPLE])
def test_pages_reached_from_a_roles_navigation_are_accessible(
    live_server, demo_data, page, assert_accessible, email
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("kuf-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/")  # tutors and administrators land in the admin site
    to_visit = _paths(page, 'nav[aria-label="Main"] a[href]', live_server.url)
    visited = []
    while to_visit and len(visited) < PAGES_PER_ROLE:
        path = to_visit.pop(0)
        if path in visited:
            continue
        response = page.goto(live_server.url + path)
        assert response.status < 400, f"{path} as {email}: {response.status}"
        assert_accessible(page)
        visited.append(path)
        to_visit += _paths(page, "main a[href]", live_server.url)
    assert len(visited) >= 2, visited


@pytest.mark.parametrize(
    "path",
    ["/", "/privacy/", "/accessibility/", "/accounts/login/", "/accounts/register/"],
)
def test_public_pages_and_the_footers_pages_are_accessible(
    live_server, page, assert_accessible, path
):
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert_accessible(page)
