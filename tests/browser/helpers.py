"""Steps the browser journeys share."""

import re

from tests.factories import PASSWORD

DEMO_PASSWORD = "kuf-demo"


def sign_in(page, base_url, email, lands_on, password=DEMO_PASSWORD):
    """Sign in afresh (cookies cleared) and wait for the page the role lands on (a path, or a
    pattern or predicate of the whole URL)."""
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lands_on if not isinstance(lands_on, str) else base_url + lands_on)


def sign_in_factory_user(page, base_url, user, lands_on):
    sign_in(page, base_url, user.email, lands_on, password=PASSWORD)


def run_admin_action(page, action, *references):
    """Tick the changelist rows showing `references` and run `action` on them."""
    for reference in references:
        page.locator("tr", has_text=reference).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    page.get_by_role("button", name="Run").click()
    page.wait_for_load_state()


def send_an_application(page):
    """Fill in the application form shown (a prison officer in the East Midlands) and send it;
    wait for the equality monitoring page that follows."""
    page.get_by_label("Organisation", exact=True).select_option(
        label="HMP Foston Hall (East Midlands)"
    )
    page.get_by_label("Job title").fill("Supervising officer")
    page.get_by_label("Sector").select_option(label="Prison")
    page.get_by_label("Region").select_option(label="East Midlands")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Your line manager's name").fill("Lee Manager")
    page.get_by_label("Your line manager's email address").fill("lee.manager@example.org")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_url(re.compile(r"/equality-monitoring/$"))
