"""Errors that name where bad input is: the file, the entry (or row) and the field."""

from __future__ import annotations

import errno
from pathlib import Path


class GGUtilsError(Exception):
    """Base class for the errors ggutils raises on bad input."""


class CatalogError(GGUtilsError):
    """A catalog, codebook, register or source description is malformed.

    The message always names the file, the entry and the field, so a user can fix the YAML
    or CSV without reading a traceback.
    """

    def __init__(self, file: Path | str, entry: str, field: str, message: str):
        self.file = str(file)
        self.entry = entry
        self.field = field
        self.message = message
        super().__init__(f"{self.file}: entry {entry!r}: field {field!r}: {message}")

    def __reduce__(self):
        """Picklable with its four fields (a worker process sends it back to the batch)."""
        return (type(self), (self.file, self.entry, self.field, self.message))


class RawDataError(GGUtilsError):
    """A raw data file cannot be read at all (missing, empty, not text, wrong columns)."""

    def __init__(self, file: Path | str, message: str, row: int | None = None,
                 field: str | None = None):
        self.file = str(file)
        self.row = row
        self.field = field
        where = self.file
        if row is not None:
            where += f": row {row}"
        if field is not None:
            where += f": field {field!r}"
        super().__init__(f"{where}: {message}")
        self.message = message

    def __reduce__(self):
        """Picklable with its fields (a worker process sends it back to the batch)."""
        return (type(self), (self.file, self.message, self.row, self.field))


class UsageError(GGUtilsError):
    """A command was asked for something that does not exist (a province, a language, a
    folder); raised before any work starts."""


class WriteError(GGUtilsError):
    """An output could not be written: the disk is full, over quota, read-only or refuses
    us. It names the path; every write is atomic, so nothing half-written is left behind.
    A run stops on it (every later output would fail the same way)."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(str(path), str(reason))  # pickled by its args (from a worker)
        self.path = str(path)
        self.reason = str(reason)

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


# The errors that mean the place written to cannot take the output (not a bug, not bad
# input): no space (ENOSPC), over quota (EDQUOT), file too large, read-only file system,
# an I/O error, no permission.
DISK_ERRNOS = frozenset(getattr(errno, name) for name in (
    "ENOSPC", "EDQUOT", "EFBIG", "EROFS", "EIO", "EACCES", "EPERM") if hasattr(errno, name))


def raise_disk_error(path: Path | str, exc: BaseException) -> None:
    """Raise a WriteError naming `path` (from `exc`) when `exc`, met while writing it, is
    about the disk (DISK_ERRNOS); otherwise return, and the caller re-raises `exc`."""
    if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
        raise WriteError(path, exc.strerror or str(exc)) from exc


def unknown(what: str, name: str, valid: list[str], where: str = "",
            spelled: str | None = None) -> str:
    """"unknown WHAT 'NAME' (WHERE); did you mean 'X'? (valid: a, b, c)": the nearest valid
    name by spelling, when one is close, and the valid names. `spelled` is NAME as the
    valid names are written, where that differs (a name with diacritics as a slug)."""
    import difflib

    text = f"unknown {what} {name!r}" + (f" ({where})" if where else "")
    near = difflib.get_close_matches(spelled or name, valid, n=1, cutoff=0.6)
    if near:
        text += f"; did you mean {near[0]!r}?"
    return text + (f" (valid: {', '.join(sorted(valid))})" if valid else " (none is defined)")


def first_line(text: str) -> str:
    """The first line of an error text that says something (not blank, not a rule of dashes,
    not a "Traceback" header)."""
    for line in str(text).splitlines():
        line = line.strip()
        if line and line.strip("-=~_ ") and not line.startswith("Traceback"):
            return line
    return ""


def _subclasses(cls: type) -> list[type]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _subclasses(child))]


def project_error_names() -> set[str]:
    """Names of GGUtilsError and its subclasses in every ggutils module.

    An error raised in a notebook's kernel reaches papermill as a class name and a message;
    this tells whether that name is one of the project's own errors (expected bad input).
    """
    import importlib
    import pkgutil

    import ggutils

    for info in pkgutil.walk_packages(ggutils.__path__, "ggutils."):
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - a module that cannot be imported adds no error
            continue
    return {cls.__name__ for cls in _subclasses(GGUtilsError)}


class NotebookError(GGUtilsError):
    """A notebook stopped on an error in its kernel; `executed` is its executed copy, with
    the failing cell marked (the log of the failure).

    When the kernel raised one of the project's own errors (`expected`), the message is that
    error's own (it names the file, entry and field); otherwise it names the notebook, the
    error's type and where the traceback is.
    """

    def __init__(self, notebook: Path | str, executed: Path | str, ename: str, evalue: str):
        self.notebook = Path(notebook)
        self.executed = Path(executed)
        self.ename = ename
        self.evalue = evalue
        self.expected = ename in project_error_names()
        line = first_line(evalue)
        self.summary = f"{ename}: {line}" if line else ename
        if self.expected:
            message = line or ename
        else:
            message = (f"{self.notebook.name} stopped on {self.summary} "
                       f"(traceback in the executed notebook {self.executed})")
        super().__init__(message)
