"""The drafter's speed (`ggutils new-plan SLUG --from TEXT`, ggutils.reference.draft;
issue 25 item 4).

Drafts each decision text in data/raw/decisions/ (the rules, the reading and the codebook
loaded before the clock), --repeat times (5 by default), and prints one line per text and
one for all of them together:

    BENCH name=draft text=000_a8c46824a06aa338.txt lines=368 targets=14 seconds=...
          ms_per_1000_lines=... samples=5
    BENCH name=draft_total lines=781 targets=22 ms_per_1000_lines=...

(seconds: the median time to draft the text; ms_per_1000_lines: that time per 1,000 lines
of text, blank lines included).

    python -m benchmarks.bench_draft
    python -m benchmarks draft
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="samples per text (default 5)")
    args = parser.parse_args(sys.argv[1:])

    from ggutils.reference.catalogs import default_reading
    from ggutils.reference.draft import draft_text, load_drafting_rules, rules_path
    from ggutils.reference.indicators import load_codebook

    codebook = load_codebook(DATA / "reference" / "indicators.yml")
    reading = default_reading(codebook)
    rules = load_drafting_rules(rules_path(DATA / "reference"))
    total_lines = total_targets = 0
    total_seconds = 0.0
    for path in sorted((DATA / "raw" / "decisions").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            draft = draft_text(text, rules, reading, codebook)
            samples.append(time.perf_counter() - start)
        seconds = statistics.median(samples)
        targets = len(draft.targets)
        total_lines, total_targets = total_lines + lines, total_targets + targets
        total_seconds += seconds
        print(f"BENCH name=draft text={path.name} lines={lines} targets={targets} "
              f"seconds={seconds:.3f} ms_per_1000_lines={1e6 * seconds / lines:.0f} "
              f"samples={args.repeat}", flush=True)
    if total_lines:
        print(f"BENCH name=draft_total lines={total_lines} targets={total_targets} "
              f"ms_per_1000_lines={1e6 * total_seconds / total_lines:.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
