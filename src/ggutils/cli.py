"""The `ggutils` command: targets, clean, project, briefings, run, new-plan, request, kernel.

The options --data, --reports, --notebooks and --debug are accepted before or after the
command. Every expected failure (bad input, a missing folder, an unknown province, an error
raised inside a notebook's kernel) ends as one line `ggutils: error: ...` with exit status
2; --debug shows its traceback instead.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading

from . import __version__
from .errors import GGUtilsError, UsageError, unknown
from .paths import ProjectPaths, locate

STAGE_NOTEBOOKS = {"clean": "01_clean_indicators.ipynb", "project": "02_project_trajectories.ipynb",
                   "briefings": "03_province_briefing.ipynb"}


def _paths(args: argparse.Namespace) -> ProjectPaths:
    return locate(args.data, args.reports, args.notebooks)


def _catalogs(paths: ProjectPaths):
    from .targets import load_reference

    return load_reference(paths.data).catalogs


def _check_notebooks(paths: ProjectPaths, stages: list[str]) -> None:
    for stage in stages:
        notebook = paths.notebooks / STAGE_NOTEBOOKS[stage]
        if not notebook.is_file():
            raise UsageError(f"notebook {notebook} not found (--notebooks)")


def _entities(catalogs: dict) -> list[str]:
    """The provinces (or the country) that have a plan, sorted."""
    return sorted({catalog.province for catalog in catalogs.values()})


def _check_provinces(slugs: list[str], catalogs: dict, paths: ProjectPaths) -> None:
    for slug in slugs:
        if slug not in _entities(catalogs):
            raise UsageError(unknown("province", slug, _entities(catalogs),
                                     f"no catalog {paths.targets / (slug + '.yml')}"))


def _langs(text: str) -> list[str]:
    from .messages import LANGUAGES

    langs = [lang.strip() for lang in text.split(",") if lang.strip()]
    if not langs:
        raise UsageError("--lang names no language")
    for lang in langs:
        if lang not in LANGUAGES:
            raise UsageError(unknown("language", lang, list(LANGUAGES), "--lang"))
    return langs


def cmd_targets(args: argparse.Namespace) -> int:
    from .targets import targets_frame

    paths = _paths(args)
    catalogs = _catalogs(paths)
    if args.province:
        _check_provinces([args.province], catalogs, paths)
        catalogs = {k: c for k, c in catalogs.items() if c.province == args.province}
    frame = targets_frame(catalogs)
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        json.dump(frame.to_dict("records"), sys.stdout, ensure_ascii=False, indent=1,
                  default=str)
        print()
    elif frame.empty:
        print(f"no targets yet in {', '.join(_entities(catalogs))}")
    else:
        cols = ["province", "target_id", "clause", "comparator", "value", "low", "high", "unit",
                "target_year"]
        print(frame[cols].to_string(index=False))
    return 0


def _run_stage(paths: ProjectPaths, stage: str) -> None:
    from .runner import execute

    notebook = paths.notebooks / STAGE_NOTEBOOKS[stage]
    output = paths.reports / "notebooks" / notebook.name
    execute(notebook, output, {"data_dir": str(paths.data)}, cwd=paths.notebooks)
    print(f"{stage}: executed {notebook} -> {output}")


def _clean(paths: ProjectPaths) -> None:
    import pandas as pd

    _run_stage(paths, "clean")
    conservation = pd.read_csv(paths.processed / "conservation.csv")
    print(conservation.to_string(index=False))
    total = conservation.drop(columns="source_file").sum()
    print("TOTAL " + " ".join(f"{k}={int(v)}" for k, v in total.items()))
    print(f"wrote {paths.observations} and {paths.quarantine}")


def _project(paths: ProjectPaths) -> None:
    import pandas as pd

    if not paths.observations.is_file():
        raise UsageError(f"{paths.observations} not found: run `ggutils clean` first")
    _run_stage(paths, "project")
    traj = pd.read_csv(paths.trajectories)
    print(traj.groupby("province_slug")["verdict"].value_counts().to_string())
    print(f"wrote {paths.trajectories} ({len(traj)} targets)")


def cmd_clean(args: argparse.Namespace) -> int:
    paths = _paths(args)
    _check_notebooks(paths, ["clean"])
    _clean(paths)
    return 0


def cmd_project(args: argparse.Namespace) -> int:
    paths = _paths(args)
    _check_notebooks(paths, ["project"])
    _project(paths)
    return 0


def _briefing_plan(args: argparse.Namespace, paths: ProjectPaths) -> tuple[list[str], list[str]]:
    """The provinces and languages asked for, checked before any work starts."""
    langs = _langs(args.lang)
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    catalogs = _catalogs(paths)
    provinces = _entities(catalogs) if args.all or not args.province else args.province
    _check_provinces(provinces, catalogs, paths)
    return provinces, langs


def _briefings(args: argparse.Namespace, paths: ProjectPaths, provinces: list[str],
               langs: list[str]) -> int:
    from .batch import render_briefings

    if not paths.trajectories.is_file():
        raise UsageError(f"{paths.trajectories} not found: run `ggutils project` first")
    outcomes = render_briefings(paths, provinces, langs, args.workers, args.as_of,
                                progress=not args.quiet)
    failed = [o for o in outcomes if not o.ok]
    print(f"briefings: {len(outcomes) - len(failed)} written, {len(failed)} failed")
    for o in failed:
        print(f"  FAILED {o.job.province} [{o.job.lang}]: {o.error} "
              f"(executed notebook: {o.job.executed})")
    sys.stdout.flush()
    _write_pages(paths, langs)
    return 1 if failed else 0


def _write_pages(paths: ProjectPaths, langs: list[str]) -> None:
    """The comparison pages and the index, after the batch summary whatever happens."""
    from .pages import write_comparisons, write_index

    try:
        write_comparisons(paths, langs)
        index = write_index(paths, langs)[0]
    except OSError as exc:
        raise UsageError(f"cannot write the index and comparison pages in {paths.reports}: "
                         f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc
    print(f"index at {index}")


def cmd_briefings(args: argparse.Namespace) -> int:
    paths = _paths(args)
    _check_notebooks(paths, ["briefings"])
    provinces, langs = _briefing_plan(args, paths)
    return _briefings(args, paths, provinces, langs)


def cmd_run(args: argparse.Namespace) -> int:
    paths = _paths(args)
    _check_notebooks(paths, list(STAGE_NOTEBOOKS))
    provinces, langs = _briefing_plan(args, paths)
    _clean(paths)
    _project(paths)
    return _briefings(args, paths, provinces, langs)


def cmd_new_plan(args: argparse.Namespace) -> int:
    from .scaffold import new_plan

    paths = _paths(args)
    written = new_plan(paths, args.slug, args.plan)
    for path in written:
        print(f"wrote {path}")
    print(f"next: fill in {written[0]} (README, \"Adding a province\"), then "
          f"`ggutils targets --province {args.slug}`")
    return 0


def cmd_request(args: argparse.Namespace) -> int:
    from .requests import build_request, save_request

    paths = _paths(args)
    langs = _langs(args.lang)
    catalogs = _catalogs(paths)
    entities = _entities(catalogs) if args.all or not args.province else args.province
    _check_provinces(entities, catalogs, paths)
    if not paths.observations.is_file():
        raise UsageError(f"{paths.observations} not found: run `ggutils clean` first")
    for entity in entities:
        for lang in langs:
            request = build_request(paths.data, entity, lang)
            print(f"wrote {save_request(request, paths.reports)}: {request.summary()}")
    print("next: send each workbook to its agencies; put the filled files, unchanged, in "
          f"{paths.raw / 'contributed'} and run `ggutils run`")
    return 0


def cmd_kernel(args: argparse.Namespace) -> int:
    from .runner import DISPLAY_NAME, register_kernel

    where = register_kernel(args.prefix)
    print(f"registered the Jupyter kernel {DISPLAY_NAME!r} for {sys.executable} in {where}")
    return 0


def _location_options(defaults: bool) -> argparse.ArgumentParser:
    """--data, --reports, --notebooks and --debug, for the main parser (with defaults) and
    every command (without: an option given there overrides one given before it)."""
    options = argparse.ArgumentParser(add_help=False)
    keep = {} if defaults else {"default": argparse.SUPPRESS}
    options.add_argument("--data", metavar="DIR", help="data folder (default: the data/ found "
                         "in the working directory or its parents)", **keep)
    options.add_argument("--reports", metavar="DIR",
                         help="output folder (default: reports/ beside the data folder)", **keep)
    options.add_argument("--notebooks", metavar="DIR", help="the pipeline notebooks (default: "
                         "notebooks/ beside the data folder, else this checkout's)", **keep)
    options.add_argument("--debug", action="store_true",
                         help="show the traceback of an error", **keep)
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ggutils", description=__doc__.splitlines()[0],
                                     parents=[_location_options(defaults=True)])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = [_location_options(defaults=False)]
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("targets", parents=common, help="list the catalog's targets")
    p.add_argument("--province", help="one province slug")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=cmd_targets)
    sub.add_parser("clean", parents=common, help="raw -> data/processed/observations.csv "
                   "(notebook 01)").set_defaults(func=cmd_clean)
    sub.add_parser("project", parents=common, help="observations -> data/processed/"
                   "trajectories.csv (notebook 02)").set_defaults(func=cmd_project)
    for name, func, text in (("briefings", cmd_briefings, "render HTML briefings (notebook 03)"),
                             ("run", cmd_run, "clean -> project -> briefings")):
        p = sub.add_parser(name, parents=common, help=text)
        p.add_argument("--province", nargs="+", metavar="SLUG",
                       help="province slug(s) (default: all)")
        p.add_argument("--all", action="store_true", help="every province in the catalog")
        p.add_argument("--lang", default="vi,en", help="languages, comma-separated (vi,en)")
        p.add_argument("--workers", type=int, default=os.cpu_count(),
                       help="parallel workers (default: number of cores)")
        p.add_argument("--as-of", type=int, default=None, help="data cut-off year")
        p.add_argument("--quiet", action="store_true", help="no progress bar")
        p.set_defaults(func=func)
    p = sub.add_parser("new-plan", parents=common, help="start a province's plan: a commented "
                       "catalog template, the decision-text placeholder, a registry stub")
    p.add_argument("slug", help="the province's slug in data/reference/provinces.csv "
                   "(or vn, the country)")
    p.add_argument("--plan", help="a name for a further plan of the same province: writes "
                   "data/targets/SLUG--PLAN.yml (e.g. qd1585-2023)")
    p.set_defaults(func=cmd_new_plan)
    p = sub.add_parser("request", parents=common, help="data-request workbooks for the "
                       "agencies: reports/requests/SLUG-LANG.xlsx (README, \"Filling the data "
                       "gaps\")")
    p.add_argument("--province", nargs="+", metavar="SLUG",
                   help="province slug(s), or vn (default: all)")
    p.add_argument("--all", action="store_true", help="every province in the catalog")
    p.add_argument("--lang", default="vi,en", help="languages, comma-separated (vi,en)")
    p.set_defaults(func=cmd_request)
    p = sub.add_parser("kernel", parents=common, help="register the notebooks' Jupyter kernel "
                       "'ggutils' for this Python (for JupyterLab and plain papermill)")
    p.add_argument("--prefix", help="install prefix (default: this environment)")
    p.set_defaults(func=cmd_kernel)
    return parser


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: workers and kernels are stopped on the way out."""


def _on_sigterm(signum, frame):
    raise _Terminated()


def _quiet_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so the exit flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main_thread else None
    try:
        return args.func(args)
    except BrokenPipeError:
        _quiet_stdout()
        return 128 + signal.SIGPIPE
    except (GGUtilsError, OSError) as exc:
        if args.debug:
            raise
        message = str(exc) if isinstance(exc, GGUtilsError) else _os_error(exc)
        print(f"ggutils: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, _Terminated)
        print(f"ggutils: {'terminated' if terminated else 'interrupted'}", file=sys.stderr)
        return 128 + (signal.SIGTERM if terminated else signal.SIGINT)
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


if __name__ == "__main__":
    sys.exit(main())
