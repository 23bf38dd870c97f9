"""The `ggutils` command: targets, clean, project, briefings, run.

Global options --data and --reports point every command at another data set or output
folder; --notebooks at the notebooks executed by papermill.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import GGUtilsError
from .paths import ProjectPaths

STAGE_NOTEBOOKS = {"clean": "01_clean_indicators.ipynb", "project": "02_project_trajectories.ipynb"}


def _paths(args: argparse.Namespace) -> ProjectPaths:
    return ProjectPaths(data=Path(args.data), reports=Path(args.reports),
                        notebooks=Path(args.notebooks))


def _catalogs(paths: ProjectPaths):
    from .targets import load_reference

    return load_reference(paths.data).catalogs


def cmd_targets(args: argparse.Namespace) -> int:
    from .targets import targets_frame

    frame = targets_frame(_catalogs(_paths(args)))
    if args.province:
        frame = frame[frame["province"] == args.province]
        if frame.empty:
            raise GGUtilsError(f"no targets for province {args.province!r}")
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        json.dump(frame.to_dict("records"), sys.stdout, ensure_ascii=False, indent=1,
                  default=str)
        print()
    else:
        cols = ["province", "target_id", "clause", "comparator", "value", "low", "high", "unit",
                "target_year"]
        print(frame[cols].to_string(index=False))
    return 0


def _run_stage(paths: ProjectPaths, stage: str) -> None:
    from .runner import execute

    notebook = paths.notebooks / STAGE_NOTEBOOKS[stage]
    output = paths.reports / "notebooks" / notebook.name
    execute(notebook, output, {"data_dir": str(paths.data.resolve())}, cwd=paths.notebooks)
    print(f"{stage}: executed {notebook} -> {output}")


def cmd_clean(args: argparse.Namespace) -> int:
    import pandas as pd

    paths = _paths(args)
    _run_stage(paths, "clean")
    conservation = pd.read_csv(paths.processed / "conservation.csv")
    print(conservation.to_string(index=False))
    total = conservation.drop(columns="source_file").sum()
    print("TOTAL " + " ".join(f"{k}={int(v)}" for k, v in total.items()))
    print(f"wrote {paths.observations} and {paths.quarantine}")
    return 0


def cmd_project(args: argparse.Namespace) -> int:
    import pandas as pd

    paths = _paths(args)
    _run_stage(paths, "project")
    traj = pd.read_csv(paths.trajectories)
    print(traj.groupby("province_slug")["status_current"].value_counts().to_string())
    print(f"wrote {paths.trajectories} ({len(traj)} targets)")
    return 0


def cmd_briefings(args: argparse.Namespace) -> int:
    from .batch import render_briefings
    from .briefing import write_comparisons, write_index

    paths = _paths(args)
    catalogs = _catalogs(paths)
    provinces = sorted(catalogs) if args.all or not args.province else args.province
    unknown = [p for p in provinces if p not in catalogs]
    if unknown:
        raise GGUtilsError(f"no catalog for {unknown} in {paths.targets}")
    langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    outcomes = render_briefings(paths, provinces, langs, args.workers, args.as_of,
                                progress=not args.quiet)
    write_comparisons(paths, langs)
    write_index(paths, langs)
    failed = [o for o in outcomes if not o.ok]
    print(f"briefings: {len(outcomes) - len(failed)} written, {len(failed)} failed; "
          f"index at {paths.reports / 'index.html'}")
    for o in failed:
        print(f"  FAILED {o.job.province} [{o.job.lang}]: {o.error} "
              f"(executed notebook: {o.job.executed})")
    return 1 if failed else 0


def cmd_run(args: argparse.Namespace) -> int:
    for step in (cmd_clean, cmd_project, cmd_briefings):
        code = step(args)
        if code:
            return code
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ggutils", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data", help="data folder (default: ./data)")
    parser.add_argument("--reports", default="reports", help="output folder (default: ./reports)")
    parser.add_argument("--notebooks", default="notebooks",
                        help="folder of the pipeline notebooks (default: ./notebooks)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("targets", help="list the catalog's targets")
    p.add_argument("--province", help="one province slug")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=cmd_targets)
    sub.add_parser("clean", help="raw -> data/processed/observations.csv (notebook 01)"
                   ).set_defaults(func=cmd_clean)
    sub.add_parser("project", help="observations -> data/processed/trajectories.csv "
                   "(notebook 02)").set_defaults(func=cmd_project)
    for name, func, text in (("briefings", cmd_briefings, "render HTML briefings (notebook 03)"),
                             ("run", cmd_run, "clean -> project -> briefings")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--province", nargs="+", help="province slug(s) (default: all)")
        p.add_argument("--all", action="store_true", help="every province in the catalog")
        p.add_argument("--lang", default="vi,en", help="languages, comma-separated (vi,en)")
        p.add_argument("--workers", type=int, default=os.cpu_count(),
                       help="parallel workers (default: number of cores)")
        p.add_argument("--as-of", type=int, default=None, help="data cut-off year")
        p.add_argument("--quiet", action="store_true", help="no progress bar")
        p.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GGUtilsError as exc:
        print(f"ggutils: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
