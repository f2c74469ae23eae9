from pathlib import Path


def test_commissioner_filters_and_downloads_a_report(
    live_server, demo_data, page, assert_accessible
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("commissioner@example.org")
    page.get_by_label("Password").fill("kuf-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/reports/")
    assert_accessible(page)
    page.get_by_role("link", name="Learners trained").click()
    page.get_by_label("Sector").select_option(label="Prison")
    page.get_by_role("button", name="Show").click()
    assert_accessible(page)
    assert page.get_by_role("cell", name="HMP Foston Hall").first.is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("learners-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Name,Organisation,Sector")
    assert "HMP Foston Hall" in text
    assert "Low Newton" not in text and "Durham" not in text  # the North East's
    page.goto(live_server.url + "/reports/funnel/?date_from=2026-09-01&date_to=2026-08-01")
    assert page.get_by_text("The end date is before the start date.").is_visible()
    assert_accessible(page)
