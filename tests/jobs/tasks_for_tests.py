"""Tasks that exist only for the engine's tests."""

from django.core.cache import cache
from django.tasks import task


@task
def count_run(name):
    """Count one run of `name` in the cache."""
    cache.incr(f"ran:{name}", 1) if cache.get(f"ran:{name}") else cache.set(f"ran:{name}", 1)


@task
def tick():
    """A periodic task that does nothing."""
