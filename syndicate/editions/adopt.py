"""The one step that reads the output folder: adopting what versions before the editorial
database published there.

Those versions kept an article's editions only in its folder's article.json. The first time this
version takes an output folder (job.OutputFolder), every article.json whose slug the editorial
database doesn't know is stored as published editions (withdrawn where it says so: they are in
partners' feeds and caches already, nothing published is forgotten), and the step is recorded so
that it never runs again. From then on the database is the one source of the public folder:
nothing else reads the folder back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..article import TranslatedArticle
from ..errors import UsageError
from ..export.dates import iso
from ..export.notice import EditionFacts
from ..export.record import iter_records, record_article
from ..export.slug import check_slug
from ..languages import get_language
from .model import PUBLISHED, PUBLISHED_EVENT, WITHDRAWN, WITHDRAWN_EVENT, Edition, Event, text_digest
from .store import EditionStore

MIGRATION = "adopt-output-folder"


@dataclass(frozen=True)
class Adoption:
    """What adopting an output folder did."""

    adopted: tuple[str, ...]  # slugs stored from their article.json
    warnings: tuple[str, ...]  # folders left as they are, and why


def adopt_output_folder(store: EditionStore, out_dir: Path, *, now: datetime) -> Adoption | None:
    """Store the articles an earlier version exported into ``out_dir`` (see the module
    docstring), once per editorial database; None when it was done before."""
    if store.migrated(MIGRATION):
        return None
    adopted, warnings = [], []
    for folder, record, problem in iter_records(Path(out_dir)):
        slug = folder.name
        if record is None:
            warnings.append(f"left {slug}/ as it is: {problem}")
            continue
        if store.owner_of(slug)[0]:
            continue
        try:
            check_slug(slug)
            editions, events = _editions_of(record, slug, now)
        except (KeyError, TypeError, ValueError, UsageError) as error:
            warnings.append(f"left {slug}/ as it is: its article.json can't be read ({type(error).__name__}: "
                            f"{getattr(error, 'message', error)})")
            continue
        if not editions:
            continue
        revision = store.save(editions[0].working.source, slug, versions=record.get("versions") or {},
                              editions=editions, events=events, now=iso(now))
        store.mark_rendered(slug, revision)  # the folder shows it: that is where it came from
        adopted.append(slug)
    store.mark_migrated(MIGRATION, iso(now), note="\n".join([f"{len(adopted)} article(s) adopted from {out_dir}",
                                                              *warnings]))
    return Adoption(tuple(adopted), tuple(warnings))


def left_as_it_was(store: EditionStore, slug: str) -> str | None:
    """Why adopting the output folder left ``slug``'s folder out of the database, if it did."""
    prefix = f"left {slug}/ "
    return next((line for line in store.migration_note(MIGRATION).splitlines() if line.startswith(prefix)), None)


def _editions_of(record: dict, slug: str, now: datetime) -> tuple[list[Edition], list[Event]]:
    """The editions (and their history) one article.json describes."""
    article, translations = record_article(record)
    texts = {translation.language: translation for translation in translations}
    editions, events = [], []
    for tag, entry in (record.get("languages") or {}).items():
        tag = get_language(tag).tag
        facts = EditionFacts.from_record(entry)
        published_at = entry.get("published_at") or record.get("updated_at") or iso(now)
        if facts.withdrawn:  # its text left the folder with it: the notice needs only the language
            text = texts.get(tag) or TranslatedArticle(article, tag, "", None, ())
            editions.append(Edition(slug, tag, WITHDRAWN, text, text, first_published_at=published_at,
                                    public_updated_at=entry.get("updated_at") or published_at,
                                    withdrawn_at=iso(facts.withdrawn_at) if facts.withdrawn_at else None,
                                    withdrawn_reason=facts.withdrawn_reason,
                                    public_version=max(facts.version, 2)))
        elif tag in texts:
            editions.append(Edition(slug, tag, PUBLISHED, texts[tag], texts[tag], first_published_at=published_at,
                                    public_updated_at=entry.get("updated_at") or published_at,
                                    approved_by=facts.reviewed_by,
                                    approved_at=iso(facts.reviewed_at) if facts.reviewed_at else None,
                                    approved_digest=text_digest(texts[tag]) if facts.reviewed_by else None,
                                    corrected_at=iso(facts.corrected_at) if facts.corrected_at else None,
                                    correction_note=facts.correction_note,
                                    public_version=max(facts.version, 1 + bool(facts.corrected_at))))
        else:
            continue
        action = WITHDRAWN_EVENT if facts.withdrawn else PUBLISHED_EVENT
        events.append(Event(slug, tag, action, published_at, note="found in the output folder"))
    return editions, events
