"""Temporary folders inside the models folder: installs and removals stage there, then rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ...errors import ModelError

STAGING_PREFIX = ".syndicate-"  # temporary folders and downloads inside the models folder


def _make_staging_dir(models_dir: Path) -> Path:
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=models_dir))
    except OSError as error:
        raise ModelError(f"can't write to the models folder {models_dir} ({error.strerror or error})",
                         hint="choose another with --models-dir or SYNDICATE_MODELS_DIR") from error


def _retire(path: Path, staging: Path) -> None:
    """Take a package folder out of service at once (one rename), then delete it."""
    target = Path(tempfile.mkdtemp(prefix="retired-", dir=staging)) / path.name
    try:
        os.rename(path, target)
    except OSError as error:
        raise ModelError(f"could not remove {path} ({error.strerror or error})") from error
    shutil.rmtree(target, ignore_errors=True)
