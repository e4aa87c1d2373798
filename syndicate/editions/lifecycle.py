"""The editorial lifecycle: what a run's translations do to their editions, correct, approve,
withdraw.

Every operation commits its change to the EditionStore in one transaction first, then the caller
renders the article (editions.render): a command killed in between leaves the database right and the
article marked unrendered, and the next command that takes the output folder renders it
(job.OutputFolder). ``translate``, ``batch``, the editorial commands and the desk all come here
through job.OutputFolder; nothing else changes an edition.

The rules:

* a run (``submit``) stores each translation as the edition's working text. It is published
  when the ``publish`` setting is ``immediate`` and nothing blocks it (term checks on approved
  entries, flags the ``blocking_checks`` setting names); otherwise it stays a draft (a published
  edition keeps its published text, the new one waits for approval). A withdrawn edition stays
  withdrawn: re-publishing is an explicit ``approve``;
* ``correct`` stores an editor's wording of one sentence in the translation memory (every later
  run, and every article with that sentence, uses it), translates the article again from the
  memory (so placeholders, term checks and QA run on the corrected text) and, when the edition
  is published and the result doesn't block, publishes it at once with a correction note;
* ``approve`` publishes the working text (a blocked one only with an override and a reason,
  both recorded) and records who reviewed it;
* ``withdraw`` takes editions out of their feeds and replaces their pages by a notice;
* ``mark_checked`` records that an editor read sentences and found them right (editions.progress):
  no text changes, so nothing is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ..article import Article, TranslatedArticle
from ..errors import GlossaryError, SentenceChanged, UsageError
from ..export.dates import iso
from ..export.exporter import choose_slug
from ..settings import IMMEDIATE
from .gate import blocking_reasons
from .inputs import MAX_NAME, MAX_NOTE, MAX_SENTENCE, clean_text
from .model import (APPROVED, BLOCKED, CHECKED, CORRECTED, DRAFT, OVERRIDDEN, PUBLISHED, PUBLISHED_EVENT,
                    TRANSLATED, UNCHECKED, WITHDRAWN, WITHDRAWN_EVENT, Edition, Event, Outcome, text_digest)
from .numbering import article_texts, sentence_index, sentence_numbers, sentence_order
from .progress import Vouching, sentence_digest, vouching
from .store import EditionStore


@dataclass(frozen=True)
class Decision:
    """What a run did to one edition; ``blocking`` says why when it was blocked."""

    language: str
    state: str
    outcome: Outcome
    blocking: tuple[str, ...] = ()

    @property
    def blocked(self) -> bool:
        return self.outcome is Outcome.BLOCKED


@dataclass(frozen=True)
class Submission:
    """What one run did to one article's editions."""

    slug: str
    decisions: tuple[Decision, ...]
    warnings: tuple[str, ...] = ()

    @property
    def blocked(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.blocked)


@dataclass(frozen=True)
class Change:
    """What an editorial command did: the editions after it (store.EditionSummary), and one line saying so."""

    slug: str
    editions: tuple
    message: str
    blocking: tuple[str, ...] = ()  # problems that kept a correction from being published
    warnings: tuple[str, ...] = ()


# -- runs ----------------------------------------------------------------------------------------

def submit(store: EditionStore, article: Article, translations: Sequence[TranslatedArticle], *, versions: dict,
           mode: str, blocking_checks: frozenset[str], now: datetime,
           max_untranslated_share: float = 1.0) -> Submission:
    """Store a run's ``translations`` of ``article`` and decide, per edition, what is published."""
    warnings: list[str] = []
    slug = choose_slug(article, store.owner_of, warnings)
    stamp = iso(now)
    existing = {e.language: e for e in store.editions(slug)}
    numbers = sentence_numbers(article_texts([e.working for e in existing.values()], translations))
    editions, events, decisions = [], [], []
    for translation in translations:
        tag = translation.language
        blocking = blocking_reasons(translation, blocking_checks, max_untranslated_share, numbers[tag])
        edition = existing.get(tag) or Edition(slug, tag, DRAFT, translation)
        changed = tag not in existing or text_digest(edition.working) != text_digest(translation)
        edition = replace(edition, working=translation, blocking=blocking)
        if changed:
            events.append(Event(slug, tag, TRANSLATED, stamp, note=" → ".join(translation.route) or None))
        if edition.state == WITHDRAWN:
            outcome = Outcome.WITHDRAWN
        elif edition.state == PUBLISHED and text_digest(translation) == text_digest(edition.public):
            edition = replace(edition, public=translation)  # same text: new checks and versions go out
            outcome = Outcome.UNCHANGED
        elif blocking:
            outcome = Outcome.BLOCKED
            events.append(Event(slug, tag, BLOCKED, stamp, note="; ".join(blocking)))
        elif mode == IMMEDIATE:
            outcome = Outcome.UPDATED if edition.state == PUBLISHED else Outcome.PUBLISHED
            edition = with_text_published(edition, translation, stamp)
            events.append(Event(slug, tag, PUBLISHED_EVENT, stamp))
        else:
            outcome = Outcome.DRAFT
        editions.append(edition)
        decisions.append(Decision(tag, edition.state, outcome, blocking))
    store.save(article, slug, versions=versions, editions=editions, events=events, now=stamp)
    return Submission(slug, tuple(decisions), tuple(warnings))


def with_text_published(edition: Edition, text: TranslatedArticle, stamp: str) -> Edition:
    """``edition`` with ``text`` published at ``stamp`` (its first publication kept); a public
    change (first publication, new text, publication again after a withdrawal) counts one more
    ``public_version``."""
    changed = text_digest(text) != text_digest(edition.public) or edition.state != PUBLISHED
    return replace(edition, state=PUBLISHED, public=text, first_published_at=edition.first_published_at or stamp,
                   public_updated_at=stamp if changed or not edition.public_updated_at else edition.public_updated_at,
                   withdrawn_at=None, withdrawn_reason=None, public_version=edition.public_version + changed)


# -- editorial commands --------------------------------------------------------------------------

def correct(store: EditionStore, engine, hook, *, slug: str, language: str, number: int, text: str, editor: str,
            note: str | None, blocking_checks: frozenset[str], now: datetime,
            expected_version: int | None = None, max_untranslated_share: float = 1.0,
            seen: str | None = None) -> Change:
    """Replace sentence ``number`` (1 = the title, as the review page numbers them) of an
    edition by ``text``; see the module docstring. ``expected_version``: the edition's version
    as the editor saw it (ConflictError when it changed since). With ``seen``, the sentence as
    the editor saw it, the conflict is the sentence's alone: another editor's change to other
    sentences meanwhile is kept and this one saved; SentenceChanged when this sentence changed."""
    from ..languages import get_language

    editor = clean_text(editor, "--editor", MAX_NAME)
    note = clean_text(note, "--note", MAX_NOTE) if note else None
    text = clean_text(text, "the corrected sentence", MAX_SENTENCE)
    edition = _edition_to_change(store, slug, language, None if seen is not None else expected_version)
    language = edition.language  # the tag, whatever alias was given
    others = [e.working for e in store.editions(slug)]
    index = sentence_index(others, edition.working, number)
    if index is None:
        rows = len(sentence_order(others))
        raise UsageError(f"{slug} {language} has no sentence {number} (the review page numbers 1 to {rows})",
                         hint=f"the review page numbers them (1 = the title): syndicate review --article {slug}")
    pair = edition.working.sentences[index]
    if (seen is not None and expected_version is not None and edition.version != expected_version
            and " ".join(pair.target.split()) != " ".join(seen.split())):
        raise SentenceChanged(f"sentence {number} of {slug} {language} was changed by someone else meanwhile",
                              current=pair.target, hint="their version is shown beside yours: keep one, then save")
    stamp = iso(now)
    warnings = []
    if (edition.working.glossary_version or "none") != (getattr(hook, "version", None) or "none"):
        warnings.append(f"{slug} {language} was translated with {edition.working.glossary_version or 'no glossary'}, "
                        f"and is translated again with {getattr(hook, 'version', None) or 'no glossary'}: give the "
                        "same --glossary files (or run where its syndicate.toml is) to keep its term checks")
    if engine.memory is None:
        raise UsageError("corrections are kept in the translation memory, and it is switched off")
    stored = store.article(slug)
    translation = engine.translate(stored.article, get_language(language), hook, corrections={pair.source: text})
    numbers = sentence_numbers(article_texts(others, [translation]))[language]
    blocking = blocking_reasons(translation, blocking_checks, max_untranslated_share, numbers)
    also = [numbers[position] for position, (before, after) in enumerate(zip(edition.working.sentences,
                                                                              translation.sentences))
            if position != index and after.source == pair.source and after.target != before.target]
    changed = replace(edition, working=translation, blocking=blocking)
    events = [Event(slug, language, CORRECTED, stamp, editor=editor, note=note, sentence=number,
                    before=pair.target, after=text, source=pair.source)]
    message = f"{slug} {language}: sentence {number} corrected"
    if also:  # the memory holds the correction for the source sentence, wherever it stands
        message += f" (also applied to sentence{'s' if len(also) > 1 else ''} {', '.join(map(str, also))}, " \
                   "the same English sentence)"
    if edition.state == PUBLISHED and not blocking:
        reviewed = edition.reviewed
        changed = replace(with_text_published(changed, translation, stamp), corrected_at=stamp, correction_note=note)
        if reviewed:  # the reviewer's approval carries over to the editor's correction
            changed = replace(changed, approved_digest=text_digest(translation))
        message += "; the published page and its feed item are updated"
    elif edition.state == PUBLISHED:
        events.append(Event(slug, language, BLOCKED, stamp, note="; ".join(blocking)))
        message += "; NOT published, it would not pass the gate: " + "; ".join(blocking)
    else:
        message += f"; the edition is {edition.state}" + (" (approve it to publish)" if edition.state == DRAFT else "")
    # The database first: killed before the memory is written, the next command that takes the
    # output folder copies the correction over (job.remember_corrections); never the other way round.
    store.save(stored.article, slug, versions=None, editions=[changed], events=events, now=stamp)
    engine.memory.set_correction(pair.source, language, text, editor=editor, at=stamp)
    return Change(slug, _summaries(store, slug, [language]), message,
                  blocking if edition.state == PUBLISHED else (), tuple(warnings))


def copy_corrections(store: EditionStore, memory) -> int:
    """Copy into the translation ``memory`` every correction the history holds that the memory
    lacks or has older (a `correct` killed between its two writes, a new machine's empty memory);
    how many were copied."""
    by_language: dict[str, dict[str, tuple[str, str | None, str]]] = {}
    for (source, language), correction in store.corrections().items():
        by_language.setdefault(language, {})[source] = correction
    copied = 0
    for language, corrections in by_language.items():
        known = memory.correction_times(list(corrections), language)
        for source, (text, editor, at) in corrections.items():
            if known.get(source, "") < at:
                memory.set_correction(source, language, text, editor=editor or "", at=at)
                copied += 1
    return copied


def approve(store: EditionStore, *, slug: str, language: str, editor: str, override: bool = False,
            reason: str | None = None, now: datetime, expected_version: int | None = None) -> Change:
    """Publish an edition's working text (or record a review of the published one) as ``editor``.

    GlossaryError when its problems block it, unless ``override`` with a ``reason``."""
    editor = clean_text(editor, "--editor", MAX_NAME)
    reason = clean_text(reason, "--reason", MAX_NOTE) if reason else None
    if override and not reason:
        raise UsageError("--override needs --reason TEXT", hint="say why it may go out despite the problems")
    edition = _edition_to_change(store, slug, language, expected_version)
    language = edition.language
    stamp = iso(now)
    events = []
    if edition.blocking:
        if not override:
            raise GlossaryError(f"{slug} {language} is blocked: " + "; ".join(edition.blocking),
                                hint=f"correct it (syndicate correct {slug} {language} N TEXT), or publish it "
                                     "anyway with --override --reason TEXT")
        events.append(Event(slug, language, OVERRIDDEN, stamp, editor=editor, note=reason))
    was = edition.state
    approved = replace(with_text_published(edition, edition.working, stamp), approved_by=editor, approved_at=stamp,
                       approved_digest=text_digest(edition.working), blocking=edition.blocking)
    if approved.public_updated_at != stamp and not edition.reviewed:
        approved = replace(approved, public_updated_at=stamp)  # the notice changes: "reviewed by"
    events.append(Event(slug, language, APPROVED, stamp, editor=editor, note=reason))
    store.save(store.article(slug).article, slug, versions=None, editions=[approved], events=events, now=stamp)
    what = {DRAFT: "published", WITHDRAWN: "published again"}.get(was, "reviewed; the published page says so")
    vouched = "; ".join(edition_vouching(store, edition).lines())
    return Change(slug, _summaries(store, slug, [language]), f"{slug} {language}: approved by {editor}, {what} "
                  f"({vouched})")


def withdraw(store: EditionStore, *, slug: str, languages: Sequence[str] = (), editor: str, reason: str,
             now: datetime, expected_version: int | None = None) -> Change:
    """Withdraw ``languages`` (every edition of ``slug`` when empty) with ``reason``;
    ``expected_version`` applies to a single language."""
    editor = clean_text(editor, "--editor", MAX_NAME)
    reason = clean_text(reason, "--reason", MAX_NOTE)
    if store.article(slug) is None:
        raise _unknown(store, slug)
    chosen = [_edition_to_change(store, slug, tag, expected_version) for tag in languages] or store.editions(slug)
    stamp = iso(now)
    changed = [replace(e, state=WITHDRAWN, withdrawn_at=stamp, withdrawn_reason=reason,
                       public_version=e.public_version + (e.state == PUBLISHED))  # a public change: +1
               for e in chosen if e.state != WITHDRAWN]
    if not changed:
        raise UsageError(f"{slug}: {', '.join(e.language for e in chosen)} already withdrawn",
                         hint=f"syndicate approve {slug} LANG publishes an edition again")
    store.save(store.article(slug).article, slug, versions=None, editions=changed,
               events=[Event(slug, e.language, WITHDRAWN_EVENT, stamp, editor=editor, note=reason) for e in changed],
               now=stamp)
    tags = ", ".join(e.language for e in changed)
    return Change(slug, _summaries(store, slug, [e.language for e in changed]),
                  f"{slug} {tags}: withdrawn; pages replaced by a notice, feed items removed")


def mark_checked(store: EditionStore, *, slug: str, language: str, numbers: Sequence[int], editor: str,
                 now: datetime, checked: bool = True, seen: Sequence[str] | None = None) -> Change:
    """Mark sentences ``numbers`` of an edition as checked by ``editor`` as they read now (or take
    the mark off, ``checked=False``). With ``seen``, the sentences as the editor read them (one
    progress.sentence_digest per number): SentenceChanged when one has changed since, and nothing
    is marked."""
    editor = clean_text(editor, "--editor", MAX_NAME)
    edition = _edition_to_change(store, slug, language)
    language = edition.language
    texts = [e.working for e in store.editions(slug)]
    edition_numbers = sentence_numbers(texts)[language]  # once, not per sentence marked
    index_of = {number: index for index, number in enumerate(edition_numbers)}
    stamp = iso(now)
    events = []
    for position, number in enumerate(numbers):
        index = index_of.get(number)
        if index is None:
            raise UsageError(f"{slug} {language} has no sentence {number} (the review page numbers 1 to "
                             f"{len(sentence_order(texts))})",
                             hint=f"the review page numbers them (1 = the title): syndicate review --article {slug}")
        pair = edition.working.sentences[index]
        if seen is not None and (position >= len(seen) or seen[position] != sentence_digest(pair.target)):
            raise SentenceChanged(f"sentence {number} of {slug} {language} was changed by someone else meanwhile",
                                  current=pair.target, hint="read it again before marking it checked")
        events.append(Event(slug, language, CHECKED if checked else UNCHECKED, stamp, editor=editor,
                            sentence=number, after=pair.target, source=pair.source))
    if not events:
        raise UsageError("name at least one sentence number")
    store.add_events(slug, events)
    done = edition_vouching(store, edition, edition_numbers)
    marked = ", ".join(str(number) for number in numbers)
    return Change(slug, _summaries(store, slug, [language]),
                  f"{slug} {language}: sentence{'s' if len(events) > 1 else ''} {marked} "
                  f"{'checked' if checked else 'no longer marked checked'} by {editor}; "
                  f"{done.checked} of {done.sentences} checked")


def edition_vouching(store: EditionStore, edition: Edition, numbers: Sequence[int] | None = None) -> Vouching:
    """What approving ``edition`` (as the store holds it) vouches for (editions.progress);
    ``numbers``: its sentences' numbers, when the caller has them."""
    if numbers is None:
        numbers = sentence_numbers([e.working for e in store.editions(edition.slug)])[edition.language]
    return vouching(edition, numbers, store.events(edition.slug, edition.language))


def _summaries(store: EditionStore, slug: str, languages) -> tuple:
    from ..languages import get_language

    tags = {get_language(tag).tag for tag in languages}
    return tuple(summary for summary in store.summaries(slug) if summary.language in tags)


def _edition_to_change(store: EditionStore, slug: str, language: str, expected_version: int | None = None) -> Edition:
    from ..errors import ConflictError
    from ..languages import get_language

    tag = get_language(language).tag
    edition = store.edition(slug, tag)
    if edition is not None and expected_version is not None and edition.version != expected_version:
        raise ConflictError(f"{slug} {tag} was changed meanwhile (version {edition.version}, you had "
                            f"{expected_version})", hint="reload it to see the change, then make yours again")
    if edition is None:
        if store.article(slug) is None:
            raise _unknown(store, slug)
        present = ", ".join(e.language for e in store.editions(slug)) or "none"
        raise UsageError(f"{slug} has no {tag} edition (it has: {present})",
                         hint=f"translate it first: syndicate translate SOURCE --to {tag}")
    return edition


def _unknown(store: EditionStore, slug: str) -> UsageError:
    known = [a.slug for a in store.articles()[:5]]
    return UsageError(f"no article {slug!r} in {store.path}",
                      hint=("`syndicate status` lists them" + (f", e.g. {known[0]}" if known else "")))
