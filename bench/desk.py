"""The desk's speed targets, measured in one run: article view, correction round trip, articles list,
the edit page with its suggestions, search.

Targets (the desk's issue), all server time:

* the article view of 4 languages × 60 sentences (GET /articles/<slug>) renders in ≤ 200 ms;
* a correction round trip (POST /articles/<slug>/<lang>/<n>: the memory updated, the edition
  translated again, its page and feed re-rendered; then the GET of the article it redirects to)
  in ≤ 500 ms;
* the articles list of 1,000 articles (GET /) in ≤ 300 ms;
* the edit page of one sentence with its suggestions (GET /articles/<slug>/<lang>/<n>: the glossary
  entries of its terms, fuzzy matches among ``--corrections`` earlier corrections) in ≤ 250 ms;
* a search of every sentence of 1,000 articles, English and 4 translations (GET /search?q=…), in
  ≤ 300 ms: the slowest of a common query (hundreds of matching sentences, 100 shown) and a rare one.

It prints each one's median over ``--runs`` requests (after one warm-up request, which also loads
the models), the target and the ratio measured / target (≤ 1.00: met), plus a few untargeted
lines (the sentence view, the filtered lists). Nothing is asserted.

    .venv/bin/python bench/desk.py [--runs 15] [--articles 1000] [--sentences 60] [--published 50]

The data: the fixture copy models (tests/fixtures/make_models.py, installed with
syndicate.translate.packages.install_from_file); an article of about ``--sentences`` sentences
(the seed op-ed's paragraphs, then generated ones) translated into ar, fa-AF, tg and ru with the
project glossary (publish = on-approval) and approved, so a correction re-renders a published
page and its feed; then ``--articles`` − 1 copies of it under other URLs and titles stored with
syndicate.editions.lifecycle.submit on one EditionStore (the engine runs once, not a thousand times),
the first ``--published`` of them published and rendered (full feeds, an index), the rest drafts.
Requests go through Flask's test client in this process (no sockets: server time only), as one
logged-in editor. Timings are wall-clock medians with time.perf_counter.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_MODELS = ROOT / "tests" / "fixtures" / "make_models.py"
SEED = ROOT / "tests" / "corpus" / "seed" / "000_ac3961389abcd1c8.txt"
GLOSSARY = ROOT / "glossaries" / "afghanistan-region.tsv"
CACHE = Path(tempfile.gettempdir()) / "syndicate-bench"
LANGUAGES = "ar,fa-AF,tg,ru"
EDITOR, PASSWORD = "Bench Editor", "bench editor passphrase"
TARGETS_MS = {"article": 200, "correction": 500, "list": 300, "sentence": 250, "search": 300}

CITIES = ("Kabul", "Herat", "Mazar-i-Sharif", "Kandahar", "Dushanbe", "Tashkent", "Islamabad", "Tehran")
TOPICS = ("wheat", "fuel", "medicine", "winter clothing", "school books", "clean water", "seed grain")


def install_models(models_dir: Path) -> None:
    """The fixture copy models (built once into the bench cache) installed into ``models_dir``."""
    from syndicate.translate.packages import install_from_file

    packages = CACHE / "fixture-packages"
    if not list(packages.glob("*.argosmodel")):
        subprocess.run([sys.executable, str(MAKE_MODELS), str(packages)], check=True)
    for archive in sorted(packages.glob("*.argosmodel")):
        install_from_file(archive, models_dir)


def seed_paragraphs() -> tuple[str, list[str]]:
    """The seed op-ed's title and body paragraphs (without the page's comment form)."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    title = lines[0]
    body = []
    for line in lines[1:]:
        if line.startswith("•"):
            break
        if len(line.split()) > 8:  # paragraphs, not the date and byline
            body.append(line)
    return title, body


def generated_sentence(number: int) -> str:
    city, topic = CITIES[number % len(CITIES)], TOPICS[number % len(TOPICS)]
    return (f"Aid workers in {city} said on day {number + 1} of the programme that {120 + 37 * number} families "
            f"had received {topic}.")


def count_sentences(title: str, paragraphs: list[str]) -> int:
    """How many sentences the engine makes of the article (the review rows): the title and each
    paragraph's (the page has no description, so no summary row)."""
    from syndicate.translate.segment import split_sentences

    return 1 + sum(len(split_sentences(paragraph)) for paragraph in paragraphs)


def article_page(sentences: int) -> str:
    """An HTML article of about ``sentences`` sentences: the seed op-ed, then generated paragraphs
    of up to three sentences (or fewer of the op-ed's paragraphs)."""
    title, paragraphs = seed_paragraphs()
    while len(paragraphs) > 1 and count_sentences(title, paragraphs) > sentences:
        paragraphs.pop()
    missing = sentences - count_sentences(title, paragraphs)
    numbers = list(range(max(missing, 0)))
    for start in range(0, len(numbers), 3):
        paragraphs.append(" ".join(generated_sentence(n) for n in numbers[start:start + 3]))
    body_html = "".join(f"<p>{escape(paragraph)}</p>\n" for paragraph in paragraphs)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="author" content="Luke Coffey"></head><body><article><h1>{escape(title)}</h1>\n'
            f"{body_html}</article></body></html>")


def seed_corrections(store, slug: str, count: int) -> None:
    """``count`` earlier corrections of generated sentences in the history (the memory the edit
    page's fuzzy matches search)."""
    from syndicate.editions.model import CORRECTED, Event

    stamp = "2025-06-01T00:00:00+00:00"
    store.add_events(slug, [Event(slug, "ru", CORRECTED, stamp, editor=EDITOR, sentence=2, before="Было.",
                                  after=f"Исправлено {number}.", source=generated_sentence(number * 7 + 3))
                            for number in range(count)])


def build(scratch: Path, articles: int, sentences: int, published: int, corrections: int):
    """The output folder, the memory and the desk's user; returns (settings, slug, rows)."""
    from syndicate.desk.users import UserStore
    from syndicate.editions.lifecycle import submit
    from syndicate.editions.render import render
    from syndicate.editions.store import EditionStore
    from syndicate.job import OutputFolder, load_hook, run
    from syndicate.languages import parse_targets
    from syndicate.settings import Settings
    from syndicate.translate.engine import Engine
    from syndicate.workspace import Workspace

    install_models(scratch / "models")
    page = scratch / "op-ed.html"
    page.write_text(article_page(sentences), encoding="utf-8")
    # the copy models' English would block every edition (max_untranslated_share); the bench times the desk
    settings = Settings(output_dir=str(scratch / "out"), models_dir=str(scratch / "models"),
                        cache_path=str(scratch / "memory.sqlite3"), base_url="https://partner.example/op-eds/",
                        glossaries=(str(GLOSSARY),), publish="on-approval", workspace=str(scratch / "workspace"),
                        max_untranslated_share=1.0)
    engine = Engine.from_settings(settings)
    result = run(str(page), parse_targets(LANGUAGES), settings, engine=engine, hook=load_hook(settings))
    engine.close()
    slug = result.slug
    if result.failed:
        raise SystemExit(f"translation failed: {[o.error for o in result.failed]}")
    with OutputFolder(settings, command="bench") as output:
        for outcome in result.outcomes:
            output.approve(slug=slug, language=outcome.language, editor=EDITOR)
        store = output.store
        editions = store.editions(slug)
        source = store.article(slug).article
        versions = store.article(slug).versions
        rows = max(len(e.working.sentences) for e in editions)
        started = datetime(2025, 1, 1, tzinfo=timezone.utc)
        for number in range(1, articles):
            copy = replace(source, url=f"https://news.example/op-ed/{number}", canonical_url=None,
                           title=f"{source.title}, part {number}")
            translations = [replace(e.working, source=copy, title=f"{e.working.title} ({number})") for e in editions]
            now = started + timedelta(minutes=number)
            submission = submit(store, copy, translations, versions=versions,
                                mode="immediate" if number <= published else "on-approval",
                                blocking_checks=frozenset(), now=now)
            render(store, submission.slug, output.path, output.settings, now=now, update_index=False)
        output.write_index()
        seed_corrections(store, slug, corrections)
    workspace = Workspace.of(settings)
    users = UserStore(workspace.root / "desk.sqlite3")
    users.add(EDITOR, PASSWORD)
    users.close()
    with EditionStore(workspace.editions) as store:
        counts = {state: sum(1 for s in store.summaries() if s.state == state) for state in ("draft", "published")}
    return settings, slug, rows, counts


def median_ms(request, runs: int, prepare=lambda: None) -> tuple[float, list[float]]:
    """The median wall time (ms) of ``request()`` over ``runs`` calls, after one warm-up call;
    ``prepare()`` runs before each call, untimed."""
    prepare()
    request()
    times = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--corrections", type=int, default=2000,
                        help="earlier corrections in the history (the edit page's fuzzy matches)")
    parser.add_argument("--published", type=int, default=50,
                        help="how many of the copies are published and rendered (the rest are drafts)")
    args = parser.parse_args(argv)

    from syndicate.desk.app import create_app
    from syndicate.editions.store import EditionStore
    from syndicate.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="syndicate-bench-desk-") as scratch_name:
        scratch = Path(scratch_name)
        started = time.perf_counter()
        settings, slug, rows, counts = build(scratch, args.articles, args.sentences, args.published,
                                             args.corrections)
        database = Workspace.of(settings).editions
        print(f"{args.articles} articles ({counts['published']} editions published, {counts['draft']} drafts), "
              f"editorial database {database.stat().st_size / 2**20:.0f} MB, built in "
              f"{time.perf_counter() - started:.0f} s; the article: {rows} sentences × {LANGUAGES}, published; "
              f"fixture copy models; median of {args.runs} after one warm-up")

        app = create_app(settings, secret=b"bench-secret-key-0123456789abcdef")
        client = app.test_client()
        login = client.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', login.get_data(as_text=True)).group(1)
        response = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf": csrf})
        assert response.status_code == 302, response.status_code
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)

        def get(url: str):
            def request():
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"GET {url}: {response.status_code}")
                return response
            return request

        with EditionStore(database) as store:
            working = store.edition(slug, "ru").working
        number = next(n for n, pair in enumerate(working.sentences, start=1)
                      if pair.block >= 0 and n - 1 not in {check.sentence for check in working.term_checks})
        with_terms = next(n for n, pair in enumerate(working.sentences, start=1)
                          if pair.block >= 0 and "Aid workers" in pair.source
                          and n - 1 in {check.sentence for check in working.term_checks})
        corrections = iter(range(10**6))
        posted = {}

        def prepare_correction():
            with EditionStore(database) as store:
                posted["version"] = store.edition(slug, "ru").version

        def correct(then_get: bool):
            def request():
                data = {"csrf": csrf, "version": posted["version"], "note": "bench",
                        "text": f"Исправленное предложение номер {next(corrections)}."}
                response = client.post(f"/articles/{slug}/ru/{number}", data=data)
                if response.status_code != 302:
                    raise SystemExit(f"POST correction: {response.status_code} {response.get_data(as_text=True)[-600:]}")
                if then_get:
                    client.get(response.headers["Location"].split("#")[0])
            return request

        article, _ = median_ms(get(f"/articles/{slug}"), args.runs)
        round_trip, _ = median_ms(correct(True), args.runs, prepare_correction)
        save_only, _ = median_ms(correct(False), args.runs, prepare_correction)
        listing, _ = median_ms(get("/"), args.runs)
        sentence, _ = median_ms(get(f"/articles/{slug}/ru/{with_terms}"), args.runs)
        page = client.get(f"/articles/{slug}/ru/{with_terms}").get_data(as_text=True)
        suggestions = (page.count('data-mode="cursor"'), page.count('data-mode="replace"'))
        common, _ = median_ms(get("/search?q=families+received"), args.runs)
        rare, _ = median_ms(get("/search?q=day+7+of+the+programme"), args.runs)
        found = {query: client.get(f"/search?q={query}").get_data(as_text=True).count("<li><a href=")
                 for query in ("families+received", "day+7+of+the+programme")}
        review, _ = median_ms(get("/?filter=review"), args.runs)
        size = {"article": len(client.get(f"/articles/{slug}").data), "list": len(client.get("/").data)}

        print(f"{'measured':<64} {'median':>9} {'target':>8} {'ratio':>6}")
        lines = (
            (f"article view, {rows} sentences × 4 languages ({size['article'] / 1024:.0f} KB)", article, "article"),
            ("correction round trip: POST (save, page + feed) + GET article", round_trip, "correction"),
            ("  of which the POST alone", save_only, None),
            (f"articles list, {args.articles} articles ({size['list'] / 1024:.0f} KB)", listing, "list"),
            ("articles list, filter=review", review, None),
            (f"edit page with suggestions ({suggestions[0]} glossary forms, {suggestions[1]} fuzzy matches "
             f"of {args.corrections})", sentence, "sentence"),
            (f"search, common words ({found['families+received']} shown)", common, "search"),
            (f"search, rare words ({found['day+7+of+the+programme']} shown)", rare, "search"),
        )
        for label, measured, target in lines:
            if target:
                goal = TARGETS_MS[target]
                print(f"{label:<64} {measured:>6.1f} ms {goal:>5} ms {measured / goal:>6.2f}")
            else:
                print(f"{label:<64} {measured:>6.1f} ms {'-':>8} {'-':>6}")


if __name__ == "__main__":
    main()
