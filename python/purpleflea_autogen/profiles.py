"""The local profile: one saved agent key per server, so re-running a script reuses its agent
instead of registering a new one (and claiming the faucet again) each time.

The file is ``$PURPLE_FLEA_PROFILES`` if set, else ``$XDG_CONFIG_HOME/purpleflea/profiles.json``
(``~/.config/purpleflea/profiles.json`` without it); the TypeScript CLI ``purpleflea`` reads and
writes the same file: ``{"profiles": {"http://127.0.0.1:8080": {"api_key", "agent_id", "username"}}}``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TypedDict


class Profile(TypedDict):
    api_key: str
    agent_id: str
    username: str


def profiles_path() -> Path:
    override = os.environ.get("PURPLE_FLEA_PROFILES")
    if override:
        return Path(override)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "purpleflea" / "profiles.json"


def _read_all(path: Path) -> dict[str, Profile]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    profiles = document.get("profiles") if isinstance(document, dict) else None
    if not isinstance(profiles, dict):
        raise ValueError(f"{path} is not a Purple Flea profiles file (no \"profiles\" object)")
    return profiles


def load_profile(base_url: str) -> Profile | None:
    """The agent saved for the server at ``base_url`` (its root, e.g. ``http://127.0.0.1:8080``)."""
    return _read_all(profiles_path()).get(base_url.rstrip("/"))


def save_profile(base_url: str, profile: Profile) -> Path:
    """Saves (or replaces) the agent for ``base_url``; the file is readable by its owner only,
    since it holds keys. Returns the file's path."""
    path = profiles_path()
    profiles = {**_read_all(path), base_url.rstrip("/"): profile}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump({"profiles": profiles}, file, indent=2)
        file.write("\n")
    os.replace(partial, path)
    return path
