import pytest
from django.core.cache import cache

from accounts.choices import Role
from certificates.signing import signing_pair_create
from tests.factories import PASSWORD, RegionFactory, UserFactory, user_with_role


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that empty every table when they end (browser and concurrency tests) last.

    Their flush also removes the data migrations' rows (regions, role groups). pytest-django
    orders them last, but pytest then regroups items by session-scoped parameters (Playwright's
    browser name), which can put them among ordinary tests.
    """

    def empties_the_database(item):
        marker = item.get_closest_marker("django_db")
        return bool(
            "transactional_db" in item.fixturenames
            or "live_server" in item.fixturenames
            or (marker is not None and marker.kwargs.get("transaction"))
        )

    items.sort(key=empties_the_database)


@pytest.fixture(scope="session")
def signing_pair(tmp_path_factory):
    """One development signing key and certificate for the whole run."""
    folder = tmp_path_factory.mktemp("signing")
    key_path, cert_path = folder / "key.pem", folder / "cert.pem"
    signing_pair_create(key_path=key_path, cert_path=cert_path, common_name="IMH test signing")
    return key_path, cert_path


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, signing_pair):
    # Argon2 is the real hasher; tests create many users and need no slow hashing. Files go
    # to a temporary folder; certificates are signed with a key made for this run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # rate limits and cached figures start afresh in every test
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_CERT = map(str, signing_pair)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "imh_courses.storage.PrivateFileStorage",
            "OPTIONS": {"location": str(tmp_path / "private-files")},
        },
    }


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def student(db):
    return user_with_role(Role.STUDENT)


@pytest.fixture
def other_student(db):
    return user_with_role(Role.STUDENT)


@pytest.fixture
def tutor(db):
    return user_with_role(Role.TUTOR)


@pytest.fixture
def course_administrator(db):
    return user_with_role(Role.COURSE_ADMINISTRATOR)


@pytest.fixture
def quality_lead(db):
    return user_with_role(Role.QUALITY_LEAD)


@pytest.fixture
def kpog_member(db):
    return user_with_role(Role.KPOG_MEMBER)


@pytest.fixture
def kpog_chair(db):
    return UserFactory(roles=[Role.KPOG_MEMBER, Role.KPOG_CHAIR])


@pytest.fixture
def region_a(db):
    return RegionFactory(code="east-midlands")


@pytest.fixture
def region_b(db):
    return RegionFactory(code="north-east")


@pytest.fixture
def commissioner(db, region_a):
    user = user_with_role(Role.COMMISSIONER)
    user.commissioned_regions.add(region_a)
    return user


@pytest.fixture
def commissioner_b(db, region_b):
    user = user_with_role(Role.COMMISSIONER)
    user.commissioned_regions.add(region_b)
    return user
