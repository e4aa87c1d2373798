"""An output folder driven through the console script, as an editor's commands drive it:
``CommandFolder(root, models)`` (tests/test_editions_crash.py, tests/test_editions_hostile.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from syndicate.editions.numbering import sentence_numbers
from syndicate.editions.store import EditionStore
from syndicate.settings import Settings
from syndicate.workspace import Workspace


class CommandFolder:
    """An output folder (``root/out``), its workspace and translation memory (both inside
    ``root``, so a copy of ``root`` is a copy of everything), and `syndicate` run on them with the
    fixture models in ``models``."""

    def __init__(self, root: Path, models: Path, exe: str | None = None):
        self.root = Path(root)
        self.models = Path(models)
        self.exe = exe or str(Path(sys.executable).with_name("syndicate"))

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def workspace(self) -> Workspace:
        return Workspace.of(Settings(output_dir=str(self.out), workspace=str(self.root / "workspace")))

    @property
    def db(self) -> Path:
        return self.workspace.editions

    @property
    def memory(self) -> Path:
        return self.root / "memory.sqlite3"

    def env(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items() if not name.startswith("SYNDICATE_")}
        env.update(ARGOS_PACKAGES_DIR=str(self.models), SYNDICATE_MODELS_DIR=str(self.models),
                   SYNDICATE_CACHE=str(self.memory), XDG_CACHE_HOME=str(self.root / "cache"),
                   SYNDICATE_LOCK_WAIT="30", SYNDICATE_WORKSPACE=str(self.workspace.root),
                   SYNDICATE_MAX_UNTRANSLATED_SHARE="1")  # the copy models publish English
        return env

    def argv(self, command, *args) -> list:
        """`syndicate COMMAND --out OUT ARGS...` (``--out`` before any ``--``); ``args`` may be bytes."""
        return [self.exe, str(command), "--out", str(self.out), *(a if isinstance(a, bytes) else str(a) for a in args)]

    def completed(self, *args, stdin: bytes = b"", env: dict | None = None, timeout: float = 120,
                  text: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run(self.argv(*args), env={**self.env(), **(env or {})}, cwd=self.root,
                              input=stdin.decode() if text else stdin, capture_output=True, timeout=timeout, text=text)

    def start(self, *args) -> subprocess.Popen:
        """The command in the background, in its own process group (killed as a whole: nothing it
        started outlives it)."""
        return subprocess.Popen(self.argv(*args), env=self.env(), cwd=self.root, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)


def plain_sentences(editions_db: Path, slug: str, language: str) -> list[tuple[int, str, str]]:
    """(number, source, target) of the body sentences of an edition's working text that carry no
    glossary term, numbered as the review page, `correct` and the desk number them
    (editions.numbering)."""
    with EditionStore(editions_db) as store:
        texts = [edition.working for edition in store.editions(slug)]
    [working] = [text for text in texts if text.language == language]
    numbers = sentence_numbers(texts)[language]
    with_terms = {check.sentence for check in working.term_checks}
    return [(numbers[index], pair.source, pair.target) for index, pair in enumerate(working.sentences)
            if pair.block >= 0 and index not in with_terms]
