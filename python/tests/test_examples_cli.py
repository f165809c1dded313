"""The examples as a user runs them: ``python examples/X.py --offline`` against a server, and the
model chosen from the environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from autogen_ext.models.openai import AzureOpenAIChatCompletionClient, OpenAIChatCompletionClient

from _shared import online_model
from conftest import EXAMPLES
from live_server import LiveServer


def test_an_example_runs_offline_from_the_command_line(server: LiveServer) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "PURPLE_FLEA_"))}
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / "cached_balance.py"), "--offline"],
        env={**env, "PURPLE_FLEA_BASE_URL": server.url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "purpleflea_bet" in completed.stdout
    assert "stop reason: " in completed.stdout


def test_a_local_server_and_a_model_name_autogen_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("OPENAI_MODEL", "llama3.1")
    model = online_model()
    assert isinstance(model, OpenAIChatCompletionClient)
    assert model.model_info["function_calling"] is True
    monkeypatch.setenv("OPENAI_MODEL", "gpt-4o-mini")
    known = online_model()
    assert known is not None and known.model_info["family"] != "unknown"


def test_the_model_comes_from_openai_or_azure_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert online_model() is None
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-used")
    assert isinstance(online_model(), OpenAIChatCompletionClient)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-test-not-used")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://example.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini")
    assert isinstance(online_model(), AzureOpenAIChatCompletionClient)
