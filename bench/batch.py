"""Batch throughput: `syndicate batch` with --jobs 1, --jobs 2 and the Dask executor, measured in one run.

For each configuration, on a fresh output folder and a fresh translation memory, it prints:
articles/minute of a first run, the peak RSS of the batch's process tree (the batch process,
its pool processes or its Dask cluster), and the time of a second, unchanged run as a share of
the first (goal ≤ 5%); then the speed-up of --jobs 2 over --jobs 1.

    .venv/bin/python bench/batch.py                   # fixture copy models (tests/fixtures/make_models.py)
    .venv/bin/python bench/batch.py --random-base     # transformer-base size, random weights (capped decoding)
    options: --articles N (default 24), --max-decoding-length N (default 48 with --random-base),
             --languages ar,ru (default: all four; ar,ru with --random-base), --no-dask

Articles are WCXB pages (../shared/corpus/wcxb-dev-articles) of 200-800 words, served by a local
HTTP server on 127.0.0.1. Each configuration runs in its own child process (this script with
--child), so its memory is its own; the parent samples RSS every 50 ms with psutil.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wcxb-dev-articles"
MAKE_MODELS = ROOT / "tests" / "fixtures" / "make_models.py"
CACHE = Path(tempfile.gettempdir()) / "syndicate-bench"
CONFIGS = (("local --jobs 1", "local", 1), ("local --jobs 2", "local", 2), ("dask, local cluster of 2", "dask", 2))


def pick_pages(count: int) -> dict[str, bytes]:
    """The first ``count`` WCXB pages (by id) whose body is 200-800 words."""
    pages = {}
    for truth in sorted((CORPUS / "ground-truth").glob("*.json")):
        words = len((json.loads(truth.read_text())["ground_truth"].get("main_content") or "").split())
        if 200 <= words <= 800:
            pages[truth.stem] = gzip.decompress((CORPUS / "html" / f"{truth.stem}.html.gz").read_bytes())
        if len(pages) == count:
            break
    return pages


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path.rsplit("/", 1)[-1])
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/op-ed/"


def install_models(random_base: bool, models_dir: Path) -> str:
    """Install the packages into ``models_dir``; returns what they are."""
    from syndicate.translate.packages import install_from_file

    if not random_base:
        packages = CACHE / "fixture-packages"
        if not list(packages.glob("*.argosmodel")):
            subprocess.run([sys.executable, str(MAKE_MODELS), str(packages)], check=True)
        for archive in sorted(packages.glob("*.argosmodel")):
            install_from_file(archive, models_dir)
        return "fixture copy models (1+1 layers, d_model 256)"
    archive = CACHE / "translate-en_xx-random-base.argosmodel"
    if not archive.is_file():
        print(f"building {archive.name} (once) …", file=sys.stderr)
        subprocess.run([sys.executable, str(MAKE_MODELS), "--random-base", str(CACHE)], check=True)
    package = install_from_file(archive, models_dir)
    for code in ("ar", "fa", "ru"):  # the same weights stand in for every route
        copy = models_dir / f"translate-en_{code}-random-base"
        shutil.copytree(package.path, copy)
        metadata = json.loads((copy / "metadata.json").read_text())
        (copy / "metadata.json").write_text(json.dumps({**metadata, "to_code": code}))
    shutil.rmtree(package.path)
    return "random-weight transformer-base, int8 (6+6 layers, d_model 512)"


def run_child(request: dict) -> None:
    """--child: one batch run in this process; prints its summary as JSON."""
    from syndicate.batch.runner import BatchRequest, run_batch
    from syndicate.languages import parse_targets
    from syndicate.settings import Settings

    # max_untranslated_share=1: the copy (or random) models publish untranslated text, and publishing is measured
    settings = Settings(models_dir=request["models_dir"], cache_path=request["cache_path"],
                        output_dir=request["out_dir"], base_url="https://partner.example/op-eds/",
                        workspace=str(Path(request["out_dir"]).parent / "workspace"), max_untranslated_share=1.0)
    summary = run_batch(BatchRequest(
        sources=(request["urls"],), languages=parse_targets(request["languages"]), settings=settings,
        jobs=request["jobs"], executor=request["executor"],
        use_glossary=False, max_decoding_length=request["max_decoding_length"]))
    print(json.dumps({"seconds": summary.seconds, "counts": summary.to_dict()["counts"]}))


def measured_run(request: dict) -> tuple[dict, int]:
    """Run one batch in a child process; its summary and the peak RSS (bytes) of its process tree."""
    import psutil

    command = [sys.executable, "-X", "faulthandler", __file__, "--child", json.dumps(request)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    root, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            processes = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in processes if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    output = child.stdout.read()
    if child.returncode != 0:
        raise SystemExit(f"batch child failed ({child.returncode}): {output}")
    return json.loads(output.splitlines()[-1]), peak


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--random-base", action="store_true")
    parser.add_argument("--max-decoding-length", type=int)
    parser.add_argument("--languages")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return run_child(json.loads(args.child))

    languages = args.languages or ("ar,ru" if args.random_base else "ar,fa-AF,tg,ru")
    max_length = args.max_decoding_length or (48 if args.random_base else None)
    pages = pick_pages(args.articles)
    server, base = serve(pages)
    configs = [c for c in CONFIGS if not (args.no_dask and c[1] == "dask")]
    with tempfile.TemporaryDirectory(prefix="syndicate-bench-batch-") as scratch_name:
        scratch = Path(scratch_name)
        models = install_models(args.random_base, scratch / "models")
        urls = scratch / "urls.txt"
        urls.write_text("".join(f"{base}{page_id}\n" for page_id in pages))
        print(f"{len(pages)} WCXB articles on 127.0.0.1, --to {languages}, {models}"
              + (f", max_decoding_length {max_length}" if max_length else ""))
        print(f"{'configuration':<26} {'first run':>10} {'art/min':>8} {'peak RSS':>9} {'re-run':>8} "
              f"{'re-run/first':>12}  outcome")
        rates = {}
        for label, executor, jobs in configs:
            request = {"urls": str(urls), "languages": languages, "models_dir": str(scratch / "models"),
                       "cache_path": str(scratch / label.replace(" ", "_") / "memory.sqlite3"),
                       "out_dir": str(scratch / label.replace(" ", "_") / "out"), "jobs": jobs,
                       "executor": executor, "max_decoding_length": max_length}
            first, peak = measured_run(request)
            again, _ = measured_run(request)
            rate = 60 * first["counts"]["exported"] / first["seconds"]
            rates[label] = rate
            outcome = ", ".join(f"{n} {status}" for status, n in first["counts"].items() if n)
            print(f"{label:<26} {first['seconds']:>8.1f} s {rate:>8.1f} {peak / 2**20:>6.0f} MB "
                  f"{again['seconds']:>6.2f} s {100 * again['seconds'] / first['seconds']:>11.1f}%  {outcome}"
                  + ("" if again["counts"]["unchanged"] == first["counts"]["exported"] else "  (re-run redid some)"))
        print(f"speed-up of --jobs 2 over --jobs 1: {rates['local --jobs 2'] / rates['local --jobs 1']:.2f}x")
    server.shutdown()


if __name__ == "__main__":
    main()
