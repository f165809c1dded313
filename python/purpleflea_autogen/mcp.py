"""MCP recipe: the server's own tools at ``/mcp`` through AutoGen's ``McpWorkbench``.

Needs the ``mcp`` extra (``pip install "purpleflea-autogen[mcp]"``)::

    async with McpWorkbench(purpleflea_mcp_params()) as workbench:
        agent = AssistantAgent("trader", model_client=model, workbench=workbench, reflect_on_tool_use=True)

The server exposes one tool per operation (``get_balance``, ``claim_faucet``, ``place_bet``,
``list_approvals``, ...); refused calls come back as tool errors carrying the error code.
"""

from __future__ import annotations

from autogen_ext.tools.mcp import StreamableHttpServerParams

from .settings import resolve_api_key, resolve_base_url


def purpleflea_mcp_params(
    api_key: str | None = None, base_url: str | None = None, *, timeout_s: float = 30.0
) -> StreamableHttpServerParams:
    """Streamable HTTP parameters for the server's ``/mcp`` endpoint with a Bearer key, from the
    arguments or ``PURPLE_FLEA_API_KEY`` / ``PURPLE_FLEA_BASE_URL``."""
    key = resolve_api_key(api_key)
    if key is None:
        raise ValueError("an API key is needed for /mcp: pass api_key or set PURPLE_FLEA_API_KEY")
    return StreamableHttpServerParams(
        url=f"{resolve_base_url(base_url)}/mcp",
        headers={"Authorization": f"Bearer {key}"},
        timeout=timeout_s,
    )
