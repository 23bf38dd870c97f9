"""Atomic writes: a killed run leaves the old file or the new one, never half of one."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_csv_atomic(frame: pd.DataFrame, path: Path) -> Path:
    """Write a DataFrame as UTF-8 CSV (no index) atomically."""
    return write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8"))


def generated_at() -> dt.datetime:
    """When an output is generated: now (UTC), or SOURCE_DATE_EPOCH when it is set, so that
    two runs on the same inputs give byte-identical files (reproducible-builds.org)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
