"""Fixtures for the sandbox tests: keys of each kind, a project, a clean rate-limit cache."""

import pytest
from django.core.cache import cache

from apps.sandbox.seed import create_key
from tests.sandbox.builders import Api, make_project


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def project(db):
    return make_project()


@pytest.fixture
def other_project(db):
    return make_project(name="Sales LT", language="lt")


@pytest.fixture
def api(client, db):
    """An account-wide key with every permission."""
    return Api(client, create_key(label="full-test"))


@pytest.fixture
def scoped_api(client, project):
    """A project-scoped key (read, write, delete) bound to `project`."""
    return Api(client, create_key(project=project, label="scoped-test"))


@pytest.fixture
def api_with(client, db):
    """Return an Api for a new key: api_with(read=..., write=..., delete=..., project=...)."""

    def build(**flags):
        return Api(client, create_key(**flags))

    return build
