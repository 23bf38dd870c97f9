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
from ggutils.paths import STAGE_NOTEBOOKS, Layout
from ggutils.project import Project


def _project(args: argparse.Namespace) -> Project:
    return Project.open(args.data, args.reports, args.notebooks)


def _check_notebooks(layout: Layout, stages: list[str]) -> None:
    for stage in stages:
        notebook = layout.stage_notebook(stage)
        if not notebook.is_file():
            raise UsageError(f"notebook {notebook} not found (--notebooks)")


def _entities(catalogs: dict) -> list[str]:
    """The entities (provinces, the country) that have a plan, sorted."""
    return sorted({catalog.entity_id for catalog in catalogs.values()})


def _check_entities(names: list[str], entity_ids: list[str], project: Project) -> list[str]:
    """The entity ids of `names`, each an entity with a plan: its id, or a name the register
    or its aliases know ('Lai Châu', 'Tỉnh Kon Tum'); else one line that suggests the
    nearest id (a name with diacritics compared as an id would spell it)."""
    from ggutils.reference.provinces import load_register, slugify

    layout, register, found = project.layout, None, []
    for name in names:
        if name not in entity_ids:
            register = register or load_register(layout.register, layout.aliases)
            entity_id = register.slug_for(name)
            if entity_id not in entity_ids:
                hint = f"no catalog {layout.catalog(entity_id or slugify(name))}"
                if entity_id:
                    hint += (f"; {name!r} is {entity_id!r}, which has no plan: "
                             f"`ggutils new-plan {entity_id}`")
                raise UsageError(unknown("province", name, entity_ids, hint,
                                         spelled=slugify(name)))
            name = entity_id
        found.append(name)
    return found


def _langs(text: str) -> list[str]:
    from ggutils.reference.messages import LANGUAGES

    langs = [lang.strip() for lang in text.split(",") if lang.strip()]
    if not langs:
        raise UsageError("--lang names no language")
    for lang in langs:
        if lang not in LANGUAGES:
            raise UsageError(unknown("language", lang, list(LANGUAGES), "--lang"))
    return langs


def _say(text: str) -> None:
    if text:
        print(text, flush=True)


def cmd_targets(args: argparse.Namespace) -> int:
    from ggutils.reference.targets_table import targets_frame

    project = _project(args)
    catalogs = project.catalogs
    if args.entity:
        entity_id = _check_entities([args.entity], _entities(catalogs), project)[0]
        catalogs = {k: c for k, c in catalogs.items() if c.entity_id == entity_id}
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


def cmd_stage(args: argparse.Namespace) -> int:
    """`ggutils clean` or `ggutils project`: one stage, in a kernel of its own."""
    from ggutils.pipeline.batch import run_stages

    layout = _project(args).layout
    _check_notebooks(layout, [args.stage])
    _say("\n".join(run_stages(layout, (args.stage,), args.force)))
    return 0


def _settings(args: argparse.Namespace):
    from ggutils.pipeline.batch import RunSettings

    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    return RunSettings(args.workers, args.as_of, args.pdf, args.force, not args.quiet)


def _briefing_plan(args: argparse.Namespace, project: Project,
                   validate: bool = True) -> list[str]:
    """The entities asked for, checked before any work starts. Without `validate` they
    come from the catalogs' file names (`ggutils run` validates the catalogs in stage 2,
    whenever they change)."""
    from ggutils.pipeline.stages import catalog_entities

    if validate:
        entity_ids = _entities(project.catalogs)
    else:
        entity_ids = catalog_entities(project.layout.targets)
    if args.as_of is not None:
        from ggutils.assess.evaluation import check_as_of

        check_as_of(args.as_of, [c.decision.year for c in project.catalogs.values()])
    asked = entity_ids if args.all or not args.entity else args.entity
    return _check_entities(asked, entity_ids, project)


def cmd_briefings(args: argparse.Namespace) -> int:
    from ggutils.pipeline.batch import stage_three

    project = _project(args)
    _check_notebooks(project.layout, ["briefing"])
    langs, settings = _langs(args.lang), _settings(args)
    entity_ids = _briefing_plan(args, project)
    return 0 if stage_three(project.layout, entity_ids, langs, settings, say=_say) else 1


def cmd_run(args: argparse.Namespace) -> int:
    """clean -> project -> briefings -> request workbooks -> pages (ggutils.pipeline.batch)."""
    from ggutils.pipeline.batch import run

    project = _project(args)
    _check_notebooks(project.layout, list(STAGE_NOTEBOOKS))
    langs, settings = _langs(args.lang), _settings(args)
    entity_ids = _briefing_plan(args, project, validate=False)
    return 0 if run(project.layout, entity_ids, langs, settings, say=_say) else 1


def cmd_new_plan(args: argparse.Namespace) -> int:
    from ggutils.reference.scaffold import write_plan

    result = write_plan(_project(args).layout, args.entity, args.plan, args.from_file)
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

    project = _project(args)
    layout, langs = project.layout, _langs(args.lang)
    entity_ids = _entities(project.catalogs)
    entity_ids = _check_entities(entity_ids if args.all or not args.entity else args.entity,
                                 entity_ids, project)
    if not layout.observations.is_file():
        raise UsageError(f"{layout.observations} not found: run `ggutils clean` first")
    for entity_id in entity_ids:
        for lang in langs:
            request = build_request(layout.data, entity_id, lang)
            print(f"wrote {save_request(request, layout.reports)}: {request.summary()}")
    print("next: send each workbook to its agencies; put the filled files, unchanged, in "
          f"{layout.contributed} and run `ggutils run`")
    return 0


def cmd_kernel(args: argparse.Namespace) -> int:
    from ggutils.pipeline.runner import DISPLAY_NAME, register_kernel

    where = register_kernel(args.prefix)
    print(f"registered the Jupyter kernel {DISPLAY_NAME!r} for {sys.executable} in {where}")
    return 0


def cmd_backtest(args: argparse.Namespace) -> int:
    from ggutils.assess.backtest import run_backtest

    result = run_backtest(_project(args).layout.data)
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
    p.add_argument("--province", "--entity", dest="entity",
                   help="one province (or vn): its id, or its name ('Lai Châu')")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=cmd_targets)
    force = argparse.ArgumentParser(add_help=False)
    force.add_argument("--force", action="store_true", help="run even if the inputs are "
                       "unchanged since the last run (default: skip what is up to date)")
    sub.add_parser("clean", parents=[*common, force], help="raw -> data/processed/"
                   "observations.csv (notebook 01)").set_defaults(func=cmd_stage, stage="clean")
    sub.add_parser("project", parents=[*common, force], help="observations -> data/processed/"
                   "trajectories.csv (notebook 02)").set_defaults(func=cmd_stage, stage="project")
    for name, func, text in (("briefings", cmd_briefings, "render HTML briefings (notebook 03)"),
                             ("run", cmd_run, "clean -> project -> briefings")):
        p = sub.add_parser(name, parents=[*common, force], help=text)
        p.add_argument("--province", "--entity", dest="entity", nargs="+", metavar="ID",
                       help="province id(s) or name(s) ('Lai Châu'), or vn (default: all)")
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
                       "reports/<lang>/<id>.pdf (needs Chromium)")
        p.set_defaults(func=func)
    p = sub.add_parser("new-plan", parents=common, help="start a province's plan: a commented "
                       "catalog template, the decision-text placeholder, a registry stub")
    p.add_argument("entity", metavar="ID", help="the province's id in data/reference/provinces.csv "
                   "(or vn, the country), or its name ('Điện Biên')")
    p.add_argument("--plan", help="a name for a further plan of the same province: writes "
                   "data/targets/ID--PLAN.yml (e.g. qd1585-2023)")
    p.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                   help="the decision's UTF-8 text: draft one target (draft: true) per "
                   "numeric target read in it, for review (README, \"Adding a province\")")
    p.set_defaults(func=cmd_new_plan)
    p = sub.add_parser("request", parents=common, help="data-request workbooks for the "
                       "agencies: reports/requests/ID-LANG.xlsx (README, \"Filling the data "
                       "gaps\")")
    p.add_argument("--province", "--entity", dest="entity", nargs="+", metavar="ID",
                   help="province id(s) or name(s), or vn (default: all)")
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
    # Further SIGTERMs are ignored while the first unwinds: one raised inside the clean-up
    # (Pool.__exit__ stopping the workers) would cut it short.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
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
