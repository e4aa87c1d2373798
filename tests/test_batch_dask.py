"""`syndicate batch --executor dask`: translation on the workers of a Dask cluster the test starts
(LocalCluster, 2 worker processes), exports and the ledger in the batch process."""

from __future__ import annotations

import json

import pytest
from plugin_batch import check_output_folder
from requires import import_or_missing

LANGS = ("ar", "fa-AF", "tg", "ru")


@pytest.fixture(scope="module")
def distributed():
    """dask.distributed: a dev extra, so its absence fails under CI."""
    return import_or_missing("distributed", "pip install -e '.[dev]'")


def test_a_batch_on_a_dask_cluster_translates_on_its_workers_and_resumes(
        distributed, installed_models_dir, wcxb_pages, http_server, tmp_path, monkeypatch, run_cli):
    from syndicate.batch.worker import PLUGIN_NAME

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # before the workers start: they inherit it
    monkeypatch.delenv("SYNDICATE_CACHE", raising=False)
    urls = [http_server.route(f"/d/{page_id}", wcxb_pages[page_id]) for page_id in ("0442", "0079", "0781", "0285")]
    url_file = tmp_path / "urls.txt"
    url_file.write_text("\n".join(urls) + "\n")
    out = tmp_path / "out"
    command = ("batch", url_file, "--to", ",".join(LANGS), "--out", out, "--models-dir", installed_models_dir,
               "--executor", "dask", "--json")

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        first = run_cli(*command, "--scheduler", cluster.scheduler_address)
        assert first.exit_code == 0, first.output
        assert f"translating on dask at {cluster.scheduler_address}" in first.stderr
        summary = json.loads(first.stdout)
        assert summary["counts"]["exported"] == 4 and summary["executor"] == f"dask at {cluster.scheduler_address}"
        per_worker = client.run(lambda dask_worker: dask_worker.plugins[PLUGIN_NAME].translator.articles_translated)
        assert len(per_worker) == 2 and sum(per_worker.values()) == 4

        again = run_cli(*command, "--scheduler", cluster.scheduler_address)
        assert json.loads(again.stdout)["counts"] == {"exported": 0, "unchanged": 4, "failed": 0, "skipped": 0}
        # each run registers its own plugin (its settings may differ): this one translated nothing
        assert sum(client.run(lambda dask_worker: dask_worker.plugins[PLUGIN_NAME].translator.articles_translated)
                   .values()) == 0
    check_output_folder(out, 4, LANGS)


def test_a_scheduler_without_the_dask_executor_is_refused(tmp_path, run_cli):
    urls = tmp_path / "urls.txt"
    urls.write_text("https://news.example/a/1\n")
    result = run_cli("batch", urls, "--out", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:1",
                     "--base-url", "https://partner.example/")
    assert result.exit_code == 2
    assert result.stderr == "Error: --scheduler needs --executor dask\n"


def test_the_dask_executor_without_distributed_installed_is_a_usage_error(monkeypatch, tmp_path):
    import importlib.util

    from syndicate.batch.pools import open_pool
    from syndicate.batch.worker import WorkerConfig
    from syndicate.errors import UsageError
    from syndicate.settings import Settings

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "distributed" else real_find_spec(name, *args))
    with pytest.raises(UsageError) as caught:
        open_pool("dask", 1, WorkerConfig(Settings(output_dir=str(tmp_path / "out"))))
    assert caught.value.with_hint() == "the dask executor needs dask[distributed] (pip install 'syndicate[distributed]')"
