"""The public folder, written from the editorial database: an article's pages, ninjs, article.json,
feeds and the index (through export), and the private previews of drafts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..article import Article
from ..export.dates import parse_iso
from ..export.notice import PUBLISHED as PUBLIC_PUBLISHED
from ..export.notice import WITHDRAWN as PUBLIC_WITHDRAWN
from ..export.notice import EditionFacts
from .model import DRAFT, PUBLISHED, WITHDRAWN, Edition
from .store import EditionStore


def public_facts(edition: Edition) -> EditionFacts:
    """What the public pages say about ``edition`` (never an editor's name it didn't earn)."""
    return EditionFacts(
        state=PUBLIC_WITHDRAWN if edition.state == WITHDRAWN else PUBLIC_PUBLISHED,
        published_at=parse_iso(edition.first_published_at),
        updated_at=parse_iso(edition.public_updated_at),
        reviewed_by=edition.approved_by if edition.reviewed else None,
        reviewed_at=parse_iso(edition.approved_at) if edition.reviewed else None,
        corrected_at=parse_iso(edition.corrected_at),
        correction_note=edition.correction_note,
        withdrawn_at=parse_iso(edition.withdrawn_at),
        withdrawn_reason=edition.withdrawn_reason,
    )


def render(store: EditionStore, slug: str, out_dir: Path, settings, *, now: datetime, update_index: bool = True,
           drafts_dir: Path | None = None, images_dir: Path | None = None):
    """Write the public files of ``slug`` from the store (published editions, withdrawal notices,
    feeds, ninjs, article.json, the index) and mark it rendered; draft previews go to
    ``drafts_dir`` (in the workspace); a lead image copied into ``images_dir/<slug>/`` goes beside
    the pages. The ExportResult, or None when nothing of it is public."""
    from ..export.exporter import export_article, lead_image_copy

    stored = store.article(slug)
    if stored is None:
        return None
    editions = store.editions(slug)
    public = [e for e in editions if e.state == PUBLISHED or (e.state == WITHDRAWN and e.was_published)]
    result = None
    if public:
        result = export_article(stored.article, [e.public or e.working for e in public], out_dir, settings,
                                versions=stored.versions, now=now, update_index=update_index, slug=slug,
                                facts={e.language: public_facts(e) for e in public},
                                lead_image_file=lead_image_copy(images_dir / slug) if images_dir else None)
    if drafts_dir is not None:
        write_draft_previews(stored.article, editions, drafts_dir / slug, settings, now=now)
    store.mark_rendered(slug, stored.revision)
    return result


def write_draft_previews(article: Article, editions: Sequence[Edition], folder: Path, settings, *,
                         now: datetime) -> None:
    """Each draft (or changed, not yet approved) edition's page as it would be published, in the
    private ``folder``; previews of editions that no longer wait are deleted."""
    from ..export.files import make_dir, write_atomic
    from ..export.pages import render_page
    from ..export.templates import TemplateRenderer
    from ..languages import get_language

    waiting = [e for e in editions if e.state == DRAFT or e.pending]
    languages = [get_language(e.language) for e in editions if e.state != WITHDRAWN]
    renderer = TemplateRenderer()
    if waiting:
        make_dir(folder)
    for edition in waiting:
        html = render_page(edition.working, slug=edition.slug, languages=languages, settings=settings,
                           published_at=parse_iso(edition.first_published_at) or now, updated_at=now,
                           renderer=renderer, facts=EditionFacts())
        write_atomic(folder / f"{edition.language}.html", html)
    waiting_languages = {edition.language for edition in waiting}
    for edition in editions:
        if edition.language not in waiting_languages:
            (folder / f"{edition.language}.html").unlink(missing_ok=True)
