"""The server's entry point. Production settings unless DJANGO_SETTINGS_MODULE says otherwise:
a server started without configuration must refuse to start, never run development settings
(the sandbox and its keys mounted, cookies without Secure) for the public. manage.py, and so
`make run`, keeps development as its default."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "console.settings.production")
application = get_wsgi_application()

from apps.accounts import throttle  # noqa: E402  (needs the settings chosen above)

throttle.announce_store()  # once per server process: where login failures are counted
