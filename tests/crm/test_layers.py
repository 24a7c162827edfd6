"""The layer contract (pyproject.toml, checked by `lint-imports` in `make test`) holds for the
tree, and would catch an app importing one above it: run on a copy of the tree with one
upward import added, it fails and names it."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# The packages the contract names (pyproject.toml's root_packages), so that a new app is
# copied too.
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("*.pyc"))
    return tree


def test_the_tree_keeps_the_layer_contract(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contract(tmp_path):
    tree = _copy(tmp_path)
    (tree / "parties" / "probe.py").write_text("from events import selectors  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "parties is not allowed to import events" in result.stdout
    assert "parties.probe -> events.selectors" in result.stdout


def test_the_core_imports_no_app(tmp_path):
    tree = _copy(tmp_path)
    (tree / "crm" / "probe.py").write_text("import parties.models  # noqa\n")
    result = _lint(tree)
    assert "crm is not allowed to import parties" in result.stdout
