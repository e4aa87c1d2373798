"""kill -9 during each command that changes editions leaves a consistent state.

Each of `translate --publish on-approval`, `translate --publish immediate`, `correct`, `approve`
and `withdraw` runs as a real subprocess (the installed console script, fixture models) on a
copy of one prepared output folder and is SIGKILLed: once before it takes the output folder's
lock, three times at seeded random moments spread over the time it holds the lock (measured
first on an unkilled run), once exactly between its database commit and the end of its
rendering (found by watching the editorial database), and once in the middle of writing a
public file (while the temp file of an atomic write exists). After each kill:

(a) `syndicate status --json` runs at once and shows, for every edition, either the state
    before the command or the state after it (history included), nothing else;
(b) the next command that takes the output folder (an approval of an edition of *another*
    article, so only the folder's recovery can render the killed one) leaves no `unrendered`
    article and a public folder that agrees with the database;
(c) nothing private (database, lock, drafts) is ever in the output folder.

The last test kills `correct` after it wrote the translation memory and before it committed to
the editorial database, and checks what the next run of the article publishes.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from lxml import html as lxml_html
from plugin_batch import private_files
from plugin_editions import CommandFolder
from plugin_export import feed_entries, withdrawal_notices

from syndicate.editions.model import DRAFT, PUBLISHED, WITHDRAWN
from syndicate.editions.store import EditionStore
from syndicate.export.lock import OutputLock, is_locked
from syndicate.export.urls import item_guid

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
BASE_URL = "https://partner.example/op-eds/"
SEED = 20261201
EDITOR = "Rahima Karimi"
SLUG_A = "world-must-show-its-support-for-afghan-opposition"
SLUG_B = "regional-water-talks-need-independent-monitors"
SLUG_C = "border-schools-are-still-waiting-for-their-books"
URL_B = "https://outlet.example/op-ed/water-talks"
URL_C = "https://outlet.example/op-ed/border-schools"
FIX = "The desk rewrote this sentence after a reader pointed out the wrong date."
NOTE = "date of the conference"
REASON = "the author asked us to take it down"

TEXT_B = """Regional water talks need independent monitors

The rivers that cross Central Asia feed millions of farmers, and every spring the same quarrel
returns between the states upstream and the states downstream. Diplomats meet in a capital,
promise to share their measurements, and then go home with nothing signed.

An independent monitoring body, funded jointly and reporting in public, would change that. It
would publish the flow of each river every week, so that no government could claim that its
neighbour was hiding water or wasting it.

The governments should agree on such a body before the next drought arrives, because a dry
summer turns an argument about numbers into an argument about survival.
"""

TEXT_C = """Border schools are still waiting for their books

Teachers in the small towns along the northern border say they have waited two years for the
textbooks the ministry promised them. Parents buy what they can find in the markets, and
children share a single copy between four or five of them.

A modest fund, managed by the provinces and audited by the parents themselves, would solve the
problem within one school year. The money exists; what is missing is the will to spend it on
children who live far from the capital.
"""


# -- one output folder, driven through the console script ------------------------------------------

class Desk(CommandFolder):
    """The output folder under test, and the commands on it."""

    def run(self, *args, timeout: float = 60) -> subprocess.CompletedProcess:
        return self.completed(*args, timeout=timeout, text=True)

    def status(self, *, in_process: bool = False) -> list[dict]:
        """`syndicate status --json --history`, which must succeed: the console script, or (faster,
        for the checks after the fact) the same command in this process."""
        if in_process:
            from click.testing import CliRunner

            from syndicate.cli import cli

            result = CliRunner().invoke(cli, ["status", "--json", "--history", "--out", str(self.out)],
                                        env={"SYNDICATE_WORKSPACE": str(self.workspace.root)}, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            return json.loads(result.stdout)["editions"]
        completed = self.run("status", "--json", "--history")
        assert completed.returncode == 0, completed.stderr
        assert "Traceback" not in completed.stderr, completed.stderr
        return json.loads(completed.stdout)["editions"]

    def copy(self, root: Path) -> Desk:
        shutil.copytree(self.root, root, symlinks=True)
        return Desk(root, self.models, self.exe)


def must(completed: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert completed.returncode == 0, completed.stderr
    return completed


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sources")
    (folder / "water.txt").write_text(TEXT_B, encoding="utf-8")
    (folder / "schools.txt").write_text(TEXT_C, encoding="utf-8")
    return {"B": folder / "water.txt", "C": folder / "schools.txt"}


@pytest.fixture(scope="module")
def base_desk(_installed_fixture_models, tmp_path_factory, sources) -> Desk:
    """Article A (the Ammon op-ed): ar published and approved, ru a draft; article B (a text op-ed):
    ar and ru drafts. Copied for each run below."""
    exe = str(Path(sys.executable).with_name("syndicate"))
    desk = Desk(tmp_path_factory.mktemp("base") / "desk", _installed_fixture_models, exe)
    desk.root.mkdir()
    must(desk.run("translate", AMMON, "--to", "ar,ru", "--base-url", BASE_URL, "--publish", "on-approval"))
    must(desk.run("approve", SLUG_A, "ar", "--editor", EDITOR))
    must(desk.run("translate", sources["B"], "--to", "ar,ru", "--base-url", BASE_URL, "--publish", "on-approval",
                  "--canonical-url", URL_B))
    states = {(e["slug"], e["language"]): e["state"] for e in desk.status()}
    assert states == {(SLUG_A, "ar"): PUBLISHED, (SLUG_A, "ru"): DRAFT, (SLUG_B, "ar"): DRAFT,
                      (SLUG_B, "ru"): DRAFT}, states
    check_public(desk)
    return desk


def command_of(name: str, sources: dict[str, Path]) -> tuple[tuple, str, tuple]:
    """(the command's arguments, the slug it changes, the next command: an approval in another article)."""
    approve_b = ("approve", SLUG_B, "ar", "--editor", "Oleg Petrov")
    return {
        "translate-on-approval": (
            ("translate", sources["C"], "--to", "ar,ru", "--base-url", BASE_URL, "--publish", "on-approval",
             "--canonical-url", URL_C), SLUG_C, approve_b),
        "translate-immediate": (
            ("translate", sources["B"], "--to", "ar,ru", "--base-url", BASE_URL, "--publish", "immediate",
             "--canonical-url", URL_B), SLUG_B, ("approve", SLUG_A, "ru", "--editor", "Oleg Petrov")),
        "correct": (("correct", SLUG_A, "ar", 3, FIX, "--editor", EDITOR, "--note", NOTE, "--no-glossary"),
                    SLUG_A, approve_b),
        "approve": (("approve", SLUG_A, "ru", "--editor", EDITOR), SLUG_A, approve_b),
        "withdraw": (("withdraw", SLUG_A, "ar", "--editor", EDITOR, "--reason", REASON), SLUG_A, approve_b),
    }[name]


# -- what the database says, and whether the public folder agrees -----------------------------------

def projection(editions: list[dict], slug: str | None = None) -> tuple[str, ...]:
    """The editions (of ``slug``, or all) as `status --json --history` shows them, timestamps
    reduced to whether they are set, `unrendered` left out: two runs of one command agree on it."""
    rows = []
    for edition in editions:
        if slug and edition["slug"] != slug:
            continue
        data = {key: (value is not None if key.endswith("_at") else value) for key, value in edition.items()
                if key not in ("history", "unrendered")}
        data["history"] = [(h["action"], h["editor"], h["note"], h["sentence"], h["after"])
                           for h in edition.get("history", ())]
        rows.append(json.dumps(data, sort_keys=True, ensure_ascii=False))
    return tuple(sorted(rows))


def assert_before_or_after(state, before, after, label: str) -> None:
    if state not in (before, after):
        def differing(expected):
            return {"only now": [row for row in state if row not in expected],
                    "missing now": [row for row in expected if row not in state]}
        pytest.fail(f"{label}: neither the state before nor after: vs before {differing(before)}; "
                    f"vs after {differing(after)}")


def words(text: str) -> str:
    return " ".join(text.split())


def check_private(out: Path) -> None:
    """(c): no database, lock, WAL, review page or drafts folder in the public folder (a temp file
    of an atomic write may stay until the next command: see export.lock.remove_stale_temp_files)."""
    leaked = [name for name in private_files(out) if not name.rsplit("/", 1)[-1].endswith(".tmp")]
    assert leaked == [], leaked
    assert not [p for p in out.rglob("*") if p.name == "drafts" or ".sqlite3" in p.name or p.name.endswith(".lock")]


def check_public(desk: Desk) -> None:
    """(b) and (c): the public folder shows exactly what the editorial database says."""
    out = desk.out
    with EditionStore(desk.workspace.editions) as store:
        assert store.unrendered() == []
        articles = {stored.slug: stored for stored in store.articles()}
        editions = store.editions()
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    feeds = {}
    for path in sorted((out / "feeds").glob("*.xml")):
        feeds[path.stem] = feed_entries(out, path.stem)
    expected_guids: dict[str, set[str]] = defaultdict(set)
    published_titles: dict[str, set[str]] = defaultdict(set)
    for e in editions:
        if e.state == PUBLISHED:
            published_titles[e.language].add(e.public.title)
    for e in editions:
        where = f"{e.slug} {e.language} ({e.state})"
        folder = out / e.slug
        page = folder / f"{e.language}.html"
        guid = item_guid(articles[e.slug].article.source_url, e.slug, e.language)
        items = [entry for entry in feeds.get(e.language, []) if entry.id == guid]
        record_path = folder / "article.json"
        record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else None
        in_record = [t["language"] for t in record["translations"]] if record else []
        preview = desk.workspace.drafts_dir / e.slug / f"{e.language}.html"
        assert preview.is_file() == (e.state == DRAFT or e.pending), (where, "draft preview")
        if e.state == PUBLISHED:
            assert page.is_file() and record is not None, where
            text = words(lxml_html.fromstring(page.read_bytes()).text_content())
            missing = [pair.target for pair in e.public.sentences if words(pair.target) not in text]
            assert missing == [], (where, missing[:3])
            assert len(items) == 1, (where, [entry.id for entry in feeds.get(e.language, [])])
            assert items[0].title == e.public.title, where
            assert words(e.public.sentences[-1].target) in words(lxml_html.fromstring(
                items[0].content[0].value).text_content()), where
            assert record["languages"][e.language]["state"] == "published" and e.language in in_record, where
            ninjs = json.loads((folder / f"{e.language}.ninjs.json").read_text(encoding="utf-8"))
            assert ninjs["pubStatus"] == "usable", where
            expected_guids[e.language].add(guid)
        elif e.state == WITHDRAWN:  # its item is a withdrawal notice under the same guid
            assert len(withdrawal_notices(items, e.language, e.withdrawn_reason)) == 1, where
            expected_guids[e.language].add(guid)
            assert e.was_published and page.is_file() and record is not None, where
            root = lxml_html.fromstring(page.read_bytes())
            assert root.xpath("//meta[@name='robots']/@content") == ["noindex"], where
            assert e.withdrawn_reason in words(root.text_content()), where
            assert words(e.public.sentences[-1].target) not in words(root.text_content()), where
            ninjs = json.loads((folder / f"{e.language}.ninjs.json").read_text(encoding="utf-8"))
            assert ninjs["pubStatus"] == "canceled" and "bodies" not in ninjs, where
            assert record["languages"][e.language]["state"] == "withdrawn" and e.language not in in_record, where
        else:
            assert e.state == DRAFT
            assert not page.exists(), where
            assert items == [], where
            assert e.language not in in_record and e.language not in (record or {}).get("languages", {}), where
            titles = {entry.title for entry in feeds.get(e.language, [])}
            assert e.working.title not in titles - published_titles[e.language], where
    for tag, entries in feeds.items():
        guids = [entry.id for entry in entries]
        assert len(guids) == len(set(guids)), (tag, guids)
        assert set(guids) == expected_guids[tag], tag
    assert set(expected_guids) <= set(feeds)
    index = (out / "index.html").read_text(encoding="utf-8")
    for slug in {e.slug for e in editions if e.state == PUBLISHED}:
        assert f'href="{slug}/' in index, slug
    assert [str(p) for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    assert private_files(out) == []
    check_private(out)


# -- killing -------------------------------------------------------------------------------------

def lock_taken(desk: Desk, pid: int) -> bool:
    """Whether process ``pid`` holds the output folder's lock (its lock file names it)."""
    try:
        return desk.workspace.lock.read_text(encoding="ascii").split()[0] == str(pid)
    except (OSError, IndexError, UnicodeDecodeError):
        return False


def revisions(desk: Desk) -> dict[str, tuple[int, int]]:
    """slug → (revision, rendered), read without writing; {} while there is no database."""
    path = desk.workspace.editions
    if not path.exists():
        return {}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.05) as db:
            return {slug: (revision, rendered) for slug, revision, rendered in
                    db.execute("SELECT slug, revision, rendered FROM articles")}
    except sqlite3.Error:  # being created
        return {}


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:  # not reaped yet: its pid (and group id) can't have been reused
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:  # exited a moment ago
            pass
    process.wait(timeout=10)


def timed_run(desk: Desk, args) -> tuple[float, float]:
    """Run the command to its end: (seconds until it held the lock, seconds until it exited)."""
    started = time.monotonic()
    process = desk.start(*args)
    locked = None
    while process.poll() is None:
        if locked is None and lock_taken(desk, process.pid):
            locked = time.monotonic() - started
        time.sleep(0.001)
    ended = time.monotonic() - started
    assert process.returncode == 0, args
    assert locked is not None, "the command never took the lock"
    return locked, ended


def kill_at(desk: Desk, args, *, after_lock: bool, delay: float) -> str:
    """SIGKILL the command ``delay`` s after it started (or after it took the lock); what it was doing."""
    process = desk.start(*args)
    started = time.monotonic()
    if after_lock:
        deadline = started + 30
        while not lock_taken(desk, process.pid) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        started = time.monotonic()
    while time.monotonic() < started + delay and process.poll() is None:
        time.sleep(0.001)
    finished = process.poll() is not None
    kill(process)
    return "finished first" if finished else "killed"


def kill_unrendered(desk: Desk, args, slug: str, revision: int) -> bool:
    """SIGKILL the command as soon as its change of ``slug`` is committed and not yet rendered
    (``revision`` is the article's revision before it, 0 for a new one); False if it never was."""
    process = desk.start(*args)
    stopped = stop_when_unrendered(desk, process, slug, revision)
    kill(process)
    return stopped


def unrendered(desk: Desk, slug: str, revision: int) -> bool:
    now = revisions(desk).get(slug)
    return bool(now) and now[0] > revision and now[1] < now[0]


def stop_when_unrendered(desk: Desk, process: subprocess.Popen, slug: str, revision: int) -> bool:
    """Freeze ``process`` (SIGSTOP) once its change of ``slug`` is committed and not yet rendered,
    looking again once frozen (it may have rendered in between); False if it ended first."""
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        if unrendered(desk, slug, revision):
            os.killpg(process.pid, signal.SIGSTOP)
            if process.poll() is None and unrendered(desk, slug, revision):  # frozen, not ended meanwhile
                return True
            if process.returncode is None:
                os.killpg(process.pid, signal.SIGCONT)
        time.sleep(0.0005)
    return False


def temp_files(out: Path) -> set[Path]:
    """The temp files of atomic writes in the output folder (``.<name>.<random>.tmp``)."""
    return {*out.glob(".*.tmp"), *out.glob("*/.*.tmp")}


def kill_mid_write(desk: Desk, args, nth: int) -> bool:
    """SIGKILL the command while the ``nth`` temp file of an atomic write it makes in the output
    folder exists (written, not yet renamed over its target); False if it made fewer."""
    process = desk.start(*args)
    seen: set[Path] = set()
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        found = temp_files(desk.out)
        if len(seen | found) >= nth:
            # Freeze it, then look again: the temp file seen a moment ago may be renamed already,
            # and a kill must land while one exists, whatever the machine's load.
            os.killpg(process.pid, signal.SIGSTOP)
            if temp_files(desk.out):
                kill(process)
                return True
            os.killpg(process.pid, signal.SIGCONT)
        seen |= found
    kill(process)
    return False


# -- the tests -----------------------------------------------------------------------------------

COMMANDS = ("translate-on-approval", "translate-immediate", "correct", "approve", "withdraw")


def public_files(out: Path) -> dict[str, bytes]:
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def kill_once(desk: Desk, args, slug: str, base_revision: int, how: str, value) -> tuple[bool, object]:
    """One kill of the command on ``desk`` (see the plan below): whether it landed as planned, and the detail."""
    if how == "after start":
        kill_at(desk, args, after_lock=False, delay=value)
    elif how == "after lock":
        kill_at(desk, args, after_lock=True, delay=value)
    elif how == "unrendered":
        return kill_unrendered(desk, args, slug, base_revision), None
    else:
        return kill_mid_write(desk, args, value), value
    return True, value


@pytest.mark.parametrize("name", COMMANDS)
def test_kill_9_at_any_moment_leaves_the_state_before_or_after_and_the_next_command_finishes_it(
        name, base_desk, sources, tmp_path):
    args, slug, next_command = command_of(name, sources)
    base = base_desk.status(in_process=True)
    before = projection(base)
    base_revision = revisions(base_desk).get(slug, (0, 0))[0]

    # the command run to its end: the state after it, and how long it takes
    reference = base_desk.copy(tmp_path / "reference")
    locked, ended = timed_run(reference, args)
    done = reference.status(in_process=True)
    after = projection(done)
    assert projection(done, slug) != projection(base, slug)
    assert [row for row in after if row not in before] == [row for row in projection(done, slug)
                                                           if row not in projection(base, slug)]
    check_public(reference)
    writes_public_files = public_files(reference.out) != public_files(base_desk.out)
    assert writes_public_files == (name != "translate-on-approval")  # drafts publish nothing

    # when to kill it: seeded, spread over the run
    rng = random.Random(f"{SEED}:{name}")
    window = max(ended - locked, 0.05)
    plan = [("after start", rng.uniform(0.01, max(locked, 0.02)))]  # importing, translating
    plan += [("after lock", (i + rng.random()) * window / 3) for i in range(3)]  # holding the folder
    plan.append(("unrendered", None))  # its change committed, the folder not yet written
    if writes_public_files:
        plan.append(("mid-write", rng.randint(1, 4)))  # the nth temp file of an atomic write exists

    for number, (how, value) in enumerate(plan):
        for attempt in range(3):  # the last two kinds may miss their moment: then try again
            desk = base_desk.copy(tmp_path / f"kill-{number}-{attempt}")
            landed, value = kill_once(desk, args, slug, base_revision, how, value if attempt == 0 else 1)
            if landed:
                break
            shutil.rmtree(desk.root)
        else:
            pytest.fail(f"{name}: never killed {how}")
        label = f"{name}, killed {how} ({value})"
        assert not is_locked(desk.workspace), label
        committed = how in ("unrendered", "mid-write")
        if how == "mid-write":
            assert temp_files(desk.out), label  # the killed write left its temp file, for the next command

        # (a) at once: status works, and shows the state before or the state after, history included
        killed = desk.status()
        state = projection(killed)
        assert_before_or_after(state, before, after, label)
        if committed:
            assert state == after, label
            assert {e["unrendered"] for e in killed if e["slug"] == slug} == {True}, label
        assert not any(e["unrendered"] for e in killed if e["slug"] != slug), label
        with sqlite3.connect(desk.workspace.editions) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", label
        check_private(desk.out)

        # (b) the next command (another article's) finishes what the killed one left
        recovered = desk.run(*next_command)
        assert recovered.returncode == 0, (label, recovered.stderr)
        assert "Traceback" not in recovered.stderr, label
        if committed:
            assert f"finished what a stopped command left: rendered {slug}" in recovered.stderr, label
        final = desk.status(in_process=True)
        assert not any(e["unrendered"] for e in final), label
        assert projection(final, slug) == projection(killed, slug), label
        check_public(desk)  # and (c)
        if state == after and name == "correct":
            assert FIX in words(lxml_html.fromstring((desk.out / SLUG_A / "ar.html").read_bytes()).text_content())
        shutil.rmtree(desk.root)


def test_a_correction_killed_between_its_two_writes_survives_the_next_run(base_desk, sources, tmp_path):
    """`correct` commits to the editorial database, then writes the editor's wording into the
    translation memory. Killed in between (here: while another process keeps the memory busy),
    the database holds the correction and its record; the next command that takes the folder
    copies it into the memory, so a re-run keeps the wording instead of the machine's."""
    desk = base_desk.copy(tmp_path / "desk")
    args, slug, _ = command_of("correct", sources)

    blocker = sqlite3.connect(desk.memory, timeout=0, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the command's memory write waits (busy timeout) meanwhile
    try:
        process = desk.start(*args)
        committed = False
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline and not committed:
            try:
                with sqlite3.connect(f"file:{desk.workspace.editions}?mode=ro", uri=True, timeout=0.05) as db:
                    committed = bool(db.execute("SELECT 1 FROM events WHERE action = 'corrected' AND after = ?",
                                                (FIX,)).fetchall())
            except sqlite3.Error:
                pass
            time.sleep(0.001)
        kill(process)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert committed, "correct never committed its correction"
    with sqlite3.connect(desk.memory) as memory:  # the kill came before the memory write
        assert not memory.execute("SELECT 1 FROM corrections WHERE target = ?", (FIX,)).fetchall()

    rerun = desk.run("translate", AMMON, "--to", "ar", "--base-url", BASE_URL, "--publish", "immediate")
    assert rerun.returncode == 0, rerun.stderr
    assert "copied 1 correction(s) from the editorial history into the translation memory" in rerun.stderr
    check_public(desk)
    [ar] = [e for e in desk.status() if (e["slug"], e["language"]) == (slug, "ar")]
    assert FIX in words(lxml_html.fromstring((desk.out / slug / "ar.html").read_bytes()).text_content())
    assert [h["after"] for h in ar["history"] if h["action"] == "corrected"] == [FIX] and ar["edited"]
    with sqlite3.connect(desk.memory) as memory:
        assert memory.execute("SELECT target FROM corrections WHERE target = ?", (FIX,)).fetchall() == [(FIX,)]


def test_ctrl_c_during_a_correction_exits_130_and_says_whether_it_was_kept(base_desk, tmp_path):
    args = ("correct", SLUG_A, "ar", 3, FIX, "--editor", EDITOR, "--note", NOTE, "--no-glossary")
    # once committed, before the folder is written: kept, and the next command publishes it. The
    # window is short; on a loaded machine a command may get through it unseen, so up to 5 tries.
    for attempt in range(5):
        desk = base_desk.copy(tmp_path / f"committed-{attempt}")
        revision = revisions(desk)[SLUG_A][0]
        process = subprocess.Popen(desk.argv(*args), env=desk.env(), cwd=desk.root, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        if stop_when_unrendered(desk, process, SLUG_A, revision):
            break
        kill(process)
    else:
        pytest.fail("the correction was never seen committed and not yet rendered")
    try:
        os.killpg(process.pid, signal.SIGINT)
        os.killpg(process.pid, signal.SIGCONT)
        _, stderr = process.communicate(timeout=120)
    finally:
        kill(process)
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1] == ("Interrupted (Ctrl-C): the correction was kept; the next syndicate command "
                                       "on this folder publishes it where it belongs")
    assert "Traceback" not in stderr
    (ar,) = [e for e in desk.status() if e["slug"] == SLUG_A and e["language"] == "ar"]
    assert any(event["action"] == "corrected" for event in ar["history"])

    # before anything was committed — waiting for the folder another run holds: not saved, nothing changed
    desk = base_desk.copy(tmp_path / "early")
    before = projection(desk.status())
    with OutputLock(desk.workspace, "batch"):
        process = subprocess.Popen(desk.argv(*args), env=desk.env(), cwd=desk.root, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            said = []
            while not any("waiting for" in line for line in said) and (line := process.stderr.readline()):
                said.append(line)
            os.killpg(process.pid, signal.SIGINT)
            _, stderr = process.communicate(timeout=120)
        finally:
            kill(process)  # never leave a process behind when the test fails
    stderr = "".join(said) + stderr
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1].endswith("the correction was not saved; run the command again"), stderr
    assert "Traceback" not in stderr
    assert revisions(desk)[SLUG_A][0] == revision and projection(desk.status()) == before
