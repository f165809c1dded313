"""Scripted models for offline runs and tests: AutoGen's ``ReplayChatCompletionClient`` set up for
tool calling (needs ``autogen-ext``, which every extra of this package brings)."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any, Union

from autogen_core import EVENT_LOGGER_NAME, FunctionCall
from autogen_core.models import (
    CreateResult,
    FunctionExecutionResultMessage,
    LLMMessage,
    ModelFamily,
    ModelInfo,
    RequestUsage,
)
from autogen_ext.models.replay import ReplayChatCompletionClient

TOOL_CALLING = ModelInfo(
    vision=False, function_calling=True, json_output=False, family=ModelFamily.UNKNOWN, structured_output=False
)
"""The replay client's default model_info says no function calling, which AssistantAgent refuses
for an agent with tools; scripted models use this one (and so does a model server that is not
OpenAI's, whose model names AutoGen does not know)."""

Turn = Union[str, CreateResult, Callable[[Sequence[LLMMessage]], Union[str, CreateResult]]]
"""A scripted turn: text, a ``tool_call(...)``, or a function of the messages the model was sent
(to act on what the server answered: a price, a proposal id)."""

_call_ids = itertools.count(1)

_REPLAY_NOTICES = frozenset(
    {"Token count has been done only on string content", "tool_choice parameter specified but is ignored in replay mode"}
)


def _not_a_replay_notice(record: logging.LogRecord) -> bool:
    return record.getMessage() not in _REPLAY_NOTICES


# The replay client logs these warnings on every turn with tools, filling an offline run's output
# with notes about token counts and tool choice that a scripted model has no use for; only these
# two messages are dropped.
logging.getLogger(EVENT_LOGGER_NAME).addFilter(_not_a_replay_notice)


def tool_call(name: str, /, **arguments: object) -> CreateResult:
    """One model turn that calls tool ``name`` with ``arguments``."""
    call = FunctionCall(id=f"call_{next(_call_ids)}", name=name, arguments=json.dumps(arguments))
    return CreateResult(
        finish_reason="function_calls",
        content=[call],
        usage=RequestUsage(prompt_tokens=0, completion_tokens=0),
        cached=False,
    )


def tool_result(messages: Sequence[LLMMessage], name: str) -> Any:
    """The latest answer of tool ``name`` in ``messages``, parsed as JSON (a refusal, which is not
    JSON, raises ``ValueError`` naming it)."""
    for message in reversed(messages):
        if isinstance(message, FunctionExecutionResultMessage):
            for result in message.content:
                if result.name == name:
                    try:
                        return json.loads(result.content)
                    except json.JSONDecodeError as error:
                        raise ValueError(f"{name} answered: {result.content}") from error
    raise ValueError(f"no {name} result in the conversation yet")


class ScriptedModel(ReplayChatCompletionClient):
    """Plays ``turns`` in order; a callable turn is called with the messages the model was sent.
    Raises ``ValueError("No more mock responses available")`` after the last."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        self._turns = list(turns)
        super().__init__([turn if not callable(turn) else "" for turn in self._turns], model_info=TOOL_CALLING)

    async def create(self, messages: Sequence[LLMMessage], **kwargs: Any) -> CreateResult:
        index = len(self.create_calls)
        turn = self._turns[index] if index < len(self._turns) else None
        if callable(turn):
            self.chat_completions[index] = turn(messages)
        return await super().create(messages, **kwargs)


def scripted_model(*turns: Turn) -> ScriptedModel:
    """A model that answers its calls with ``turns`` in order (text, ``tool_call(...)``, or a
    function of the conversation returning either)."""
    return ScriptedModel(turns)
