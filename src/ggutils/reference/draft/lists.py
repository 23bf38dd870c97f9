"""The lists of a decision's text (the drafter's step 1, ggutils.reference.draft.sentences):
a list's lead sentence, which gives its items its year, and the bullet marks that end a list
(`bullets`, `nested_bullets`, `list_leads` of the drafting rules)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Lead:
    """A list's lead sentence ("Đến hết năm 2030, phấn đấu đạt được những mục tiêu sau:"): its
    year (None where it prints none), its own bullet mark, its items' mark (set by the first
    item) and its words."""

    year: int | None
    mark: str | None
    item_mark: str | None = None
    text: str = ""


def close_lists(leads: list[Lead], mark: str | None, nesting: tuple[str, ...] = ()) -> None:
    """Close the lists a line ends: a line that is no bullet item ends them all; a bullet ends
    every list whose items carry another mark, unless later in `nesting` (nested in the last
    item: "+" after "-"), and a list whose lead carries its mark (a sibling of the lead)."""
    depth = {m: i for i, m in enumerate(nesting)}
    if mark is None:
        leads.clear()
    while leads:
        top = leads[-1]
        if top.item_mark is None and mark != top.mark:
            top.item_mark = mark
            break
        if top.item_mark == mark or depth.get(mark, -1) > depth.get(top.item_mark, len(depth)):
            break
        leads.pop()
