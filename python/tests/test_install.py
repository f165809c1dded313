"""Acceptance: ``python -m build`` makes a wheel and an sdist with full metadata; the wheel, with the
``examples`` extra, installs into a fresh venv without the network (from the wheelhouse that
scripts/python-test.sh fills) and runs an example; ``npm test`` runs this suite and fails when it fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import venv
from pathlib import Path

import pytest

from live_server import REPO_ROOT, LiveServer

PACKAGE = REPO_ROOT / "python"
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"


def build(out: Path) -> tuple[Path, Path]:
    """Wheel and sdist, built as a release would be, with this venv's ``build`` and hatchling."""
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(PACKAGE)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("*.whl")), next(out.glob("*.tar.gz"))


# Packaging does not depend on the engine: the PostgreSQL pass of the suite skips this 35 s test.
@pytest.mark.skipif(bool(os.environ.get("PF_TEST_DATABASE_URL")), reason="runs once, on the SQLite pass")
def test_the_wheel_installs_offline_in_a_fresh_venv_and_runs_an_example(tmp_path: Path, server: LiveServer) -> None:
    wheel, sdist = build(tmp_path / "dist")
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index"]
    subprocess.run(
        [str(python), *install, "--find-links", str(WHEELHOUSE), f"purpleflea-autogen[examples] @ {wheel.as_uri()}"],
        check=True,
        timeout=600,
    )
    probe = (
        "import json, importlib.metadata as m, purpleflea_autogen as p;"
        "md = m.metadata('purpleflea-autogen');"
        "print(json.dumps({'file': p.__file__, 'tools': list(p.TOOL_NAMES), 'requires': m.requires('purpleflea-autogen'),"
        "'license': md['License-Expression'], 'author': md['Author'], 'urls': md.get_all('Project-URL'),"
        "'classifiers': md.get_all('Classifier'), 'readme': md.get_payload()[:40]}))"
    )
    report = json.loads(subprocess.run([str(python), "-c", probe], check=True, capture_output=True, text=True).stdout)
    assert report["file"].startswith(str(env_dir))
    assert "purpleflea_create_proposal" in report["tools"]
    assert (report["license"], report["author"]) == ("MIT", "Purple Flea contributors")
    assert any(url.startswith("Repository, https://") for url in report["urls"])
    assert "Programming Language :: Python :: 3.10" in report["classifiers"]
    assert report["readme"].startswith("# purpleflea-autogen")
    requires = set(report["requires"])
    assert {"httpx<1,>=0.27", "autogen-agentchat<0.8,>=0.7", "autogen-core<0.8,>=0.7"} <= requires
    assert "autogen-ext[mcp,openai]<0.8,>=0.7; extra == 'examples'" in requires
    assert not any(r.startswith("autogen-ext") and "extra ==" not in r for r in requires), "autogen-ext only as an extra"

    # The examples ship in the sdist; one runs from there, on the fresh venv alone.
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "sdist", filter="data")
    example = next((tmp_path / "sdist").glob("*/examples/quickstart.py"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "PURPLE_FLEA_", "PYTHON"))}
    run = subprocess.run(
        [str(python), str(example), "--offline"],
        env={**env, "PURPLE_FLEA_BASE_URL": server.url, "PURPLE_FLEA_PROFILES": str(tmp_path / "profiles.json")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "purpleflea_trade" in run.stdout and "stop reason: " in run.stdout
    assert run.stderr == "", "no warning noise"


def test_npm_test_runs_the_python_suite_and_fails_when_it_fails(tmp_path: Path) -> None:
    scripts = json.loads((REPO_ROOT / "package.json").read_text())["scripts"]
    assert "&& npm run test:python" in scripts["test"]
    # On SQLite and, at the same time, on a PostgreSQL that scripts/with-postgres.ts starts.
    assert scripts["test:python"] == "bash scripts/python-test-engines.sh"
    engines = (REPO_ROOT / "scripts" / "python-test-engines.sh").read_text()
    assert "bash scripts/python-test.sh 2>&1" in engines
    assert "scripts/with-postgres.ts bash scripts/python-test.sh" in engines
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
