"""Extraction quality and speed: syndicate's extractor vs plain trafilatura.extract, same pages, one run.

    .venv/bin/python bench/extraction.py [--limit N] [--corpus DIR] [--second DIR | --no-second]

Two sets of pages, each scored for both extractors in the same run:

* WCXB dev (../shared/corpus/wcxb-dev-articles: html/*.html.gz + ground-truth/*.json, 711 pages,
  CC-BY-4.0): body precision/recall/F1, the share of ``with`` snippets found and ``without``
  snippets leaked, title/author/date accuracy;
* newspaper4k's test pages (tests/data/html/X.html with the expected article text in
  tests/data/txt/X.txt: 23 news pages in English, Arabic, Chinese, Japanese, Thai, Burmese,
  Korean, Spanish, Latvian; newspaper4k is MIT-licensed, the pages belong to their outlets). No
  page of it was looked at while tuning syndicate. It is built from public sources: the
  newspaper4k 0.9.6 source archive, fetched once from the package index with ``pip download``
  into the bench cache (or give ``--second`` a folder holding html/ and txt/).

Body scores: text split into tokens (``\\w+`` runs; in scripts written without spaces, each
letter), multisets of 4-token shingles, P and R per page averaged over pages, F1 of the
averages; image captions are left out, as the ground truths leave them. Also seconds per page,
and syndicate's time as a multiple of trafilatura's. Pages are decoded once, outside the timing;
the two extractors run on each page in turn so machine load hits both alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wcxb-dev-articles"
CACHE = Path(tempfile.gettempdir()) / "syndicate-bench"
NEWSPAPER = "newspaper4k==0.9.6"
SHINGLE = 4
WARM_UP_PAGES = 5


def tokens(text: str) -> list[str]:
    """Words as syndicate counts them (extract.text.WORD): ``\\w+`` runs, each letter of a script
    written without spaces on its own."""
    from syndicate.extract.text import WORD

    return WORD.findall(text.lower())


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
    by_page: dict = field(default_factory=dict)  # page id → its body F1

    def add(self, page: str, result: dict, truth: dict) -> None:
        body = result["body"]
        if truth.get("main_content"):
            p, r = precision_recall(body, truth["main_content"])
            self.precision.append(p)
            self.recall.append(r)
            self.by_page[page] = 2 * p * r / (p + r) if p + r else 0.0
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
        mean = lambda values: sum(values) / len(values) if values else None  # noqa: E731  (None: no such truth)
        p, r = mean(self.precision) or 0.0, mean(self.recall) or 0.0
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


def wcxb_pages(corpus: Path, limit: int | None):
    """(id, html, url, truth) of the WCXB pages."""
    from syndicate.errors import ContentError

    for path in sorted((corpus / "ground-truth").glob("*.json"))[:limit]:
        truth_file = json.loads(path.read_text(encoding="utf-8"))
        try:
            html = decode(gzip.decompress((corpus / "html" / f"{path.stem}.html.gz").read_bytes()))
        except (OSError, ContentError) as error:
            print(f"skip {path.stem}: {error}", file=sys.stderr)
            continue
        yield path.stem, html, truth_file.get("url"), truth_file["ground_truth"]


def newspaper_folder() -> Path:
    """newspaper4k's tests/data (html/ and txt/), from its source archive on the package index."""
    folder = CACHE / "newspaper4k-tests"
    if (folder / "html").is_dir():
        return folder
    download = CACHE / "newspaper4k-sdist"
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                    NEWSPAPER, "-d", str(download)], check=True)
    [archive] = download.glob("newspaper4k-*.tar.gz")
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if member.isfile() and parts[1:4] in (["tests", "data", "html"], ["tests", "data", "txt"]):
                target = folder / parts[3] / parts[-1]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
    return folder


def newspaper_pages(folder: Path, limit: int | None):
    """(id, html, None, truth) of the pages with an expected text."""
    for text in sorted((folder / "txt").glob("*.txt"))[:limit]:
        page = folder / "html" / f"{text.stem}.html"
        if page.is_file():
            yield text.stem, decode(page.read_bytes()), None, {"main_content": text.read_text(encoding="utf-8")}


def evaluate(pages, extractor) -> tuple[int, dict, dict]:
    """How many pages, each extractor's scores over them, and the pages syndicate did worse on
    (page → (syndicate's F1, trafilatura's))."""
    ours, theirs = Score("syndicate"), Score("trafilatura")
    count = 0
    for index, (page, html, url, truth) in enumerate(pages):
        count += 1
        runs = [(ours, lambda: run_syndicate(extractor, html, url)), (theirs, lambda: run_trafilatura(html, url))]
        if index < WARM_UP_PAGES:  # first uses compile dateparser's and trafilatura's regexes
            for _score, run in runs:
                run()
        for score, run in runs[:: 1 if index % 2 else -1]:
            start = time.perf_counter()
            result = run()
            score.seconds += time.perf_counter() - start
            score.pages += 1
            score.failures += result["failed"]
            score.add(page, result, truth)
    worse = {page: (f1, theirs.by_page[page]) for page, f1 in ours.by_page.items() if f1 < theirs.by_page[page]}
    return count, {score.name: score.row() for score in (ours, theirs)}, worse


def report(name: str, count: int, rows: dict, worse: dict, show: int = 0) -> None:
    print(f"{name}: {count} pages")
    columns = list(rows["syndicate"])
    print(f"{'':12}" + "".join(f"{c:>15}" for c in columns))
    for extractor, row in rows.items():
        print(f"{extractor:12}" + "".join(f"{row[c]:>15.4f}" if isinstance(row[c], float)
                                          else f"{'-' if row[c] is None else row[c]:>15}" for c in columns))
    ratio = rows["syndicate"]["s/page"] / rows["trafilatura"]["s/page"] if rows["trafilatura"]["s/page"] else 0.0
    print(f"body F1 difference: {rows['syndicate']['F1'] - rows['trafilatura']['F1']:+.4f}; "
          f"time ratio syndicate/trafilatura: {ratio:.2f}x; syndicate worse on {len(worse)} pages")
    for page, (ours, theirs) in sorted(worse.items(), key=lambda item: item[1][0] - item[1][1])[:show]:
        print(f"  {page}: {ours:.3f} vs {theirs:.3f}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set (quick runs)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with html/ and ground-truth/")
    parser.add_argument("--second", type=Path, default=None,
                        help="folder with newspaper4k's html/ and txt/ (default: fetched once into the bench cache)")
    parser.add_argument("--no-second", action="store_true", help="only the WCXB pages")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="list the N pages where syndicate falls furthest below trafilatura")
    args = parser.parse_args(argv)

    import trafilatura  # noqa: F401  (imports outside the timing, for both)

    from syndicate.extract.extractor import Extractor
    from syndicate.extract.profiles import load_profiles

    extractor = Extractor(load_profiles())
    extractor.detect_language("warm up the language profiles outside the timing")
    report(f"WCXB dev ({args.corpus})", *evaluate(wcxb_pages(args.corpus, args.limit), extractor), show=args.worst)
    if not args.no_second:
        folder = args.second or newspaper_folder()
        report(f"newspaper4k test pages ({folder}), never tuned on",
               *evaluate(newspaper_pages(folder, args.limit), extractor), show=args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
