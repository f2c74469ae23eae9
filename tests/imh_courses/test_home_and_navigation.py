import pytest
from django.urls import reverse

from accounts.choices import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

ROLE_HOMES = [
    (Role.STUDENT, "enrolment:dashboard"),
    (Role.TUTOR, "admin:index"),
    (Role.COURSE_ADMINISTRATOR, "admin:index"),
    (Role.QUALITY_LEAD, "oversight:dashboard"),
    (Role.KPOG_MEMBER, "oversight:dashboard"),
    (Role.COMMISSIONER, "reports:index"),
]


@pytest.mark.parametrize(("role", "url_name"), ROLE_HOMES)
def test_home_sends_each_role_to_its_start_page(client, role, url_name):
    client.force_login(user_with_role(role))
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"] == reverse(url_name)


def test_home_without_role_goes_to_catalogue(client):
    client.force_login(UserFactory())
    assert client.get("/home/")["Location"] == reverse("catalogue")


def test_home_needs_sign_in(client):
    assert client.get("/home/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.STUDENT, ["My courses"], ["Oversight", "Reports", "Administration"]),
        (Role.COMMISSIONER, ["Reports"], ["Oversight", "My courses", "Administration"]),
        (Role.QUALITY_LEAD, ["Oversight", "Reports"], ["My courses", "Administration"]),
        (Role.COURSE_ADMINISTRATOR, ["Administration", "Oversight", "Reports"], ["My courses"]),
    ],
)
def test_navigation_shows_each_role_what_it_may_use(client, role, shown, hidden):
    client.force_login(user_with_role(role))
    html = client.get("/").content.decode()
    nav = html[html.index('aria-label="Main"') : html.index("</nav>")]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav


def test_layout_has_skip_link_landmarks_and_open_university_statement(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<footer" in html
    assert "not validated by the Open University" in html
