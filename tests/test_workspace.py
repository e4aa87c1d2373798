"""The workspace keeps the output folder's private files (ledger, lock, review pages, editions,
desk accounts) in the user's state folder, never in or beside the published folder, readable by
its owner only, and takes over the files earlier versions left there."""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from plugin_batch import workspace_of

from syndicate.batch.ledger import Ledger, adopt_legacy_ledger
from syndicate.batch.status import read_status
from syndicate.errors import BusyError, UsageError
from syndicate.export.lock import OutputLock, lock_holder
from syndicate.settings import Settings, load_settings
from syndicate.workspace import Workspace, default_workspace


def test_the_default_workspace_is_in_the_user_state_folder_one_per_output_folder(tmp_path, monkeypatch):
    import hashlib

    monkeypatch.delenv("SYNDICATE_WORKSPACE", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    first, second = workspace_of(tmp_path / "out"), workspace_of(tmp_path / "out2")
    digest = hashlib.sha256(str(tmp_path / "out").encode()).hexdigest()[:10]
    assert first.root == tmp_path / "state" / "syndicate" / "workspaces" / f"out-{digest}"
    assert second.root.parent == first.root.parent and second.root.name.startswith("out2-")
    assert (first.ledger, first.lock, first.review_page("a-slug")) == (
        first.root / "ledger.sqlite3", first.root / "output.lock", first.root / "review" / "a-slug.html")
    assert Workspace.of(Settings(output_dir="out")).root == first.root  # relative output_dir
    assert Workspace.of(Settings(output_dir="out/.")).root == first.root
    (tmp_path / "elsewhere").mkdir()
    assert workspace_of(tmp_path / "elsewhere" / "out").root != first.root  # same name, another folder
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert workspace_of(tmp_path / "out").root == tmp_path / "home" / ".local" / "state" / "syndicate" / "workspaces" / \
        f"out-{digest}"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")  # not absolute: ignored, as the XDG spec says
    assert workspace_of(tmp_path / "out").root.is_relative_to(tmp_path / "home")


def test_the_workspace_is_its_owners_alone(installed_models_dir, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    ammon = Path(__file__).parent / "fixtures" / "ammon-news.html"
    result = run_cli("translate", ammon, "--to", "ar", "--out", tmp_path / "out", "--base-url", "https://p.example/")
    assert result.exit_code == 0, result.output
    workspace = workspace_of(tmp_path / "out")
    assert workspace.root.stat().st_mode & 0o777 == 0o700
    files = [path for path in workspace.root.rglob("*") if path.is_file()]
    assert workspace.editions in files and workspace.lock in files
    for path in files:
        if path.name.endswith((".sqlite3", ".lock")):
            assert path.stat().st_mode & 0o077 == 0, path


def test_a_workspace_left_beside_the_output_folder_is_moved_once_saying_so(
        installed_models_dir, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("SYNDICATE_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    ammon = Path(__file__).parent / "fixtures" / "ammon-news.html"
    out = tmp_path / "out"
    old = tmp_path / ".syndicate" / "out"  # where versions before this one kept it
    first = run_cli("translate", ammon, "--to", "ar", "--out", out, "--base-url", "https://p.example/",
                    env={"SYNDICATE_WORKSPACE": str(old)})
    assert first.exit_code == 0, first.output
    assert (old / "editions.sqlite3").is_file()

    status = run_cli("status", "--out", out)
    new = workspace_of(out).root
    assert status.exit_code == 0, status.output
    assert f"warning: moved the private workspace from {old} to {new}" in status.stderr
    assert "world-must-show-its-support" in status.stdout  # the editions came along
    assert not old.exists() and not (tmp_path / ".syndicate").exists() and (new / "editions.sqlite3").is_file()
    assert new.stat().st_mode & 0o777 == 0o700
    again = run_cli("translate", ammon, "--to", "ar", "--out", out, "--base-url", "https://p.example/")
    assert again.exit_code == 0 and "moved the private workspace" not in again.output
    assert "published (unchanged)" in again.stdout


def test_the_workspace_setting_comes_from_the_environment_or_the_config(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYNDICATE_WORKSPACE", str(tmp_path / "private"))
    settings = load_settings(None, output_dir=str(tmp_path / "out"))
    assert Workspace.of(settings) == Workspace(tmp_path / "private", tmp_path / "out")
    assert settings.source("workspace") == "$SYNDICATE_WORKSPACE"
    monkeypatch.delenv("SYNDICATE_WORKSPACE")
    (tmp_path / "syndicate.toml").write_text('workspace = "state"\n')
    assert load_settings(None).resolved_workspace() == tmp_path / "state"
    shown = run_cli("config")
    assert f"workspace = '{tmp_path / 'state'}'  (from config file)" in shown.stdout


@pytest.mark.parametrize("inside", ["out", "out/private", "out/a/b"])
def test_a_workspace_inside_the_output_folder_is_refused(tmp_path, inside):
    settings = Settings(output_dir=str(tmp_path / "out"), workspace=str(tmp_path / inside))
    with pytest.raises(UsageError) as error:
        Workspace.of(settings)
    assert error.value.message == f"workspace {tmp_path / inside} is inside the output folder {tmp_path / 'out'}, " \
                                  "which is published"
    assert error.value.hint == ("set workspace (SYNDICATE_WORKSPACE) to a folder outside it, or leave it unset for "
                                f"{default_workspace(tmp_path / 'out')}")


def test_a_workspace_reaching_into_the_output_folder_through_a_symlink_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "out")
    with pytest.raises(UsageError, match="inside the output folder"):
        Workspace.of(Settings(output_dir=str(tmp_path / "out"), workspace=str(tmp_path / "link" / "w")))


def test_commands_refuse_a_workspace_inside_the_output_folder(tmp_path, run_cli):
    env = {"SYNDICATE_WORKSPACE": str(tmp_path / "out" / ".state")}
    for args in (("batch", "status", "--out", tmp_path / "out"), ("review", tmp_path / "out"),
                 ("batch", tmp_path / "urls.txt", "--out", tmp_path / "out", "--to", "ar")):
        result = run_cli(*args, env=env)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.splitlines()[-1].startswith(f"Error: workspace {tmp_path / 'out' / '.state'} is inside the output folder")
    assert not (tmp_path / "out").exists()


def test_the_lock_file_is_in_the_workspace_and_an_old_one_in_the_folder_goes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    workspace = workspace_of(out)
    (out / ".syndicate-batch.lock").write_text("123 batch 2020-01-01T00:00:00+00:00\n")
    with OutputLock(workspace, "batch"):
        assert lock_holder(workspace).pid == str(os.getpid())
        assert list(out.iterdir()) == []
    assert workspace.lock.read_text().split()[:2] == [str(os.getpid()), "batch"]


def test_an_earlier_version_holding_its_lock_in_the_folder_is_not_overrun(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    workspace = workspace_of(out)
    old = out / ".syndicate-batch.lock"
    old.write_text("4242 batch 2020-01-01T00:00:00+00:00\n")
    fd = os.open(old, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as an earlier syndicate would
    try:
        with pytest.raises(BusyError, match=rf"^pid 4242 \(syndicate batch, started 2020-01-01T00:00:00\+00:00\), "
                                            rf"an earlier syndicate version, is writing to {out}$"):
            OutputLock(workspace, "translate").acquire()
        assert old.exists() and lock_holder(workspace) is None  # ours was released again
    finally:
        os.close(fd)
    with OutputLock(workspace):
        assert not old.exists()


def write_killed_legacy_ledger(out, sources):
    """A ledger in the output folder as an earlier version killed mid-run leaves it: rows still
    in the -wal file (never checkpointed), with its -shm."""
    out.mkdir(exist_ok=True)
    scratch = out.parent / "scratch"
    scratch.mkdir()
    ledger = Ledger(scratch / "db")
    ledger._db.execute("PRAGMA wal_autocheckpoint=0")
    ledger.add(sources)
    ledger.fail(sources[0], "fetch", "HTTP 404")
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(scratch / f"db{suffix}", out / f".syndicate-ledger.sqlite3{suffix}")
    ledger.close()
    assert (out / ".syndicate-ledger.sqlite3-wal").stat().st_size > 0


def test_an_old_ledger_in_the_folder_moves_into_the_workspace_with_its_wal(tmp_path):
    out = tmp_path / "out"
    write_killed_legacy_ledger(out, ["u1", "u2"])
    workspace = workspace_of(out)
    assert read_status(workspace).ledger == out / ".syndicate-ledger.sqlite3"  # readable before the move

    assert adopt_legacy_ledger(workspace) == (f"moved the batch ledger out of the public output folder: "
                                              f"{out / '.syndicate-ledger.sqlite3'} -> {workspace.ledger}")
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in workspace.root.iterdir()) == ["ledger.sqlite3"]
    with Ledger(workspace.ledger) as ledger:
        assert ledger.counts()["queued"] == 1 and ledger.get("u1").last_error == "HTTP 404"
    status = read_status(workspace)
    assert (status.ledger, status.total, status.failures[0].source) == (workspace.ledger, 2, "u1")
    assert adopt_legacy_ledger(workspace) is None


def test_an_old_ledger_is_not_moved_over_the_workspace_one(tmp_path):
    out = tmp_path / "out"
    write_killed_legacy_ledger(out, ["old"])
    workspace = workspace_of(out)
    workspace.root.mkdir(parents=True)
    with Ledger(workspace.ledger) as ledger:
        ledger.add(["new"])
    warning = adopt_legacy_ledger(workspace)
    assert warning == (f"an earlier version's batch ledger is still in the public output folder: "
                       f"{out / '.syndicate-ledger.sqlite3'} (the ledger in use is {workspace.ledger}); delete it")
    with Ledger(workspace.ledger) as ledger:
        assert [entry.source for entry in ledger.entries()] == ["new"]
    assert sqlite3.connect(out / ".syndicate-ledger.sqlite3").execute("SELECT source FROM sources").fetchall() == [
        ("old",)]
