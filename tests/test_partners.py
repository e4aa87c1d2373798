"""What partners' systems receive, read by a real feed reader: the `reader` library keeps every
entry it has seen (as newsboat does), so a withdrawal must reach it as an update under the same
guid. One article walked translate → approve → correct → withdraw with the real CLI on the
fixture models, the feeds read by `reader` after each step, the ninjs checked against the
schema excerpt at each step."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from lxml import etree
from lxml import html as lxml_html
from plugin_editions import plain_sentences
from reader import make_reader

from syndicate.settings import Settings
from syndicate.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
SCHEMA = json.loads((ROOT / "tests" / "golden" / "ninjs-schema_3.0.excerpt.json").read_text(encoding="utf-8"))
BASE_URL = "https://partner.example/op-eds/"
SLUG = "world-must-show-its-support-for-afghan-opposition"
EDITOR = "Rahima Karimi"
FIX = "تواجه العائلات الأفغانية خياراً صعباً بين الطعام والتدفئة."
REASON = "the author asked us to take it down"


def test_a_subscriber_sees_the_correction_and_the_withdrawal_under_one_guid(tmp_path, run_cli,
                                                                           installed_models_dir, monkeypatch):
    monkeypatch.setenv("SYNDICATE_CACHE", str(tmp_path / "memory.sqlite3"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "syndicate.toml").write_text(f'base_url = "{BASE_URL}"\n', encoding="utf-8")
    out = tmp_path / "out"

    def run(*args):
        result = run_cli(*args, "--out", out)
        assert result.exit_code == 0, result.output
        return result

    subscriber = make_reader(str(tmp_path / "reader.sqlite"), feed_root=str(out))
    for tag in ("ar", "fa-AF"):
        subscriber.add_feed(f"feeds/{tag}.xml")

    def read(tag: str) -> list:
        subscriber.update_feeds(scheduled=False)  # as it would after its update interval
        return list(subscriber.get_entries(feed=f"feeds/{tag}.xml"))

    def ninjs(tag: str) -> dict:
        data = json.loads((out / SLUG / f"{tag}.ninjs.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, SCHEMA)
        return data

    result = run("translate", AMMON, "--to", "ar,fa-AF", "--publish", "on-approval")
    assert "warning: the publisher is the default 'syndicate'" in result.stderr  # no silent default credit
    for tag in ("ar", "fa-AF"):
        run("approve", SLUG, tag, "--editor", EDITOR, "--override", "--reason", "checked by hand")
    [entry] = read("ar")
    guid, first_text = entry.id, entry.content[0].value
    for tag in ("ar", "fa-AF"):  # the direction travels with the body, in the feed and the ninjs
        [item] = read(tag)
        for body in (item.content[0].value, ninjs(tag)["bodies"][0]["value"]):
            wrapper = lxml_html.fragment_fromstring(body)
            assert (wrapper.tag, wrapper.get("lang"), wrapper.get("dir")) == ("div", tag, "rtl")
    assert ninjs("ar")["version"] == "1" and "edNote" not in ninjs("ar")
    # the page's lead image (https, linked: its type unknown, so no enclosure) in the feed and the ninjs
    photo = "https://en.ammonnews.net/image.php?token=5c1d0e8f&size=large"
    media = etree.parse(str(out / "feeds" / "ar.xml")).getroot().find("channel/item/{http://search.yahoo.com/mrss/}content")
    assert (media.get("url"), media.get("medium")) == (photo, "image")
    assert [(a["uri"], a["type"]) for a in ninjs("ar")["associations"] if a["name"] == "picture"] == [(photo, "picture")]

    # a correction: the same entry, its text replaced; the ninjs one version on, with the note
    editions = Workspace.of(Settings(output_dir=str(out))).editions
    number = next(number for number, _source, _target in plain_sentences(editions, SLUG, "ar"))
    run("correct", SLUG, "ar", str(number), FIX, "--editor", EDITOR, "--note", "wording")
    [entry] = read("ar")
    assert entry.id == guid and FIX in entry.content[0].value and "wording" in entry.content[0].value
    corrected = ninjs("ar")
    assert corrected["version"] == "2" and corrected["edNote"].endswith(": wording")

    # a withdrawal: still one entry under the guid, and the subscriber holds none of the text
    run("withdraw", SLUG, "ar", "--editor", EDITOR, "--reason", REASON)
    [entry] = read("ar")
    assert entry.id == guid and entry.title.startswith("سُحبت هذه الترجمة")
    held = " ".join(part.value for part in entry.content) + (entry.summary or "")
    assert REASON in held and FIX not in held and first_text not in held
    withdrawn = ninjs("ar")
    assert (withdrawn["pubStatus"], withdrawn["version"]) == ("canceled", "3") and withdrawn["edNote"].endswith(REASON)
    listing = json.loads((out / "feeds" / "ar.json").read_text(encoding="utf-8"))
    assert [(e["guid"], e["version"], e["pubStatus"]) for e in listing["editions"]] == [(guid, "3", "canceled")]
    assert len(read("fa-AF")) == 1  # the other language is untouched


def test_a_correction_says_which_identical_sentences_it_also_changed(tmp_path, run_cli, installed_models_dir,
                                                                     monkeypatch):
    """The memory keeps a correction for its source sentence, so the same sentence elsewhere in the
    edition changes too: the editor is told where."""
    monkeypatch.setenv("SYNDICATE_CACHE", str(tmp_path / "memory.sqlite3"))
    monkeypatch.chdir(tmp_path)
    repeated = "The winter will be hard for every family in Kabul."
    source = tmp_path / "op-ed.txt"
    source.write_text("Winter in Kabul\n\n" + "\n\n".join(
        [f"{repeated} Aid agencies have warned about it for months and asked donors to act before the snow.",
         "Prices of flour and fuel have doubled since the summer, and most families cannot afford either of them.",
         f"{repeated} Nobody who has seen the queues outside the bakeries doubts it any longer."]), encoding="utf-8")
    out = tmp_path / "out"

    def run(*args):
        result = run_cli(*args, "--out", out)
        assert result.exit_code == 0, result.output
        return result

    run("translate", source, "--to", "ru", "--publish", "on-approval", "--author", "A. Writer",
        "--canonical-url", "https://news.example/winter-in-kabul")
    editions = Workspace.of(Settings(output_dir=str(out))).editions
    numbers = [number for number, source_text, _ in plain_sentences(editions, "winter-in-kabul", "ru")
               if source_text == repeated]
    assert len(numbers) == 2
    result = run("correct", "winter-in-kabul", "ru", str(numbers[0]), "Зима будет тяжёлой для каждой семьи в Кабуле.",
                 "--editor", EDITOR)
    assert f"sentence {numbers[0]} corrected (also applied to sentence {numbers[1]}, the same English sentence)" \
        in result.stdout
