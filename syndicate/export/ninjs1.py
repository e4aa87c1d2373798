"""ninjs 1.x, for readers that take only that shape (setting ``ninjs_version = "1"``).

Superdesk's ninjs ingest (NINJSFeedParser in superdesk-core) and other older readers read the 1.x
names: ``headline``, ``body_html``, ``description_text``, ``pubstatus``, ``versioncreated``,
``ednote``, and ``associations`` and ``renditions`` as objects keyed by name; they find no
headline, body or status in a 3.x file, and crash on a list of associations. ``to_ninjs1`` says
what a 3.x item (export.ninjs) says in IPTC ninjs 1.5's names; times are UTC with a ``Z``, the
one form that parser reads besides ``+00:00`` and ``+0000``.
"""

from __future__ import annotations

from datetime import timezone

from .dates import parse_iso

NINJS1_STANDARD = {"name": "ninjs", "version": "1.5", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.5.json#"}
_RENAMED = {"uri": "uri", "type": "type", "version": "version", "language": "language", "pubStatus": "pubstatus",
            "copyrightHolder": "copyrightholder", "copyrightNotice": "copyrightnotice", "usageTerms": "usageterms",
            "edNote": "ednote", "by": "byline"}
_TIMES = {"firstCreated": "firstcreated", "versionCreated": "versioncreated", "contentCreated": "contentcreated"}


def to_ninjs1(item: dict, *, standard: bool = True) -> dict:
    """The ninjs 1.5 item that says what the ninjs 3.x ``item`` says."""
    old: dict = {"$standard": dict(NINJS1_STANDARD)} if standard else {}
    old.update({new: item[name] for name, new in _RENAMED.items() if name in item})
    old.update({new: _utc(item[name]) for name, new in _TIMES.items() if name in item})
    if "representationType" in item:
        old["representationtype"] = "complete" if item["representationType"] == "full" else "incomplete"
    if item.get("headlines"):
        old["headline"] = item["headlines"][0]["value"]
    for body in item.get("bodies", ()):
        old["body_html"] = body["value"]
        old["charcount"], old["wordcount"] = body.get("charCount"), body.get("wordCount")
    for description in item.get("descriptions", ()):
        old[f"description_{'text' if description.get('role') == 'summary' else 'withdrawal'}"] = description["value"]
    if item.get("genres"):
        old["genre"] = [{"name": genre["name"], "code": genre.get("literal", genre["name"])} for genre in item["genres"]]
    if item.get("altIds"):
        old["altids"] = {alt["role"]: alt["value"] for alt in item["altIds"]}
    if item.get("renditions"):
        old["renditions"] = {rendition["name"]: _rendition(rendition) for rendition in item["renditions"]}
    if item.get("associations"):
        old["associations"] = {association["name"]: to_ninjs1(association, standard=False)
                               for association in item["associations"]}
    return {name: value for name, value in old.items() if value is not None}


def _rendition(rendition: dict) -> dict:
    names = {"href": "href", "contentType": "mimetype", "width": "width", "height": "height",
             "sizeInBytes": "sizeinbytes"}
    return {new: rendition[name] for name, new in names.items() if name in rendition}


def _utc(text: str) -> str:
    moment = parse_iso(text)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if moment and moment.tzinfo else text
