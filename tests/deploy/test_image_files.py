"""The image and compose files, checked without a Docker engine: compose's commands are the
entrypoint's roles and real manage.py commands, the Dockerfile builds offline with the code
read-only to its user and no pip, the build context leaves tests and CI out, and production's
static files hold no test-only asset."""

import os
import re
import subprocess

import pytest
import yaml
from django.core.management import get_commands

from tests.deploy.processes import ROOT, run_manage
from tests.deploy.services import production_env

ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
CONSOLE_IMAGE = "identitycall-console:latest"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    return (ROOT / "Dockerfile").read_text()


def entrypoint_roles():
    """The role names the entrypoint's `case` handles (its catch-all aside)."""
    return set(re.findall(r"^  ([a-z-]+)\)$", ENTRYPOINT.read_text(), flags=re.M))


def console_services(compose):
    return {name: service for name, service in compose["services"].items()
            if service.get("image") == CONSOLE_IMAGE}


def test_compose_runs_web_worker_migrate_and_the_three_stores(compose):
    assert {"web", "worker", "migrate", "postgres", "redis", "s3"} <= set(compose["services"])
    assert set(console_services(compose)) >= {"web", "worker", "migrate"}


def test_every_console_service_command_is_a_role_of_the_entrypoint(compose):
    roles = entrypoint_roles()
    assert roles == {"web", "worker", "migrate", "bucket"}
    for name, service in console_services(compose).items():
        assert service["command"][0] in roles, name


def test_the_roles_and_health_checks_run_real_manage_py_commands(compose):
    commands = get_commands()
    for used in re.findall(r"python manage\.py ([a-z_]+)", ENTRYPOINT.read_text()):
        assert used in commands, used
    for name, service in compose["services"].items():
        check = service.get("healthcheck", {}).get("test", [])
        if "manage.py" in check:
            assert check[check.index("manage.py") + 1] in commands, name


def test_web_and_worker_start_only_after_a_successful_migrate_and_healthy_stores(compose):
    services = compose["services"]
    for name in ("web", "worker"):
        needs = services[name]["depends_on"]
        assert needs["migrate"] == {"condition": "service_completed_successfully"}
        for store in ("postgres", "redis"):
            assert needs[store] == {"condition": "service_healthy"}
            assert "test" in services[store]["healthcheck"]
        assert "test" in services[name]["healthcheck"]
    assert services["migrate"]["restart"] == "no"


def test_console_containers_run_with_a_read_only_root_filesystem(compose):
    for name, service in console_services(compose).items():
        assert service["read_only"] is True, name
        assert "console-data:/var/lib/console" in service["volumes"], name


def test_the_dockerfile_needs_no_frontend_from_a_registry(dockerfile):
    assert not re.search(r"^#\s*syntax\s*=", dockerfile, flags=re.M | re.I)


def test_the_code_belongs_to_root_and_only_the_data_directory_to_the_runtime_user(dockerfile):
    copies = [line for line in dockerfile.splitlines() if line.startswith("COPY")]
    assert copies and not any("--chown" in line for line in copies), copies
    assert re.search(r"chown -R console:console /var/lib/console\s", dockerfile)
    assert dockerfile.count("chown") == 1
    assert re.search(r"^USER console$", dockerfile, flags=re.M)


def test_the_runtime_image_drops_pip(dockerfile):
    runtime = dockerfile.split("AS app", 1)[1]
    assert "python -m pip uninstall --yes pip" in runtime  # the base image's own pip
    assert "rm -rf /usr/local/lib/python3.12/ensurepip" in runtime
    build = dockerfile.split("AS app", 1)[0]
    assert "/opt/venv/bin/python -m pip uninstall --yes pip" in build  # the copied venv's pip
    assert "pip install" not in runtime


def test_the_image_starts_through_the_entrypoint_as_web_by_default(dockerfile):
    assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in dockerfile
    assert 'CMD ["web"]' in dockerfile
    assert os.access(ENTRYPOINT, os.X_OK), "docker/entrypoint.sh must be executable"


def dockerignore():
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return {line.strip().rstrip("/") for line in lines if line.strip() and not line.startswith("#")}


def test_the_build_context_leaves_out_tests_benchmarks_ci_and_local_state():
    assert {"tests", "bench", ".ci", ".git", ".venv", "var", "docs"} <= dockerignore()
    needed = {"apps", "console", "templates", "static", "docker", "manage.py", "requirements.txt"}
    assert not needed & dockerignore()


def test_production_static_files_hold_no_test_only_asset(tmp_path):
    env = production_env(STATIC_ROOT=str(tmp_path / "static"), CONSOLE_VAR_DIR=str(tmp_path))

    run_manage("collectstatic", "--noinput", env=env)

    collected = [path.relative_to(tmp_path / "static").as_posix()
                 for path in (tmp_path / "static").rglob("*") if path.is_file()]
    assert any(name.startswith("vendor/htmx/") for name in collected)  # the collection ran
    assert not [name for name in collected if "axe" in name.lower()]
    assert not (ROOT / "static" / "vendor" / "axe-core").exists()


def test_gunicorn_accepts_the_web_roles_command_line(tmp_path):
    env = production_env(CONSOLE_VAR_DIR=str(tmp_path))

    checked = subprocess.run([str(ENTRYPOINT), "web", "--check-config"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr

    # The check is real: a flag this gunicorn does not know is refused the same way.
    refused = subprocess.run([str(ENTRYPOINT), "web", "--check-config", "--no-such-flag"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "--no-such-flag" in refused.stderr


def test_every_variable_compose_sets_is_one_the_console_reads(compose):
    read = "".join(path.read_text() for path in (ROOT / "console").rglob("*.py"))
    read += ENTRYPOINT.read_text()
    for name in compose["x-console"]["environment"]:
        assert name.startswith("AWS_") or f'"{name}"' in read or f"${{{name}" in read, name


def test_composes_storage_url_is_one_the_console_accepts(compose):
    from console.object_storage import default_storage_from_url

    url = compose["x-console"]["environment"]["AUDIO_STORAGE_URL"]
    storage = default_storage_from_url(url)
    assert storage["OPTIONS"]["bucket_name"] == "console-audio"
    assert storage["OPTIONS"]["endpoint_url"] == "http://s3:8333"
