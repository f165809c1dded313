"""Scripted models for offline runs and tests: AutoGen's ``ReplayChatCompletionClient`` set up for
tool calling (needs ``autogen-ext``, which every extra of this package brings)."""

from __future__ import annotations

import itertools
import json

from autogen_core import FunctionCall
from autogen_core.models import CreateResult, ModelFamily, ModelInfo, RequestUsage
from autogen_ext.models.replay import ReplayChatCompletionClient

TOOL_CALLING = ModelInfo(
    vision=False, function_calling=True, json_output=False, family=ModelFamily.UNKNOWN, structured_output=False
)
"""The replay client's default model_info says no function calling, which AssistantAgent refuses
for an agent with tools; scripted models use this one."""

_call_ids = itertools.count(1)


def tool_call(name: str, /, **arguments: object) -> CreateResult:
    """One model turn that calls tool ``name`` with ``arguments``."""
    call = FunctionCall(id=f"call_{next(_call_ids)}", name=name, arguments=json.dumps(arguments))
    return CreateResult(
        finish_reason="function_calls",
        content=[call],
        usage=RequestUsage(prompt_tokens=0, completion_tokens=0),
        cached=False,
    )


def scripted_model(*turns: str | CreateResult) -> ReplayChatCompletionClient:
    """A model that answers its calls with ``turns`` in order (text or ``tool_call(...)``) and
    raises ``ValueError("No more mock responses available")`` after the last."""
    return ReplayChatCompletionClient(list(turns), model_info=TOOL_CALLING)
