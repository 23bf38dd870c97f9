"""The drafter's step 2, requests answered (ggutils.reference.draft): a notice of a leader's
conclusions answers the requests of the body it met under a heading that names them ("III. VỀ
MỘT SỐ KIẾN NGHỊ CỦA TỈNH"), each item opening with the matter asked ("2. Về kiến nghị tăng
mức hỗ trợ … khoảng 143.000 tỷ đồng …:") before the notice's answer. A number in that matter
is the request's, not a level the notice sets, unless the answer orders the matter finished by
a time ("…: đề nghị …, hoàn thành trong tháng 12 năm 2025"), which makes it the notice's own
(data/reference/drafting_rules.yml, `requests_answered`)."""

from __future__ import annotations

import re
from functools import cached_property

import pandas as pd
from pydantic import Field

from ggutils.reference.draft.phrases import alternation, nfc
from ggutils.reference.validation import Verbatim


class RequestsAnswered(Verbatim):
    """A numbered heading whose words open (after its number and any of `heading_leads`:
    "Về", "Một số") with one of `headings` ("kiến nghị", "đề nghị") heads the answers to
    requests; in each numbered item under it, the words before its first `matter_end` (":")
    are the matter asked. A number there is no target, unless the item's answer (after that
    mark, up to the next heading) holds one of counts.completions and counts.deadlines
    ("hoàn thành trong …")."""
    headings: list[str] = Field(min_length=1)
    heading_leads: list[str] = []
    matter_end: str = Field(min_length=1)

    @cached_property
    def heading_pattern(self) -> re.Pattern:
        leads = alternation(self.heading_leads).pattern
        return re.compile(rf"[\s.):]*(?:(?:{leads})\s+)*(?:{alternation(self.headings).pattern})",
                          re.IGNORECASE)


def _items(text: str, requests: RequestsAnswered,
           heading_patterns: list[tuple]) -> dict[int, tuple[str, str]]:
    """{line number: (the requests heading, the item's answer)} for each numbered item line
    under a heading of requests; its answer is the line after its first `matter_end` and
    the lines up to the next heading."""
    items: dict[int, tuple[str, str]] = {}
    open_headings: list[tuple[int, str, bool]] = []          # level, line, heads requests
    current: int | None = None
    for number, raw in enumerate(nfc(text).splitlines(), start=1):
        line = raw.strip()
        for heading, pattern in heading_patterns:
            if match := pattern.match(line):
                open_headings = [h for h in open_headings if h[0] < heading.level]
                asked = [h[1] for h in open_headings if h[2]]
                heads = requests.heading_pattern.match(line, match.end("number")) is not None
                open_headings.append((heading.level, line, heads))
                current = None
                if asked and requests.matter_end in line:
                    current = number
                    answer = line[line.index(requests.matter_end) + 1:]
                    items[number] = (asked[-1], answer)
                break
        else:
            if current is not None:
                heading, answer = items[current]
                items[current] = (heading, f"{answer} {line}")
    return items


def _in_matter(sentences: pd.DataFrame, sentence: int, start: int, end_mark: str) -> bool:
    """The character `start` of `sentence` stands before the first `end_mark` of its line."""
    line = sentences.loc[sentences["sentence"] == sentence, "line"].iloc[0]
    for s in sentences[sentences["line"] == line].sort_values("sentence").itertuples():
        at = s.text.find(end_mark)
        if s.sentence == sentence:
            return at < 0 or start < at
        if at >= 0:
            return False
    return False


def mark_requests(quantities: pd.DataFrame, text: str, sentences: pd.DataFrame,
                  requests: RequestsAnswered, heading_patterns: list[tuple],
                  deadline: re.Pattern) -> pd.DataFrame:
    """A quantity with no reason yet in the matter of a request answered (in an item under a
    heading of requests, before its line's first `matter_end`) gets the reason it is no
    target, unless the item's answer orders it finished by a time (`deadline`:
    counts.deadline_pattern, "hoàn thành trong")."""
    items = _items(text, requests, heading_patterns)
    quantities = quantities.copy()
    lines = sentences.set_index("sentence")["line"]
    for idx, q in quantities[quantities["reason"].isna()].iterrows():
        line = lines[q["sentence"]]
        if line not in items:
            continue
        heading, answer = items[line]
        if (_in_matter(sentences, q["sentence"], int(q["start"]), requests.matter_end)
                and not deadline.search(answer)):
            quantities.at[idx, "reason"] = (f"a request answered (under the heading "
                                            f"{heading!r}): the number asked for, not set by "
                                            "the notice")
    return quantities
