"""The last line of defence before a public file is written: no executable markup or URL in it.

Every earlier layer (the URL policy, escaping renderers) should make this check pass; when one
fails, the export stops with an ExportError instead of publishing script to partners.
"""

from __future__ import annotations

import json
import re

from ..errors import ExportError
from ..urls import SCHEME_NOISE

_EXECUTABLE_URL = re.compile(r"(?:javascript|vbscript|data|livescript):", re.IGNORECASE)
_SCRIPT_TAG = re.compile(r"<script\b", re.IGNORECASE)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "cite", "poster", "background", "data", "srcset",
                            "ping", "manifest", "xlink:href", "{http://www.w3.org/1999/xlink}href", "url"})
URL_KEYS = frozenset({"@id", "url", "uri", "href", "src", "image", "isBasedOn", "mainEntityOfPage", "canonical_url",
                      "lead_image", "source_url", "link"})
JSON_LD_TYPE = "application/ld+json"
CHECK_HINT = "an earlier step let executable content through; please report this with the source page"


def is_executable_url(value: str) -> bool:
    """Whether a browser would run ``value`` (a URL) as code, or load it as inline content."""
    return bool(_EXECUTABLE_URL.match(SCHEME_NOISE.sub("", value)))


def check_public_file(name: str, data: str | bytes) -> None:
    """Raise ExportError when ``data`` (the file ``name``: .html, .xml or .json) holds an executable
    URL, an ``on*`` attribute or a ``<script>`` other than JSON-LD; other files pass unchecked."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    suffix = name.rsplit(".", 1)[-1].lower()
    problem = {"html": _html_problem, "xml": _feed_problem, "json": _json_problem}.get(suffix, lambda _text: None)(text)
    if problem:
        raise ExportError(f"refusing to write {name}: {problem}", hint=CHECK_HINT)


def _element_problem(element, *, json_ld: bool) -> str | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() == "script":
        if not json_ld or (element.get("type") or "").strip().lower() != JSON_LD_TYPE:
            return "a <script> element"
        return _json_problem(element.text or "")
    for attribute, value in element.attrib.items():
        attribute = attribute.lower()
        if attribute.startswith("on"):
            return f"an {attribute}= attribute on <{tag}>"
        if attribute in URL_ATTRIBUTES and is_executable_url(value):
            return f"an executable URL in <{tag} {attribute}>"
        if tag == "meta" and attribute == "content" and "refresh" in (element.get("http-equiv") or "").lower():
            if is_executable_url(value.split("=", 1)[-1].strip(" '\"")):
                return "an executable URL in a meta refresh"
    return None


def _tree_problem(roots, *, json_ld: bool) -> str | None:
    for root in roots:
        if isinstance(root, str):
            continue
        for element in root.iter():
            problem = _element_problem(element, json_ld=json_ld)
            if problem:
                return problem
    return None


def _html_problem(text: str) -> str | None:
    from lxml import html

    if not text.strip():
        return None
    document = html.document_fromstring(text)
    scripts = [s for s in document.iter("script") if (s.get("type") or "").strip().lower() == JSON_LD_TYPE]
    if len(_SCRIPT_TAG.findall(text)) != len(scripts):
        return "a <script> element"
    return _tree_problem([document], json_ld=True)


def fragment_problem(text: str) -> str | None:
    """What makes the HTML fragment ``text`` executable, or None."""
    from lxml import etree, html

    if not text or not text.strip():
        return None
    if _SCRIPT_TAG.search(text):
        return "a <script> element"
    try:
        roots = html.fragments_fromstring(text)
    except (etree.ParserError, ValueError):
        return None  # no elements at all
    return _tree_problem(roots, json_ld=False)


def _feed_problem(text: str) -> str | None:
    from lxml import etree

    try:
        root = etree.fromstring(text.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return f"not well-formed XML ({error})"
    for element in root.iter():
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        for attribute, value in element.attrib.items():
            if attribute.lower().startswith("on"):
                return f"an {attribute}= attribute on <{tag}>"
            if etree.QName(attribute).localname.lower() in URL_ATTRIBUTES and is_executable_url(value):
                return f"an executable URL in <{tag} {attribute}>"
        if tag in ("link", "guid", "comments") and element.text and is_executable_url(element.text.strip()):
            return f"an executable URL in <{tag}>"
        if tag in ("description", "encoded") and element.text:  # HTML, as feed readers show it
            problem = fragment_problem(element.text)
            if problem:
                return f"{problem} in <{tag}>"
    return None


def _json_problem(text: str) -> str | None:
    """The first problem of a JSON document, checked object by object as the parser makes them
    (each is dropped once checked: an article.json of a long report never stands in memory twice)."""
    problems: list[str] = []

    def check(data: dict) -> None:
        if not problems:
            problem = _object_problem(data)
            if problem:
                problems.append(problem)
        return None  # its own values are checked; the parent needs nothing of it

    try:
        top = json.loads(text, object_hook=check)
    except ValueError as error:
        return f"not JSON ({error})"
    return problems[0] if problems else _value_problem(top)


def _object_problem(data: dict) -> str | None:
    """A problem in one JSON object's own values (the objects inside it were checked when parsed)."""
    if data.get("contentType") == "text/html" and isinstance(data.get("value"), str):
        problem = fragment_problem(data["value"])
        if problem:
            return f"{problem} in an HTML body"
    return next(filter(None, (_value_problem(item, str(name)) for name, item in data.items())), None)


def _value_problem(value, key: str = "") -> str | None:
    if isinstance(value, list):
        return next(filter(None, (_value_problem(item, key) for item in value)), None)
    if isinstance(value, str) and key in URL_KEYS and is_executable_url(value):
        return f"an executable URL in {key!r}"
    return None
