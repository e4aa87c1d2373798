"""Fixtures for the desk tests: an output folder with one article waiting for approval, an editor
account, the desk served for real by `syndicate desk` in a subprocess, and headless Chromium.

``desk_site`` translates tests/fixtures/ammon-news.html into ar and ru with ``--publish
on-approval`` through the real CLI (a subprocess, on the fixture models) in a temporary folder
whose syndicate.toml sets base_url and enforces a *copy* of glossaries/afghanistan-region.tsv
(the desk may rewrite it). ``desk_user`` gives it an editor account (UserStore), ``desk_server``
serves it on a free port of 127.0.0.1 and stops it afterwards, ``desk_browser`` is a Selenium
Chrome driver on Debian's chromium and chromedriver with the browser console logged.
All but ``desk_browser`` are per test module: a module's tests share one site and one server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from requires import import_or_missing, missing

ROOT = Path(__file__).resolve().parent.parent
AMMON = ROOT / "tests" / "fixtures" / "ammon-news.html"
GLOSSARY = ROOT / "glossaries" / "afghanistan-region.tsv"
UNLISTED_NAME = "Afghan"
DESK_SLUG = "world-must-show-its-support-for-afghan-opposition"
DESK_LANGUAGES = ("ar", "ru")
DESK_BASE_URL = "https://partner.example/op-eds/"
DESK_EDITOR = "Rahima Karimi"
DESK_PASSWORD = "correct horse battery staple"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SERVER_START = 30.0  # seconds `syndicate desk` gets to answer
# Settings a developer's environment could set that would point the desk somewhere else.
FOREIGN_ENV = ("SYNDICATE_OUTPUT", "SYNDICATE_WORKSPACE", "SYNDICATE_BASE_URL", "SYNDICATE_PUBLISH",
               "SYNDICATE_BLOCKING_CHECKS", "SYNDICATE_LOCK_WAIT", "XDG_CACHE_HOME")


@dataclass(frozen=True)
class DeskSite:
    root: Path  # the working folder: syndicate.toml, the glossary copy, the memory
    out: Path  # the output folder the desk shows
    config: Path
    glossary: Path  # the copy the config enforces
    env: dict  # environment of the syndicate subprocesses

    def settings(self):
        from syndicate.settings import load_settings

        return load_settings(str(self.config), output_dir=str(self.out))

    def workspace(self):
        from syndicate.workspace import Workspace

        return Workspace.of(self.settings())


@dataclass(frozen=True)
class DeskServer:
    url: str  # http://127.0.0.1:PORT (no trailing slash)
    process: subprocess.Popen
    log: Path  # the server's stdout and stderr

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def syndicate_command() -> str:
    return str(Path(sys.executable).with_name("syndicate"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_glossary_lacking_a_name(target: Path) -> None:
    """Copy the project glossary to ``target`` without the entry of UNLISTED_NAME ("Afghan"),
    which the Ammon op-ed uses five times: the desk's "New terms" page then has a name to offer
    (the shipped glossary has every frequent name of the op-ed)."""
    rows = GLOSSARY.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(row for row in rows if not row.startswith(UNLISTED_NAME + "\t")), encoding="utf-8")


@pytest.fixture(scope="module")
def desk_site(_installed_fixture_models, tmp_path_factory) -> DeskSite:
    """An output folder holding the Ammon op-ed as ar and ru drafts (published on approval)."""
    root = tmp_path_factory.mktemp("desk_site")
    glossary = root / GLOSSARY.name
    copy_glossary_lacking_a_name(glossary)
    config = root / "syndicate.toml"
    config.write_text(f'base_url = "{DESK_BASE_URL}"\neditor = "The Partner Desk"\n'
                      f'glossaries = ["{glossary}"]\n', encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN_ENV}
    env.update(SYNDICATE_MODELS_DIR=str(_installed_fixture_models), ARGOS_PACKAGES_DIR=str(_installed_fixture_models),
               SYNDICATE_CACHE=str(root / "memory.sqlite3"), PYTHONUNBUFFERED="1")
    out = root / "out"
    completed = subprocess.run(
        [syndicate_command(), "translate", str(AMMON), "--to", ",".join(DESK_LANGUAGES), "--publish", "on-approval",
         "--out", str(out)], cwd=root, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "draft, waiting for approval" in completed.stdout, completed.stdout
    return DeskSite(root, out, config, glossary, env)


@pytest.fixture(scope="module")
def desk_user(desk_site) -> tuple[str, str]:
    """(name, password) of an editor account on ``desk_site``'s desk."""
    from syndicate.desk.users import UserStore

    name = UserStore(desk_site.workspace().root / "desk.sqlite3").add(DESK_EDITOR, DESK_PASSWORD)
    return name, DESK_PASSWORD


@pytest.fixture(scope="module")
def desk_server(desk_site, desk_user, tmp_path_factory) -> DeskServer:
    """`syndicate desk --out OUT --port PORT` running on ``desk_site``; stopped after the module."""
    port = free_port()
    log = tmp_path_factory.mktemp("desk_server") / "desk.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([syndicate_command(), "desk", "--out", str(desk_site.out), "--port", str(port)],
                                   cwd=desk_site.root, env=desk_site.env, stdin=subprocess.DEVNULL,
                                   stdout=sink, stderr=subprocess.STDOUT)
    server = DeskServer(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_serving(server)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Terminate ``process``, killing it when it hasn't exited 10 s later."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_until_serving(server: DeskServer) -> None:
    """Return once the desk answers GET /login with 200; fail with its output if it exits or never does."""
    deadline = time.monotonic() + SERVER_START
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"syndicate desk exited with {server.process.returncode}:\n{server.output()}")
        try:
            with urllib.request.urlopen(f"{server.url}/login", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"syndicate desk did not answer within {SERVER_START} s:\n{server.output()}")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def desk_chrome() -> tuple[Path, Path]:
    """(chromium, chromedriver); skips (fails under CI) without them or selenium. Session-scoped, so
    pytest checks it before it builds the module's site and server."""
    import_or_missing("selenium", "install the dev extra: scripts/setup.sh (pip install -e '.[dev]')")
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            missing(f"{path} is not installed: run scripts/setup.sh (Debian package {package})")
    return CHROMIUM, CHROMEDRIVER


def chrome(width: int = 1400, height: int = 1000, *, phone: bool = False):
    """A headless Chromium driver (Debian's chromedriver), browser console captured
    (get_log("browser")); ``phone``: the viewport of a phone ``width`` CSS pixels wide, touch on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}",
                     "--disable-background-networking", "--no-first-run", "--disable-extensions",
                     "--lang=en-US"):
        options.add_argument(argument)
    if phone:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 3, "touch": True}})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(0)
    return driver


def browser(**size):
    """A chrome() driver for a fixture to yield, quit afterwards."""
    driver = chrome(**size)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def desk_browser(desk_chrome):
    """Headless Chromium at 1400 × 1000."""
    yield from browser()


@pytest.fixture
def second_browser(desk_chrome):
    """Another headless Chromium: another editor's, with its own cookies."""
    yield from browser()


@pytest.fixture
def phone_browser(desk_chrome):
    """Headless Chromium with a phone's 390 × 844 viewport."""
    yield from browser(width=390, height=844, phone=True)


def plain_sentences(site: DeskSite, language: str) -> list[tuple[int, str, str]]:
    """(number as the desk numbers it, source, target) of an edition's body sentences without glossary terms."""
    from plugin_editions import plain_sentences as edition_plain_sentences

    return edition_plain_sentences(site.workspace().editions, DESK_SLUG, language)