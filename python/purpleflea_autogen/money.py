"""Amounts on the wire: exact decimal text, never a binary float the server would have to round."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Union

Amount = Union[Decimal, int, float, str]
"""USDC (or a base quantity for trades): ``Decimal("0.25")``, ``"0.25"``, ``0.25`` or ``1``."""


def amount_text(amount: Amount) -> str:
    """Renders an amount as plain decimal text (``0.1`` -> ``"0.1"``, ``1e-05`` -> ``"0.00001"``).

    A float is read through its shortest repr, which is what the caller typed, so ``0.1`` stays
    ``0.1``. Precision is the server's call: more than 6 decimals comes back as
    ``amount_too_precise``, never silently rounded here."""
    if isinstance(amount, bool):
        raise TypeError("an amount cannot be a bool")
    if isinstance(amount, str):
        return amount.strip()
    value = Decimal(repr(amount)) if isinstance(amount, float) else Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"an amount must be finite, got {amount!r}")
    return format(value, "f")


def exact(answer: Mapping[str, Any], field: str) -> Decimal:
    """The exact value of money field ``field`` of an answer, from its string twin:
    ``exact(await pf.get_balance(), "balance") == Decimal("1.000000")``. The float beside it
    (``answer["balance"]``) is for reading; compute with this."""
    text = answer.get(f"{field}_str")
    if not isinstance(text, str):
        raise KeyError(f"the answer has no exact twin {field}_str")
    return Decimal(text)
