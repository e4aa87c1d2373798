"""Bytes to text: which charset a document is in, and whether it is HTML at all.

``decode_html`` tries, in order: a byte-order mark; valid UTF-8; the declared charset
(Content-Type header, then ``<meta>``/``<?xml?>``); UTF-8 with a few stray bytes; detection.
Detection weighs what charset-normalizer proposes against the region's legacy charsets
(windows-1256 for Arabic and Dari, windows-1251 for Russian and Tajik) by the words each
decoding yields: whole Arabic or Cyrillic words win, words of jumbled scripts and symbols lose.
charset-normalizer is imported inside ``_detect``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import ContentError

# Where a <meta> charset declaration is looked for. The HTML spec's prescan stops at 1 KB;
# real pages put long <script> blocks first, so look further (16 KB finds 691 of the 694
# declarations in the WCXB corpus).
MARKUP_PRESCAN_BYTES = 16 * 1024
# A page with invalid UTF-8 is still UTF-8 when stray bad bytes are rare next to valid
# multi-byte characters (a page with one corrupt byte); a mislabelled legacy page has many.
UTF8_MAX_BAD_RATIO = 0.02
# Legacy charsets of the languages syndicate publishes in, tried besides detection's guesses
# and preferred when two decodings read equally well.
REGION_CODECS = ("cp1256", "cp1251")
# A decoding with more control characters than this (per character) is noise, not text.
MAX_CONTROL_RATIO = 0.001

# Labels browsers treat differently from Python's codec registry (WHATWG Encoding Standard).
_LABEL_OVERRIDES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252", "latin1": "cp1252",
    "latin-1": "cp1252", "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "cp819": "cp1252", "ibm819": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "iso-8859-8-i": "iso8859-8", "x-mac-cyrillic": "mac-cyrillic", "x-mac-ukrainian": "mac-cyrillic",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift_jis": "cp932", "sjis": "cp932", "ms_kanji": "cp932", "windows-31j": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs",
    "unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8", "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
}
# Codecs a web page may never be decoded with (utf-7 smuggles markup past filters).
_REFUSED_CODECS = {"utf-7"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_:.+-]+)""")
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|link|base|article|main|section|div|p|h[1-6]"
    rb"|table|script|style|iframe|font|b|br|a|!--|\?xml)[\s>/]",
    re.IGNORECASE,
)
# Runs of ASCII letters and non-ASCII characters that hold at least one non-ASCII character.
_NON_ASCII_TOKEN = re.compile(r"[^\s!-@\[-`{-~]*[^\x00-\x7f][^\s!-@\[-`{-~]*")
# Punctuation that may touch a word in real text; any other non-letter inside a word is mojibake.
_WORD_PUNCTUATION = set("…¡¿،؛؟٪٫٬")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def decode_html(data: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTML document; returns (text, codec name).

    Order: byte-order mark; valid UTF-8 (mislabelled UTF-8 pages are common); the charset
    from ``content_type``, then from ``<meta>``/``<?xml?>``; UTF-8 with a few stray bytes;
    detection. ContentError when nothing decodes cleanly.
    """
    return _decode(data, [_charset_from_content_type(content_type), _charset_from_markup(data)])


def decode_text(data: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a plain-text or Markdown document as ``decode_html`` does, minus the markup declarations."""
    return _decode(data, [_charset_from_content_type(content_type)])


def looks_like_html(data: bytes | str, *, within: int = 1024) -> bool:
    """Whether the first ``within`` bytes (or characters) start with, or soon have, a common HTML tag."""
    head = data[:within].encode("utf-8", "surrogatepass") if isinstance(data, str) else data[:within]
    for bom, codec in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, errors="ignore").encode("utf-8")
            break
    if b"\x00" in head:
        return False
    return _HTML_START.search(head) is not None


def normalize_charset(label: str | None) -> str | None:
    """The Python codec for a charset label as browsers read it; None if unknown or unusable."""
    if not label:
        return None
    label = label.strip().strip("\"'").strip().lower()
    label = _LABEL_OVERRIDES.get(label, label)
    label = re.sub(r"^x-cp(\d+)$", r"cp\1", label)
    try:
        b"<".decode(label, "ignore")  # LookupError for unknown labels and bytes-to-bytes codecs
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return None if codec in _REFUSED_CODECS else codec


def _decode(data: bytes, declarations: list[str | None]) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError:
                break
    declared = [codec for codec in declarations if codec]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and (not text.isascii() or not declared):
        return text, "utf-8"
    for codec in declared:
        if text is not None and codec.startswith(("utf-16", "utf-32")) and b"\x00" not in data:
            continue  # ASCII bytes labelled UTF-16: the label is wrong
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    text = data.decode("utf-8", errors="replace")
    if _is_mostly_utf8(data, text):
        return text, "utf-8"
    return _detect(data)


def _charset_from_content_type(content_type: str | None) -> str | None:
    match = _CHARSET_PARAM.search(content_type or "")
    return normalize_charset(match.group(1)) if match else None


def _charset_from_markup(data: bytes) -> str | None:
    head = data[:MARKUP_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    codec = normalize_charset(match.group(1).decode("ascii"))
    # A declaration readable as ASCII can't be UTF-16 (the HTML spec reads it as UTF-8).
    return "utf-8" if codec and codec.startswith("utf-16") else codec


def _is_mostly_utf8(data: bytes, replaced: str) -> bool:
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    multibyte = len(replaced) - len(replaced.encode("ascii", errors="ignore")) - bad
    return bad <= UTF8_MAX_BAD_RATIO * multibyte


def _detect(data: bytes) -> tuple[str, str]:
    """The decoding, among detection's guesses and the region's charsets, whose words read best."""
    import charset_normalizer

    guessed = [normalize_charset(match.encoding) for match in charset_normalizer.from_bytes(data)]
    best: tuple[int, str, str] | None = None
    for codec in dict.fromkeys([*REGION_CODECS, *guessed]):
        if not codec:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) > MAX_CONTROL_RATIO * len(text):
            continue
        score = _script_score(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None:
        raise ContentError("could not decode the page", hint="its character encoding is unknown or broken")
    return best[1], best[2]


def _script_score(text: str) -> int:
    """How well ``text``'s non-ASCII words read: + each letter of a whole Arabic or Cyrillic word,
    − each character of a word that mixes scripts, holds a symbol or has jumbled letter case."""
    classes: dict[str, str] = {}  # character → "" (splits words), "M" (mark), "S" (symbol) or its script
    score = 0
    for token in _NON_ASCII_TOKEN.findall(text):
        for word in _words(token, classes):
            script = _word_script(word, classes)
            if script is None:
                score -= len(word)
            elif script in ("ARABIC", "CYRILLIC"):
                score += len(word)
    return score


def _char_class(char: str) -> str:
    category = unicodedata.category(char)
    if char in _WORD_PUNCTUATION or category in ("Pi", "Pf", "Pd", "Ps", "Pe"):
        return ""
    if category[0] == "M":
        return "M"  # a combining mark (Arabic vowel signs) belongs to its letter
    if category[0] != "L":
        return "S"
    return unicodedata.name(char, "?").split(" ", 1)[0]


def _words(token: str, classes: dict[str, str]) -> list[str]:
    """``token`` cut at punctuation, keeping the pieces with non-ASCII characters."""
    words, current = [], []
    for char in token:
        if char not in classes:
            classes[char] = _char_class(char)
        if classes[char]:
            current.append(char)
        else:
            words.append("".join(current))
            current = []
    words.append("".join(current))
    return [word for word in words if word and not word.isascii()]


def _word_script(word: str, classes: dict[str, str]) -> str | None:
    """The script of ``word``'s letters ("LATIN", "ARABIC", "CYRILLIC"...); None for mojibake, "" without letters."""
    scripts = {classes[char] for char in word} - {"M"}
    if "S" in scripts:
        return None if len(scripts) > 1 else ""  # a symbol on its own says nothing about the charset
    if len(scripts) != 1:
        return None if scripts else ""
    cased = word.lower() != word.upper()
    if cased and not (word.islower() or word.isupper() or word.istitle()):
        return None
    return scripts.pop()
