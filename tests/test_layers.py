"""Layers only look down: the import-linter contracts of pyproject.toml hold, and they can break."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the package in `root`, with pyproject.toml's contracts."""
    return subprocess.run([str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root,
                          capture_output=True, text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          timeout=300)


def test_the_contracts_are_kept():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "exemplar_site", tmp_path / "exemplar_site", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(module: Path, line: str) -> None:
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("from __future__ import annotations\n",
                                   f"from __future__ import annotations\n\n{line}\n", 1), encoding="utf-8")


def test_an_import_that_climbs_breaks_the_layers(tmp_path):
    root = copy_of_the_package(tmp_path)
    add_import(root / "exemplar_site/content/load.py", "from ..commands import new  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1 and "Layers only look down BROKEN" in result.stdout
    assert "exemplar_site.content.load -> exemplar_site.commands.new" in result.stdout


def test_a_product_importing_another_breaks_their_independence(tmp_path):
    root = copy_of_the_package(tmp_path)
    add_import(root / "exemplar_site/print/plan.py", "from ..web import search  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1 and "The products are independent of each other BROKEN" in result.stdout


def test_the_build_naming_a_product_breaks_the_contract(tmp_path):
    root = copy_of_the_package(tmp_path)
    add_import(root / "exemplar_site/builder.py", "from .print import pdf  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1 and "The build names no product: it runs the product list BROKEN" in result.stdout
