"""The client's address through trusted load balancers: what the client itself wrote in
X-Forwarded-For is never believed."""

import pytest
from django.test import RequestFactory

from imh_courses.client_address import client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "client"),
    [
        (0, "203.0.113.9", "198.51.100.1", "198.51.100.1"),  # no proxies: the header is ignored
        (1, "203.0.113.9", "10.0.0.2", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "10.0.0.2", "203.0.113.9"),  # the client's own claim first
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2", "10.0.0.2"),  # came through fewer proxies than trusted
        (1, "not-an-address", "10.0.0.2", "10.0.0.2"),
        (1, "", "10.0.0.2", "10.0.0.2"),
        (1, "2001:db8::7", "10.0.0.2", "2001:db8::7"),
    ],
)
def test_the_client_is_read_through_the_trusted_proxies(
    settings, proxies, forwarded, remote, client
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_address(request) == client
