"""The real TypeScript server as a child process on a free port, over a fresh data directory."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CLI = REPO_ROOT / "packages" / "server" / "bin" / "purpleflea.js"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def stop(self) -> None:
        """SIGTERM to the whole process group, SIGKILL if it lingers."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def database_settings() -> dict[str, str]:
    """On the PostgreSQL run (``scripts/with-postgres.ts``), the server uses the database it made."""
    url = os.environ.get("PF_TEST_DATABASE_URL")
    return {"DATABASE_URL": url} if url else {}


def start_server(data_dir: Path, settings: dict[str, str]) -> LiveServer:
    """Runs ``purpleflea serve --port 0`` and waits for its ``listening on`` line."""
    process = subprocess.Popen(
        ["node", str(CLI), "serve", "--port", "0", "--data-dir", str(data_dir)],
        cwd=REPO_ROOT,
        env={**os.environ, "LOG_LEVEL": "warn", **database_settings(), **settings},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    found = threading.Event()
    url: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            match = re.search(r"listening on (http://\S+)", line)
            if match and not url:
                url.append(match.group(1))
                found.set()
        found.set()

    threading.Thread(target=read, daemon=True).start()
    found.wait(START_TIMEOUT_S)
    if not url:
        process.kill()
        raise RuntimeError("the Purple Flea server did not start:\n" + "".join(output))
    return LiveServer(url[0], process, output)
