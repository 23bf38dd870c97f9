"""A page's language, in one place: numbers, units and goals as a page in one language prints
them (Vietnamese groups thousands with '.' and decimals with ',', 63,69; English the other
way round, 63.69; decimals and unit names from the codebook), dates, and which of a
catalog's or table's texts a page shows (the Vietnamese or the English one, or the other
language's words marked as a quotation). No other module of brief/ branches on the
language; the message catalogue holds the words."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ggutils.numbers import COMMA_DECIMAL, DOT_DECIMAL, format_number
from ggutils.reference.indicators import Codebook
from ggutils.reference.messages import Messages
from ggutils.reference.targets import Decision, Target

# The message of each comparator of a catalog: a page prints '≥ 95 %' where a catalog says '>='.
COMPARATOR_MESSAGES = {">=": "comparator_at_least", "<=": "comparator_at_most",
                       ">": "comparator_more_than", "<": "comparator_less_than"}


def number_text(value: float, lang: str, decimals: int) -> str:
    """`value` rounded to `decimals`, with the page language's separators."""
    return format_number(value, COMMA_DECIMAL if lang == "vi" else DOT_DECIMAL, decimals)


def date_text(date: dt.date, lang: str) -> str:
    """A date as a page in `lang` prints every date: 15/01/2021 in Vietnamese (day, month,
    year, as decisions are dated), 2021-01-15 in English (ISO 8601, unambiguous)."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}" if lang == "vi" else date.isoformat()


def moment_text(moment: dt.datetime, lang: str) -> str:
    """A time of day on a date, in UTC: '10/02/2025 08:00 UTC', '2025-02-10 08:00 UTC'."""
    return f"{date_text(moment.date(), lang)} {moment:%H:%M} UTC"


def other_language(lang: str) -> str:
    """The page's other language (the 'other language' link)."""
    return "en" if lang == "vi" else "vi"


def _plain(value: float, lang: str) -> str:
    """A target's number as the decision wrote it: no trailing zeros (65, 42,5)."""
    text = f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return text.translate(str.maketrans({",": ".", ".": ","})) if lang == "vi" else text


@dataclass(frozen=True)
class Localizer:
    """Formats values of the codebook's indicators in one language."""

    codebook: Codebook
    lang: str
    msgs: Messages | None = None  # words for 'stable' and change targets (else symbols)

    def number(self, value: float | None, indicator_id: str) -> str:
        if value is None or value != value:
            return "–"
        return number_text(float(value), self.lang, self.codebook[indicator_id].decimals)

    def unit_name(self, unit_id: str) -> str:
        unit = self.codebook.units[unit_id]
        return unit.name_vi if self.lang == "vi" else unit.name_en

    def unit(self, indicator_id: str) -> str:
        return self.unit_name(self.codebook[indicator_id].unit)

    def value(self, value: float | None, indicator_id: str) -> str:
        """A value with its unit: '63,69 %'."""
        return f"{self.number(value, indicator_id)} {self.unit(indicator_id)}"

    def _reaches_bound(self, target: Target) -> bool:
        """A reach of the indicator's own bound ('>= 100' of a share): the number says it."""
        if target.form != "level" or target.indicator not in self.codebook:
            return False
        indicator = self.codebook[target.indicator]
        return ((target.comparator == ">=" and target.value == indicator.upper)
                or (target.comparator == "<=" and target.value == indicator.lower))

    def _about(self, target: Target) -> bool:
        """A target read from "khoảng", "about": it carries a tolerance (the about reading's;
        docs/methodology.md, "How a target's words are read") and is not a reach of the
        indicator's own bound (whose tolerance is the 100 % rule)."""
        return target.tolerance > 0 and not self._reaches_bound(target)

    def goal(self, target: Target) -> str:
        """The target as comparator, number(s) and unit: '> 65 %', '≥ 95 %', '100 %' (a
        reach of the indicator's bound, '>= 100'), '42–45 % GDP', 'about 95 %' (a target with
        a tolerance, read from "khoảng"), 'stable at 42 %' and 'stable at 42–43 %' (for '=',
        a level or a range to hold), '≤ -15 % vs 2014' (the symbols and words from the
        message catalogue, when the Localizer has one; without one, as in the research
        tables, the catalog's comparator: '>= 95 %', '=' shows '42 %' and "about" its
        comparator)."""
        unit = self.unit_name(target.unit)
        if target.is_range:
            numbers = f"{_plain(target.low, self.lang)}–{_plain(target.high, self.lang)} {unit}"
        else:
            numbers = f"{_plain(target.value, self.lang)} {unit}"
        about = self.msgs is not None and self._about(target)
        if about:
            numbers = f"{self.msgs('qualifier_about')} {numbers}"  # type: ignore[misc]
        comparator = "" if target.comparator in ("range", "=") or about or self._reaches_bound(
            target) else target.comparator
        if comparator and self.msgs is not None:
            comparator = self.msgs(COMPARATOR_MESSAGES[comparator])
        if target.comparator == "=" and self.msgs is not None:  # a level to hold
            text = self.msgs("goal_stable", value=numbers)
        else:
            text = f"{comparator} {numbers}".strip()
        if target.form != "level" and self.msgs is not None:
            text = self.msgs(f"goal_{target.form}", goal=text, base_year=target.base_year)
        return text

    # --- which text a page shows ------------------------------------------------------------
    def date(self, date: dt.date) -> str:
        return date_text(date, self.lang)

    def moment(self, moment: dt.datetime) -> str:
        return moment_text(moment, self.lang)

    def quote_or_text(self, vi: str, en: str = "", note: str = "") -> dict:
        """A text for the `text` macro: in the page's language; on an English page without a
        translation, the Vietnamese marked lang="vi" (and on a Vietnamese page without
        Vietnamese, the English marked lang="en"). `note` (what the other-language text
        is: `quotation_note`) is shown beside a text in the other language only."""
        if self.lang == "vi":
            text, lang = (vi, "") if vi else (en, "en")
        else:
            text, lang = (en, "") if en else (vi, "vi")
        return {"text": text, "lang": lang, "note": note if lang and text else ""}

    def quotation_note(self, target: Target, lang: str) -> str:
        """What a target's words in `lang` are, in the page's language, for the label beside
        them: the decision's own words (a target read from the decision's text), or, where
        the target was read from a table of another source (it names its `source_url`), a
        summary by an official portal (tier 1) or by the press, the decision's text not
        having been available. '' without a message catalogue."""
        if self.msgs is None:
            return ""
        language = self.msgs(f"language_{lang}")
        if not target.source_url:
            return self.msgs("quote_decision", language=language)
        kind = "portal" if target.source_tier == 1 else "press"
        return self.msgs(f"quote_summary_{kind}", language=language)

    def clause(self, entry) -> str:
        """The clause of a decision an entry (target, task, monitored indicator) cites."""
        return entry.clause if self.lang == "vi" else (entry.clause_en or entry.clause)

    def target_text(self, target: Target) -> str:
        """The target in the page's language, as plain text where a quotation cannot be
        marked (an image's alt text): the Vietnamese words on a Vietnamese page, else its
        goal and year ('9–11 % (2030)'); our English label on an English page."""
        if self.lang == "vi":
            if target.wording_vi:
                return target.wording_vi
            goal = self.goal(target) if target.comparator else ""
            return f"{goal} ({target.target_year})" if target.target_year else goal
        return target.label_en

    def wording(self, target: Target) -> dict:
        """The target in the page's language, for the `text` macro: the Vietnamese words on a
        Vietnamese page, or an English source's words marked lang="en"; our English label
        on an English page. Words not of the decision's own text carry a note saying what
        they are (`quotation_note`): a press or portal summary."""
        if self.lang == "en":
            return {"text": target.label_en, "lang": "", "note": ""}
        if target.wording_vi:
            note = self.quotation_note(target, "vi") if target.source_url else ""
            return {"text": target.wording_vi, "lang": "", "note": note}
        return {"text": target.wording_en, "lang": "en",
                "note": self.quotation_note(target, "en")}

    def original_wording(self, target: Target) -> dict:
        """The status table's words of a target: on an English page, the Vietnamese words
        (marked lang="vi", labelled as the decision's words or a summary) with our English
        label beneath them, or an English source's words labelled as a summary; on a
        Vietnamese page `wording` with no label."""
        if self.lang == "en" and target.wording_vi:
            return {"wording": {"text": target.wording_vi, "lang": "vi",
                                "note": self.quotation_note(target, "vi")},
                    "label": target.label_en}
        if self.lang == "en" and target.wording_en:
            return {"wording": {"text": target.wording_en, "lang": "",
                                "note": self.quotation_note(target, "en")},
                    "label": ""}
        return {"wording": self.wording(target), "label": ""}

    def gap_reason(self, target: Target) -> str:
        """Why a target has no data, in the page's language ('' when the catalog says none)."""
        return target.gap_reason_vi if self.lang == "vi" else target.gap_reason

    def document(self, decision: Decision) -> str:
        """The document's number (or name), in the page's language where the catalog gives
        one: '514/QĐ-UBND'."""
        return decision.number if self.lang == "vi" else (decision.number_en or decision.number)

    def decision_title(self, decision: Decision) -> str:
        return decision.title_vi if self.lang == "vi" else (decision.title_en or decision.title_vi)

    def issuer(self, decision: Decision) -> str:
        return decision.issuer if self.lang == "vi" else (decision.issuer_en or decision.issuer)

    def published_text(self, text: str) -> dict:
        """A text as published (a title, a table's name, a publisher), for the `text` macro:
        marked with its language where that is not the page's (`language_of`)."""
        lang = language_of(text)
        return {"text": text, "lang": "" if lang == self.lang else lang, "note": ""}

    def published_parts(self, text: str) -> list[dict]:
        """A title as printed, for the `text` macro piece by piece: marked with its language
        where that is not the page's, and a parenthesis in the other language than the rest
        (a compiler's note in English after a Vietnamese title: 'Lâm nghiệp (atlasnn blog)')
        marked as its own."""
        main = language_of(PARENTHESIS.sub("", text).strip() or text)
        parts = []
        for piece in PARENTHESIS.split(text):
            lang = main
            if PARENTHESIS.fullmatch(piece) and language_of(piece) != main and (
                    main == "en" or english_shaped_words(piece) >= 2):
                lang = language_of(piece)
            if piece:
                parts.append({"text": piece, "lang": "" if lang == self.lang else lang,
                              "note": ""})
        return parts

    def issued(self, issued: str) -> str:
        """A publication's date as far as it is known ('2018-12', '2009'), as the page
        prints dates: '12/2018' in Vietnamese, '2018-12' in English."""
        return "/".join(reversed(issued.split("-"))) if self.lang == "vi" else issued


# Letters only Vietnamese (of the two languages the sources are in) writes: a Vietnamese title
# of a few words always holds some of them.
VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ")


# A Vietnamese syllable written without its marks (Kinh, thien, Net), and a parenthesis.
VI_SYLLABLE = re.compile(
    r"(?:ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
PARENTHESIS = re.compile(r"(\([^()]*\))")


def english_shaped_words(text: str) -> int:
    """How many words of `text` no Vietnamese syllable spells (blog, excerpt, section;
    acronyms aside): a Vietnamese text written without its marks has none."""
    return sum(1 for w in re.findall(r"[A-Za-z]{2,}", text)
               if not w.isupper() and VI_SYLLABLE.fullmatch(w.lower()) is None)


def language_of(text: str) -> str:
    """'vi' for a text holding a Vietnamese letter, else 'en': the language of a published
    title, whose catalog gives none (the sources are in Vietnamese or English)."""
    return "vi" if any(ch in VIETNAMESE_LETTERS for ch in text.lower()) else "en"
