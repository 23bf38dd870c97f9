"""Executing notebooks with papermill, always in a kernel of the running environment.

papermill picks kernels by name from Jupyter's search path, where a user-wide or system
kernel of the same name could win. `pinned_kernel` writes a kernelspec for *this* Python
(sys.executable) into a private folder and puts that folder first on JUPYTER_PATH, so the
notebooks run inside the same venv as ggutils, whatever else is installed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

KERNEL_NAME = "ggutils-pinned"


def pinned_kernel() -> str:
    """Register (once per process) a kernelspec running sys.executable; return its name."""
    root = os.environ.get("GGUTILS_KERNEL_DIR")
    if not root or not (Path(root) / "kernels" / KERNEL_NAME / "kernel.json").exists():
        root = tempfile.mkdtemp(prefix="ggutils-jupyter-")
        spec_dir = Path(root) / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True)
        spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                         "--IPKernelApp.log_level=ERROR"],
                "display_name": f"Python ({sys.prefix})", "language": "python",
                "env": {"MPLBACKEND": "agg"}}
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        os.environ["GGUTILS_KERNEL_DIR"] = root
    paths = os.environ.get("JUPYTER_PATH", "")
    if not paths.startswith(root):
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (root, paths) if p)
    return KERNEL_NAME


# A warm kernel starts each notebook with an empty user namespace (imports stay cached).
RESET_CELL = ("_ip = get_ipython(); [_ip.user_ns.pop(_k) for _k in list(_ip.user_ns) "
              "if not _k.startswith('_') and _k not in _ip.user_ns_hidden]")


def warm_kernel_manager():
    """A kernel manager for this Python that papermill leaves running between notebooks.

    papermill hands a given `km` to nbclient, which then neither starts a second kernel nor
    shuts this one down: a batch worker pays the kernel start-up and imports once.
    """
    from jupyter_client.manager import AsyncKernelManager

    return AsyncKernelManager(kernel_name=pinned_kernel())


def execute(notebook: Path, output: Path, parameters: dict, cwd: Path | None = None,
            km=None) -> Path:
    """Run `notebook` with `parameters`, writing the executed copy to `output` atomically.

    With `km` (see warm_kernel_manager) the notebook runs in that kernel after a first
    cell that resets its namespace (tagged remove_cell: not in the HTML). On an execution
    error the executed copy, with the failing cell marked, is still moved into place as the
    log of the failure, and the papermill error propagates.
    """
    import nbformat
    import papermill as pm

    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.stem}.{os.getpid()}.tmp.ipynb")
    source: Path | nbformat.NotebookNode = Path(notebook)
    extra = {}
    if km is not None:
        source = nbformat.read(notebook, as_version=4)
        source.cells.insert(0, nbformat.v4.new_code_cell(
            RESET_CELL, metadata={"tags": ["remove_cell", "ggutils-reset"]}))
        extra["km"] = km
    try:
        pm.execute_notebook(source if km is not None else str(source), str(tmp),
                            parameters=parameters, kernel_name=pinned_kernel(),
                            progress_bar=False, cwd=str(cwd or Path(notebook).parent),
                            log_output=False, request_save_on_cell_execute=False, **extra)
    finally:
        if tmp.exists():
            os.replace(tmp, output)
    return output
