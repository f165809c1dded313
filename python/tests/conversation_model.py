"""A replay model whose turns may depend on the conversation, for scripts that need a value only the
server knows in advance of nothing (an escrow id)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Union

from autogen_core.models import CreateResult, LLMMessage
from autogen_ext.models.replay import ReplayChatCompletionClient

from purpleflea_autogen.replay import TOOL_CALLING

Turn = Union[str, CreateResult, Callable[[Sequence[LLMMessage]], CreateResult]]


class ConversationModel(ReplayChatCompletionClient):
    """Plays ``turns`` in order; a callable turn is called with the messages the model was sent."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        self._turns = list(turns)
        super().__init__([turn if not callable(turn) else "" for turn in self._turns], model_info=TOOL_CALLING)

    async def create(self, messages: Sequence[LLMMessage], **kwargs: Any) -> CreateResult:
        index = len(self.create_calls)
        turn = self._turns[index] if index < len(self._turns) else None
        if callable(turn):
            self.chat_completions[index] = turn(messages)
        return await super().create(messages, **kwargs)
