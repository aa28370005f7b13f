"""The layer and context rules are enforced by import-linter; prove the contracts can fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def run_lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        env={"PYTHONPATH": str(project / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_the_code_keeps_the_contracts(tmp_path: Path) -> None:
    result = run_lint_imports(copy_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_importing_sqlalchemy_breaks_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "src" / "domain" / "shared" / "leak.py").write_text("import sqlalchemy  # noqa\n")
    result = run_lint_imports(project)
    assert result.returncode != 0
    assert "The domain core uses only the standard library" in result.stdout
    assert "BROKEN" in result.stdout


def test_a_lower_context_importing_a_higher_one_breaks_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "src" / "domain" / "schools" / "leak.py").write_text("import domain.training.schedules  # noqa\n")
    result = run_lint_imports(project)
    assert result.returncode != 0
    assert "Bounded contexts" in result.stdout
