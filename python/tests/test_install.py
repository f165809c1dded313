"""Acceptance 1: ``pip install ./python`` into a fresh venv gives an importable package with the
declared dependencies, and ``npm test`` runs this suite and fails when it fails."""

from __future__ import annotations

import json
import re
import subprocess
import venv
from pathlib import Path

from live_server import REPO_ROOT

PACKAGE = REPO_ROOT / "python"


def pinned_constraints(tmp_path: Path) -> Path:
    """requirements-test.txt as a pip constraints file (constraints take no extras)."""
    lines = (PACKAGE / "requirements-test.txt").read_text().splitlines()
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("\n".join(re.sub(r"\[[^\]]*\]", "", line) for line in lines) + "\n")
    return constraints


def test_pip_install_into_a_fresh_venv_then_import(tmp_path: Path) -> None:
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(PACKAGE),
            "-c",
            str(pinned_constraints(tmp_path)),
        ],
        check=True,
        timeout=600,
    )
    probe = (
        "import json, importlib.metadata as m, purpleflea_autogen as p;"
        "print(json.dumps({'file': p.__file__, 'tools': list(p.TOOL_NAMES), 'requires': m.requires('purpleflea-autogen')}))"
    )
    report = json.loads(subprocess.run([str(python), "-c", probe], check=True, capture_output=True, text=True).stdout)
    assert report["file"].startswith(str(env_dir))
    assert len(report["tools"]) == 14
    requires = set(report["requires"])
    assert {"httpx<1,>=0.27", "autogen-agentchat<0.8,>=0.7", "autogen-core<0.8,>=0.7"} <= requires
    assert {"autogen-ext[mcp]<0.8,>=0.7; extra == 'mcp'", "mcp<2,>=1.11; extra == 'mcp'"} <= requires
    assert not any(r.startswith("autogen-ext") and "extra ==" not in r for r in requires), "autogen-ext only as an extra"


def test_npm_test_runs_the_python_suite_and_fails_when_it_fails(tmp_path: Path) -> None:
    scripts = json.loads((REPO_ROOT / "package.json").read_text())["scripts"]
    assert "&& npm run test:python" in scripts["test"]
    # Once on SQLite, then again on a PostgreSQL that scripts/with-postgres.ts starts.
    assert scripts["test:python"] == "bash scripts/python-test.sh && tsx scripts/with-postgres.ts bash scripts/python-test.sh"
    failing = tmp_path / "test_fails_on_purpose.py"
    failing.write_text("def test_fails() -> None:\n    assert 1 == 2\n")
    run = subprocess.run(
        ["bash", "scripts/python-test.sh", str(failing)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed" in run.stdout
