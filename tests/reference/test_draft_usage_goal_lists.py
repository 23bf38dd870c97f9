"""Rules of Vietnamese decision-writing on counts, added after the one-shot run on the
published summary of 2415/QĐ-TTg (thirteenth round, therefore no longer unseen): the number of
phases a text divides its period into is a count of its parts, no target. Each rule is shown
on a tiny text of its own (not the fixture it was found in), with the case it must leave
alone."""

from __future__ import annotations

import pytest


def _rows(draft) -> list[tuple]:
    frame = draft.targets.astype(object).where(draft.targets.notna(), None)
    return [(r.comparator, r.value, r.unit, r.target_year) for r in frame.itertuples()]


# --- The number of phases is a count of the text's parts -------------------------------------

@pytest.mark.parametrize("text", [
    "Mục tiêu cụ thể của chương trình bao gồm 3 giai đoạn là giai đoạn từ năm 2026 đến năm "
    "2028 và giai đoạn tiếp theo.",
    "Phấn đấu thực hiện kế hoạch, được chia thành 2 giai đoạn triển khai.",
])
def test_the_number_of_phases_is_no_target(read, text):
    assert _rows(read(text)) == []


def test_a_count_of_phases_to_complete_after_a_bound_is_still_read(read):
    """After a bound word the number is a count to reach, as "ít nhất 5 nhiệm vụ" is."""
    assert _rows(read("Đến năm 2028 hoàn thành ít nhất 2 giai đoạn của dự án.")) == [
        (">=", 2, "count", 2028)]
