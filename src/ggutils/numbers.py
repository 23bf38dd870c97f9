"""Number conventions by name, and printing a number in one.

How printed numbers are read is the cleaning stage's business (ggutils.clean.numbers); the
briefings only print numbers, and find the two conventions here.
"""

from __future__ import annotations

DOT_DECIMAL = "dot_decimal"      # 14,377,682.5  (English)
COMMA_DECIMAL = "comma_decimal"  # 14.377.682,5  (Vietnamese)
CONVENTIONS = (DOT_DECIMAL, COMMA_DECIMAL)


def format_number(value: float, convention: str, decimals: int) -> str:
    """Print a number in a convention (pages print through localize.number_text)."""
    text = f"{value:,.{decimals}f}"
    if convention == COMMA_DECIMAL:
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
