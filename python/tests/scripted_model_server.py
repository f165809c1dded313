"""The TypeScript scripted model (packages/agent-tools) as a child process: an OpenAI-compatible
chat-completions server on 127.0.0.1 whose roles, one per model name, play a team from what the
Purple Flea tools answer. The same roles drive the TypeScript examples."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from live_server import REPO_ROOT, START_TIMEOUT_S

SERVE = REPO_ROOT / "packages" / "agent-tools" / "src" / "testing" / "serve.ts"


@contextmanager
def scripted_model(module: Path, export: str = "roles") -> Iterator[str]:
    """Serves the roles a TypeScript module exports; yields the base URL (``.../v1``)."""
    process = subprocess.Popen(
        ["node", "--import", "tsx", str(SERVE), str(module), export],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        for line in process.stdout:
            lines.append(line)
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                yield match.group(1)
                return
        raise RuntimeError("the scripted model did not start:\n" + "".join(lines))
    finally:
        process.terminate()
        try:
            process.wait(START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
