"""The drafter's step 3 (ggutils.reference.draft), on the frame of quantities of step 2
(ggutils.reference.draft.quantities): one piece of a sentence per target, cut at its
`separators`; the piece is the target's `wording_vi`, verbatim."""

from __future__ import annotations

import re

import pandas as pd

from ggutils.reference.draft.frames import with_columns
from ggutils.reference.draft.rules import DraftingRules


def split_enumerations(quantities: pd.DataFrame, sentences: pd.DataFrame,
                       rules: DraftingRules) -> pd.DataFrame:
    """Cut each sentence at its separators into pieces; a piece without a quantity joins
    the piece before it ("Trên 70% đô thị cấp III, IV, V có ..."; "tỷ lệ các xã phường, thị
    trấn ... đạt 100%"), but never across a ';', so "95% chất thải rắn đô thị, 75% chất thải
    rắn nông thôn ..." gives one piece per number. A piece without a quantity that opens with
    a negation ("không có tỉnh, thành phố đạt dưới 60%") joins the piece after it instead.
    Adds `piece_start`, `piece_end` and `piece` (verbatim) to every quantity."""
    values: dict = {}
    seps = "".join(re.escape(s) for s in rules.separators)
    texts = sentences.set_index("sentence")["text"]
    ends = "".join(rules.separators) + "".join(rules.row_cells.marks if rules.row_cells else [])
    for sid, group in quantities[quantities["reason"].isna()].groupby("sentence"):
        text = texts[sid]
        cuts = [m.end() for m in re.finditer(rf"[{seps}](?=\s|$)", text)]
        if rules.row_cells is not None:               # a one-line table row: its cells
            cuts = sorted({*cuts, *(a for a, _ in rules.row_cells.cells(text)[1:])})
        bounds = list(zip([0, *cuts], [*cuts, len(text)], strict=True))
        pieces: list[list[int]] = []
        for start, end in bounds:
            has = ((group["start"] >= start) & (group["start"] < end)).any()
            joins = pieces and text[start - 1] != ";"
            negation = not has and rules.negations.pattern.match(text[start:end].lstrip())
            if joins and (not has or not pieces[-1][2]) and not negation:
                pieces[-1][1] = end        # after a quantity, or before the first one
                pieces[-1][2] = pieces[-1][2] or has
            else:
                pieces.append([start, end, has])
        for start, end, _ in pieces:
            inside = group.index[(group["start"] >= start) & (group["start"] < end)]
            piece = text[start:end].strip().rstrip(ends).strip()
            offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            for idx in inside:
                values[idx] = (offset, offset + len(piece), piece)
    return with_columns(quantities, ["piece_start", "piece_end", "piece"], values)
