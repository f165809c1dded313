"""The package and the examples pass ``mypy --strict``."""

from __future__ import annotations

import subprocess
import sys

from live_server import REPO_ROOT


def test_mypy_strict() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(REPO_ROOT / ".venv" / "mypy-cache"),
            "purpleflea_autogen",
            "examples",
        ],
        cwd=REPO_ROOT / "python",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
