"""Staff open on what waits for them: each count a link to exactly those items."""

import re

import pytest

from tests.browser.helpers import sign_in

ADMIN_ROWS = "#result_list tbody tr"
PORTAL_ROWS = "main table:not(.todo table) tbody tr"


@pytest.mark.parametrize(
    ("email", "home", "line", "rows"),
    [
        ("tutor@example.org", "/admin/", "All your scripts still to mark", ADMIN_ROWS),
        ("admin@example.org", "/admin/", "Applications to decide", ADMIN_ROWS),
        ("admin@example.org", "/admin/", "Marks to approve for release", ADMIN_ROWS),
        ("quality@example.org", "/oversight/", "Reviews in draft", PORTAL_ROWS),
    ],
)
def test_a_count_on_the_home_leads_to_its_list(
    live_server, demo_data, page, assert_accessible, email, home, line, rows
):
    sign_in(page, live_server.url, email, home)
    todo = page.get_by_role("table", name="What waits for you")
    row = todo.get_by_role("row", name=re.compile(line))
    count = int(row.get_by_role("cell").inner_text())
    assert count > 0
    assert_accessible(page)

    row.get_by_role("link", name=line).click()

    page.wait_for_load_state()
    assert page.locator(rows).count() == count
    assert_accessible(page)
