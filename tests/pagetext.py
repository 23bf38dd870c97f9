"""What a reader sees on a page, for the one-language test: the visible text, less
quotations marked with another `lang`, publication titles (<cite>), identifiers (<code>),
and everything inside <style>, <script> and attribute values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

SKIPPED = {"style", "script", "cite", "code", "title"}
VOID = {"br", "img", "meta", "link", "hr", "input", "col", "source", "wbr"}
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


class _Visible(HTMLParser):
    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[bool] = []  # per open element: is its text hidden?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        other_lang = attrs.get("lang") not in (None, "", self.lang)
        hidden = (bool(self.stack) and self.stack[-1]) or tag in SKIPPED or other_lang
        self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str, lang: str) -> str:
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    parser = _Visible(lang)
    parser.feed(body)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}


def _texts(value) -> list[str]:
    """A message's text, or every form of a text given by count ({count, one, other})."""
    if isinstance(value, dict):
        return [t for key, form in value.items() if key != "count" for t in _texts(form)]
    return [str(value)]


def catalogue_words(table: dict, lang: str) -> set[str]:
    """Every word of the message catalogue in one language."""
    words: set[str] = set()
    for entry in table.values():
        items = entry.values() if isinstance(entry, dict) and lang not in entry else [entry]
        for item in items:
            if isinstance(item, dict) and lang in item:
                for text in _texts(item[lang]):
                    words |= words_of(re.sub(r"\{[^}]*\}", " ", text))
    return words


def foreign_words(html: str, lang: str, table: dict) -> set[str]:
    """Words of the other language's catalogue, not of this one's, seen on the page."""
    other = "en" if lang == "vi" else "vi"
    distinctive = catalogue_words(table, other) - catalogue_words(table, lang)
    return words_of(visible_text(html, lang)) & distinctive


# What a repository path, a raw file name or an internal id looks like in page text.
REPOSITORY_WORDS = re.compile(r"data/|\.csv\b|\.txt\b|\.md\b|\.yml\b|\[[a-z_]+:\d+\]"
                              r"|\b[a-z]+_[a-z_]+(?::\d+)?\b")


def raw_codes(html: str, lang: str) -> set[str]:
    return set(RAW_CODE.findall(visible_text(html, lang)))


# --- Runs of the other language outside an element marked with its `lang` -----------------
# The one-language check reads every text a reader sees (publication titles in <cite>
# included: a title in the other language is marked too), and the `alt` text of images
# (read aloud in the page's language; an attribute cannot carry a `lang` of its own).
# Identifiers in <code> (host names, file names) are not words of a language.

VIETNAMESE_LETTERS = set("ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ")
# A Vietnamese syllable written without its marks (xanh, thu, gom, Kon, Tum): initial
# consonant, one to three vowels, final consonant. An ASCII word of another shape (data,
# growth, rate, of, per) is not Vietnamese.
VI_SYLLABLE = re.compile(
    r"(?:ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
# Identifiers, of no language: a document number (514/QĐ-UBND) and a host name
# (vnforester.org.vn), a publication's name as it names itself.
IDENTIFIER = re.compile(r"\d+/[\wĐđ&/.-]*|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,}\b")
# A token: an identifier, a word with a digit (a hash, VND65: no word of either language), a
# word, a number.
TOKEN = re.compile(IDENTIFIER.pattern + r"|[A-Za-z]*\d[A-Za-z0-9]*|[^\W\d_]+|\d[\d.,]*")
BLOCK = {"p", "div", "td", "th", "tr", "li", "ul", "ol", "dt", "dd", "dl", "h1", "h2", "h3",
         "h4", "h5", "h6", "table", "caption", "figcaption", "figure", "section", "details",
         "summary", "header", "footer", "nav", "br", "thead", "tbody", "blockquote", "small"}
UNREAD = {"style", "script", "code", "title", "template"}


def is_vietnamese_word(word: str) -> bool:
    return any(ch in VIETNAMESE_LETTERS for ch in word.lower())


def is_english_word(word: str) -> bool:
    """An ASCII word no Vietnamese syllable spells (acronyms such as GRDP aside)."""
    if not word.isascii() or not word.isalpha() or len(word) < 2 or word.isupper():
        return False
    return VI_SYLLABLE.fullmatch(word.lower()) is None


@dataclass(frozen=True)
class Run:
    """A run of the other language's words, and where it is: the id of the nearest element
    around it that has one (and `alt` for an image's alt text)."""

    text: str
    where: str


@dataclass(frozen=True)
class _Frame:
    tag: str
    lang: str          # the language the element's text is marked as ('' unknown)
    unread: bool       # inside <style>, <script>, <code>...
    where: str         # the nearest id
    splits: bool       # a block, a `lang` or an unread element: its text is its own


class _Segments(HTMLParser):
    """The page's text in blocks, each with the language it is marked as (its nearest
    `lang`) and where it is, and the `alt` texts of images with theirs."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[_Frame] = [_Frame("", lang, False, "", True)]
        self.segments: list[tuple[str, str, str]] = []  # (marked language, text, where)
        self.current: list[str] = []

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            top = self.stack[-1]
            self.segments.append((top.lang, text, top.where))
        self.current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        top = self.stack[-1]
        lang = attrs.get("lang") or top.lang
        where = attrs.get("id") or top.where
        if tag == "img" and attrs.get("alt"):
            self.segments.append((lang, attrs["alt"], f"{where} alt"))
        if tag in VOID:
            if tag == "br":
                self._flush()
            return
        splits = tag in BLOCK or "lang" in attrs or tag in UNREAD
        if splits:
            self._flush()
        self.current.append(" ")  # adjacent elements are apart (a label shown as a block)
        self.stack.append(_Frame(tag, lang, top.unread or tag in UNREAD, where, splits))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                if any(f.splits for f in self.stack[i:]):
                    self._flush()
                del self.stack[i:]
                self.current.append(" ")
                break

    def handle_data(self, data):
        if not self.stack[-1].unread:
            self.current.append(data)

    def close(self):
        super().close()
        self._flush()


def _kind(word: str, lang: str) -> str:
    """A token's part in a run of the other language: 'foreign', 'neutral' (numbers,
    document numbers, acronyms, words either language spells) or 'break' (a word of the
    page's own language)."""
    if any(ch.isdigit() for ch in word) or IDENTIFIER.fullmatch(word):
        return "neutral"
    if lang == "vi":
        if is_vietnamese_word(word):
            return "break"
        return "foreign" if is_english_word(word) else "neutral"
    if is_vietnamese_word(word):
        return "foreign"
    return "neutral" if VI_SYLLABLE.fullmatch(word.lower()) else "break"


def _runs(text: str, lang: str) -> list[str]:
    """The runs of `text` in the language other than `lang`: on a Vietnamese page, stretches
    without a Vietnamese word holding two English words or more; on an English page,
    stretches of Vietnamese syllables holding a word with Vietnamese letters."""
    least = 2 if lang == "vi" else 1
    runs: list[str] = []
    foreign: list[re.Match] = []
    for match in [*TOKEN.finditer(text), None]:
        kind = "break" if match is None else _kind(match.group(), lang)
        if kind == "foreign":
            foreign.append(match)
        elif kind == "break":
            if len(foreign) >= least:
                runs.append(text[foreign[0].start():foreign[-1].end()])
            foreign = []
    return runs


def unmarked_runs(html: str, lang: str) -> list[Run]:
    """Every run of words in the other language that no element marks with that language
    (an English run on a Vietnamese page outside lang="en"; a Vietnamese run on an English
    page outside lang="vi"), in the order of the page."""
    other = "en" if lang == "vi" else "vi"
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    parser = _Segments(lang)
    parser.feed(body)
    parser.close()
    return [Run(run, where) for marked, text, where in parser.segments if marked != other
            for run in _runs(text, lang)]
