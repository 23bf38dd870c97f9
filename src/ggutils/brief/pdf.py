"""Briefings on paper: an exported HTML page printed to an A4 PDF by headless Chromium
(Debian's `chromium`, the browser the browser tests use). The page's own print CSS sets the
paper size, margins, running header and footer.

Nothing of a print outlives it, however it ends:
- the PDF is written to a temporary file beside it and renamed into place (ggutils.io);
- Chromium runs in a session of its own, with its profile, HOME and TMPDIR in one folder
  `<pid>-<random>` under `ggutils-chromium-<uid>` in the temporary directory; when the print
  ends, fails or times out, its whole process group is killed and that folder removed;
- on SIGTERM the worker's handler calls `stop_browsers` (and ggutils.io.remove_pending)
  before it exits; on Ctrl-C or SIGTERM in the main process the interrupt unwinds through
  the same clean-up;
- after SIGKILL, which no process can clean up after, the next print removes every profile
  folder whose process no longer runs, and the next write of the PDF its temporary file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ggutils.io import running, write_atomic

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Flags for a sandboxed, offline, first-run-free headless browser (see the env notes: without
# the background-networking flags Chromium tries to reach hosts this machine cannot).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-crash-reporter", "--no-pdf-header-footer",
         "--run-all-compositor-stages-before-draw"]

_BROWSERS: dict[int, Path] = {}  # the browsers of this process's prints: pid -> profile


def chromium() -> str | None:
    """The Chromium executable on PATH, or None."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


class PdfUnavailable(RuntimeError):
    """No Chromium to print with (the HTML is still written)."""


def profile_root() -> Path:
    """The folder of every print's browser profile: ggutils-chromium-<uid> in the temporary
    directory, private to this user (a folder of that name that is a link or another user's
    is not used: a folder of its own is made instead)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    root = Path(tempfile.gettempdir()) / f"ggutils-chromium-{uid}"
    with contextlib.suppress(FileExistsError):
        root.mkdir(mode=0o700)
    if root.is_symlink() or not root.is_dir() or (
            hasattr(os, "getuid") and root.stat().st_uid != uid):
        return Path(tempfile.mkdtemp(prefix=f"ggutils-chromium-{uid}-"))
    return root


def remove_stale_profiles(root: Path) -> list[Path]:
    """Remove the profile folders under `root` whose process no longer runs (killed
    outright); the folders removed."""
    removed = []
    for folder in Path(root).iterdir():
        pid = folder.name.split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _kill(pid: int) -> None:
    """Kill a browser and every process it started (its own session), and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)  # the session's group: the browser and its helpers
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def stop_browsers() -> None:
    """Kill every browser this process is printing with and remove their profiles (for a
    signal handler about to exit)."""
    for pid, profile in list(_BROWSERS.items()):
        _kill(pid)
        shutil.rmtree(profile, ignore_errors=True)
    _BROWSERS.clear()


@contextlib.contextmanager
def _signals_held():
    """SIGTERM and SIGINT wait while the block runs: between making a profile and knowing the
    browser's process, a handler would find nothing to clean up. They are blocked in this
    thread; and since Python runs a handler in the main thread whichever thread the system
    gave the signal to (a library's thread that does not block it: a kernel client's
    heartbeat, pyarrow's), in the main thread the handlers are also swapped for one that
    notes the signal, which is raised again once the block is done."""
    held = (signal.SIGTERM, signal.SIGINT)
    noted: list[int] = []
    swap = threading.current_thread() is threading.main_thread()
    previous = {s: signal.signal(s, lambda signum, frame: noted.append(signum))
                for s in held} if swap else {}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, set(held))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for signum in dict.fromkeys(noted):
            signal.raise_signal(signum)


def _start(argv: list[str], profile: Path, log: Path) -> int:
    """Start the browser in a session of its own (so its whole process group can be
    killed), with no signal blocked (posix_spawn sets the mask; a subprocess would inherit
    the one _signals_held sets), its output in `log`; its pid."""
    env = {**os.environ, "HOME": str(profile), "TMPDIR": str(profile)}
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                0o600),
               (os.POSIX_SPAWN_DUP2, 1, 2)]
    return os.posix_spawn(argv[0], argv, env, file_actions=actions, setsid=True,
                          setsigmask=())


def _wait(pid: int, timeout: float) -> int:
    """The browser's exit status; subprocess.TimeoutExpired after `timeout` seconds."""
    end = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > end:
            raise subprocess.TimeoutExpired(pid, timeout)
        time.sleep(0.05)


def _print(browser: str, html: Path, tmp: Path, timeout: float) -> None:
    """One print into `tmp`, in a profile folder removed afterwards."""
    argv = [browser, *FLAGS, "--user-data-dir={}", f"--print-to-pdf={tmp}", html.as_uri()]
    if not hasattr(os, "posix_spawn"):  # Windows: no signals to hold, no sessions
        with tempfile.TemporaryDirectory(prefix="ggutils-chromium-") as profile:
            argv[len(FLAGS) + 1] = f"--user-data-dir={profile}"
            subprocess.run(argv, check=True, capture_output=True, timeout=timeout,
                           env={**os.environ, "HOME": profile, "TMPDIR": profile})
        return
    root = profile_root()
    remove_stale_profiles(root)
    with _signals_held():
        profile = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
        argv[len(FLAGS) + 1] = f"--user-data-dir={profile}"
        try:
            pid = _start(argv, profile, profile / "browser.log")
        except BaseException:
            shutil.rmtree(profile, ignore_errors=True)
            raise
        _BROWSERS[pid] = profile
    try:
        status = _wait(pid, timeout)
        if status:
            log = (profile / "browser.log").read_bytes()[-4000:]
            raise subprocess.CalledProcessError(status, browser, b"", log)
    finally:
        _kill(pid)
        _BROWSERS.pop(pid, None)
        shutil.rmtree(profile, ignore_errors=True)


def print_pdf(html: Path, pdf: Path, timeout: float = 120.0) -> Path:
    """Print `html` to `pdf` (written atomically). Raises PdfUnavailable without Chromium,
    and subprocess.CalledProcessError / TimeoutExpired when printing fails."""
    browser = chromium()
    if browser is None:
        raise PdfUnavailable("chromium not found: install Debian's chromium to print PDFs "
                             "(apt-get install chromium); the HTML briefings are written")
    html = Path(html).resolve()

    def write(tmp: Path) -> None:
        _print(browser, html, tmp, timeout)
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise subprocess.CalledProcessError(1, browser, b"", b"no PDF written")

    return write_atomic(Path(pdf), write)
