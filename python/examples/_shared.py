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
from typing import Any

from autogen_agentchat.base import TaskRunner
from autogen_agentchat.ui import Console
from autogen_core.models import ChatCompletionClient
from autogen_ext.models.replay import ReplayChatCompletionClient

from purpleflea_autogen import PurpleFlea, PurpleFleaError
from purpleflea_autogen.profiles import Profile, load_profile, save_profile
from purpleflea_autogen.replay import TOOL_CALLING, Turn, scripted_model

Script = Sequence[Turn]
ModelFor = Callable[[str], ChatCompletionClient]
"""The model for one agent, by agent name: online all agents share one, offline each replays its script."""
TeamFactory = Callable[[PurpleFlea, ModelFor], AbstractAsyncContextManager[TaskRunner]]


def online_model() -> ChatCompletionClient | None:
    """Azure OpenAI when ``AZURE_OPENAI_API_KEY`` is set (with ``AZURE_OPENAI_ENDPOINT`` and
    ``AZURE_OPENAI_DEPLOYMENT``), else OpenAI or a compatible server when ``OPENAI_API_KEY`` or
    ``OPENAI_BASE_URL`` is set (model ``OPENAI_MODEL``, default gpt-4o-mini); None otherwise.
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
    if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
        return openai_model(
            os.environ.get("OPENAI_MODEL", "gpt-4o-mini"), os.environ.get("OPENAI_BASE_URL"), os.environ.get("OPENAI_API_KEY")
        )
    return None


def openai_model(model: str, base_url: str | None = None, api_key: str | None = None) -> ChatCompletionClient:
    """OpenAI, or any server with its chat-completions API (``base_url``: Ollama's
    ``http://127.0.0.1:11434/v1``, vLLM, LM Studio). AutoGen knows the abilities of OpenAI's own
    model names only; any other name (``llama3.1``) is declared a tool-calling model of unknown family."""
    from autogen_ext.models.openai import OpenAIChatCompletionClient

    options: dict[str, Any] = {"model": model, "base_url": base_url, "api_key": api_key or ("unused" if base_url else None)}
    try:
        return OpenAIChatCompletionClient(**{k: v for k, v in options.items() if v is not None})
    except ValueError as error:
        if "model_info" not in str(error):
            raise
        return OpenAIChatCompletionClient(**{k: v for k, v in options.items() if v is not None}, model_info=TOOL_CALLING)


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
    """``PURPLE_FLEA_API_KEY`` if set; else the agent saved for this server in the local profile
    (see ``purpleflea_autogen.profiles``); else a new agent, saved there, with its faucet claimed.
    So a second run reuses the first run's agent and claims nothing. The server is
    ``PURPLE_FLEA_BASE_URL`` (default http://127.0.0.1:8080, start it with ``npm start``)."""
    if os.environ.get("PURPLE_FLEA_API_KEY"):
        return PurpleFlea()
    async with PurpleFlea() as anonymous:
        base_url = anonymous.base_url
        saved = load_profile(base_url)
        if saved and await _still_known(base_url, saved["api_key"]):
            return PurpleFlea(api_key=saved["api_key"])
        registration = await anonymous.register(f"autogen-{uuid.uuid4().hex[:12]}")
    profile = Profile(api_key=registration["api_key"], agent_id=registration["agent_id"], username=registration["username"])
    path = save_profile(base_url, profile)
    print(f"registered {registration['username']}; its key is saved in {path}")
    pf = PurpleFlea(api_key=registration["api_key"])
    try:
        await pf.claim_faucet()
    except PurpleFleaError as error:
        # The per-address cap or a claim made before: the agent goes on with what it has.
        if error.code not in ("faucet_ip_limit_reached", "faucet_already_claimed"):
            raise
        print(f"faucet not claimed: {error.code} ({error.message})")
    return pf


async def _still_known(base_url: str, api_key: str) -> bool:
    """Whether the server still takes a saved key (a server started on a new data dir does not)."""
    async with PurpleFlea(api_key=api_key, base_url=base_url) as pf:
        try:
            await pf.get_balance()
        except PurpleFleaError as error:
            if error.status != 401:
                raise
            return False
    return True


def main(team: TeamFactory, task: str, offline_scripts: Mapping[str, Script]) -> None:
    """Command line of every example: a real model when a key is set, else (or with --offline)
    the example's scripted models; the conversation streams to the terminal."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--offline", action="store_true", help="replay the example's scripts even if a model key is set")
    parser.add_argument("--task", default=task, help="what to ask the agents (real models only)")
    args = parser.parse_args()
    online = None if args.offline else online_model()
    if online is None and args.task != task:
        parser.error("--task needs a real model (set OPENAI_API_KEY, OPENAI_BASE_URL or AZURE_OPENAI_*)")

    async def run() -> None:
        async with await connect() as pf:
            model_for: ModelFor = (lambda _name: online) if online else OfflineModels(offline_scripts)
            async with team(pf, model_for) as runner:
                result = await Console(runner.run_stream(task=args.task))
            # A team names why it stopped; a single agent's run just ends with its answer (None).
            print(f"\nstop reason: {result.stop_reason or 'the agent answered'}")

    asyncio.run(run())
