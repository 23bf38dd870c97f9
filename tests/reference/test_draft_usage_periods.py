"""Rules of Vietnamese decision-writing on a target's year, added after the one-shot run on
the Government's resolution 175/NQ-CP (thirteenth round, therefore no longer unseen): a period
spelled "từ năm … đến (hết) năm …" ends at its second year, which dates what is done in it.
Each rule is shown on a tiny text of its own (not the fixture it was found in), with the case
it must leave alone."""

from __future__ import annotations

import pytest

from ggutils.reference.draft.year_forms import find_years


def _rows(draft) -> list[tuple]:
    frame = draft.targets.astype(object).where(draft.targets.notna(), None)
    return [(r.comparator, r.value, r.unit, r.target_year) for r in frame.itertuples()]


# --- A period spelled "từ … đến …" ends at its second year -----------------------------------

@pytest.mark.parametrize(("text", "years"), [
    ("Giai đoạn 2 (từ năm 2027 đến hết năm 2029): Giai đoạn hoàn thiện", [2029]),
    ("Bước 1 từ năm 2025 đến năm 2026", [2026]),
    ("thực hiện từ 2031 đến 2034", [2034]),
    # "từ năm" alone is the first year a level must hold
    ("Từ năm 2027, duy trì 100% trường học đạt chuẩn", [2027]),
])
def test_a_period_from_to_gives_its_end(rules, text, years):
    assert [y for _, _, y in find_years(text, rules)] == years


def test_a_phase_heading_from_to_dates_its_items_by_its_end(read):
    """A phase heading printing its period as "từ năm … đến hết năm …" gives its items that
    period's end, as "Giai đoạn 2027 - 2029" would."""
    text = ("IV. CÁC GIAI ĐOẠN\n2. Giai đoạn 2 (từ năm 2027 đến hết năm 2029): Mở rộng\n"
            "a) Cơ quan quản lý thực hiện: (1) Kết nối 100% trạm quan trắc với hệ thống;\n")
    assert _rows(read(text)) == [(">=", 100, "%", 2029)]
