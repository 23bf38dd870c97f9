"""Executing notebooks: the kernel of this environment, errors carried out of the kernel,
fixed cell ids, nothing left in the temporary directory."""

from __future__ import annotations

import json
import sys
import tempfile

import nbformat
import pytest

from ggutils.errors import NotebookError
from ggutils.pipeline.runner import KERNEL_NAME, execute, register_kernel


def _notebook(path, *sources, kernel="ggutils"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "x", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x: int = 1  # a number",
                                          metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """This process's temporary directory, empty, to see what a run leaves behind."""
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


@pytest.mark.notebooks
def test_a_kernel_of_this_environment_even_when_none_is_registered(tmp_path, private_tmp):
    """conda: the notebook names a kernel this environment never registered; it runs all
    the same, in this Python, and nothing is left in the temporary directory."""
    src = _notebook(tmp_path / "probe.ipynb", "import sys; print(sys.prefix, x)",
                    kernel="no-such-kernel")
    out = execute(src, tmp_path / "out" / "probe.ipynb", {"x": 2})
    executed = nbformat.read(out, as_version=4)
    assert "".join(executed.cells[-1].outputs[0]["text"]).strip() == f"{sys.prefix} 2"
    assert list(private_tmp.iterdir()) == []  # no kernelspec folder, no connection file
    assert not list(out.parent.glob(".*.tmp.ipynb"))


@pytest.mark.notebooks
def test_an_error_of_the_project_comes_out_of_the_kernel_as_itself(tmp_path):
    src = _notebook(tmp_path / "bad.ipynb", "from ggutils.errors import CatalogError\n"
                    "raise CatalogError('plan.yml', 't-1', 'value', 'not a number')")
    with pytest.raises(NotebookError) as info:
        execute(src, tmp_path / "bad-out.ipynb", {})
    assert info.value.expected
    assert str(info.value) == "plan.yml: entry 't-1': field 'value': not a number"
    assert info.value.summary == "CatalogError: plan.yml: entry 't-1': field 'value': not a number"
    log = nbformat.read(tmp_path / "bad-out.ipynb", as_version=4)  # the executed copy is kept
    assert log.cells[-1].outputs[0]["ename"] == "CatalogError"


@pytest.mark.notebooks
def test_any_other_error_names_the_notebook_and_its_log(tmp_path):
    src = _notebook(tmp_path / "bug.ipynb", "{}['missing']")
    with pytest.raises(NotebookError) as info:
        execute(src, tmp_path / "bug-out.ipynb", {})
    assert not info.value.expected
    assert str(info.value) == ("bug.ipynb stopped on KeyError: 'missing' (traceback in the "
                               f"executed notebook {tmp_path / 'bug-out.ipynb'})")


@pytest.mark.notebooks
def test_cell_ids_are_the_same_on_every_run(tmp_path):
    """papermill gives its injected cell a random id, which nbconvert writes into the HTML."""
    src = _notebook(tmp_path / "ids.ipynb", "y = x + 1")
    ids = []
    for run in range(2):
        out = execute(src, tmp_path / f"ids-{run}.ipynb", {"x": 5})
        ids.append([c["id"] for c in json.loads(out.read_text(encoding="utf-8"))["cells"]])
    assert ids[0] == ids[1]
    assert "injected-parameters" in ids[0]


def test_register_kernel_installs_the_notebooks_kernel_for_this_python(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    where = register_kernel(tmp_path)
    spec = json.loads((where / "kernel.json").read_text(encoding="utf-8"))
    assert where.name == KERNEL_NAME and spec["argv"][0] == sys.executable
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    assert KernelSpecManager().find_kernel_specs()[KERNEL_NAME] == str(where)
    found = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    assert found.argv[0] == sys.executable and found.display_name == "Python (ggutils)"


@pytest.mark.notebooks
def test_a_warm_kernel_starts_each_notebook_clean_and_leaves_no_reset_cell(tmp_path):
    """Two notebooks on one kernel: the second does not see the first's names, and neither
    executed copy shows the namespace reset (machinery, not log)."""
    from ggutils.pipeline.runner import kernel_manager, start_kernel, stop_kernel

    first = _notebook(tmp_path / "first.ipynb", "leftover = 1")
    second = _notebook(tmp_path / "second.ipynb", "print('leftover' in dir())")
    km = kernel_manager()
    start_kernel(km, tmp_path)
    try:
        execute(first, tmp_path / "out" / "first.ipynb", {}, km=km)
        out = execute(second, tmp_path / "out" / "second.ipynb", {}, km=km)
    finally:
        stop_kernel(km)
    executed = nbformat.read(out, as_version=4)
    assert "".join(executed.cells[-1].outputs[0]["text"]).strip() == "False"
    for log in (tmp_path / "out").glob("*.ipynb"):
        cells = nbformat.read(log, as_version=4).cells
        assert not any("ggutils-reset" in c.metadata.get("tags", []) for c in cells)
        assert "get_ipython" not in "".join(c.source for c in cells)


@pytest.mark.notebooks
def test_a_warm_kernel_keeps_one_client_for_all_its_notebooks(tmp_path):
    """The warm kernel's client is started by its first notebook and kept (nbclient would
    start one per notebook and idle 0.2 s waiting for the kernel each time, issue 23); each
    notebook still gets its own outputs, a failed one included, never an earlier one's."""
    from ggutils.pipeline.runner import kernel_manager, start_kernel, stop_kernel

    km = kernel_manager()
    start_kernel(km, tmp_path)
    made, client = [], km.client
    km.client = lambda *args, **kwargs: made.append(1) or client(*args, **kwargs)
    printed = {}
    try:
        for name in ("first", "fails", "second", "third"):
            code = "1 / 0" if name == "fails" else f"print({name!r})"
            try:
                out = execute(_notebook(tmp_path / f"{name}.ipynb", code),
                              tmp_path / "out" / f"{name}.ipynb", {}, km=km)
            except NotebookError as exc:
                printed[name] = exc.ename
                continue
            cell = nbformat.read(out, as_version=4).cells[-1]
            printed[name] = "".join(o.get("text", "") for o in cell.outputs).strip()
    finally:
        stop_kernel(km)
    assert printed == {"first": "first", "fails": "ZeroDivisionError", "second": "second",
                       "third": "third"}
    assert len(made) == 1


@pytest.mark.notebooks
@pytest.mark.parametrize("now", [False, True])
def test_a_kernel_listens_on_sockets_of_its_own_and_leaves_none(tmp_path, monkeypatch, now):
    """Kernels use Unix sockets named for their process, not TCP ports picked at random (two
    kernels started at once could take the same port, jupyter_client#487); stopping the
    kernel, politely or at once, removes them and its connection file."""
    import tempfile

    from ggutils.pipeline.runner import kernel_manager, stop_kernel

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    km = kernel_manager()
    try:
        out = execute(_notebook(tmp_path / "n.ipynb", "print('up')"), tmp_path / "out" / "n.ipynb",
                      {}, km=km)
        assert km.transport == "ipc"
        sockets = sorted(p.name for p in tmp_path.glob("ggutils-kernel-*"))
        assert len(sockets) == 5 and all(p.is_socket() for p in tmp_path.glob("ggutils-kernel-*"))
        assert "up" in "".join(nbformat.read(out, as_version=4).cells[-1].outputs[0]["text"])
    finally:
        stop_kernel(km, now=now)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.ipynb", "out"]


@pytest.mark.notebooks
def test_a_pool_workers_kernel_imports_the_briefings_modules_as_it_boots(tmp_path):
    """A worker's kernel runs WARM_IMPORTS as it starts (while the worker imports papermill,
    issue 23): its first notebook finds notebook 03's modules imported, no name bound, and
    hypothesis kept out (pandera would import it for nothing)."""
    from ggutils.pipeline.pool import WARM_IMPORTS
    from ggutils.pipeline.runner import kernel_manager, stop_kernel

    km = kernel_manager(preload=WARM_IMPORTS)
    code = ("import sys; print('ggutils.brief.briefing' in sys.modules, "
            "sys.modules.get('hypothesis', 0) is None, "
            "[k for k in ('ggutils', 'IPython', '_skip') if k in dir()])")
    try:
        out = execute(_notebook(tmp_path / "n.ipynb", code), tmp_path / "o.ipynb", {}, km=km)
    finally:
        stop_kernel(km)
    cell = nbformat.read(out, as_version=4).cells[-1]
    assert "".join(cell.outputs[0]["text"]).strip() == "True True []"


def test_a_pool_worker_does_not_import_pandas():
    """A worker drives papermill and writes temporary files: importing pandas would cost each
    worker of a batch most of a second for nothing (issue 23). Its kernel imports pandas."""
    import subprocess

    code = ("import sys; import ggutils.pipeline.pool, ggutils.pipeline.jobs; "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_papermill_is_imported_without_pyarrow_which_stays_importable():
    """papermill's HDFS handler imports pyarrow.fs, and with it pyarrow and numpy: 0.3 s for
    each worker, whose kernel does the computing (issue 23). import_papermill leaves it out,
    and pyarrow.fs imports normally afterwards (pandas may need it in that process)."""
    import subprocess

    code = ("import sys; from ggutils.pipeline.runner import import_papermill; "
            "pm = import_papermill(); print(pm.__name__, 'pyarrow' in sys.modules, "
            "'numpy' in sys.modules); import pyarrow.fs; print(pyarrow.fs.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["papermill", "False", "False", "pyarrow.fs"]
