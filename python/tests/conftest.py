"""Fixtures: one real server per session, fresh agents per test."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from autogen_agentchat.base import TaskResult
from autogen_agentchat.messages import BaseChatMessage, ToolCallExecutionEvent
from autogen_core.models import FunctionExecutionResult

from purpleflea_autogen import PurpleFlea, RetryPolicy
from live_server import LiveServer, start_server

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))

SERVER_SETTINGS = {
    # Every test agent claims from 127.0.0.1; the per-address daily cap would stop the suite.
    "FAUCET_MAX_CLAIMS_PER_IP_PER_DAY": "0",
}
FAST_RETRY = RetryPolicy(retries=3, base_delay_s=0.01, max_delay_s=0.05)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = start_server(tmp_path_factory.mktemp("purpleflea-data"), SERVER_SETTINGS)
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(autouse=True)
def _profiles_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Examples save their agent in the local profile; each test gets its own file, never ~/.config."""
    monkeypatch.setenv("PURPLE_FLEA_PROFILES", str(tmp_path / "profiles.json"))


def username(prefix: str = "py") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


async def new_agent(server: LiveServer, *, funded: bool = True) -> PurpleFlea:
    """A freshly registered agent's client (owner key, every scope), with the faucet claimed."""
    async with PurpleFlea(base_url=server.url, retry=FAST_RETRY) as anonymous:
        registration = await anonymous.register(username())
    client = PurpleFlea(api_key=registration["api_key"], base_url=server.url, retry=FAST_RETRY)
    if funded:
        await client.claim_faucet()
    return client


@pytest.fixture
async def owner(server: LiveServer) -> AsyncIterator[PurpleFlea]:
    client = await new_agent(server)
    yield client
    await client.aclose()


def tool_results(result: TaskResult) -> list[FunctionExecutionResult]:
    """Every tool result of a run, in order."""
    return [r for m in result.messages if isinstance(m, ToolCallExecutionEvent) for r in m.content]


def speakers(result: TaskResult) -> list[str]:
    return [m.source for m in result.messages if isinstance(m, BaseChatMessage)]
