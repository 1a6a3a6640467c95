"""The client address of a request, for the login throttle and the audit log.

REMOTE_ADDR is the peer that opened the connection. Behind a reverse proxy that is the proxy, so
set TRUST_X_FORWARDED_FOR=1 there: the address is then the last X-Forwarded-For entry, the one
the proxy itself appended (earlier entries come from the client and can be forged).
"""

from collections.abc import Mapping
from ipaddress import ip_address

from django.conf import settings


def client_address(meta: Mapping) -> str | None:
    """Return the client's IP address from request.META (or a WSGI environ); None if unknown."""
    candidate = meta.get("REMOTE_ADDR")
    if settings.LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR:
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        candidate = next((hop for hop in reversed(hops) if hop), candidate)
    return valid_address(candidate)


def valid_address(candidate) -> str | None:
    """Return candidate normalised when it is an IPv4 or IPv6 address, else None."""
    try:
        return str(ip_address((candidate or "").strip()))
    except ValueError:
        return None
