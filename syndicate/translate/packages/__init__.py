"""Installed Argos Translate packages: where they are, what they translate, installing and removing them.

This package reads package folders (``metadata.json`` + ``model/`` + ``sentencepiece.model``)
itself, so finding a model never imports argostranslate (which writes to disk on import).
Installed folders are laid out exactly as argostranslate installs them (one folder per package,
the archive's top-level folder), so ``argostranslate.package.get_installed_packages(path=[models_dir])``
reads them too (tests/test_argos_interop.py checks that argostranslate lists and loads them).
Archives are unpacked here rather than with ``argostranslate.package.install_from_path``, which
extracts unchecked into the folder its settings fixed at import, and the index JSON is read here
too, so argostranslate (and its torch/stanza chain) is an optional extra, never needed at run time.

- ``packages``: what is installed, and finding the package a route needs
- ``staging``: temporary folders inside the models folder
- ``archive``: installing ``.argosmodel`` files safely
- ``index``: installing from the Argos package index
- ``remove``: removing the packages languages need
- ``folders``: installing and reading converted CTranslate2 model folders (NLLB, MADLAD, Marian)
- ``convert``: converting downloaded snapshots into such folders (CTranslate2's converters)
"""

from .archive import (
    MAX_MEMBERS,
    MAX_UNPACKED_BYTES,
    InstallResult,
    install_files,
    install_from_file,
)
from .index import (
    DEFAULT_INDEX_URL,
    OFFLINE_HINT,
    IndexEntry,
    ProgressCallback,
    fetch_index,
    index_json_url,
    install_languages,
)
from .packages import (
    ModelPackage,
    find_package,
    installed_packages,
    languages_using,
    package_problems,
    pair_label,
    read_package,
    route_pairs,
)
from .remove import RemoveResult, remove_languages
from .staging import STAGING_PREFIX

__all__ = [
    "DEFAULT_INDEX_URL",
    "MAX_MEMBERS",
    "MAX_UNPACKED_BYTES",
    "OFFLINE_HINT",
    "STAGING_PREFIX",
    "IndexEntry",
    "InstallResult",
    "ModelPackage",
    "ProgressCallback",
    "RemoveResult",
    "fetch_index",
    "find_package",
    "index_json_url",
    "install_files",
    "install_from_file",
    "install_languages",
    "installed_packages",
    "languages_using",
    "package_problems",
    "pair_label",
    "read_package",
    "remove_languages",
    "route_pairs",
]
