"""Benchmark: the rolling-origin backtest of the interval methods on the real series
(`ggutils backtest`, docs/methodology.md §4).

Copies the shipped data folder to a temporary one, cleans it (the observations add the
national and provincial series; the OWID series are read directly), and prints the BACKTEST
lines of `ggutils backtest`, the goal line, and
`BENCH name=backtest seconds=… series=… forecasts=…`. Exit status 1 when the method in use
does not meet the goal.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from ggutils.assess.backtest import run_backtest
from ggutils.assess.settings import TrendSettings
from ggutils.clean import run_clean

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ggutils-backtest-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("processed"))
        (data / "processed").mkdir()
        run_clean(data)
        start = time.perf_counter()
        result = run_backtest(data)
        seconds = time.perf_counter() - start
    if result.note:
        print(result.note)
    for line in result.lines():
        print(line, flush=True)
    print(result.verdict_line())
    used = next(s for s in result.intervals if s.method == TrendSettings().interval_method)
    print(f"BENCH name=backtest seconds={seconds:.1f} series={used.series} "
          f"forecasts={used.forecasts}", flush=True)
    return 0 if result.goal.met_by(used) else 1


if __name__ == "__main__":
    raise SystemExit(main())
