"""Sessions end after SESSION_COOKIE_AGE seconds without a request (SESSION_IDLE_TIMEOUT).

Every request renews the session, but at most once every renew_seconds() (a minute, or a tenth
of a shorter timeout): saving it on every page view (Django's SESSION_SAVE_EVERY_REQUEST) was a
database write per view, a quarter of the recordings list's time under load. A session therefore
ends at most that much sooner than SESSION_COOKIE_AGE seconds after its user's last request.
"""

import time

from django.conf import settings

from apps.accounts import signed_in

RENEW_SECONDS = 60
RENEWED = "_renewed"  # when the session was last saved for renewal (epoch seconds)


class SessionRenewalMiddleware:
    """Mark a signed-in session modified (so SessionMiddleware saves it with a new expiry and
    cookie) when it was last renewed renew_seconds() ago or more. Goes after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A background poll (the header's bell) sets request.renews_session = False: it is not
        # the person doing something, so it must not keep an idle session alive.
        if session is not None and not session.is_empty() and getattr(
            request, "renews_session", True
        ):
            now = int(time.time())
            if now - session.get(RENEWED, 0) >= renew_seconds():
                session[RENEWED] = now
                if getattr(request, "user", None) is not None and request.user.is_authenticated:
                    signed_in.seen(request)  # the sessions page's "last seen"
        return response


def renew_seconds():
    """Return how often a session in use is saved again: a minute, or a tenth of the timeout."""
    return min(RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 10)
