import pytest

# Each demo account, the page it should land on, and a heading that page shows.
DEMO_HOMES = [
    ("student@example.org", "/dashboard/", "My courses"),
    ("student2@example.org", "/dashboard/", "My courses"),
    ("tutor@example.org", "/admin/", "Courses, marking and certificates"),
    ("tutor2@example.org", "/admin/", "Courses, marking and certificates"),
    ("admin@example.org", "/admin/", "Courses, marking and certificates"),
    ("quality@example.org", "/oversight/", "Oversight dashboard"),
    ("kpog@example.org", "/oversight/", "Oversight dashboard"),
    ("kpog.chair@example.org", "/oversight/", "Oversight dashboard"),
    ("commissioner@example.org", "/reports/", "Reports"),
    ("commissioner.north@example.org", "/reports/", "Reports"),
]


@pytest.mark.parametrize(("email", "path", "heading"), DEMO_HOMES)
def test_demo_role_signs_in_and_lands_on_own_home(
    live_server, demo_data, page, assert_accessible, email, path, heading
):
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("kuf-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + path)
    assert page.get_by_role("heading", level=1).first.inner_text() == heading
    assert_accessible(page)


def test_public_pages_are_accessible(live_server, demo_data, page, assert_accessible):
    for path in [
        "/",
        "/modules/engaging-effectively-with-offenders-with-personality-disorder/",
        "/modules/women-gender-and-personality-disorder/",
        "/accounts/register/",
        "/accounts/password/reset/",
        "/accounts/confirm/resend/",
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(live_server, demo_data, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_oversight_dashboard_and_a_review_are_accessible(
    live_server, demo_data, page, assert_accessible
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("kpog@example.org")
    page.get_by_label("Password").fill("kuf-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/oversight/")
    page.get_by_label("Financial year").select_option(index=1)
    page.get_by_role("button", name="Show").click()
    assert_accessible(page)
    page.get_by_role("link", name="Reviews").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Quality Lead review of the running cohorts").click()
    page.get_by_label("Your comment").fill("Please add the attendance by region.")
    page.get_by_role("button", name="Comment").click()
    assert page.get_by_text("Please add the attendance by region.").is_visible()
    assert_accessible(page)
    pack = page.request.get(
        live_server.url + page.get_by_role("link", name="Review pack (PDF)").get_attribute("href")
    )
    assert pack.headers["content-type"] == "application/pdf"
    assert pack.body().startswith(b"%PDF-")
    page.goto(live_server.url + "/oversight/actions/")
    assert page.get_by_text("Report figures by sector at the next meeting").is_visible()
    assert_accessible(page)


def test_kpog_chair_opens_writes_and_signs_off_a_committee_review(
    live_server, demo_data, page, assert_accessible
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("kpog.chair@example.org")
    page.get_by_label("Password").fill("kuf-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/oversight/")
    page.goto(live_server.url + "/oversight/reviews/new/")
    assert_accessible(page)
    page.get_by_label("Title").fill("KPOG extraordinary meeting")
    page.get_by_label("Meeting date").fill("14/01/2027")
    page.get_by_role("button", name="Open the review").click()
    page.get_by_label("Findings").fill("Waiting lists are growing in the North West.")
    page.get_by_role("button", name="Save").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign off the review").click()
    assert page.get_by_text("Signed off", exact=True).is_visible()
    assert page.get_by_text("Waiting lists are growing in the North West.").is_visible()
    assert_accessible(page)
