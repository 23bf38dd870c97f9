"""The names of documents cited (the drafter's step 2, after ggutils.reference.draft.
quantities.find_quantities): the words that name another decision, resolution, programme or
scheme ("Quyết định số 338/QĐ-TTg ngày 03 tháng 4 năm 2023 của Thủ tướng Chính phủ phê duyệt
Đề án “Đầu tư xây dựng ít nhất 01 triệu căn hộ nhà ở xã hội …”") are its title; a number
there is part of that name, no target of this plan. Here are the model of that section of
data/reference/drafting_rules.yml (cited_names: where a name opens and where it ends; an
unknown key is an error naming the file and the key) and the verb that gives such a number
its reason."""

from __future__ import annotations

import re
from functools import cached_property

import pandas as pd
from pydantic import Field, field_validator

from ggutils.reference.draft.phrases import alternation, phrase_pattern
from ggutils.reference.validation import Verbatim


class CitedNames(Verbatim):
    """The name of a document cited ("Quyết định số 338/QĐ-TTg … phê duyệt Đề án “…”"): it
    opens after one of `documents`, its number, up to `gap_words` words of its issuer or dates
    (`dates`: {day}, {month}, {year}) and one of `leads`, or at a key of `quotes` right after
    one of `documents`; quoted, it ends at the quote's closing mark, else at a mark of
    `end_marks` before a space, a mark of `brackets`, a closing quote or one of `ends`. One of
    `groups` right before one of `documents` after a count's noun ("8 lĩnh vực ưu tiên theo
    Quyết định …") says the document defines the group counted."""
    documents: list[str] = Field(min_length=1)
    number_marks: list[str]
    leads: list[str] = Field(min_length=1)
    gap_words: int = Field(ge=0, le=30)
    dates: list[str]
    quotes: dict[str, str] = Field(min_length=1)
    end_marks: list[str]
    brackets: list[str]
    ends: list[str]
    groups: list[str] = []

    @field_validator("dates")
    @classmethod
    def _date_fields(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if set(re.findall(r"\{(\w+)\}", phrase)) != {"day", "month", "year"}:
                raise ValueError(f"{phrase!r}: name exactly {{day}}, {{month}}, {{year}}")
        return value

    @cached_property
    def opening_pattern(self) -> re.Pattern:
        """A cited document's number, its date and issuer, and the lead of its name (group
        `lead`; the name opens at the match's end); or one of `documents` (group `kind`)
        before an opening quote (the name opens at the quote)."""
        document = rf"(?:{alternation(self.documents).pattern})"
        marks = alternation(self.number_marks).pattern
        number = r"\d+(?:[./-]\d+)*\s?[/-]\s?[^\W\d_][\w&-]*(?:\s?/[\w-]+)*"
        date = "|".join(phrase_pattern(d).replace(re.escape("{day}"), r"\d{1,2}")
                        .replace(re.escape("{month}"), r"\d{1,2}") for d in self.dates)
        gap = rf"(?:\s+(?:{date or '(?!x)x'}|[^\W\d_]+)){{0,{self.gap_words}}}?"
        lead = alternation(self.leads).pattern
        quote = "|".join(re.escape(q) for q in self.quotes)
        return re.compile(rf"{document}(?:\s+[^\W\d_]+){{0,2}}?(?:\s+(?:{marks}))?\s+{number}"
                          rf"{gap}\s+(?P<lead>{lead})|(?P<kind>{document})\s*(?=(?:{quote}))",
                          re.IGNORECASE)

    @cached_property
    def group_pattern(self) -> re.Pattern:
        """One of `groups` right before one of `documents` ("theo Quyết định")."""
        return re.compile(rf"(?:{alternation(self.groups).pattern})\s+"
                          rf"(?:{alternation(self.documents).pattern})", re.IGNORECASE)

    @cached_property
    def end_pattern(self) -> re.Pattern:
        """Where an unquoted name ends: a mark of `end_marks` before a space or the end, a
        mark of `brackets`, a closing quote, or a word of `ends`."""
        marks = "|".join(re.escape(m) for m in self.end_marks) or "(?!x)x"
        closers = "|".join(re.escape(m) for m in [*self.brackets, *self.quotes.values()])
        return re.compile(rf"(?:{marks})(?=\s|$)|{closers or '(?!x)x'}"
                          rf"|{alternation(self.ends).pattern}", re.IGNORECASE)



def _name_end(text: str, start: int, names: CitedNames) -> int:
    """Where the name opening at `start` ends: at the closing mark of a quote that opens
    before any end of an unquoted name, else at that end (`end_pattern`), else at the
    sentence's end."""
    end = names.end_pattern.search(text, start)
    stop = end.start() if end else len(text)
    quotes = [(text.find(q, start), q) for q in names.quotes]
    opened = min(((at, q) for at, q in quotes if 0 <= at <= stop), default=None)
    if opened is not None:
        close = text.find(names.quotes[opened[1]], opened[0] + len(opened[1]))
        if close >= 0:
            return close + len(names.quotes[opened[1]])
    return stop


def find_cited_names(text: str, names: CitedNames) -> list[tuple[int, int, str]]:
    """(start, end, lead) of each name of a document cited in a sentence's `text`: after a
    document's number, date, issuer and the word that opens its title ("phê duyệt", "về"),
    or at a quote right after a document's kind ("Đề án “…”")."""
    spans = []
    for m in names.opening_pattern.finditer(text):
        lead = (f"after {m.group('lead')!r}" if m.group("lead")
                else f"quoted after {m.group('kind')!r}")
        spans.append((m.end(), _name_end(text, m.end(), names), lead))
    return spans


def counts_a_cited_group(text: str, row: dict, names: CitedNames) -> bool:
    """After the number, before the next number or ';', one of `groups` and a document cited
    follow its noun ("cho 8 lĩnh vực ưu tiên chuyển đổi số theo Quyết định 749/QĐ-TTg"): the
    count names a group that document defines, which is no count to reach."""
    rest = re.split(r"\d|;", text[row["end"]:], maxsplit=1)[0]
    return names.group_pattern.search(rest) is not None


def mark_cited_names(quantities: pd.DataFrame, sentences: pd.DataFrame,
                     names: CitedNames) -> pd.DataFrame:
    """A quantity (with no reason yet) inside the name of a document cited in its sentence
    (`names`, the rules' cited_names) keeps the reason it is no target: that document's
    name, not this plan's aim."""
    quantities = quantities.copy()
    texts = sentences.set_index("sentence")["text"]
    for sid, group in quantities[quantities["reason"].isna()].groupby("sentence"):
        spans = find_cited_names(texts[sid], names)
        for idx, q in group.iterrows():
            inside = [lead for a, b, lead in spans if a <= q["start"] < b]
            if inside:
                quantities.at[idx, "reason"] = (f"in the name of a document cited "
                                                f"({inside[0]}), not a target of this plan")
    return quantities
