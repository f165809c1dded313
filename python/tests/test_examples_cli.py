"""The examples as a user runs them: ``python examples/X.py --offline`` against a server, and the
model chosen from the environment."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from autogen_ext.models.openai import AzureOpenAIChatCompletionClient, OpenAIChatCompletionClient

from _shared import connect, online_model
from conftest import EXAMPLES, username
from live_server import LiveServer, start_server
from purpleflea_autogen import PurpleFlea, PurpleFleaError


def test_an_example_runs_offline_from_the_command_line(server: LiveServer, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "PURPLE_FLEA_"))}
    # Its own profile file: the example saves the agent it registers, never into the user's profile.
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / "cached_balance.py"), "--offline"],
        env={**env, "PURPLE_FLEA_BASE_URL": server.url, "PURPLE_FLEA_PROFILES": str(tmp_path / "profiles.json")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "purpleflea_bet" in completed.stdout
    assert "stop reason: " in completed.stdout


def test_a_second_run_reuses_the_saved_agent_and_claims_nothing(server: LiveServer, tmp_path: Path) -> None:
    profiles = tmp_path / "saved" / "profiles.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "PURPLE_FLEA_"))}
    env = {**env, "PURPLE_FLEA_BASE_URL": server.url, "PURPLE_FLEA_PROFILES": str(profiles)}

    def run() -> str:
        completed = subprocess.run(
            [sys.executable, str(EXAMPLES / "quickstart.py"), "--offline"], env=env, capture_output=True, text=True, timeout=120
        )
        assert completed.returncode == 0, completed.stderr
        assert completed.stderr == "", "no warning noise"
        return completed.stdout

    first = run()
    assert f"its key is saved in {profiles}" in first
    saved = json.loads(profiles.read_text())["profiles"][server.url]
    assert saved["api_key"].startswith("pf_live_") and stat.S_IMODE(profiles.stat().st_mode) == 0o600
    second = run()
    assert "registered" not in second and "faucet" not in second
    assert "purpleflea_trade" in second and "stop reason: " in second
    probe = f"import asyncio, purpleflea_autogen as p; print(asyncio.run(p.PurpleFlea({saved['api_key']!r}).get_balance())['balance_str'])"
    balance = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert balance.stdout.strip() == "1.000000", "one faucet claim over two runs"


async def test_an_example_goes_on_when_its_address_has_no_faucet_claim_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live = start_server(tmp_path / "data", {"FAUCET_MAX_CLAIMS_PER_IP_PER_DAY": "1"})
    try:
        monkeypatch.setenv("PURPLE_FLEA_BASE_URL", live.url)
        monkeypatch.delenv("PURPLE_FLEA_API_KEY", raising=False)
        async with PurpleFlea(base_url=live.url) as anonymous:
            spender = await anonymous.register(username())
        async with PurpleFlea(api_key=spender["api_key"], base_url=live.url) as pf:
            try:
                await pf.claim_faucet()  # uses up this address's claim for the day
            except PurpleFleaError as error:
                assert error.code == "faucet_ip_limit_reached"  # another server on this database used it
        async with await connect() as pf:
            balance = await pf.get_balance()
        assert "faucet not claimed: faucet_ip_limit_reached" in capsys.readouterr().out
        assert balance["balance_str"] == "0.000000"
    finally:
        live.stop()


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
