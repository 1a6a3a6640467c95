"""The house rules docs/architecture.md states, checked: short views, small modules, no app cycles."""

import ast
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ROOT / "apps"
MAX_MODULE_LINES = 300
MAX_VIEW_LINES = 40
# The sandbox's demo-data generation is data, not logic: long tables of phrases and seeds.
DATA_MODULES = {
    "apps/sandbox/generate.py",
    "apps/sandbox/phrases.py",
    "apps/sandbox/seed.py",
    "apps/sandbox/demo_data.py",
}


def _modules():
    for path in sorted(APPS.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" not in relative:
            yield relative, path


def test_no_module_is_longer_than_300_lines():
    long = {
        relative: count
        for relative, path in _modules()
        if relative not in DATA_MODULES
        and (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def _view_functions(tree):
    """Yield top-level functions of a views module that take a request (views and their helpers
    that answer one)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.args.args:
            if node.args.args[0].arg == "request" and not node.name.startswith("_"):
                yield node


def test_no_view_function_is_longer_than_40_lines():
    long = {}
    for relative, path in _modules():
        if "/views" not in relative or relative.startswith("apps/sandbox/"):
            continue
        for node in _view_functions(ast.parse(path.read_text())):
            body_lines = node.end_lineno - node.body[0].lineno + 1
            if body_lines > MAX_VIEW_LINES:
                long[f"{relative}:{node.name}"] = body_lines
    assert long == {}


def test_the_import_contracts_hold():
    """import-linter's contracts in pyproject.toml: layers, a pure client, independent sections."""
    lint = pathlib.Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.parametrize("layer", ["identitycall"])
def test_the_client_package_imports_neither_django_models_nor_other_apps(layer):
    for path in (APPS / layer).rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("django.db"), path
                assert not (node.module.startswith("apps.") and not node.module.startswith(
                    f"apps.{layer}")), f"{path}: {node.module}"
