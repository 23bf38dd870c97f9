"""Benchmark: `ggutils run` end to end on the shipped data, against its in-process floor.

Each sample copies data/ (without processed outputs) into a temporary folder and measures:
  - floor: the same stages called directly in one fresh Python process pinned to one core,
    imports included: ggutils.clean.run_clean, ggutils.assess.trends.run_projections, then for
    every entity and language what notebook 03 computes and draws (load_briefing and its
    header, headline, plans, sources, downloads and method outputs): the computing floor;
  - outputs floor: every output the run makes, made the same way (a fresh process, one
    core): the computing floor plus notebook 01's coverage charts and notebook 02's target
    charts, the request workbooks, the HTML export of the run's executed briefings and the
    index, comparison and agencies pages (issue 23: the computing floor makes half of them);
  - run: `ggutils run --quiet` from nothing (a fresh process; workers one per core), in
    seconds of wall clock and of CPU (every process it waited for);
  - rerun: the same command again, nothing changed;
  - rerun_raw: again after one value of one raw file changes (a copy: 62.25 -> 62.26 in
    observations_lai_chau_kon_tum.csv, an edit made only for this measurement).
It prints the medians over --repeat samples (3 by default):

    BENCH name=run_e2e floor_seconds=... run_seconds=... run_ratio=... rerun_seconds=...
          rerun_ratio=... rerun_raw_seconds=... rerun_raw_ratio=... outputs_floor_seconds=...
          run_ratio_outputs=... run_cpu_seconds=... samples=3 cores=2

Goals (issues 16 and 23): run <= 1.5 x the floor (printed against both floors), an unchanged
re-run <= 0.2 x. Missing a goal is reported, not a failure. `--breakdown` also prints where
one run's time goes (kernel start, imports, compute, charts, export, writes), measured piece
by piece in fresh processes.
`--src DIR` measures another checkout's package (e.g. the one before issue 16) on the same
data, for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 3
GOAL_RUN, GOAL_RERUN = 1.5, 0.2
RAW_EDIT = ("observations_lai_chau_kon_tum.csv", ",2018,62.25,%,", ",2018,62.26,%,")
RESULT = "RESULT "

# The floor, run in a fresh process (argv: data folder). Prints RESULT {json}.
FLOOR = r"""
import json, os, sys, time
start = time.perf_counter()
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from pathlib import Path
from ggutils.brief.briefing import load_briefing
from ggutils.clean import run_clean
from ggutils.assess.trends import run_projections
imported = time.perf_counter()
data = Path(sys.argv[1])
run_clean(data)
cleaned = time.perf_counter()
run_projections(data)
projected = time.perf_counter()
for entity in sorted({p.stem.split("--")[0] for p in (data / "targets").glob("*.yml")}):
    for lang in ("vi", "en"):
        b = load_briefing(data, entity, lang)
        b.page_outputs()
end = time.perf_counter()
print("RESULT " + json.dumps({"seconds": end - start, "imports": imported - start,
      "clean": cleaned - imported, "project": projected - cleaned,
      "briefings": end - projected}))
"""

# The same outputs as the run, made in a fresh process on one core without notebooks, kernels
# or workers (argv: data folder, the run's reports folder, a scratch folder). Prints RESULT.
OUTPUTS_FLOOR = r"""
import json, os, sys, time
start = time.perf_counter()
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from pathlib import Path
from ggutils.io import skip_slow_optional_imports
skip_slow_optional_imports()
from ggutils.paths import Layout
from ggutils.project import Project
from ggutils.clean import run_clean, report
from ggutils.assess import report as trend_report, trends
from ggutils.brief.briefing import load_briefing
from ggutils.brief.export import export_html
from ggutils.requests.write import write_request
from ggutils.pipeline.batch import write_pages
from ggutils.pipeline.stages import catalog_entities
t = {"imports": time.perf_counter() - start}
data, run_reports, scratch = map(Path, sys.argv[1:4])
def timed(name, step):
    s = time.perf_counter()
    step()
    t[name] = t.get(name, 0.0) + time.perf_counter() - s
def notebook_01():  # its computing and its charts (tables are left out)
    project = Project.open(data)
    result = run_clean(project)
    report.coverage_charts(result.observations, project, "en", "")
def notebook_02():
    project = Project.open(data)
    trajectories = trends.run_projections(project)
    trend_report.target_figures(trajectories, trends.load_context(project, "en"))
timed("clean and its charts", notebook_01)
timed("project and its charts", notebook_02)
entities = catalog_entities(data / "targets")
for entity in entities:
    for lang in ("vi", "en"):
        timed("request workbooks", lambda: write_request(data, entity, lang, scratch))
        timed("briefings", lambda: load_briefing(data, entity, lang).page_outputs())
        executed = run_reports / "notebooks" / lang / f"{entity}.ipynb"
        timed("export", lambda: export_html(executed, scratch / lang / f"{entity}.html", lang))
layout = Layout(data=data, reports=scratch)
timed("pages", lambda: write_pages(layout, ["vi", "en"]))
t["seconds"] = time.perf_counter() - start
print("RESULT " + json.dumps(t))
"""


def _env(src: Path | None) -> dict:
    env = {**os.environ}
    env.pop("SOURCE_DATE_EPOCH", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _result(args: list[str], env: dict) -> dict:
    out = subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout
    return json.loads(next(line for line in out.splitlines()
                           if line.startswith(RESULT))[len(RESULT):])


def fresh_data(root: Path) -> Path:
    data = root / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("processed"))
    (data / "processed").mkdir()
    return data


def timed(argv: list[str], env: dict, cpu: list | None = None) -> float:
    """Wall seconds of a command; with `cpu`, its CPU seconds (every process it waited
    for: workers, kernels) appended there."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(f"bench failed: {' '.join(argv)}\n{result.stdout[-2000:]}\n{result.stderr}")
    return seconds


def sample(src: Path | None) -> dict:
    root = Path(tempfile.mkdtemp(prefix="ggutils-bench-run-"))
    env = _env(src)
    try:
        floor = _result([sys.executable, "-c", FLOOR, str(fresh_data(root / "floor"))], env)
        data = fresh_data(root / "run")
        run = [sys.executable, "-m", "ggutils.cli", "--data", str(data), "--reports",
               str(root / "run" / "reports"), "--notebooks", str(ROOT / "notebooks"), "run",
               "--quiet"]
        cpu: list[float] = []
        first = timed(run, env, cpu)
        outputs = _result([sys.executable, "-c", OUTPUTS_FLOOR, str(fresh_data(root / "out")),
                           str(root / "run" / "reports"), str(root / "scratch")], env)
        again = timed(run, env)
        name, old, new = RAW_EDIT
        raw = data / "raw" / name
        raw.write_text(raw.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        raw_again = timed(run, env)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {**floor, "outputs_floor": outputs["seconds"], "run": first, "run_cpu": cpu[0],
            "rerun": again,
            "rerun_raw": raw_again, **{f"outputs: {k}": v for k, v in outputs.items()
                                      if k != "seconds"}}


# --- where the time goes -------------------------------------------------------------------

BREAKDOWN = r"""
import json, sys, time
from pathlib import Path
data, reports = Path(sys.argv[1]), Path(sys.argv[2])
t = {}
start = time.perf_counter()
from ggutils.io import skip_slow_optional_imports
from ggutils.pipeline.runner import kernel_manager, start_kernel, stop_kernel
skip_slow_optional_imports()
import papermill, nbconvert  # what a worker process imports
t["worker imports (papermill, nbconvert)"] = time.perf_counter() - start
from jupyter_core.utils import run_sync
start = time.perf_counter()
km = kernel_manager()
start_kernel(km, Path.cwd())
kc = km.client()
kc.start_channels()
run_sync(kc.wait_for_ready)(timeout=60)
t["kernel start (until ready)"] = time.perf_counter() - start
start = time.perf_counter()
run_sync(kc.execute_interactive)(
    "import ggutils.clean, ggutils.assess.trends, ggutils.brief.briefing", timeout=120)
t["kernel imports (notebooks 01-03)"] = time.perf_counter() - start
kc.stop_channels()
stop_kernel(km)
import ggutils.io as gio
writes = [0.0]
original = gio.write_atomic
def timed_write(path, write):
    s = time.perf_counter()
    try:
        return original(path, write)
    finally:
        writes[0] += time.perf_counter() - s
gio.write_atomic = timed_write
import ggutils.brief.briefing as gb
import ggutils.brief.charts as gc
charts = [0.0]
for name in ("target_chart", "png_bytes"):
    def wrap(f):
        def inner(*a, **k):
            s = time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                charts[0] += time.perf_counter() - s
        return inner
    setattr(gc, name, wrap(getattr(gc, name)))
from ggutils.clean import run_clean
from ggutils.pipeline.stages import catalog_entities
from ggutils.assess.trends import run_projections
start = time.perf_counter()
run_clean(data)
run_projections(data)
for entity in catalog_entities(data / "targets"):
    for lang in ("vi", "en"):
        b = gb.load_briefing(data, entity, lang)
        b.page_outputs()
total = time.perf_counter() - start
t["charts (draw and PNG)"] = charts[0]
t["writes (CSV)"] = writes[0]
t["compute (clean, project, briefing analysis)"] = total - charts[0] - writes[0]
from ggutils.brief.export import export_html
notebooks = sorted((reports / "notebooks").glob("*/*.ipynb"))
start = time.perf_counter()
for nb in notebooks:
    export_html(nb, reports / "export-check" / nb.parent.name / (nb.stem + ".html"),
                nb.parent.name)
t[f"export ({len(notebooks)} HTML, incl. their writes)"] = time.perf_counter() - start
print("RESULT " + json.dumps(t))
"""


def breakdown(src: Path | None) -> None:
    """Each piece of one run, measured in a fresh process (after a run, for its notebooks)."""
    root = Path(tempfile.mkdtemp(prefix="ggutils-bench-run-"))
    env = _env(src)
    try:
        data = fresh_data(root)
        reports = root / "reports"
        run = [sys.executable, "-m", "ggutils.cli", "--data", str(data), "--reports",
               str(reports), "--notebooks", str(ROOT / "notebooks"), "run", "--quiet"]
        wall = timed(run, env)
        parts = _result([sys.executable, "-c", BREAKDOWN, str(data), str(reports)], env)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"# breakdown ({src or 'this checkout'}): ggutils run {wall:.1f} s wall; pieces, "
          "each measured once in a fresh process:")
    for name, seconds in parts.items():
        print(f"#   {name:48s} {seconds:6.2f} s")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=REPEAT, help="samples (medians reported)")
    parser.add_argument("--breakdown", action="store_true", help="where one run's time goes")
    parser.add_argument("--src", type=Path, help="measure the package in this src/ folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    samples = [sample(args.src) for _ in range(max(1, args.repeat))]
    med = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    floor = med["seconds"]
    ratios = {k: statistics.median(s[k] / s["seconds"] for s in samples)
              for k in ("run", "rerun", "rerun_raw")}
    outputs_ratio = statistics.median(s["run"] / s["outputs_floor"] for s in samples)
    print(f"BENCH name=run_e2e floor_seconds={floor:.2f} run_seconds={med['run']:.2f} "
          f"run_ratio={ratios['run']:.2f} rerun_seconds={med['rerun']:.2f} "
          f"rerun_ratio={ratios['rerun']:.2f} rerun_raw_seconds={med['rerun_raw']:.2f} "
          f"rerun_raw_ratio={ratios['rerun_raw']:.2f} "
          f"outputs_floor_seconds={med['outputs_floor']:.2f} "
          f"run_ratio_outputs={outputs_ratio:.2f} run_cpu_seconds={med['run_cpu']:.2f} "
          f"samples={len(samples)} cores={os.cpu_count()}", flush=True)
    print(f"# floor (computing only): imports {med['imports']:.2f} s, clean {med['clean']:.2f} "
          f"s, project {med['project']:.2f} s, briefings {med['briefings']:.2f} s (one core)")
    print("# outputs floor (every output of the run, one core): " + ", ".join(
        f"{k.removeprefix('outputs: ')} {v:.2f} s" for k, v in med.items()
        if k.startswith("outputs: ")))
    print(f"# goals: run <= {GOAL_RUN} x floor: "
          f"{'met' if ratios['run'] <= GOAL_RUN else 'missed'} (computing only), "
          f"{'met' if outputs_ratio <= GOAL_RUN else 'missed'} (every output); unchanged "
          f"re-run <= {GOAL_RERUN} x: {'met' if ratios['rerun'] <= GOAL_RERUN else 'missed'}")
    if args.breakdown:
        breakdown(args.src)
    return 0

if __name__ == "__main__":
    sys.exit(main())
