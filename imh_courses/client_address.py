"""The address a request came from. Behind load balancers REMOTE_ADDR is the last proxy's:
each trusted proxy appends the address it saw to X-Forwarded-For, so with TRUSTED_PROXY_COUNT
proxies the client is that many entries from the end. Entries before it are whatever the
client sent, and are ignored."""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        return remote  # it did not come through all our proxies
    address = forwarded[-proxies]
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return remote
    return address
