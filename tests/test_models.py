"""Model management: installing .argosmodel files safely, the Argos index, list and remove."""

from __future__ import annotations

import functools
import json
import os
import socket
import stat
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest
from plugin_models import load_make_models

from syndicate.errors import ModelError, UsageError
from syndicate.languages import LANGUAGES, get_language
from syndicate.translate.models_report import models_report
from syndicate.translate.packages import (
    STAGING_PREFIX,
    find_package,
    install_files,
    install_from_file,
    install_languages,
    remove_languages,
)

OFFLINE_HINT = (
    "(offline? download the .argosmodel file elsewhere and run "
    "`syndicate models install --from FILE.argosmodel`)"
)
REFUSED_HINT = "(nothing was installed; download the file again or ask its author)"


@functools.cache
def model_files() -> dict[str, bytes]:
    """A small real CTranslate2 model and SentencePiece model (make_models' copy model): installs load them."""
    make_models = load_make_models()
    text = ["A small package for the installer tests.", "It copies its input, token by token."]
    tokenizer = make_models.train_sentencepiece(text, 300, [])
    spec = make_models.copy_model_spec(make_models.sentencepiece_pieces(tokenizer))
    with tempfile.TemporaryDirectory() as scratch:
        archive = make_models.write_package(Path(scratch), "small", spec=spec, quantization=None,
                                            sentencepiece_model=tokenizer, metadata={}, readme="")
        with zipfile.ZipFile(archive) as zip_file:
            return {name.removeprefix("small/"): zip_file.read(name) for name in zip_file.namelist()
                    if name.startswith(("small/model/", "small/sentencepiece.model")) and not name.endswith("/")}


def package_members(from_code="en", to_code="ar", version="1.0", top=None) -> dict[str, bytes]:
    """The members of a small package archive: metadata, a CTranslate2 folder and a tokenizer."""
    top = top or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    metadata = {"package_version": version, "argos_version": "1.9", "from_code": from_code,
                "from_name": "English", "to_code": to_code, "to_name": to_code.upper()}
    files = {"metadata.json": json.dumps(metadata).encode(), **model_files()}
    return {f"{top}/{name}": data for name, data in files.items()}


def write_zip(path: Path, members: dict[str, bytes], extra: list[zipfile.ZipInfo | tuple] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for info, data in extra:
            archive.writestr(info, data)
    return path


def make_package(folder: Path, **kwargs) -> Path:
    members = package_members(**kwargs)
    top = next(iter(members)).split("/")[0]
    return write_zip(folder / f"{top}.argosmodel", members)


def folder_names(path: Path) -> list[str]:
    return sorted(child.name for child in path.iterdir()) if path.exists() else []


# --- install --from ---------------------------------------------------------------------------


def test_install_from_file_puts_the_package_in_its_own_folder(tmp_path):
    models_dir = tmp_path / "models"
    package = install_from_file(make_package(tmp_path, to_code="fa", version="1.9"), models_dir)

    assert package.path == models_dir / "translate-en_fa-1_9"
    assert (package.from_code, package.to_code, package.package_version) == ("en", "fa", "1.9")
    assert package.version_id == "argos:en-fa@1.9"
    assert (package.model_dir / "model.bin").read_bytes() == model_files()["model/model.bin"]
    assert folder_names(models_dir) == ["translate-en_fa-1_9"]  # no staging folder left behind
    assert find_package(models_dir, "en", "fa") == package


def test_a_package_target_prefix_is_read_with_its_metadata(tmp_path):
    members = package_members(to_code="ru")
    metadata_name = next(iter(members))
    metadata = json.loads(members[metadata_name])
    members[metadata_name] = json.dumps({**metadata, "target_prefix": "__ru__"}).encode()
    package = install_from_file(write_zip(tmp_path / "prefixed.argosmodel", members), tmp_path / "models")
    assert package.target_prefix == "__ru__"
    assert find_package(tmp_path / "models", "en", "ru").target_prefix == "__ru__"
    plain = install_from_file(make_package(tmp_path, to_code="ar"), tmp_path / "models")
    assert plain.target_prefix == ""


def test_a_newer_version_replaces_the_older_one_of_the_same_pair(tmp_path):
    models_dir = tmp_path / "models"
    install_from_file(make_package(tmp_path, to_code="fa", version="1.8"), models_dir)
    install_from_file(make_package(tmp_path, to_code="ru", version="1.9"), models_dir)

    [result] = install_files([make_package(tmp_path, to_code="fa", version="1.9")], models_dir)

    assert (result.status, result.replaced, result.languages) == ("replaced", ("1.8",), ("fa-AF", "tg"))
    assert folder_names(models_dir) == ["translate-en_fa-1_9", "translate-en_ru-1_9"]
    assert find_package(models_dir, "en", "fa").package_version == "1.9"


def test_reinstalling_the_same_folder_replaces_it(tmp_path):
    models_dir = tmp_path / "models"
    archive = make_package(tmp_path, to_code="ar")
    install_from_file(archive, models_dir)
    (models_dir / "translate-en_ar-1_0" / "stale.txt").write_text("from the old copy")

    [result] = install_files([archive], models_dir)

    assert (result.status, result.replaced) == ("replaced", ("1.0",))
    assert folder_names(models_dir / "translate-en_ar-1_0") == ["metadata.json", "model", "sentencepiece.model"]


def symlink_member(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def hostile(members=None, extra=(), drop=(), replace=None):
    def build(path: Path) -> Path:
        found = dict(members if members is not None else package_members(to_code="ar"))
        for name in drop:
            found = {k: v for k, v in found.items() if not k.startswith(f"translate-en_ar-1_0/{name}")}
        found.update(replace or {})
        return write_zip(path, found, list(extra))
    return build


TOP = "translate-en_ar-1_0"
HOSTILE_ARCHIVES = {
    "zip-slip": (hostile(extra=[(zipfile.ZipInfo(f"{TOP}/../../evil"), b"pwned")]),
                 f"member '{TOP}/../../evil' points outside the package folder"),
    "absolute path": (hostile(extra=[(zipfile.ZipInfo("/tmp/evil"), b"pwned")]),
                      "member '/tmp/evil' has an absolute or non-portable path"),
    "backslash path": (hostile(extra=[(zipfile.ZipInfo(f"{TOP}\\..\\..\\evil"), b"pwned")]),
                       f"member '{TOP}\\\\..\\\\..\\\\evil' has an absolute or non-portable path"),
    "symlink": (hostile(drop=["model/shared_vocabulary.json"],
                        extra=[symlink_member(f"{TOP}/model/shared_vocabulary.json", "/etc/passwd")]),
                f"member '{TOP}/model/shared_vocabulary.json' is a symbolic link"),
    "two top-level folders": (hostile(extra=[(zipfile.ZipInfo("other/readme.txt"), b"hi")]),
                              f"expected one top-level folder, found other, {TOP}"),
    "a loose top-level file": (hostile(extra=[(zipfile.ZipInfo("README.md"), b"hi")]),
                               f"expected one top-level folder, found README.md, {TOP}"),
    "no metadata": (hostile(drop=["metadata.json"]), "metadata.json missing"),
    "bad JSON": (hostile(replace={f"{TOP}/metadata.json": b'{"from_code": "en",'}),
                 "metadata.json invalid (Expecting property name enclosed in double quotes: "
                 "line 1 column 20 (char 19))"),
    "metadata without to_code": (hostile(replace={f"{TOP}/metadata.json": b'{"from_code": "en"}'}),
                                 "metadata.json invalid ('to_code')"),
    "no model folder": (hostile(drop=["model/"]), "model/ missing"),
    "no sentencepiece model": (hostile(drop=["sentencepiece.model"]), "sentencepiece.model missing"),
}


@pytest.mark.parametrize("case", list(HOSTILE_ARCHIVES))
def test_a_hostile_or_broken_archive_is_refused_and_leaves_nothing_behind(tmp_path, case):
    build, reason = HOSTILE_ARCHIVES[case]
    archive = build(tmp_path / "bad.argosmodel")
    models_dir = tmp_path / "deep" / "models"
    install_from_file(make_package(tmp_path, to_code="ar", version="0.9"), models_dir)

    with pytest.raises(ModelError) as caught:
        install_from_file(archive, models_dir)

    message = caught.value.message
    assert message.endswith(reason), message
    assert message.startswith("bad.argosmodel is not a ")
    assert folder_names(models_dir) == ["translate-en_ar-0_9"]  # the older package is untouched
    assert find_package(models_dir, "en", "ar").package_version == "0.9"
    assert not (tmp_path / "evil").exists() and not (tmp_path / "deep" / "evil").exists()


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    archive = tmp_path / "model.argosmodel"
    archive.write_text("<html>404 Not Found</html>")
    with pytest.raises(ModelError) as caught:
        install_from_file(archive, tmp_path / "models")
    assert caught.value.message == "model.argosmodel is not a valid Argos package: not a zip archive"
    assert folder_names(tmp_path / "models") == []


def test_the_cli_refuses_a_bad_file_in_one_line(tmp_path, run_cli):
    archive = hostile(extra=[(zipfile.ZipInfo(f"{TOP}/../../evil"), b"pwned")])(tmp_path / "slip.argosmodel")
    result = run_cli("models", "install", "--from", archive, "--models-dir", tmp_path / "models")
    assert (result.exit_code, result.output) == (5, (
        f"Error: slip.argosmodel is not a valid Argos package: member '{TOP}/../../evil' points outside "
        f"the package folder {REFUSED_HINT}\n"
    ))

    missing = run_cli("models", "install", "--from", tmp_path / "nope.argosmodel", "--models-dir", tmp_path / "models")
    assert (missing.exit_code, missing.output) == (2, (
        f"Error: {tmp_path / 'nope.argosmodel'}: no such file (give the path of a downloaded .argosmodel file)\n"
    ))
    no_file = run_cli("models", "install", "--from", "--models-dir", tmp_path / "models")
    assert (no_file.exit_code, no_file.output) == (2, "Error: --from needs at least one .argosmodel file or model folder\n")


def test_a_zip_bomb_is_refused(tmp_path):
    members = package_members(to_code="ar")
    members[f"{TOP}/model/model.bin"] = bytes(2_000_000)  # compresses to a few kB
    archive = write_zip(tmp_path / "bomb.argosmodel", members)
    assert archive.stat().st_size < 20_000
    with pytest.raises(ModelError, match=r"it would unpack to 2,0\d\d,\d{3} bytes \(limit 1,000,000\)$"):
        install_from_file(archive, tmp_path / "models", max_unpacked_bytes=1_000_000)
    assert folder_names(tmp_path / "models") == []

    # a header that understates the size: zipfile stops at the stated size and the CRC check fails
    lying = tmp_path / "lying.argosmodel"
    raw = archive.read_bytes()
    with zipfile.ZipFile(archive) as zip_file:
        real = zip_file.getinfo(f"{TOP}/model/model.bin").file_size.to_bytes(4, "little")
    lying.write_bytes(raw.replace(real, (100).to_bytes(4, "little")))
    with pytest.raises(ModelError) as caught:
        install_from_file(lying, tmp_path / "models", max_unpacked_bytes=1_000_000)
    assert caught.value.message == (
        f"lying.argosmodel is not a valid Argos package: corrupt archive (Bad CRC-32 for file '{TOP}/model/model.bin')"
    )
    assert folder_names(tmp_path / "models") == []


def declaring(path: Path, members: dict[str, bytes], name: str, data: bytes, declared: int) -> Path:
    """An archive whose member ``name`` holds ``data`` but whose central directory declares ``declared`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
        archive.writestr(name, data)
        archive.filelist[-1].file_size = declared  # written into the central directory on close
    return path


def test_an_archive_declaring_more_than_a_gibibyte_is_refused(tmp_path):
    # 3.4 MB that would unpack to 2 GiB: the former 4 GiB limit let it through
    members = package_members()
    archive = declaring(tmp_path / "big.argosmodel", members, f"{TOP}/model/extra.bin", os.urandom(3_400_000),
                        2 * 1024**3 - sum(map(len, members.values())))
    assert archive.stat().st_size < 8_000_000
    with pytest.raises(ModelError) as caught:
        install_from_file(archive, tmp_path / "models")
    assert caught.value.message == (
        "big.argosmodel is not a valid Argos package: it would unpack to 2,147,483,648 bytes (limit 1,073,741,824)"
    )
    assert folder_names(tmp_path / "models") == []


def test_members_compressed_past_200_to_1_are_refused_as_zip_bombs(tmp_path):
    one = write_zip(tmp_path / "one.argosmodel", {**package_members(), f"{TOP}/model/extra.bin": bytes(16 * 1024**2)})
    with pytest.raises(ModelError, match=(
            rf"^one\.argosmodel is not a valid Argos package: member '{TOP}/model/extra\.bin' would unpack "
            r"16,\d{3} bytes to 16,777,216 \(over 200:1, a zip bomb\)$")):
        install_from_file(one, tmp_path / "models")

    # members each too small to be checked alone (4 MiB of zeros): the archive as a whole is
    many = write_zip(tmp_path / "many.argosmodel", {f"{TOP}/part{i}.bin": bytes(4 * 1024**2) for i in range(5)})
    with pytest.raises(ModelError, match=(
            r"^many\.argosmodel is not a valid Argos package: the archive would unpack [\d,]+ bytes to "
            r"20,971,520 \(over 200:1, a zip bomb\)$")):
        install_from_file(many, tmp_path / "models")
    assert folder_names(tmp_path / "models") == []


def test_a_package_whose_model_does_not_load_is_refused(tmp_path, run_cli):
    import ctranslate2

    junk_model = write_zip(tmp_path / "junk.argosmodel", {**package_members(), f"{TOP}/model/model.bin": b"junk"})
    result = run_cli("models", "install", "--from", junk_model, "--models-dir", tmp_path / "models")
    assert result.exit_code == 5
    [line] = result.output.splitlines()
    assert line.startswith(
        "Error: junk.argosmodel is not a valid Argos package: en→ar 1.0: model/ does not load in "
        f"CTranslate2 {ctranslate2.__version__} (Unsupported model binary version.")
    assert line.endswith(f") {REFUSED_HINT}")
    assert folder_names(tmp_path / "models") == []
    report = json.loads(run_cli("models", "list", "--json", "--models-dir", tmp_path / "models").output)
    assert (report["packages"], report["languages"][0]["ready"]) == ([], False)


def test_a_package_whose_tokenizer_does_not_load_is_refused(tmp_path):
    archive = write_zip(tmp_path / "junk.argosmodel", {**package_members(), f"{TOP}/sentencepiece.model": b"spm"})
    with pytest.raises(ModelError) as caught:
        install_from_file(archive, tmp_path / "models")
    assert caught.value.message.startswith(
        "junk.argosmodel is not a valid Argos package: en→ar 1.0: sentencepiece.model does not load in "
        "SentencePiece (INTERNAL: could not parse ModelProto from ")
    assert folder_names(tmp_path / "models") == []


def test_a_folder_holding_another_pair_is_not_overwritten(tmp_path):
    models_dir = tmp_path / "models"
    install_from_file(make_package(tmp_path, to_code="ru", top="model"), models_dir)
    with pytest.raises(ModelError, match=r"models/model already holds the en→ru package$"):
        install_from_file(make_package(tmp_path, to_code="ar", top="model"), models_dir)
    assert find_package(models_dir, "en", "ru").path == models_dir / "model"


# --- list -------------------------------------------------------------------------------------


def test_list_reports_ready_languages_missing_models_and_broken_folders(tmp_path, run_cli):
    models_dir = tmp_path / "models"
    install_from_file(make_package(tmp_path, to_code="fa", version="1.9"), models_dir)
    (models_dir / "half-copied" / "model").mkdir(parents=True)
    (models_dir / "half-copied" / "metadata.json").write_text('{"from_code": "en", "to_code": "ru"}')
    (models_dir / f"{STAGING_PREFIX}x1y2").mkdir()
    (models_dir / "translate-en_ar.argosmodel").write_bytes(b"a download, not a package")

    result = run_cli("models", "list", "--models-dir", models_dir)
    bytes_ = sum(path.stat().st_size for path in (models_dir / "translate-en_fa-1_9").rglob("*") if path.is_file())
    size = f"{bytes_ / 1e6:.1f} MB"

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Models folder: {models_dir}",
        "Installed Argos packages:",
        "  en→fa 1.9      translate-en_fa-1_9",
        "Languages:",
        "  ar     Arabic   argos   missing  en→ar model (run `syndicate models install ar`)",
        f"  fa-AF  Dari     argos   ready    en→fa 1.9 + Dari table; {size}; see the package's README (mostly CC0, "
        "MIT or CC-BY); no round-trip model",
        f"  tg     Tajik    argos   ready    en→fa 1.9 + Persian→Tajik converter; {size}; see the package's README "
        "(mostly CC0, MIT or CC-BY); no round-trip model",
        "  ru     Russian  argos   missing  en→ru model (run `syndicate models install ru`)",
        "Broken folders:",
        f"  {STAGING_PREFIX}x1y2: left over from an interrupted install or removal; safe to delete",
        "  half-copied: model/model.bin missing; sentencepiece.model missing",
    ]

    report = json.loads(run_cli("models", "list", "--json", "--models-dir", models_dir).output)
    assert [(lang["tag"], lang["ready"], lang["missing"]) for lang in report["languages"]] == [
        ("ar", False, "en→ar model"), ("fa-AF", True, None), ("tg", True, None), ("ru", False, "en→ru model"),
    ]
    assert [(p["pair"], p["version"], p["languages"]) for p in report["packages"]] == [
        ("en-fa", "1.9", ["fa-AF", "tg"]),
    ]
    assert [b["path"] for b in report["broken"]] == [str(models_dir / f"{STAGING_PREFIX}x1y2"),
                                                      str(models_dir / "half-copied")]


def test_a_broken_package_is_named_when_the_engine_asks_for_it(tmp_path):
    models_dir = tmp_path / "models"
    package = install_from_file(make_package(tmp_path, to_code="ru"), models_dir)
    (package.sentencepiece_model).unlink()
    with pytest.raises(ModelError) as caught:
        find_package(models_dir, "en", "ru")
    assert caught.value.message == f"the en→ru package in {package.path} is broken: sentencepiece.model missing"
    assert models_report(models_dir).languages[3].ready is False


def test_the_models_folder_follows_the_settings(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no syndicate.toml here
    argos_dir, own_dir = tmp_path / "argos", tmp_path / "own"
    install_from_file(make_package(tmp_path, to_code="ar"), argos_dir)

    via_argos = run_cli("models", "list", "--json", env={"ARGOS_PACKAGES_DIR": str(argos_dir)})
    assert json.loads(via_argos.output)["models_dir"] == str(argos_dir)
    assert json.loads(via_argos.output)["languages"][0]["ready"] is True

    via_own = run_cli("models", "list", "--json",
                      env={"ARGOS_PACKAGES_DIR": str(argos_dir), "SYNDICATE_MODELS_DIR": str(own_dir)})
    assert json.loads(via_own.output)["models_dir"] == str(own_dir)

    (tmp_path / "syndicate.toml").write_text('models_dir = "configured"\n')
    via_config = run_cli("models", "list", "--json", env={"ARGOS_PACKAGES_DIR": str(argos_dir)})
    assert json.loads(via_config.output)["models_dir"] == "configured"
    via_option = run_cli("models", "list", "--json", "--models-dir", own_dir,
                         env={"SYNDICATE_MODELS_DIR": str(argos_dir)})
    assert json.loads(via_option.output)["models_dir"] == str(own_dir)
    (tmp_path / "syndicate.toml").unlink()

    result = run_cli("models", "install", "--from", make_package(tmp_path, to_code="ru"),
                     env={"ARGOS_PACKAGES_DIR": str(argos_dir)})
    assert result.output == f"Installed en→ru 1.0 for ru: {argos_dir / 'translate-en_ru-1_0'}\n"


# --- remove -----------------------------------------------------------------------------------


def test_remove_refuses_to_take_a_model_another_language_uses(tmp_path, run_cli):
    models_dir = tmp_path / "models"
    install_from_file(make_package(tmp_path, to_code="fa"), models_dir)
    install_from_file(make_package(tmp_path, to_code="ar"), models_dir)

    refused = run_cli("models", "remove", "fa-AF", "--models-dir", models_dir)
    assert refused.exit_code == 2
    assert refused.output == (
        "Error: the en→fa model is also used by tg (Tajik); nothing was removed "
        "(remove them together: `syndicate models remove fa-AF tg`, or add --force)\n"
    )
    assert folder_names(models_dir) == ["translate-en_ar-1_0", "translate-en_fa-1_0"]

    removed = run_cli("models", "remove", "dari", "tajik", "--models-dir", models_dir)
    assert removed.exit_code == 0
    assert removed.output == f"Removed en→fa 1.0: {models_dir / 'translate-en_fa-1_0'}\n"
    assert folder_names(models_dir) == ["translate-en_ar-1_0"]

    again = run_cli("models", "remove", "tg", "--models-dir", models_dir)
    assert (again.exit_code, again.output) == (0, "No en→fa model was installed\n")


def test_remove_with_force_or_when_the_sharing_language_is_not_in_use(tmp_path):
    models_dir = tmp_path / "models"
    install_from_file(make_package(tmp_path, to_code="fa"), models_dir)
    dari, arabic = get_language("fa-AF"), get_language("ar")

    with pytest.raises(UsageError):
        remove_languages([dari], models_dir)
    result = remove_languages([dari], models_dir, in_use=[dari, arabic])
    assert [p.label for p in result.removed] == ["en→fa 1.0"]
    assert folder_names(models_dir) == []

    install_from_file(make_package(tmp_path, to_code="fa"), models_dir)
    assert [p.label for p in remove_languages([dari], models_dir, force=True).removed] == ["en→fa 1.0"]


# --- the Argos index ----------------------------------------------------------------------------


@pytest.fixture
def index_server(http_server, tmp_path):
    """http_server with an index.json offering en→ar 1.0, en→fa 1.8 and 1.9, en→ru 1.9, an en→de
    whose file is missing, and an sbd package; ``index_server.index_url`` is its base URL."""
    index = []
    for to_code, version in [("ar", "1.0"), ("fa", "1.8"), ("fa", "1.9"), ("ru", "1.9"), ("de", "1.0")]:
        archive = make_package(tmp_path, to_code=to_code, version=version)
        if to_code != "de":
            http_server.route(f"/{archive.name}", archive.read_bytes(), content_type="application/zip")
        index.append({"package_version": version, "argos_version": "1.9", "from_code": "en", "to_code": to_code,
                      "from_name": "English", "to_name": to_code, "type": "translate",
                      "links": [http_server.url(f"/{archive.name}")]})
    index.append({"type": "sbd", "code": "stanza", "links": [http_server.url("/stanza.zip")]})
    serve_index(http_server, index)
    return http_server


def serve_index(server, index) -> None:
    server.route("/index.json", json.dumps(index).encode(), content_type="application/json")


def index_of(server) -> list[dict]:
    return json.loads(server.routes["/index.json"].body)


def requested(server) -> list[str]:
    return [path for path, _headers in server.requests]


def test_install_downloads_each_needed_package_once_from_the_index(tmp_path, run_cli, index_server):
    models_dir = tmp_path / "models"
    env = {"ARGOS_PACKAGE_INDEX": index_server.url("/")}

    result = run_cli("models", "install", "ar", "prs", "tajik", "ru", "--models-dir", models_dir, env=env)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Installed en→ar 1.0 for ar: {models_dir / 'translate-en_ar-1_0'}",
        f"Installed en→fa 1.9 for fa-AF, tg: {models_dir / 'translate-en_fa-1_9'}",
        f"Installed en→ru 1.9 for ru: {models_dir / 'translate-en_ru-1_9'}",
    ]
    assert requested(index_server) == [
        "/index.json", "/translate-en_ar-1_0.argosmodel", "/translate-en_fa-1_9.argosmodel",
        "/translate-en_ru-1_9.argosmodel",
    ]
    assert "Downloading en→fa 1.9" in result.stderr
    assert folder_names(models_dir) == ["translate-en_ar-1_0", "translate-en_fa-1_9", "translate-en_ru-1_9"]

    again = run_cli("models", "install", "fa-AF", "ar", "--models-dir", models_dir, env=env)
    assert again.stdout.splitlines() == [
        f"en→fa 1.9 already installed for fa-AF: {models_dir / 'translate-en_fa-1_9'}",
        f"en→ar 1.0 already installed for ar: {models_dir / 'translate-en_ar-1_0'}",
    ]
    assert len(index_server.requests) == 4  # not even the index was read


def test_install_reports_download_progress_to_its_callback(tmp_path, index_server):
    calls = []
    [result] = install_languages([get_language("ru")], tmp_path / "models", index_url=index_server.url("/"),
                                 progress=lambda label, done, total: calls.append((label, done, total)))
    size = len(index_server.routes["/translate-en_ru-1_9.argosmodel"].body)
    assert calls[-1] == ("en→ru 1.9", size, size)
    assert result.status == "installed"


def test_model_downloads_go_through_the_proxy(tmp_path, index_server, forward_proxy, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url)
    [result] = install_languages([get_language("ru")], tmp_path / "models", index_url=index_server.url("/"))
    assert result.status == "installed"
    assert [target for _, target, _ in forward_proxy.requests] == [
        index_server.url("/index.json"), index_server.url("/translate-en_ru-1_9.argosmodel")]


def test_a_refused_proxy_is_named_when_downloading_models(tmp_path, index_server, refused_url, monkeypatch):
    proxy = refused_url.rsplit("/", 1)[0]
    monkeypatch.setenv("http_proxy", proxy.replace("://", "://desk:hunter2@"))
    with pytest.raises(ModelError, match=f"index.json through proxy {proxy} \\(Connection refused\\)$"):
        install_languages([get_language("ru")], tmp_path / "models", index_url=index_server.url("/"))


def test_an_unreachable_index_names_the_offline_alternative(tmp_path, run_cli, refused_url):
    index = refused_url.rsplit("/", 1)[0] + "/"

    result = run_cli("models", "install", "ar", "--models-dir", tmp_path / "models",
                     env={"ARGOS_PACKAGE_INDEX": index})

    assert result.exit_code == 5
    assert result.output == (
        f"Error: the Argos package index is unreachable at {index}index.json (Connection refused) {OFFLINE_HINT}\n"
    )
    assert folder_names(tmp_path / "models") == []


def test_index_problems_are_one_line_errors_and_install_nothing(tmp_path, run_cli, index_server):
    models_dir = tmp_path / "models"
    base = index_server.url("/")
    ar_link = index_server.url("/translate-en_ar-1_0.argosmodel")
    serve_index(index_server, index_of(index_server) + [
        {"from_code": "en", "to_code": "ru", "package_version": "2.0", "type": "translate", "links": [ar_link]},
    ])

    wrong_pair = run_cli("models", "install", "ru", "--models-dir", models_dir, "--index", base)
    assert wrong_pair.exit_code == 5
    assert wrong_pair.stderr.splitlines()[-1] == (
        "Error: translate-en_ru.argosmodel holds the en→ar model, not the en→ru model the index announced"
    )

    del index_server.routes["/translate-en_ar-1_0.argosmodel"]
    missing_file = run_cli("models", "install", "ar", "--models-dir", models_dir, "--index", base)
    assert missing_file.stderr.splitlines()[-1] == (
        f"Error: the en→ar 1.0 package is unreachable at {ar_link} (HTTP 404) {OFFLINE_HINT}"
    )

    index_server.route("/index.json", b"<html>captive portal</html>")
    not_json = run_cli("models", "install", "ar", "--models-dir", models_dir, "--index", base)
    assert not_json.stderr.startswith(f"Error: the Argos package index {base}index.json is not valid (")
    assert folder_names(models_dir) == []


def test_malformed_index_entries_are_skipped_and_a_non_list_index_is_refused(index_server):
    from syndicate.translate.packages import IndexEntry, fetch_index

    good = {"from_code": "en", "to_code": "ar", "package_version": "1.0", "from_name": "English",
            "to_name": "Arabic", "links": ["https://example.org/a.argosmodel", 7]}
    serve_index(index_server, [
        good, "not an object", {**good, "to_code": ""}, {**good, "from_code": None}, {**good, "package_version": 1.0},
        {**good, "links": "https://example.org/a.argosmodel"}, {**good, "type": "sbd"},
        {"from_code": "en", "to_code": "ru", "package_version": "1.9"},  # no links: listed, never chosen
    ])
    assert fetch_index(index_server.url("/index.json")) == (
        IndexEntry("en", "ar", "1.0", ("https://example.org/a.argosmodel",), name="English → Arabic"),
        IndexEntry("en", "ru", "1.9", (), name=" → "),
    )

    index_server.route("/index.json", b'{"packages": []}', content_type="application/json")
    with pytest.raises(ModelError) as caught:
        fetch_index(index_server.url("/index.json"))
    assert caught.value.message == (
        f"the Argos package index {index_server.url('/index.json')} is not valid (not a list of packages)")


def test_a_pair_the_index_lacks_fails_before_anything_is_downloaded(tmp_path, index_server):
    serve_index(index_server, [entry for entry in index_of(index_server) if entry.get("to_code") != "ru"])
    with pytest.raises(ModelError) as caught:
        install_languages(list(LANGUAGES), tmp_path / "models", index_url=index_server.url("/index.json"))
    assert caught.value.message == (
        f"the Argos package index {index_server.url('/index.json')} offers no en→ru package"
    )
    assert requested(index_server) == ["/index.json"]


def test_install_with_qa_adds_the_reverse_models_the_round_trip_uses(tmp_path, run_cli, index_server):
    from syndicate.translate.packages.packages import qa_pairs

    dari, tajik, russian = (get_language(tag) for tag in ("fa-AF", "tg", "ru"))
    assert qa_pairs([dari, tajik, russian]) == {("fa", "en"): (dari, tajik), ("ru", "en"): (russian,)}
    archive = make_package(tmp_path, from_code="ru", to_code="en", version="1.9")
    index_server.route(f"/{archive.name}", archive.read_bytes(), content_type="application/zip")
    serve_index(index_server, index_of(index_server) + [
        {"from_code": "ru", "to_code": "en", "package_version": "1.9", "type": "translate",
         "links": [index_server.url(f"/{archive.name}")]},
    ])
    models_dir = tmp_path / "models"
    env = {"ARGOS_PACKAGE_INDEX": index_server.url("/")}

    result = run_cli("models", "install", "--with-qa", "ru", "--models-dir", models_dir, env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Installed en→ru 1.9 for ru: {models_dir / 'translate-en_ru-1_9'}",
        f"Installed ru→en 1.9 for ru: {models_dir / 'translate-ru_en-1_9'}",
    ]
    assert find_package(models_dir, "ru", "en").version_id == "argos:ru-en@1.9"
    again = run_cli("models", "install", "--with-qa", "ru", "--models-dir", models_dir, env=env)
    assert again.stdout.splitlines()[1] == f"ru→en 1.9 already installed for ru: {models_dir / 'translate-ru_en-1_9'}"
    assert requested(index_server).count("/index.json") == 1  # nothing missing: the index not read again

    with pytest.raises(ModelError) as caught:  # the index offers no ar→en: found before any download
        install_languages([get_language("ar")], models_dir, index_url=index_server.url("/"), with_qa=True)
    assert caught.value.message.endswith("offers no ar→en package")
    assert folder_names(models_dir) == ["translate-en_ru-1_9", "translate-ru_en-1_9"]

    refused = run_cli("models", "install", "--with-qa", "--from", archive, "--models-dir", models_dir)
    assert refused.exit_code != 0 and "--with-qa reads the Argos index" in refused.stderr


# --- end to end, with real CTranslate2 packages ------------------------------------------------


def test_installed_fixture_packages_load_and_translate(tmp_path, run_cli, fixture_packages, corpus):
    import ctranslate2
    import sentencepiece

    models_dir = tmp_path / "models"
    archives = sorted(fixture_packages.glob("*.argosmodel"))
    installed = run_cli("models", "install", "--from", *archives, "--models-dir", models_dir)
    assert installed.exit_code == 0, installed.output
    assert [line.split(":")[0] for line in installed.output.splitlines()] == [
        "Installed en→ar 0.1 for ar", "Installed en→fa 0.1 for fa-AF, tg", "Installed en→ru 0.1 for ru",
    ]
    report = json.loads(run_cli("models", "list", "--json", "--models-dir", models_dir).output)
    assert [lang["ready"] for lang in report["languages"]] == [True, True, True, True]
    assert report["broken"] == []

    seed = (corpus / "seed" / "000_ac3961389abcd1c8.txt").read_text(encoding="utf-8")
    sentence = next(line for line in seed.splitlines() if line.startswith("A major international conference"))
    sentence = sentence.split(". ")[0] + "."  # "... took place last week in Dushanbe, Tajikistan."
    package = find_package(models_dir, "en", "fa", install_as="fa-AF")
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    translator = ctranslate2.Translator(str(package.model_dir), device="cpu", intra_threads=1)
    [result] = translator.translate_batch([tokenizer.encode(sentence, out_type=str)])
    assert tokenizer.decode(result.hypotheses[0]) == sentence  # the fixture en→fa model copies this one


def test_a_download_cut_short_is_reported_and_installs_nothing(tmp_path, index_server):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        link = f"http://127.0.0.1:{listener.getsockname()[1]}/translate-en_ar-1_0.argosmodel"

        def answer_half():
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n" + bytes(4000))

        threading.Thread(target=answer_half, daemon=True).start()
        serve_index(index_server, [{"from_code": "en", "to_code": "ar", "package_version": "1.0", "links": [link]}])
        with pytest.raises(ModelError) as caught:
            install_languages([get_language("ar")], tmp_path / "models", index_url=index_server.url("/"))
    assert caught.value.message == (
        f"the download of the en→ar 1.0 package from {link} was cut short (4,000 of 10,000 bytes)"
    )
    assert folder_names(tmp_path / "models") == []


def test_the_next_link_is_tried_when_one_fails(tmp_path, index_server):
    good = index_server.url("/translate-en_ar-1_0.argosmodel")
    serve_index(index_server, [{"from_code": "en", "to_code": "ar", "package_version": "1.0",
                                "links": [index_server.url("/gone.argosmodel"), good]}])
    [result] = install_languages([get_language("ar")], tmp_path / "models", index_url=index_server.url("/"))
    assert result.package.path == tmp_path / "models" / "translate-en_ar-1_0"
    assert requested(index_server) == ["/index.json", "/gone.argosmodel", "/translate-en_ar-1_0.argosmodel"]
