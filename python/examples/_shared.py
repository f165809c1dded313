"""What every example shares: the model (OpenAI, Azure OpenAI or an offline script), the
connection to Purple Flea, and the command line.

Each example module defines ``TASK``, ``OFFLINE`` (one script per agent, and for the selector) and
``team(pf, model_for)``: an async context manager that yields the agent or team to run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Union

from autogen_agentchat.base import TaskRunner
from autogen_agentchat.ui import Console
from autogen_core.models import ChatCompletionClient, CreateResult
from autogen_ext.models.replay import ReplayChatCompletionClient

from purpleflea_autogen import PurpleFlea
from purpleflea_autogen.replay import scripted_model

Script = Sequence[Union[str, CreateResult]]
ModelFor = Callable[[str], ChatCompletionClient]
"""The model for one agent, by agent name: online all agents share one, offline each replays its script."""
TeamFactory = Callable[[PurpleFlea, ModelFor], AbstractAsyncContextManager[TaskRunner]]


def online_model() -> ChatCompletionClient | None:
    """Azure OpenAI when ``AZURE_OPENAI_API_KEY`` is set (with ``AZURE_OPENAI_ENDPOINT`` and
    ``AZURE_OPENAI_DEPLOYMENT``), else OpenAI when ``OPENAI_API_KEY`` is set; None otherwise.
    Needs ``pip install "purpleflea-autogen[openai]"``."""
    if os.environ.get("AZURE_OPENAI_API_KEY"):
        from autogen_ext.models.openai import AzureOpenAIChatCompletionClient

        return AzureOpenAIChatCompletionClient(
            azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
            azure_deployment=os.environ["AZURE_OPENAI_DEPLOYMENT"],
            model=os.environ.get("AZURE_OPENAI_MODEL", "gpt-4o-mini"),
            api_version=os.environ.get("AZURE_OPENAI_API_VERSION", "2024-10-21"),
            api_key=os.environ["AZURE_OPENAI_API_KEY"],
        )
    if os.environ.get("OPENAI_API_KEY"):
        from autogen_ext.models.openai import OpenAIChatCompletionClient

        return OpenAIChatCompletionClient(model=os.environ.get("OPENAI_MODEL", "gpt-4o-mini"))
    return None


class OfflineModels:
    """Hands each agent a ``ReplayChatCompletionClient`` playing its script from ``OFFLINE``."""

    def __init__(self, scripts: Mapping[str, Script]) -> None:
        self.scripts = scripts
        self.clients: dict[str, ReplayChatCompletionClient] = {}

    def __call__(self, name: str) -> ChatCompletionClient:
        self.clients[name] = scripted_model(*self.scripts[name])
        return self.clients[name]

    def unplayed(self) -> dict[str, int]:
        """Turns left per script; an empty dict means every script was played to its end."""
        left = {name: len(client.chat_completions) - len(client.create_calls) for name, client in self.clients.items()}
        return {name: n for name, n in left.items() if n}


async def connect() -> PurpleFlea:
    """``PURPLE_FLEA_API_KEY`` if set; otherwise registers a fresh agent and claims its faucet.
    The server is ``PURPLE_FLEA_BASE_URL`` (default http://127.0.0.1:8080, start it with ``npm start``)."""
    if os.environ.get("PURPLE_FLEA_API_KEY"):
        return PurpleFlea()
    async with PurpleFlea() as anonymous:
        registration = await anonymous.register(f"autogen-{uuid.uuid4().hex[:12]}")
    pf = PurpleFlea(api_key=registration["api_key"])
    await pf.claim_faucet()
    return pf


def main(team: TeamFactory, task: str, offline_scripts: Mapping[str, Script]) -> None:
    """Command line of every example: a real model when a key is set, else (or with --offline)
    the example's scripted models; the conversation streams to the terminal."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--offline", action="store_true", help="replay the example's scripts even if a model key is set")
    parser.add_argument("--task", default=task, help="what to ask the agents (real models only)")
    args = parser.parse_args()
    online = None if args.offline else online_model()
    if online is None and args.task != task:
        parser.error("--task needs a real model (set OPENAI_API_KEY or AZURE_OPENAI_*)")

    async def run() -> None:
        async with await connect() as pf:
            model_for: ModelFor = (lambda _name: online) if online else OfflineModels(offline_scripts)
            async with team(pf, model_for) as runner:
                result = await Console(runner.run_stream(task=args.task))
            print(f"\nstop reason: {result.stop_reason}")

    asyncio.run(run())
