"""ninjs_version = "1": the ninjs 1.x shape older readers take, checked against IPTC's ninjs 1.5
schema (an excerpt, tests/golden) and read the way Superdesk's ninjs ingest reads it.

superdesk-core's NINJSFeedParser can't run outside a Superdesk app (its module imports the app's
resource services, and ``parse`` is a coroutine of the ingest service), so ``superdesk_reads``
follows its field mapping line by line (superdesk/io/feed_parsers/ninjs.py): the properties it
copies as they are, its three date formats, associations as an object keyed by name (a list made
it crash), each association parsed as an item, renditions keyed by name with href, width, height
and mimetype.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
from lxml import html as lxml_html

from plugin_export import SEED_URL, publish

ROOT = Path(__file__).resolve().parent
SCHEMA_1 = json.loads((ROOT / "golden" / "ninjs-schema_1.5.excerpt.json").read_text(encoding="utf-8"))
SCHEMA_3 = json.loads((ROOT / "golden" / "ninjs-schema_3.0.excerpt.json").read_text(encoding="utf-8"))
PNG_1x1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
SUPERDESK_COPIES = ("usageterms", "language", "headline", "copyrightnotice", "urgency", "pubstatus", "mimetype",
                    "copyrightholder", "ednote", "body_text", "body_html", "slugline", "keywords", "extra", "byline",
                    "description_text", "profile")


def superdesk_date(text: str) -> datetime:
    for layout in ("%Y-%m-%dT%H:%M:%S+0000", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S+00:00"):
        try:
            return datetime.strptime(text, layout).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise ValueError(f"Superdesk can't read the date {text!r}")


def superdesk_reads(ninjs: dict, items: list | None = None) -> list[dict]:
    """The items Superdesk's NINJSFeedParser makes of ``ninjs`` (the item first, then its associations)."""
    items = [] if items is None else items
    item = {"guid": ninjs.get("guid") or ninjs["uri"], "type": ninjs.get("type"), "uri": ninjs.get("uri")}
    item.update({name: ninjs[name] for name in SUPERDESK_COPIES if ninjs.get(name) is not None})
    for name in ("versioncreated", "firstcreated", "embargoed"):
        if ninjs.get(name):
            item[name] = superdesk_date(ninjs[name])
    items.append(item)
    if ninjs.get("associations"):
        item["associations"] = {}
    for key, associated in ninjs.get("associations", {}).items():  # a list has no .items(): the crash
        if associated:
            superdesk_reads(associated, items)
            item["associations"][key] = associated
    if ninjs.get("renditions"):
        item["renditions"] = {name: {k: v for k, v in data.items() if k in ("href", "width", "height", "mimetype")}
                              for name, data in ninjs["renditions"].items()}
    if ninjs.get("type") == "text" and ninjs.get("description_text"):
        item["abstract"] = ninjs["description_text"]
    return items


@pytest.fixture
def site(tmp_path, seed_article, seed_translations, export_settings, export_now):
    """An output folder with ninjs_version 1: the seed op-ed in four languages (a copied lead
    image), its Arabic edition corrected once, then its Russian one withdrawn."""
    settings = replace(export_settings, ninjs_version="1")
    slug = "world-must-show-its-support-for-afghan-opposition"
    images = tmp_path / "images"
    (images / slug).mkdir(parents=True)
    (images / slug / "lead.png").write_bytes(PNG_1x1)
    out = tmp_path / "out"
    publish(out, seed_article, seed_translations, settings, now=export_now, images_dir=images)
    return out / slug, settings


def test_every_file_is_valid_ninjs_1_5_and_says_what_the_3_x_one_does(site, seed_translations, export_now):
    folder, settings = site
    for translation in seed_translations:
        ninjs = json.loads((folder / f"{translation.language}.ninjs.json").read_text(encoding="utf-8"))
        jsonschema.validate(ninjs, SCHEMA_1)
        assert ninjs["$standard"]["version"] == "1.5" and "headlines" not in ninjs and "bodies" not in ninjs
        assert ninjs["headline"] == translation.title
        wrapper = lxml_html.fragment_fromstring(ninjs["body_html"])
        assert (wrapper.get("lang"), wrapper.get("dir")) == (translation.language,
                                                             "rtl" if translation.language in ("ar", "fa-AF") else "ltr")
        assert (ninjs["pubstatus"], ninjs["version"], ninjs["versioncreated"]) == ("usable", "1", "2026-11-25T08:00:00Z")
        assert ninjs["associations"]["original"]["uri"] == SEED_URL
        assert ninjs["associations"]["picture"]["renditions"]["original"] == {
            "href": f"{settings.base_url}{folder.name}/lead.png", "mimetype": "image/png", "width": 1, "height": 1,
            "sizeinbytes": len(PNG_1x1)}
        with pytest.raises(jsonschema.ValidationError):  # the other shape is refused by the 3.x schema
            jsonschema.validate(ninjs, SCHEMA_3)


def test_superdesk_reads_the_headline_body_status_and_picture(site, seed_translations):
    folder, settings = site
    ninjs = json.loads((folder / "ar.ninjs.json").read_text(encoding="utf-8"))
    item, original, picture = superdesk_reads(ninjs)
    assert item["headline"] == seed_translations[0].title and item["pubstatus"] == "usable"
    assert seed_translations[0].blocks[1].text in item["body_html"]
    assert item["versioncreated"] == datetime(2026, 11, 25, 8, tzinfo=timezone.utc)
    assert item["abstract"] == seed_translations[0].summary
    assert item["byline"] == "Luke Coffey" and "republish only with credit" in item["usageterms"]
    assert set(item["associations"]) == {"original", "picture"}
    assert original["uri"] == SEED_URL and original["headline"] == seed_translations[0].source.title
    assert picture["type"] == "picture" and picture["renditions"]["original"]["width"] == 1


def test_a_withdrawal_and_a_correction_reach_a_1_x_reader(tmp_path, seed_article, seed_translations,
                                                         export_settings, export_now):
    settings = replace(export_settings, ninjs_version="1")
    out = tmp_path / "out"
    ar, ru = seed_translations[0], seed_translations[3]
    publish(out, seed_article, [ar, ru], settings, now=export_now)
    publish(out, seed_article, [ru], settings, now=export_now + timedelta(hours=2),
            withdrawn={"ru": "the author asked us to"})
    folder = out / "world-must-show-its-support-for-afghan-opposition"
    withdrawn = json.loads((folder / "ru.ninjs.json").read_text(encoding="utf-8"))
    jsonschema.validate(withdrawn, SCHEMA_1)
    [item] = superdesk_reads(withdrawn)
    assert (item["pubstatus"], withdrawn["version"]) == ("canceled", "2")
    assert item["ednote"] == "Withdrawn on 2026-11-25: the author asked us to"
    assert item["versioncreated"] == datetime(2026, 11, 25, 10, tzinfo=timezone.utc)


def test_the_setting_takes_3_or_1_only():
    from syndicate.errors import UsageError
    from syndicate.settings import load_settings

    assert load_settings(None, ninjs_version="1").ninjs_version == "1"
    with pytest.raises(UsageError):
        load_settings(None, ninjs_version="2")
