"""The worker pool's signal handling (ggutils.pipeline.pool)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

# A worker whose clean-up is sent a second SIGTERM half-way, as concurrent.futures does
# when it sees another worker die; each step of the clean-up writes its name to a log.
_WORKER = textwrap.dedent("""
    import os, signal, sys, time
    from ggutils.pipeline import pool

    log = open(sys.argv[1], "a", buffering=1)

    def stop_browsers():
        log.write("browsers\\n")
        if not os.environ.get("SENT"):
            os.environ["SENT"] = "1"
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.5)  # the second signal would be handled here

    pool.stop_browsers = stop_browsers
    pool.remove_pending = lambda: log.write("pending\\n")
    pool._WORKER_KERNEL = None
    signal.signal(signal.SIGTERM, pool._on_sigterm)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_second_sigterm_does_not_interrupt_the_clean_up(tmp_path):
    log = tmp_path / "clean-up.log"
    done = subprocess.run([sys.executable, "-c", _WORKER, str(log)], timeout=60,
                          capture_output=True, text=True)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert log.read_text().splitlines() == ["browsers", "pending"]
