"""The phrases of the drafting rules (data/reference/drafting_rules.yml) as regular
expressions: words whole, any run of spaces between them, "{year}" a captured year, "–" any
dash, "…" a short gap of words; a decision heading's fields ({number}, {day}, {month},
{year}) as named groups.
"""

from __future__ import annotations

import re
import unicodedata

YEAR = r"(?:19|20)\d{2}"
DASHES = "-–—"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def phrase_pattern(phrase: str, gap_words: int = 0, gap_stops: tuple[str, ...] = ()) -> str:
    """A regex for a rule phrase: words whole, spaces as any run of spaces, "{year}" a
    captured four-digit year, "–" any dash with or without spaces, "…" a gap of up to
    `gap_words` words of letters, none of `gap_stops` ("so với … năm {year}": "so với mức
    trung bình năm 2024"; no number, mark or stop word inside the gap)."""
    out = []
    parts = re.split(r"(\{year\}|–|…)", nfc(phrase))
    for i, part in enumerate(parts):
        near_dash = "–" in (parts[i - 1] if i else "", parts[i + 1] if i + 1 < len(parts) else "")
        if part == "{year}":
            out.append(rf"(?<!\d)({YEAR})(?!\d)")
        elif part == "–":
            out.append(rf"\s*[{DASHES}]\s*")
        elif part == "…":
            stop = "|".join(re.escape(nfc(w)) for w in gap_stops)
            word = rf"(?!(?:{stop})(?!\w))[^\W\d_]+" if stop else r"[^\W\d_]+"
            out.append(rf"(?:{word}\s+){{0,{gap_words}}}")
        elif part:
            words = [re.escape(w) for w in part.split()]
            body = r"\s+".join(words)
            after_gap = i >= 2 and parts[i - 1] == "…"
            lead = r"\s+" if part[0].isspace() and i and not after_gap else ""
            trail = r"\s+" if part[-1].isspace() else ""
            if words:
                start = r"(?<!\w)" if not lead and re.match(r"\w", part.strip()) else ""
                out.append(lead + start + body + trail)
            else:
                out.append(r"\s*" if near_dash else r"\s+")
    text = "".join(out)
    if re.search(r"\w$", phrase):
        text += r"(?!\w)"
    return text


HEADING_FIELDS = {"number": r"\d+(?:/\d{4})?/[A-ZĐ]+(?:-[A-ZĐ0-9]+)*",
                  "day": r"\d{1,2}", "month": r"\d{1,2}", "year": YEAR}


def heading_pattern(phrase: str) -> re.Pattern:
    """A regex for a phrase of `decision_heading`: its words as printed (any case, any run of
    spaces), each field a named group ({number}: "1498/QĐ-UBND", {day}, {month}, {year})."""
    out = []
    for i, part in enumerate(re.split(r"\{(\w+)\}", nfc(phrase))):
        if i % 2:
            end = r"(?![\w/])" if part == "number" else r"(?!\d)"
            out.append(rf"(?P<{part}>{HEADING_FIELDS[part]}){end}")
        elif part:
            words = [re.escape(w) for w in part.split()]
            lead = r"\s*" if part[0].isspace() else ""
            trail = r"\s*" if part[-1].isspace() else ""
            start = r"(?<!\w)" if i == 0 and re.match(r"\w", part) else ""
            out.append(lead + start + r"\s+".join(words) + trail)
    return re.compile("".join(out), re.IGNORECASE)


def alternation(phrases: list[str], gap_words: int = 0,
                gap_stops: tuple[str, ...] = ()) -> re.Pattern:
    """One regex matching any of `phrases` (the longest first; one that never matches for
    none)."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile("|".join(f"(?:{phrase_pattern(p, gap_words, gap_stops)})"
                               for p in ordered) or r"(?!x)x", re.IGNORECASE)


def just_before(phrases: list[str]) -> re.Pattern:
    """One of `phrases` ending just before a number (spaces allowed between)."""
    return re.compile("(?:" + alternation(phrases).pattern + r")\s*$", re.IGNORECASE)


def words_before(phrases: list[str], words: int) -> re.Pattern:
    """One of `phrases` (as group `word`) and at most `words` words of letters ending just
    before a number: no mark or number between ("bảo đảm giải ngân 100%")."""
    return re.compile(rf"(?<!\w)(?P<word>{alternation(phrases).pattern})"
                      rf"(?:\s+[^\W\d_]+){{0,{words}}}\s+$", re.IGNORECASE)


def right_after(phrases: list[str], space: str = r"\s*") -> re.Pattern:
    """One of `phrases` right after a number, after `space` (any spaces, by default)."""
    return re.compile(space + "(?:" + alternation(phrases).pattern + ")", re.IGNORECASE)
