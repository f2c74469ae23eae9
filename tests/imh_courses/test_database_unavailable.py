import pytest
from django.db import OperationalError
from django.test import RequestFactory

from imh_courses.middleware import ServiceUnavailableMiddleware


def _middleware():
    return ServiceUnavailableMiddleware(lambda request: None)


def test_a_lost_database_answers_503_with_retry_after():
    response = _middleware().process_exception(
        RequestFactory().get("/dashboard/"), OperationalError("server closed the connection")
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "try again in a few seconds" in response.content.decode()


def test_other_errors_are_left_to_the_500_page():
    assert _middleware().process_exception(RequestFactory().get("/"), ValueError("bug")) is None


@pytest.mark.django_db
def test_a_view_losing_the_database_answers_503(client, monkeypatch):
    from modules import selectors

    def lost(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(selectors, "module_list", lost)
    response = client.get("/")
    assert response.status_code == 503
