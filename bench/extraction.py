"""Extraction quality and speed: syndicate's extractor vs plain trafilatura.extract, same pages, one run.

    .venv/bin/python bench/extraction.py [--limit N] [--corpus DIR]

Over ../shared/corpus/wcxb-dev-articles (html/*.html.gz + ground-truth/*.json) it prints, for
both extractors: body precision/recall/F1 (lower-cased ``\\w+`` tokens, multisets of 4-token
shingles, P and R per page averaged over pages, F1 of the averages), the share of ``with``
snippets found and ``without`` snippets leaked, title/author/date accuracy, seconds per page,
and syndicate's time as a multiple of trafilatura's. Pages are decoded once, outside the timing;
the two extractors run on each page in turn so machine load hits both alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wcxb-dev-articles"
SHINGLE = 4
WARM_UP_PAGES = 5


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def shingles(text: str) -> Counter:
    words = tokens(text)
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def precision_recall(predicted: str, expected: str) -> tuple[float, float]:
    got, want = shingles(predicted), shingles(expected)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    return precision, recall


def normal(text: str) -> str:
    return " ".join(tokens(text))


def contains(haystack: str, snippet: str) -> bool:
    return normal(snippet) in normal(haystack) if normal(snippet) else False


@dataclass
class Score:
    """Running totals for one extractor."""

    name: str
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    with_found: list[bool] = field(default_factory=list)
    without_leaked: list[bool] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    author: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    failures: int = 0

    def add(self, result: dict, truth: dict) -> None:
        body = result["body"]
        if truth.get("main_content"):
            p, r = precision_recall(body, truth["main_content"])
            self.precision.append(p)
            self.recall.append(r)
        self.with_found += [contains(body, s) for s in truth.get("with") or ()]
        self.without_leaked += [contains(body, s) for s in truth.get("without") or ()]
        if truth.get("title"):
            self.title.append(normal(result["title"]) == normal(truth["title"]))
        if truth.get("author"):
            expected = normal(truth["author"])
            self.author.append(bool(expected) and expected == normal(" ".join(result["authors"])))
        if truth.get("publish_date"):
            self.date.append((result["date"] or "")[:10] == truth["publish_date"][:10])

    def row(self) -> dict:
        mean = lambda values: sum(values) / len(values) if values else 0.0  # noqa: E731
        p, r = mean(self.precision), mean(self.recall)
        return {
            "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "with": mean(self.with_found), "without leaked": mean(self.without_leaked),
            "title": mean(self.title), "author": mean(self.author), "date": mean(self.date),
            "s/page": self.seconds / self.pages if self.pages else 0.0, "failures": self.failures,
        }


def run_syndicate(extractor, html: str, url: str) -> dict:
    from syndicate.errors import ContentError

    try:
        article = extractor.extract(html, url=url)
    except ContentError:
        return {"body": "", "title": "", "authors": (), "date": None, "failed": True}
    return {"body": "\n".join(article.paragraphs()), "title": article.title, "authors": article.authors,
            "date": article.published, "failed": False}


def run_trafilatura(html: str, url: str) -> dict:
    import trafilatura

    found = trafilatura.extract(html, url=url, output_format="json", with_metadata=True)
    if not found:
        return {"body": "", "title": "", "authors": (), "date": None, "failed": True}
    data = json.loads(found)
    authors = tuple(a.strip() for a in (data.get("author") or "").split(";") if a.strip())
    return {"body": data.get("text") or "", "title": data.get("title") or "", "authors": authors,
            "date": data.get("date"), "failed": False}


def decode(data: bytes) -> str:
    from syndicate.fetch import decode_html

    return decode_html(data, None)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (quick runs)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with html/ and ground-truth/")
    args = parser.parse_args(argv)

    import trafilatura  # noqa: F401  (imports outside the timing, for both)

    from syndicate.errors import ContentError
    from syndicate.extract.extractor import Extractor
    from syndicate.extract.profiles import load_profiles

    extractor = Extractor(load_profiles())
    extractor.detect_language("warm up the language profiles outside the timing")
    ours, theirs = Score("syndicate"), Score("trafilatura")
    files = sorted((args.corpus / "ground-truth").glob("*.json"))[: args.limit]
    for index, path in enumerate(files):
        truth_file = json.loads(path.read_text(encoding="utf-8"))
        truth = truth_file["ground_truth"]
        try:
            html = decode(gzip.decompress((args.corpus / "html" / f"{path.stem}.html.gz").read_bytes()))
        except (OSError, ContentError) as error:
            print(f"skip {path.stem}: {error}", file=sys.stderr)
            continue
        runs = [(ours, lambda: run_syndicate(extractor, html, truth_file.get("url"))),
                (theirs, lambda: run_trafilatura(html, truth_file.get("url")))]
        if index < WARM_UP_PAGES:  # first uses compile dateparser's and trafilatura's regexes
            for _score, run in runs:
                run()
        for score, run in runs[:: 1 if index % 2 else -1]:
            start = time.perf_counter()
            result = run()
            score.seconds += time.perf_counter() - start
            score.pages += 1
            score.failures += result["failed"]
            score.add(result, truth)

    rows = {score.name: score.row() for score in (ours, theirs)}
    print(f"{len(files)} pages from {args.corpus}")
    columns = list(rows["syndicate"])
    print(f"{'':12}" + "".join(f"{c:>15}" for c in columns))
    for name, row in rows.items():
        print(f"{name:12}" + "".join(f"{row[c]:>15.4f}" if isinstance(row[c], float) else f"{row[c]:>15}" for c in columns))
    ratio = rows["syndicate"]["s/page"] / rows["trafilatura"]["s/page"] if rows["trafilatura"]["s/page"] else 0.0
    print(f"body F1 difference: {rows['syndicate']['F1'] - rows['trafilatura']['F1']:+.4f}; "
          f"time ratio syndicate/trafilatura: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
