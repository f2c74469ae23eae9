"""Staff open on what waits for them: each count a link to exactly those items."""

import re

import pytest

from tests.browser.helpers import sign_in


@pytest.mark.parametrize(
    ("email", "line"),
    [
        ("tutor@example.org", "All your scripts still to mark"),
        ("admin@example.org", "Applications to decide"),
        ("admin@example.org", "Marks to approve for release"),
    ],
)
def test_a_count_on_the_home_leads_to_its_list(
    live_server, demo_data, page, assert_accessible, email, line
):
    sign_in(page, live_server.url, email, "/admin/")
    todo = page.get_by_role("table", name="What waits for you")
    row = todo.get_by_role("row", name=re.compile(line))
    count = int(row.get_by_role("cell").inner_text())
    assert count > 0
    assert_accessible(page)

    row.get_by_role("link", name=line).click()

    page.wait_for_load_state()
    assert page.locator("#result_list tbody tr").count() == count
    assert_accessible(page)
