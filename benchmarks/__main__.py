"""Run every benchmark module (benchmarks/bench_*.py), in sorted order.

Each module is imported and its `main()` called in a fresh Python process, so the memory one
benchmark leaves behind (or its peak) does not distort the next. The exit status is non-zero
if any benchmark fails (raises, or returns a non-zero status). Names given on the command
line (e.g. `python -m benchmarks clean`) restrict the run to the modules containing them.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Run in the child: import the module and call its main() with no arguments on the command
# line (as `python -m benchmarks.bench_x` would); None or 0 means success.
_RUNNER = ("import importlib, sys; "
           "name = sys.argv[1]; sys.argv = [name]; "
           "status = importlib.import_module(name).main(); "
           "sys.exit(0 if status is None else status)")


def discover(filters: list[str]) -> list[str]:
    """Module names of benchmarks/bench_*.py, sorted, restricted to those matching a filter."""
    names = sorted(f"{HERE.name}.{p.stem}" for p in HERE.glob("bench_*.py"))
    if filters:
        names = [n for n in names if any(f in n for f in filters)]
    return names


def run(module: str) -> int:
    """One benchmark module in a fresh interpreter (repo root as working directory)."""
    print(f"# running {module}", flush=True)
    start = time.perf_counter()
    status = subprocess.run([sys.executable, "-c", _RUNNER, module], cwd=ROOT).returncode
    outcome = "ok" if status == 0 else f"FAILED (exit status {status})"
    print(f"# {module}: {outcome} in {time.perf_counter() - start:.1f} s", flush=True)
    return status


def main(argv: list[str] | None = None) -> int:
    filters = sys.argv[1:] if argv is None else argv
    modules = discover(filters)
    if not modules:
        print(f"no benchmark modules found in {HERE} matching {filters}", file=sys.stderr)
        return 1
    failed = [m for m in modules if run(m) != 0]
    if failed:
        print(f"# FAILED: {', '.join(failed)}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
