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
from pathlib import Path

from ggutils import __version__
from ggutils.errors import GGUtilsError, UsageError, unknown
from ggutils.project import Layout

STAGE_NOTEBOOKS = {"clean": "01_clean_indicators.ipynb", "project": "02_project_trajectories.ipynb",
                   "briefings": "03_province_briefing.ipynb"}


def _paths(args: argparse.Namespace) -> Layout:
    return Layout.locate(args.data, args.reports, args.notebooks)


def _catalogs(paths: Layout):
    from ggutils.reference.targets import load_reference

    return load_reference(paths.data).catalogs


def _check_notebooks(paths: Layout, stages: list[str]) -> None:
    for stage in stages:
        notebook = paths.notebooks / STAGE_NOTEBOOKS[stage]
        if not notebook.is_file():
            raise UsageError(f"notebook {notebook} not found (--notebooks)")


def _entities(catalogs: dict) -> list[str]:
    """The provinces (or the country) that have a plan, sorted."""
    return sorted({catalog.entity_id for catalog in catalogs.values()})


def _check_provinces(names: list[str], catalogs: dict, paths: Layout) -> list[str]:
    return _check_entities(names, _entities(catalogs), paths)


def _check_entities(names: list[str], entities: list[str], paths: Layout) -> list[str]:
    """The slugs of `names`, each an entity with a plan: its slug, or a name the register
    or its aliases know ('Lai Châu', 'Tỉnh Kon Tum'); else one line that suggests the
    nearest slug (a name with diacritics compared as a slug would spell it)."""
    from ggutils.reference.provinces import load_register, slugify

    register, slugs = None, []
    for name in names:
        if name not in entities:
            register = register or load_register(paths.register, paths.aliases)
            slug = register.slug_for(name)
            if slug not in entities:
                hint = f"no catalog {paths.targets / ((slug or slugify(name)) + '.yml')}"
                if slug:
                    hint += f"; {name!r} is {slug!r}, which has no plan: `ggutils new-plan {slug}`"
                raise UsageError(unknown("province", name, entities, hint,
                                         spelled=slugify(name)))
            name = slug
        slugs.append(name)
    return slugs


def _langs(text: str) -> list[str]:
    from ggutils.reference.messages import LANGUAGES

    langs = [lang.strip() for lang in text.split(",") if lang.strip()]
    if not langs:
        raise UsageError("--lang names no language")
    for lang in langs:
        if lang not in LANGUAGES:
            raise UsageError(unknown("language", lang, list(LANGUAGES), "--lang"))
    return langs


def cmd_targets(args: argparse.Namespace) -> int:
    from ggutils.reference.targets import targets_frame

    paths = _paths(args)
    catalogs = _catalogs(paths)
    if args.province:
        province = _check_provinces([args.province], catalogs, paths)[0]
        catalogs = {k: c for k, c in catalogs.items() if c.entity_id == province}
    frame = targets_frame(catalogs)
    if args.format == "csv":  # formula-like text marked, as in every CSV (ggutils.io)
        from ggutils.io import mark_formulas

        mark_formulas(frame).to_csv(sys.stdout, index=False)
    elif args.format == "json":
        json.dump(frame.to_dict("records"), sys.stdout, ensure_ascii=False, indent=1,
                  default=str)
        print()
    elif frame.empty:
        print(f"no targets yet in {', '.join(_entities(catalogs))}")
    else:
        cols = ["entity_id", "target_id", "clause", "comparator", "value", "low", "high", "unit",
                "target_year"]
        print(frame[cols].to_string(index=False))
    return 0


def _stages(paths: Layout, names: tuple[str, ...], force: bool, pool=None) -> None:
    """Stages 1 and 2 (notebooks 01 and 02), each skipped when its inputs are unchanged:
    in a worker of `pool` (warm kernel), or here in a kernel of their own."""
    from ggutils.pipeline.batch import run_stage

    if pool is not None:
        print("\n".join(pool.stages(paths, names, force)), flush=True)
        return
    for name in names:
        print("\n".join(run_stage(paths, name, force=force)), flush=True)


def cmd_clean(args: argparse.Namespace) -> int:
    paths = _paths(args)
    _check_notebooks(paths, ["clean"])
    _stages(paths, ("clean",), args.force)
    return 0


def cmd_project(args: argparse.Namespace) -> int:
    paths = _paths(args)
    _check_notebooks(paths, ["project"])
    _stages(paths, ("project",), args.force)
    return 0


def _briefing_plan(args: argparse.Namespace, paths: Layout,
                   validate: bool = True) -> tuple[list[str], list[str]]:
    """The provinces and languages asked for, checked before any work starts. Without
    `validate` the entities come from the catalogs' file names (`ggutils run` validates the
    catalogs in stage 2, whenever they change)."""
    from ggutils.pipeline.stages import catalog_entities

    langs = _langs(args.lang)
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    entities = _entities(_catalogs(paths)) if validate else catalog_entities(paths.targets)
    if args.as_of is not None:
        from ggutils.assess.evaluation import check_as_of

        check_as_of(args.as_of, [c.decision.year for c in _catalogs(paths).values()])
    provinces = entities if args.all or not args.province else args.province
    return _check_entities(provinces, entities, paths), langs


def _report(outcomes: list, what: str) -> list:
    """One summary line for a batch, a line per failure; the failures."""
    failed = [o for o in outcomes if not o.ok]
    skipped = sum(o.skipped for o in outcomes)
    print(f"{what}: {len(outcomes) - len(failed) - skipped} written, {len(failed)} failed"
          + (f", {skipped} unchanged (skipped)" if skipped else ""))
    for o in failed:
        log = f" (executed notebook: {o.job.executed})" if what == "briefings" else ""
        print(f"  FAILED {o.job.province} [{o.job.lang}]: {o.error}{log}")
    for note in dict.fromkeys(o.note for o in outcomes if o.note):
        print(note)
    return failed


def _briefings(args: argparse.Namespace, paths: Layout, provinces: list[str],
               langs: list[str], pool=None, requests: bool = False) -> int:
    """Briefings (and with `requests` the data-request workbooks), then the pages."""
    from ggutils.pipeline.batch import render_briefings, write_requests

    if not paths.trajectories.is_file():
        raise UsageError(f"{paths.trajectories} not found: run `ggutils project` first")
    outcomes = render_briefings(paths, provinces, langs, args.workers, args.as_of,
                                progress=not args.quiet, pdf=args.pdf,
                                incremental=not args.force, pool=pool)
    failed = _report(outcomes, "briefings")
    if requests:
        made = write_requests(pool, paths, provinces, langs, incremental=not args.force)
        failed += _report(made, "requests") if made else []
    sys.stdout.flush()
    _write_pages(paths, langs, pool, args.force)
    return 1 if failed else 0


def _write_pages(paths: Layout, langs: list[str], pool=None, force: bool = False) -> None:
    """The comparison pages and the index, after the batch summary whatever happens."""
    from ggutils.pipeline.batch import update_pages

    try:
        written, wrote = update_pages(paths, langs, pool, incremental=not force)
    except OSError as exc:
        raise UsageError(f"cannot write the index and comparison pages in {paths.reports}: "
                         f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc
    print(f"index at {written[0]}" + ("" if wrote else " (pages: inputs unchanged, skipped)"))


def cmd_briefings(args: argparse.Namespace) -> int:
    paths = _paths(args)
    _check_notebooks(paths, ["briefings"])
    provinces, langs = _briefing_plan(args, paths)
    return _briefings(args, paths, provinces, langs)


def cmd_run(args: argparse.Namespace) -> int:
    """clean -> project -> briefings (-> request workbooks, pages) on one warm pool, started
    at once when anything has to run: stage 1 runs in one worker while the others import
    the briefing's modules. With nothing changed, no worker is started."""
    import contextlib

    from ggutils.pipeline.batch import STAGE_NAMES, Pool, pending

    paths = _paths(args)
    _check_notebooks(paths, list(STAGE_NOTEBOOKS))
    provinces, langs = _briefing_plan(args, paths, validate=False)
    work = args.force or pending(paths, provinces, langs, args.as_of, args.pdf, requests=True)
    size = min(args.workers or os.cpu_count() or 1, len(provinces) * len(langs))
    with Pool(size, paths.notebooks) if work else contextlib.nullcontext() as pool:
        _stages(paths, STAGE_NAMES, args.force, pool)
        return _briefings(args, paths, provinces, langs, pool, requests=True)


def cmd_new_plan(args: argparse.Namespace) -> int:
    from ggutils.reference.scaffold import write_plan

    paths = _paths(args)
    result = write_plan(paths, args.slug, args.plan, args.from_file)
    written = result.written
    if result.draft is not None:
        from ggutils.reference.draft import summary_lines

        print("\n".join(summary_lines(result.draft, result.entries)))
    for path in written:
        print(f"wrote {path}")
    print(f"next: fill in {written[0]} (README, \"Adding a province\"), then "
          f"`ggutils targets --province {result.slug}`")
    return 0


def cmd_request(args: argparse.Namespace) -> int:
    from ggutils.requests.write import build_request, save_request

    paths = _paths(args)
    langs = _langs(args.lang)
    catalogs = _catalogs(paths)
    entities = _entities(catalogs) if args.all or not args.province else args.province
    entities = _check_provinces(entities, catalogs, paths)
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
    from ggutils.pipeline.runner import DISPLAY_NAME, register_kernel

    where = register_kernel(args.prefix)
    print(f"registered the Jupyter kernel {DISPLAY_NAME!r} for {sys.executable} in {where}")
    return 0


def cmd_backtest(args: argparse.Namespace) -> int:
    from ggutils.assess.backtest import run_backtest

    result = run_backtest(_paths(args).data)
    if result.note:
        print(result.note)
    for line in [*result.lines(), result.verdict_line()]:
        print(line)
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
    p.add_argument("--province", help="one province: its slug, or its name ('Lai Châu')")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=cmd_targets)
    force = argparse.ArgumentParser(add_help=False)
    force.add_argument("--force", action="store_true", help="run even if the inputs are "
                       "unchanged since the last run (default: skip what is up to date)")
    sub.add_parser("clean", parents=[*common, force], help="raw -> data/processed/"
                   "observations.csv (notebook 01)").set_defaults(func=cmd_clean)
    sub.add_parser("project", parents=[*common, force], help="observations -> data/processed/"
                   "trajectories.csv (notebook 02)").set_defaults(func=cmd_project)
    for name, func, text in (("briefings", cmd_briefings, "render HTML briefings (notebook 03)"),
                             ("run", cmd_run, "clean -> project -> briefings")):
        p = sub.add_parser(name, parents=[*common, force], help=text)
        p.add_argument("--province", nargs="+", metavar="SLUG",
                       help="province slug(s) or name(s) ('Lai Châu') (default: all)")
        p.add_argument("--all", action="store_true", help="every province in the catalog")
        p.add_argument("--lang", default="vi,en", help="languages, comma-separated (vi,en)")
        p.add_argument("--workers", type=int, default=os.cpu_count(),
                       help="parallel workers (default: number of cores)")
        p.add_argument("--as-of", type=int, default=None, metavar="YEAR",
                       help="judge as on 31 December of YEAR, with the data published by "
                       "then, into reports/as-of-YEAR/ (between the earliest decision year "
                       "and this year)")
        p.add_argument("--quiet", action="store_true", help="no progress bar")
        p.add_argument("--pdf", action="store_true", help="also print each briefing to "
                       "reports/<lang>/<slug>.pdf (needs Chromium)")
        p.set_defaults(func=func)
    p = sub.add_parser("new-plan", parents=common, help="start a province's plan: a commented "
                       "catalog template, the decision-text placeholder, a registry stub")
    p.add_argument("slug", help="the province's slug in data/reference/provinces.csv "
                   "(or vn, the country), or its name ('Điện Biên')")
    p.add_argument("--plan", help="a name for a further plan of the same province: writes "
                   "data/targets/SLUG--PLAN.yml (e.g. qd1585-2023)")
    p.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                   help="the decision's UTF-8 text: draft one target (draft: true) per "
                   "numeric target read in it, for review (README, \"Adding a province\")")
    p.set_defaults(func=cmd_new_plan)
    p = sub.add_parser("request", parents=common, help="data-request workbooks for the "
                       "agencies: reports/requests/SLUG-LANG.xlsx (README, \"Filling the data "
                       "gaps\")")
    p.add_argument("--province", nargs="+", metavar="SLUG",
                   help="province slug(s) or name(s), or vn (default: all)")
    p.add_argument("--all", action="store_true", help="every province in the catalog")
    p.add_argument("--lang", default="vi,en", help="languages, comma-separated (vi,en)")
    p.set_defaults(func=cmd_request)
    p = sub.add_parser("kernel", parents=common, help="register the notebooks' Jupyter kernel "
                       "'ggutils' for this Python (for JupyterLab and plain papermill)")
    p.add_argument("--prefix", help="install prefix (default: this environment)")
    p.set_defaults(func=cmd_kernel)
    sub.add_parser("backtest", parents=common, help="rolling-origin backtest of the interval "
                   "methods on the real series (docs/methodology.md §4): BACKTEST lines"
                   ).set_defaults(func=cmd_backtest)
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
