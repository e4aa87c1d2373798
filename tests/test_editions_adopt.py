"""Adopting an output folder an earlier version wrote (editions.adopt): the one step that reads the
folder back, run once, after which the editorial database alone renders it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from plugin_export import EXPORT_VERSIONS, SEED_URL, read_feed
from syndicate.editions.adopt import MIGRATION
from syndicate.export import export_article
from syndicate.export.notice import EditionFacts
from syndicate.job import OutputFolder

WITHDRAWN_REASON = "the source retracted it"


def older_folder(out, seed_article, seed_translations, settings, now):
    """What a version before the editorial database left: two article folders (one edition
    reviewed, one withdrawn), one article.json that can't be read, feeds."""
    ar, fa, _tg, ru = seed_translations
    export_article(seed_article, [ar, ru], out, settings, slug="first", versions=EXPORT_VERSIONS, now=now,
                   facts={"ru": EditionFacts(published_at=now, reviewed_by="Mariam Rahimi", reviewed_at=now)})
    second = replace(seed_article, url=f"{SEED_URL}-second", title="Tajikistan hosts Afghan opposition")
    export_article(second, [replace(t, source=second) for t in (ar, fa)], out, settings, slug="second",
                   versions=EXPORT_VERSIONS, now=now + timedelta(hours=1),
                   facts={"ar": EditionFacts(state="withdrawn", published_at=now, withdrawn_at=now + timedelta(hours=1),
                                             withdrawn_reason=WITHDRAWN_REASON)})
    (out / "broken").mkdir()
    (out / "broken" / "article.json").write_text('{"schema_version": 1, "source"', encoding="utf-8")
    (out / "feeds").mkdir(exist_ok=True)
    (out / "feeds" / "ar.xml").write_text("<rss>an earlier version's feed</rss>", encoding="utf-8")


def test_an_older_folder_is_adopted_once_then_rendered_from_the_database(tmp_path, seed_article, seed_translations,
                                                                         export_settings, export_now):
    out = tmp_path / "out"
    older_folder(out, seed_article, seed_translations, export_settings, export_now)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    settings = replace(export_settings, output_dir=str(out))
    lines = []
    later = export_now + timedelta(days=1)
    with OutputFolder(settings, progress=lines.append, clock=lambda: later) as folder:
        states = {(e.slug, e.language): e.state for e in folder.store.editions()}
        assert states == {("first", "ar"): "published", ("first", "ru"): "published",
                          ("second", "ar"): "withdrawn", ("second", "fa-AF"): "published"}
        ru = folder.store.edition("first", "ru")
        assert ru.reviewed and ru.approved_by == "Mariam Rahimi" and ru.first_published_at == export_now.isoformat()
        withdrawn = folder.store.edition("second", "ar")
        assert withdrawn.withdrawn_reason == WITHDRAWN_REASON and withdrawn.was_published
        assert folder.store.unrendered() == []  # the folder shows them: nothing is rewritten
        assert folder.store.migrated(MIGRATION)
    assert lines[0].startswith("warning: left broken/ as it is: ") and "unreadable" in lines[0]
    assert lines[1:] == ["took 2 article(s) an earlier version published here into the editorial database"]
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before

    # Once: a folder that appears later is not taken in, and nothing is said again.
    (out / "late").mkdir()
    (out / "late" / "article.json").write_bytes((out / "first" / "article.json").read_bytes())
    lines.clear()
    with OutputFolder(settings, progress=lines.append, clock=lambda: later) as folder:
        assert folder.store.article("late") is None
        # A new run: the feeds and the index come from the database, adopted editions included.
        third = replace(seed_article, url=f"{SEED_URL}-third", title="Afghanistan is ill-prepared for winter")
        ar, _fa, _tg, ru = seed_translations
        publication = folder.publish(third, [replace(t, source=third) for t in (ar, ru)], versions=EXPORT_VERSIONS)
    assert lines == []
    assert [d.outcome for d in publication.decisions] == ["published", "published"]
    ar = {item.link.rsplit("/", 2)[1]: item for item in read_feed(out / "feeds" / "ar.xml")}
    assert sorted(ar) == ["afghanistan-is-ill-prepared-for-winter", "first", "second"]
    assert ar["second"].title.startswith("سُحبت هذه الترجمة")  # withdrawn a day ago: a withdrawal notice
    assert WITHDRAWN_REASON in ar["second"].content_html and seed_translations[0].title not in ar["second"].title
    assert [item.link.rsplit("/", 2)[1] for item in read_feed(out / "feeds" / "ru.xml")] == [
        "afghanistan-is-ill-prepared-for-winter", "first"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == 1 + 3 and "late/" not in index


def test_an_adopted_slug_is_held_by_its_article(tmp_path, seed_article, seed_translations, export_settings,
                                                export_now):
    out = tmp_path / "out"
    ar = seed_translations[0]
    slug = "world-must-show-its-support-for-afghan-opposition"  # the slug the seed's title gives
    export_article(seed_article, [ar], out, export_settings, slug=slug, versions=EXPORT_VERSIONS, now=export_now)
    other = replace(seed_article, url="https://www.arabnews.com/node/2213961")  # same title, another article
    with OutputFolder(replace(export_settings, output_dir=str(out)), clock=lambda: export_now) as folder:
        publication = folder.publish(other, [replace(ar, source=other)], versions=EXPORT_VERSIONS)
    assert publication.slug.startswith(slug + "-")
    assert any("holds another article" in warning for warning in publication.warnings)
    assert (out / slug / "ar.html").read_bytes()  # the adopted article's page is still there
