"""Executing notebooks with papermill, always in a kernel of the running environment.

The notebooks name the kernel "ggutils" (what `make install` and `ggutils kernel` register,
for JupyterLab and plain papermill). The runner does not look that name up: papermill could
find a user-wide or system kernel of the same name, or none at all (a conda environment
where it was never registered). It hands papermill a kernel manager whose kernelspec is
built in memory for *this* Python (sys.executable), so the notebooks run inside the same
environment as ggutils, and no kernelspec is written anywhere.

Kernels are started with JPY_PARENT_PID set (jupyter_client does it), so ipykernel's parent
poller ends a kernel within a second or two of the process that started it.
"""

from __future__ import annotations

import functools
import itertools
import os
import signal
import sys
import tempfile
import weakref
from pathlib import Path

from ggutils.errors import NotebookError, raise_disk_error
from ggutils.io import remove_stale_temporaries, skip_slow_optional_imports, temporary

KERNEL_NAME = "ggutils"
DISPLAY_NAME = "Python (ggutils)"
_KERNELS = itertools.count(1)  # the kernels this process made (their sockets' names)


def import_papermill():
    """papermill, imported as this project needs it: without jsonschema's IRI grammar
    (ggutils.io.skip_slow_optional_imports), and without pyarrow.fs, which papermill's HDFS
    handler imports, and with it pyarrow and numpy: 0.3 s for a worker whose kernel does
    the computing. ggutils reads no hdfs:// path; pyarrow.fs stays importable afterwards."""
    skip_slow_optional_imports()
    if "papermill" not in sys.modules:
        hide = "pyarrow.fs" not in sys.modules
        if hide:
            sys.modules["pyarrow.fs"] = None  # an ImportError for papermill.iorw
        try:
            import papermill  # noqa: F401
        finally:
            if hide:
                del sys.modules["pyarrow.fs"]
    return sys.modules["papermill"]


def kernel_argv(preload: str = "") -> list[str]:
    """The command that starts an IPython kernel in this Python. Its input history is off:
    a batch's cells are not a person's, they would fill the user's IPython history, and
    writing them to SQLite costs each notebook about 0.07 s of CPU (issue 23). `preload`,
    one line of code (imports), runs as the kernel starts (IPython's exec_lines), while
    the process that started it goes on with its own imports."""
    return [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
            "--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False",
            *([f"--IPKernelApp.exec_lines={preload}"] if preload else [])]


def kernel_manager(preload: str = ""):
    """A kernel manager for this Python, its kernelspec built in memory.

    Passed to papermill as `km`, nbclient starts the kernel on the first notebook and
    leaves it running afterwards: the caller shuts it down (`stop_kernel`). A batch worker
    keeps one for all its notebooks and pays the kernel start-up and imports once (its
    kernel `preload`s them: kernel_argv).
    """
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(argv=kernel_argv(preload), display_name=f"Python ({sys.prefix})",
                              language="python", env={"MPLBACKEND": "agg"})

    # The kernel listens on Unix sockets of its own (<temporary dir>/ggutils-kernel-<pid>-<n>-1
    # to -5), not on TCP ports: jupyter_client picks free ports and releases them before the
    # kernel binds them, so two kernels started at once (a batch's workers, parallel tests)
    # can take the same port; one dies, and a client may talk to the other (jupyter_client#487,
    # papermill#511; once seen here: "Invalid Signature", "Kernel died before replying").
    sockets = Path(tempfile.gettempdir()) / f"ggutils-kernel-{os.getpid()}-{next(_KERNELS)}"
    return AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ThisPython(),
                              transport="ipc", ip=str(sockets))


# The client of each warm kernel, started by its first notebook and kept (see _warm_engine).
_CLIENTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
WARM_ENGINE = "ggutils-warm"


# Empties a warm kernel's user namespace (imported modules stay imported).
RESET_CODE = ("_ip = get_ipython(); [_ip.user_ns.pop(_k) for _k in list(_ip.user_ns) "
              "if not _k.startswith('_') and _k not in _ip.user_ns_hidden]; del _ip")


async def _reset_namespace(kc) -> None:
    """Empty the warm kernel's namespace before its next notebook: a silent request, so no
    cell of it is in the notebook's log and the kernel's cell count does not move. Output
    left from an earlier notebook is read and dropped on the way."""
    reply = await kc.execute_interactive(RESET_CODE, silent=True, store_history=False,
                                         allow_stdin=False, timeout=60,
                                         output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the warm kernel's namespace was not reset: "
                           f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")


async def _ready_client(km):
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    kc.allow_stdin = False  # as nbclient sets it: a notebook run in a batch cannot prompt
    return kc


@functools.lru_cache(maxsize=1)
def _warm_engine() -> str:
    """Register, once, papermill's nbclient engine with one change: a notebook run in a warm
    kernel uses that kernel's client, started by its first notebook and kept, and empties
    the kernel's namespace first. nbclient would start a client per notebook and wait for
    the kernel to be ready each time: a round trip and a flush of the output channel that
    idles at least 0.2 s a notebook (issue 23).
    Messages left from an earlier notebook answer other requests, and nbclient skips them.
    Engines are papermill's documented extension point (papermill_engines.register)."""
    from jupyter_core.utils import run_sync

    import_papermill()
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class WarmClient(PapermillNotebookClient):
        async def async_start_new_kernel_client(self):
            kc = _CLIENTS.get(self.km)
            if kc is None:
                kc = _CLIENTS[self.km] = await _ready_client(self.km)
            await _reset_namespace(kc)
            self.kc = kc
            return kc

        start_new_kernel_client = run_sync(async_start_new_kernel_client)  # as nbclient's

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, **kwargs):
            # NBClientEngine's arguments (papermill 2.7), handed to WarmClient instead
            kwargs.pop("input_path", None)
            return WarmClient(nb_man, timeout=execution_timeout, startup_timeout=start_timeout,
                              kernel_name=kernel_name, log=logger, log_output=log_output,
                              stdout_file=stdout_file, stderr_file=stderr_file,
                              **kwargs).execute()

    papermill_engines.register(WARM_ENGINE, WarmEngine)
    return WARM_ENGINE


def stop_kernel(km, now: bool = False) -> None:
    """Shut a kernel down and remove its connection file (and stop its warm client).

    `now=True` is for interrupts and signal handlers: it kills the kernel's process group
    at once without talking to it (safe where an event loop may be half-way through a
    cell); otherwise the kernel is asked to shut down.
    """
    if km is None:
        return
    kc = _CLIENTS.pop(km, None)
    if kc is not None and not now:
        kc.stop_channels()
    if not now and km.has_kernel:
        from jupyter_core.utils import run_sync

        try:
            run_sync(km.shutdown_kernel)(now=True)
            return
        except Exception:  # noqa: BLE001 - fall through to the plain kill below
            pass
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is not None and process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the kernel leads its own session
        except (ProcessLookupError, PermissionError):
            process.kill()
        process.wait(timeout=10)
    try:
        km.cleanup_connection_file()
        km.cleanup_ipc_files()
    except OSError:
        pass


def register_kernel(prefix: Path | str | None = None) -> Path:
    """Install the "ggutils" kernelspec for this Python into `prefix` (default: this
    environment, sys.prefix), where JupyterLab and plain papermill look for it."""
    from ipykernel.kernelspec import install

    where = install(kernel_name=KERNEL_NAME, display_name=DISPLAY_NAME,
                    prefix=str(prefix or sys.prefix))
    return Path(where)


def _prepare(notebook: Path, parameters: dict):
    """The notebook with its parameters injected, every cell id fixed.

    papermill gives the cell it injects a random id, which nbconvert writes into the HTML;
    injecting here, with the id "injected-parameters", keeps two runs byte-identical.
    """
    import_papermill()
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(notebook))
    nb = parameterize_notebook(nb, parameters, kernel_name=KERNEL_NAME, language="python")
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    return nb


def execute(notebook: Path, output: Path, parameters: dict, cwd: Path | None = None,
            km=None) -> Path:
    """Run `notebook` with `parameters`, writing the executed copy to `output` atomically.

    With `km` (see kernel_manager) the notebook runs in that kernel, which stays up, its
    namespace emptied first (_reset_namespace); without, in a kernel started and stopped
    for this notebook. On an execution error the executed copy,
    with the failing cell marked, is still moved into place as the log of the failure, and a
    NotebookError carries the kernel's error out.
    """
    pm = import_papermill()
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook), Path(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise_disk_error(output, exc)
        raise
    remove_stale_temporaries(output.parent, f".{output.stem}.", ".tmp.ipynb")
    tmp = output.with_name(f".{output.stem}.{os.getpid()}.tmp.ipynb")
    own = km is None
    kernel = kernel_manager() if own else km
    stopped = False
    with temporary(tmp):  # removed on any failure to write it, and on SIGTERM
        try:
            pm.execute_notebook(_prepare(notebook, parameters), str(tmp),
                                kernel_name=KERNEL_NAME, progress_bar=False,
                                cwd=str(cwd or notebook.parent), log_output=False,
                                request_save_on_cell_execute=False, km=kernel,
                                engine_name=None if own else _warm_engine())
        except PapermillExecutionError as exc:
            raise NotebookError(notebook, output, exc.ename, exc.evalue) from exc
        except BaseException as exc:
            if own:  # interrupted or failed outside a cell: do not wait for the kernel
                stop_kernel(kernel, now=True)
                stopped = True
            if isinstance(exc, OSError):  # the executed copy could not be written (a full
                tmp.unlink(missing_ok=True)  # disk): no half notebook is read or kept
                raise_disk_error(output, exc)
            raise
        finally:
            if own and not stopped:
                stop_kernel(kernel)
            if tmp.exists():
                try:
                    os.replace(tmp, output)
                except OSError as exc:
                    raise_disk_error(output, exc)
                    raise
    return output


def start_kernel(km, cwd: Path | None = None) -> None:
    """Start `km`'s kernel now (it boots in the background) rather than at its first
    notebook, so its start-up overlaps with other work."""
    from jupyter_core.utils import run_sync

    if not km.has_kernel:
        run_sync(km.start_kernel)(cwd=str(cwd or Path.cwd()))


def warm(km, code: str, cwd: Path | None = None) -> None:
    """Run `code` (imports) in the warm kernel `km`, with papermill, writing nothing: the
    next notebook finds those modules imported. The kernel stays up."""
    pm = import_papermill()
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": KERNEL_NAME, "display_name": DISPLAY_NAME, "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(code)]
    pm.execute_notebook(nb, None, kernel_name=KERNEL_NAME, progress_bar=False,
                        cwd=str(cwd) if cwd else None, log_output=False,
                        request_save_on_cell_execute=False, km=km,
                        engine_name=_warm_engine())
