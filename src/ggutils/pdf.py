"""Briefings on paper: an exported HTML page printed to an A4 PDF by headless Chromium
(Debian's `chromium`, the browser the browser tests use). The page's own print CSS sets the
paper size, margins, running header and footer."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .io import write_atomic

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Flags for a sandboxed, offline, first-run-free headless browser (see the env notes: without
# the background-networking flags Chromium tries to reach hosts this machine cannot).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw"]


def chromium() -> str | None:
    """The Chromium executable on PATH, or None."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


class PdfUnavailable(RuntimeError):
    """No Chromium to print with (the HTML is still written)."""


def print_pdf(html: Path, pdf: Path, timeout: float = 120.0) -> Path:
    """Print `html` to `pdf` (written atomically). Raises PdfUnavailable without Chromium,
    and subprocess.CalledProcessError / TimeoutExpired when printing fails."""
    browser = chromium()
    if browser is None:
        raise PdfUnavailable("chromium not found: install Debian's chromium to print PDFs "
                             "(apt-get install chromium); the HTML briefings are written")
    html = Path(html).resolve()

    def write(tmp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="ggutils-chromium-") as profile:
            subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}",
                            f"--print-to-pdf={tmp}", html.as_uri()],
                           check=True, capture_output=True, timeout=timeout,
                           env={**os.environ, "HOME": profile})
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise subprocess.CalledProcessError(1, browser, b"", b"no PDF written")

    return write_atomic(Path(pdf), write)
