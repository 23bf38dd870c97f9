"""Scale benchmark of the cleaning stage (ggutils.clean.clean_all) on SYNTHETIC data.

A long file of 100,000 and 1,000,000 rows (province, indicator, year, value, unit,
source_url, source_title) and a wide file holding the same values ("YEAR - forest_cover",
"YEAR - forest_area" columns, one row per province and publication) are generated with a
seeded RNG into a temporary directory, labelled SYNTHETIC in their file names and source
titles, and removed at the end. Values are printed in the Vietnamese convention ("43,06",
"325.517,2") so number parsing is exercised; every value is valid and every observation
unique, so all of them should be accepted.

For each case, in fresh processes (one for the reference read, one for the cleaning):
  - `pd.read_csv(path, dtype=str, keep_default_na=False)`: seconds, and the frame's
    `memory_usage(deep=True)` (the size of the parsed data);
  - `clean_all(registry, codebook, register)` (reference data loaded before the clock):
    seconds, and the peak resident memory added while cleaning.
It prints one line per case,

    BENCH name=clean_long rows=1000000 seconds=... read_csv_seconds=... ratio=...
          peak_mb=... frame_mb=... us_per_value=... out_mb=... samples=3 ratio_range=...

(each case is sampled --repeat times, 3 by default, read and cleaning in turn, each in a
fresh process; the line gives the medians, samples = their number and ratio_range the
lowest and highest per-sample time ratio. ratio = cleaning time / read_csv time of the
same file; peak_mb = the peak resident memory added while cleaning; frame_mb = the size of
the frame read_csv parsed; us_per_value = cleaning time per value; out_mb = the size of the
cleaned observation table itself), a CONSERVATION line per case (values_read = accepted +
quarantined + empty; the run fails if it does not hold), and per layout

    BENCH name=clean_long_scaling ratio_100k=... ratio_1m=... per_value_growth=...

(per-value cleaning time at 1M / per-value time at 100k; ~1 means cost grows linearly).
Goals (issue 11): time ratio <= 3, peak memory <= 1.5 GB at 1M values, linear growth.
Missing a goal is reported, not a failure.

    python -m benchmarks.bench_clean                      # the full benchmark
    python -m benchmarks.bench_clean --sizes 10000,100000 # a quicker run
    python -m benchmarks.bench_clean --repeat 1           # one sample per case
    python -m benchmarks.bench_clean --profile 10         # cProfile of the smallest long case
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
MODULE = "benchmarks.bench_clean"

SIZES = (100_000, 1_000_000)
YEARS = tuple(range(1995, 2031))
INDICATORS = (("forest_cover", "%"), ("forest_area", "ha"))
SEED = 20_240_601
TITLE = "SYNTHETIC benchmark data (made-up values, not a real observation)"
URL = "https://example.invalid/synthetic-benchmark"
GOAL_TIME_RATIO, GOAL_PEAK_MB, GOAL_GROWTH = 3.0, 1536, 1.25  # peak judged at 1M values
REPEAT = 3  # samples per case; the medians are reported
WORKER_TIMEOUT_S = 3600
RESULT_PREFIX = "RESULT "
MB = 1024 * 1024


# --- Synthetic data -------------------------------------------------------------------------

def province_names() -> list[str]:
    """The 63 province names (name_vi) of the real register."""
    register = pd.read_csv(REFERENCE / "provinces.csv", dtype=str, keep_default_na=False)
    names = register.loc[register["entity_type"] == "province", "name_vi"].tolist()
    if len(names) != 63:
        raise RuntimeError(f"expected 63 provinces in the register, found {len(names)}")
    return names


def _distinct_per_column(rng: np.random.Generator, n_rows: int, n_cols: int, lo: int,
                         hi: int) -> np.ndarray:
    """Integers in [lo, hi], shape (n_rows, n_cols), distinct within each column: a random
    permutation of the rows per column, spread over the range by a step coprime with it."""
    span = hi - lo + 1
    if n_rows > span:
        raise ValueError(f"cannot draw {n_rows} distinct values from {span}")
    perm = np.argsort(rng.random((n_rows, n_cols)), axis=0).astype(np.int64)
    step = int(rng.integers(span // 3, 2 * span // 3))
    while math.gcd(step, span) != 1:
        step += 1
    start = rng.integers(0, span, size=n_cols)
    return lo + (start + perm * step) % span


def _vi_hundredths(numbers: np.ndarray) -> list[str]:
    """4306 -> '43,06' (decimal comma)."""
    return [f"{n // 100},{n % 100:02d}" for n in numbers.tolist()]


def _vi_tenths(numbers: np.ndarray) -> list[str]:
    """3255172 -> '325.517,2' (thousands dot, decimal comma)."""
    return [f"{n // 10:,}".replace(",", ".") + f",{n % 10}" for n in numbers.tolist()]


def synthetic_values(n_values: int, n_provinces: int, seed: int = SEED) -> np.ndarray:
    """Printed values, shape (publications, provinces, years, indicators), enough
    publications for `n_values`. Within a (province, year, indicator) every publication
    prints a different value, so no two observations are duplicates in either layout."""
    rng = np.random.default_rng(seed)
    n_years = len(YEARS)
    per_publication = n_provinces * n_years * len(INDICATORS)
    n_pub = -(-n_values // per_publication)
    combos = n_provinces * n_years
    cover = _distinct_per_column(rng, n_pub, combos, 0, 10_000)         # 0,00-100,00 %
    area = _distinct_per_column(rng, n_pub, combos, 1_000, 12_000_000)  # 100,0-1.200.000,0 ha
    values = np.empty((n_pub, n_provinces, n_years, len(INDICATORS)), dtype=object)
    values[..., 0] = np.array(_vi_hundredths(cover.ravel()), dtype=object).reshape(
        n_pub, n_provinces, n_years)
    values[..., 1] = np.array(_vi_tenths(area.ravel()), dtype=object).reshape(
        n_pub, n_provinces, n_years)
    return values


def _along(labels: list[str], axis: int, shape: tuple[int, ...], n: int) -> np.ndarray:
    """`labels` repeated along `axis` of the value grid, flattened like it, first n."""
    index: list[object] = [None] * len(shape)
    index[axis] = slice(None)
    column = np.asarray(labels, dtype=object)[tuple(index)]
    return np.broadcast_to(column, shape).ravel()[:n]


def write_long(path: Path, values: np.ndarray, provinces: list[str], n: int) -> int:
    """The first n values, one per row; returns the number of data rows."""
    shape = values.shape
    frame = pd.DataFrame({
        "province": _along(provinces, 1, shape, n),
        "indicator": _along([i for i, _ in INDICATORS], 3, shape, n),
        "year": _along([str(y) for y in YEARS], 2, shape, n),
        "value": values.ravel()[:n],
        "unit": _along([u for _, u in INDICATORS], 3, shape, n),
        "source_url": _along([f"{URL}/publication-{p + 1}" for p in range(shape[0])], 0,
                             shape, n),
        "source_title": TITLE,
    })
    frame.to_csv(path, index=False)
    return len(frame)


def write_wide(path: Path, values: np.ndarray, provinces: list[str], n: int) -> int:
    """The same first n values, one row per (publication, province), "YEAR - indicator"
    columns; cells past the n-th value are left empty. Returns the number of data rows."""
    n_pub, n_prov, n_years, n_ind = values.shape
    cells = values.reshape(n_pub * n_prov, n_years * n_ind).copy()
    cells.reshape(-1)[n:] = ""
    rows = -(-n // (n_years * n_ind))
    columns = [f"{y} - {ind}" for y in YEARS for ind, _ in INDICATORS]
    frame = pd.DataFrame(cells[:rows], columns=columns)
    frame.insert(0, "province", np.tile(np.asarray(provinces, dtype=object), n_pub)[:rows])
    frame.to_csv(path, index=False)
    return len(frame)


def long_registry(file: str) -> dict:
    return {"sources": [{
        "id": "synthetic_long", "file": file, "title": TITLE, "url": "", "layout": "long",
        "number_format": "comma_decimal",
        "columns": {"area": "province", "measure": "indicator", "year": "year",
                    "value": "value", "unit": "unit", "source_url": "source_url",
                    "source_title": "source_title"},
        "tier": 2, "max_file_mb": 1000,
        "measures": [{"pattern": "^[a-z0-9_]+$", "indicator": "{measure}"}],
    }]}


def wide_registry(file: str) -> dict:
    return {"sources": [{
        "id": "synthetic_wide", "file": file, "title": TITLE, "url": URL, "layout": "wide",
        "area_column": "province", "header_year_separator": " - ",
        "number_format": "comma_decimal", "tier": 2, "max_file_mb": 1000,
        "measures": [{"match": ind, "indicator": ind, "unit": unit} for ind, unit in INDICATORS],
    }]}


@dataclass(frozen=True)
class Case:
    name: str          # clean_long / clean_wide
    rows: int          # values held (= rows of the long file)
    registry: Path     # its own sources.yml, next to the file
    path: Path
    file_rows: int


def generate(root: Path, sizes: tuple[int, ...], layouts: tuple[str, ...]) -> list[Case]:
    """Write every case's file and registry under root; long cases first, by size."""
    provinces = province_names()
    writers = {"long": (write_long, long_registry), "wide": (write_wide, wide_registry)}
    cases = []
    for n in sizes:
        values = synthetic_values(n, len(provinces))
        for layout in layouts:
            write, registry = writers[layout]
            folder = root / f"{layout}_{n}"
            folder.mkdir()
            path = folder / f"SYNTHETIC_bench_{layout}_{n}.csv"
            file_rows = write(path, values, provinces, n)
            (folder / "sources.yml").write_text(
                "# SYNTHETIC benchmark registry (generated by benchmarks/bench_clean.py)\n"
                + yaml.safe_dump(registry(path.name), allow_unicode=True, sort_keys=False),
                encoding="utf-8")
            cases.append(Case(f"clean_{layout}", n, folder / "sources.yml", path, file_rows))
    return sorted(cases, key=lambda c: (c.name, c.rows))


# --- Measuring (in worker processes) --------------------------------------------------------

def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _maxrss_bytes() -> int:
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024  # KiB on Linux


class PeakMemory:
    """Peak resident memory added while the block runs, in bytes (`.added`). On Linux the
    high-water mark is reset to the current RSS first (/proc/self/clear_refs) and read back
    from VmHWM; elsewhere, or if that is not allowed, the growth of ru_maxrss is used."""

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.base_kib = None
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.base_kib = _status_kib("VmRSS")
        except OSError:
            pass
        self.base_maxrss = _maxrss_bytes()
        return self

    def __exit__(self, *exc) -> None:
        hwm = _status_kib("VmHWM") if self.base_kib is not None else None
        if hwm is not None:
            self.added, self.method = (hwm - self.base_kib) * 1024, "VmHWM"
        else:
            self.added, self.method = _maxrss_bytes() - self.base_maxrss, "ru_maxrss"


def worker_read_csv(path: Path) -> dict:
    gc.collect()
    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "frame_bytes": int(frame.memory_usage(deep=True).sum()),
            "frame_rows": len(frame)}


def worker_clean(registry_path: Path, profile_top: int = 0) -> dict:
    from ggutils.clean import clean_all
    from ggutils.reference.indicators import load_codebook
    from ggutils.reference.provinces import load_register
    from ggutils.reference.sources import load_sources

    codebook = load_codebook(REFERENCE / "indicators.yml")
    register = load_register(REFERENCE / "provinces.csv", REFERENCE / "entity_aliases.csv")
    registry = load_sources(registry_path, codebook)
    if profile_top:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        result = clean_all(registry, codebook, register)
        profiler.disable()
        seconds = time.perf_counter() - start
        print(f"# cProfile of clean_all ({seconds:.2f} s under the profiler), top "
              f"{profile_top} by cumulative time inside ggutils:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(
            r"ggutils[/\\]", profile_top)
        peak = None
    else:
        with PeakMemory() as peak:
            start = time.perf_counter()
            result = clean_all(registry, codebook, register)
            seconds = time.perf_counter() - start
    totals = result.conservation[["values_read", "accepted", "quarantined", "empty"]].sum()
    return {"seconds": seconds, "peak_bytes": peak.added if peak else None,
            "out_bytes": int(result.observations.memory_usage(deep=True).sum()),
            "peak_method": peak.method if peak else None,
            **{k: int(v) for k, v in totals.items()},
            "observations": len(result.observations),
            "quarantine_reasons": result.quarantine["reason"].value_counts().head(3).to_dict()}


# --- Orchestration --------------------------------------------------------------------------

def spawn(*args: str) -> dict:
    """Run this module as a worker in a fresh interpreter; its RESULT line as a dict."""
    cmd = [sys.executable, "-m", MODULE, "--worker", *args]
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                          timeout=WORKER_TIMEOUT_S)
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX):])
        else:
            print(line, flush=True)
    if proc.returncode != 0 or result is None:
        raise RuntimeError(f"benchmark worker failed (exit status {proc.returncode}): "
                           f"{' '.join(cmd)}")
    return result


def _label(n: int) -> str:
    for size, suffix in ((1_000_000, "m"), (1_000, "k")):
        if n >= size and n % size == 0:
            return f"{n // size}{suffix}"
    return str(n)


def check_conservation(case: Case, clean: dict) -> None:
    held = clean["values_read"] == clean["accepted"] + clean["quarantined"] + clean["empty"]
    print(f"CONSERVATION name={case.name} rows={case.rows} values_read={clean['values_read']} "
          f"accepted={clean['accepted']} quarantined={clean['quarantined']} "
          f"empty={clean['empty']} held={'yes' if held else 'NO'} file_rows={case.file_rows} "
          f"file_mb={case.path.stat().st_size / MB:.1f}", flush=True)
    if not held:
        raise RuntimeError(f"conservation fails for {case.name} rows={case.rows}: "
                           "values_read != accepted + quarantined + empty")
    if clean["accepted"] != case.rows:
        print(f"WARNING: {case.name} rows={case.rows}: {clean['accepted']} of {case.rows} "
              f"synthetic values accepted; top quarantine reasons: "
              f"{clean['quarantine_reasons']}", file=sys.stderr, flush=True)


def run_case(case: Case, repeat: int) -> dict:
    """`repeat` samples of the read and of the cleaning, each in a fresh process, taken in
    turn (so a noisy moment hits both); the BENCH line gives the medians, and the spread of
    the per-sample time ratios beside them."""
    reads, cleans = [], []
    for _ in range(repeat):
        reads.append(spawn("read_csv", str(case.path)))
        cleans.append(spawn("clean", str(case.registry)))
    read = {**reads[0], "seconds": statistics.median(r["seconds"] for r in reads)}
    clean = {**cleans[0], "seconds": statistics.median(c["seconds"] for c in cleans),
             "peak_bytes": statistics.median(c["peak_bytes"] for c in cleans)}
    ratios = [c["seconds"] / r["seconds"] for r, c in zip(reads, cleans, strict=True)]
    ratio = clean["seconds"] / read["seconds"]
    peak_mb = clean["peak_bytes"] / MB
    print(f"BENCH name={case.name} rows={case.rows} seconds={clean['seconds']:.2f} "
          f"read_csv_seconds={read['seconds']:.2f} ratio={ratio:.2f} "
          f"peak_mb={peak_mb:.1f} frame_mb={read['frame_bytes'] / MB:.1f} "
          f"us_per_value={clean['seconds'] / case.rows * 1e6:.2f} "
          f"out_mb={clean['out_bytes'] / MB:.1f} "
          f"samples={repeat} ratio_range={min(ratios):.2f}-{max(ratios):.2f}",
          flush=True)
    counts = ("values_read", "accepted", "quarantined", "empty")
    if any(c[k] != cleans[0][k] for c in cleans for k in counts):
        raise RuntimeError(f"the samples of {case.name} rows={case.rows} counted differently")
    check_conservation(case, cleans[0])
    return {"case": case, "seconds": clean["seconds"], "ratio": ratio, "peak_mb": peak_mb}


def report_scaling(results: list[dict]) -> None:
    for name in dict.fromkeys(r["case"].name for r in results):
        mine = sorted((r for r in results if r["case"].name == name), key=lambda r: r["case"].rows)
        small, large = mine[0], mine[-1]
        if small["case"].rows == large["case"].rows:
            continue
        growth = (large["seconds"] / large["case"].rows) / (small["seconds"] / small["case"].rows)
        print(f"BENCH name={name}_scaling ratio_{_label(small['case'].rows)}={small['ratio']:.2f}"
              f" ratio_{_label(large['case'].rows)}={large['ratio']:.2f} "
              f"per_value_growth={growth:.2f}", flush=True)
        ok = "met" if growth <= GOAL_GROWTH else "MISSED"
        print(f"# goal {name}: per-value growth {growth:.2f} (linear: <= {GOAL_GROWTH:g}) {ok}",
              flush=True)


def report_goals(results: list[dict]) -> None:
    for r in results:
        time_ok = "met" if r["ratio"] <= GOAL_TIME_RATIO else "MISSED"
        memory = f"peak {r['peak_mb']:.0f} MB"
        if r["case"].rows == 1_000_000:
            memory += f" (<= {GOAL_PEAK_MB} MB at 1M) " + (
                "met" if r["peak_mb"] <= GOAL_PEAK_MB else "MISSED")
        print(f"# goal {r['case'].name} rows={r['case'].rows}: time ratio {r['ratio']:.2f} "
              f"(<= {GOAL_TIME_RATIO:g}) {time_ok}; {memory}", flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES),
                        help="comma-separated numbers of values (long-file rows)")
    parser.add_argument("--repeat", type=int, default=REPEAT, metavar="N",
                        help="samples per case, each in a fresh process (medians reported)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="instead of timing, cProfile the smallest long case and print "
                             "the top N ggutils functions by cumulative time")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--profile-top", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.worker:
        kind, path = args.worker
        result = worker_read_csv(Path(path)) if kind == "read_csv" else \
            worker_clean(Path(path), args.profile_top)
        print(RESULT_PREFIX + json.dumps(result), flush=True)
        return 0
    sizes = tuple(sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s}))
    root = Path(tempfile.mkdtemp(prefix="ggutils_bench_clean_"))
    try:
        start = time.perf_counter()
        if args.profile:
            cases = generate(root, sizes[:1], ("long",))
            print(f"# generated SYNTHETIC files in {time.perf_counter() - start:.1f} s",
                  flush=True)
            spawn("clean", str(cases[0].registry), "--profile-top", str(args.profile))
            return 0
        cases = generate(root, sizes, ("long", "wide"))
        print(f"# generated {len(cases)} SYNTHETIC files in {time.perf_counter() - start:.1f} s"
              f" (seed {SEED}) under {root}", flush=True)
        results = [run_case(case, max(args.repeat, 1)) for case in cases]
        report_scaling(results)
        report_goals(results)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
