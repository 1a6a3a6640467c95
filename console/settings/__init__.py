"""Settings modules: `development` (manage.py's default), `production` (the servers' default,
console.wsgi and console.asgi), `test` and `sandbox`."""
