"""Printing to PDF: the hold on SIGTERM and SIGINT while a print makes its browser profile."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from ggutils.brief.pdf import _signals_held


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_a_signal_taken_by_another_thread_waits_for_the_hold():
    """A SIGTERM the system hands to another thread (the main one blocks it) still waits:
    Python would run the handler in the main thread at once, in the middle of the hold
    (it left a browser profile behind under load). It runs once, after the hold."""
    calls: list[str] = []
    go, sent, done = threading.Event(), threading.Event(), threading.Event()

    def send():  # a thread started before the hold, so not blocking SIGTERM, and alive
        go.wait()  # through it (as a library's thread is): the system hands it the signal
        os.kill(os.getpid(), signal.SIGTERM)
        sent.set()
        done.wait()

    previous = signal.signal(signal.SIGTERM, lambda signum, frame: calls.append("handled"))
    sender = threading.Thread(target=send)
    sender.start()
    try:
        with _signals_held():
            go.set()
            sent.wait()
            for _ in range(100_000):  # bytecodes on which Python would run a pending handler
                pass
            calls.append("end of hold")
        assert calls == ["end of hold", "handled"]
    finally:
        done.set()
        sender.join()
        signal.signal(signal.SIGTERM, previous)
