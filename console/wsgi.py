import os

from django.core.wsgi import get_wsgi_application

from apps.accounts import throttle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "console.settings.development")
application = get_wsgi_application()
throttle.announce_store()  # once per server process: where login failures are counted
