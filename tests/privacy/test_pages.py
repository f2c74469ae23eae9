import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/privacy/"])
def test_every_page_links_to_the_privacy_notice_and_accessibility_statement(client, path):
    content = client.get(path).content.decode()
    assert 'href="/privacy/"' in content and 'href="/accessibility/"' in content


def test_the_privacy_notice_gives_the_periods_of_the_settings(client, settings):
    settings.RETENTION_SCRIPTS_DAYS = 730
    settings.RETENTION_EQUALITY_DAYS = 90
    content = client.get("/privacy/").content.decode()
    assert "Assignment and feedback files: 2 years after" in content
    assert "reasonable adjustments: 90 days after" in content
    assert "anonymised 6 years after" in content


def test_the_accessibility_statement_names_its_standard_and_known_gaps(client):
    response = client.get("/accessibility/")
    content = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "WCAG" in content and "2.2" in content
    assert "have not been tested with screen readers" in content


def test_the_account_page_offers_the_data_download(client, student):
    client.force_login(student)
    content = client.get("/account/").content.decode()
    assert student.email in content and 'href="/account/my-data.zip"' in content


def test_the_privacy_notice_says_why_marks_are_held_back_until_release(client):
    text = " ".join(client.get("/privacy/").content.decode().split())
    assert "While your assignment is being marked, the download says so" in text
    assert "exam script exemption" in text
