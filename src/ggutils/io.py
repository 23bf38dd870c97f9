"""Atomic writes: a killed run leaves the old file or the new one, never half of one. Also
the guards that keep slow optional imports out of the batch's processes."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ggutils.errors import raise_disk_error

if TYPE_CHECKING:  # pandas is imported where a frame is read or recoded: a pool worker
    import pandas as pd  # imports this module for its temporary files only


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_PENDING: set[Path] = set()  # the temporary files this process is writing now


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it over `path`.

    The temporary file is `.<name>.<pid>.<random>.tmp`. It is removed whatever happens: on
    an error, on SIGTERM (`remove_pending`, from the signal handlers), and after SIGKILL by
    the next write of the same file (`remove_stale_temporaries`). A full disk, a read-only
    folder or no permission is a WriteError naming `path` (one line, no traceback)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path.parent, f".{path.name}.")
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                        dir=path.parent)
    except OSError as exc:
        raise_disk_error(path, exc)
        raise
    os.close(fd)
    tmp = Path(tmp_name)
    _PENDING.add(tmp)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        os.replace(tmp, path)
    except OSError as exc:
        raise_disk_error(path, exc)
        raise
    finally:
        _PENDING.discard(tmp)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return path


def remove_pending() -> None:
    """Remove every temporary file this process is writing (for a signal handler that is
    about to exit without unwinding)."""
    for tmp in list(_PENDING):
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def running(pid: int) -> bool:
    """Whether process `pid` runs (on Windows: assumed)."""
    if os.name == "nt":  # os.kill(pid, 0) would end the process there: assume it runs
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it runs, as another user
        return True
    return True


def remove_stale_temporaries(folder: Path, prefix: str, suffix: str = ".tmp") -> None:
    """Remove the temporary files `<prefix><pid>.*<suffix>` in `folder` left by a process
    that no longer runs (killed outright, SIGKILL: nothing of it could clean up)."""
    for tmp in Path(folder).glob(f"{glob.escape(prefix)}*{glob.escape(suffix)}"):
        pid = tmp.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not running(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


@contextlib.contextmanager
def temporary(tmp: Path):
    """Track `tmp` as a temporary file of this process (removed by `remove_pending` on
    SIGTERM) while the block runs; it is removed at the end unless the block moved it."""
    _PENDING.add(Path(tmp))
    try:
        yield Path(tmp)
    finally:
        _PENDING.discard(Path(tmp))
        with contextlib.suppress(OSError):
            Path(tmp).unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_csv_atomic(frame: pd.DataFrame, path: Path) -> Path:
    """Write a DataFrame as UTF-8 CSV (no index) atomically, every text cell that a
    spreadsheet would evaluate marked (`mark_formulas`; `read_csv` gives it back)."""
    marked = mark_formulas(frame)
    return write_atomic(path, lambda tmp: marked.to_csv(tmp, index=False, encoding="utf-8"))


# --- Text a spreadsheet would evaluate (OWASP "CSV injection") ----------------------------
# A cell whose text starts with one of FORMULA_STARTS is a formula to Excel and LibreOffice
# when a CSV is opened ('=HYPERLINK(...)', '+cmd|...', '@SUM(...)'). Every CSV the project
# writes puts a "'" before such a text (`csv_text`); a text that already starts with "'"
# before one of them, or before another "'", gets one more, so `read_csv` can take exactly
# one off and give the text back. A plain number written as text ("-2.77") is left alone:
# a spreadsheet reads it as the number, and the pipeline too. In an XLSX the cell is
# written as an explicit string instead (`put_cell`), its text unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MARK = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_CANDIDATE = r"^[=+\-@\t\r']"
_MARKED = r"^'[=+\-@\t\r']"


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate `text` typed into a cell (plain numbers aside)."""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_text(text: str) -> str:
    """`text` as a CSV cell no spreadsheet evaluates: "'" before a formula-like text (and
    before a text that already starts with the mark before a formula character or "'")."""
    if formula_like(text) or (text.startswith(_MARK) and text[1:2] in (*FORMULA_STARTS, _MARK)):
        return _MARK + text
    return text


def csv_value(text: str) -> str:
    """The text `csv_text` was given: one leading "'" taken off where it put one."""
    if text.startswith(_MARK) and text[1:2] in (*FORMULA_STARTS, _MARK):
        return text[1:]
    return text


def _text_columns(frame: pd.DataFrame) -> list:
    import pandas as pd

    return [c for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype)
            or pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])]


def _recode(frame: pd.DataFrame, pattern: str, change: Callable[[str], str]) -> pd.DataFrame:
    """`frame` with `change` applied to the text cells matching `pattern` (numbers, dates and
    missing cells untouched; a Categorical's categories recoded)."""
    import pandas as pd

    out = None
    for column in _text_columns(frame):
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            categories = series.cat.categories
            if not any(isinstance(c, str) and re.match(pattern, c) for c in categories):
                continue
            mapping = {c: change(c) if isinstance(c, str) else c for c in categories}
            new = series.cat.rename_categories(mapping)
        else:
            texts = series.map(lambda v: isinstance(v, str)) if series.dtype == object \
                else series.notna()
            hits = texts & series.where(texts, "").astype(str).str.match(pattern)
            if not hits.any():
                continue
            new = series.copy()
            new[hits] = [change(v) for v in series[hits]]
        out = frame.copy() if out is None else out
        out[column] = new
    return frame if out is None else out


def mark_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every formula-like text cell marked for CSV (`csv_text`)."""
    return _recode(frame, _CANDIDATE, csv_text)


def unmark_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as it was before `mark_formulas` (`csv_value` on every text cell)."""
    return _recode(frame, _MARKED, csv_value)


def read_csv(path: Path, **kwargs) -> pd.DataFrame:
    """A CSV the project wrote (write_csv_atomic), read with pandas and unmarked."""
    import pandas as pd

    return unmark_formulas(pd.read_csv(path, **kwargs))


def put_cell(ws, row: int, column: int, value: object):
    """Write `value` to an openpyxl worksheet cell, a text always as an explicit string
    (openpyxl makes any text starting with '=' a formula otherwise); returns the cell."""
    cell = ws.cell(row, column)
    cell.value = value
    return text_cell(cell)


def text_cell(cell):
    """Make an openpyxl cell holding text an explicit string cell (never a formula)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def skip_slow_optional_imports() -> None:
    """Keep jsonschema (imported by nbformat, so by papermill and nbconvert) from importing
    rfc3987_syntax, which builds a Lark grammar at import: about 2 s per process
    (python-jsonschema/jsonschema#1428). It serves only the "iri" formats, which no notebook
    schema uses. Call before papermill, nbformat or nbconvert is imported: the runner, the
    pool's workers and the HTML export (in a batch's main process) do."""
    sys.modules.setdefault("rfc3987_syntax", None)


def skip_test_only_imports() -> None:
    """Keep pandera from importing hypothesis, a test dependency of this project that pandera
    imports, when it is installed, at its first validation (for its optional data-synthesis
    strategies, which ggutils never uses): about 0.3 s a process with hypothesis' plugin
    scan. Only for a process that runs no test, such as a batch's kernels (pool.WARM_IMPORTS):
    never in pytest's, where it would hide hypothesis from the tests."""
    sys.modules.setdefault("hypothesis", None)


def generated_at() -> dt.datetime:
    """When an output is generated: now (UTC), or SOURCE_DATE_EPOCH when it is set, so that
    two runs on the same inputs give byte-identical files (reproducible-builds.org)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
