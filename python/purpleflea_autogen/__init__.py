"""Purple Flea (self-hosted) for Microsoft AutoGen 0.7: an async client and typed agent tools.

    from purpleflea_autogen import PurpleFlea, purpleflea_tools

    pf = PurpleFlea()  # PURPLE_FLEA_API_KEY, PURPLE_FLEA_BASE_URL
    agent = AssistantAgent("trader", model_client=model, tools=purpleflea_tools(pf))

The MCP recipe is in ``purpleflea_autogen.mcp``, scripted offline models in ``purpleflea_autogen.replay``.
"""

from .client import PurpleFlea
from .errors import PurpleFleaError
from .money import Amount, exact
from .responses import ApprovalRequired, needs_approval
from .retry import RetryPolicy
from .tool_results import ToolCallFailed
from .tools import TOOL_NAMES, PurpleFleaTools, purpleflea_tools

__all__ = [
    "TOOL_NAMES",
    "Amount",
    "ApprovalRequired",
    "PurpleFlea",
    "PurpleFleaError",
    "PurpleFleaTools",
    "RetryPolicy",
    "ToolCallFailed",
    "exact",
    "needs_approval",
    "purpleflea_tools",
]
