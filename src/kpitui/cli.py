"""The command line: `kpitui [--workspace DIR] import | imports | rebuild | report | check | objectives`.

Headless commands give the app's numbers to scripts, cron and quick checks
over SSH. Exit codes: 0 fine, 1 a check failed, 2 usage error or bad input.
Textual is imported only when the app is opened.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Final, TextIO, cast

from kpitui import __version__
from kpitui.core import format as fmt
from kpitui.core import i18n, kpis
from kpitui.core import objectives as objs
from kpitui.core import report as rep
from kpitui.core.errors import InputError, KpiError
from kpitui.core.exporting import printable
from kpitui.core.files import atomic_write
from kpitui.core.i18n import N_, NP_, _, ngettext
from kpitui.core.periods import COMPARISONS, EARLIEST, LATEST, default_period, forms_help, parse_period
from kpitui.core.schema import ALL, NETWORK_ALIASES, NETWORKS
from kpitui.core.session import open_report_session
from kpitui.core.settings import FILENAME, load_settings
from kpitui.core.table import Table, text_width, to_text
from kpitui.core.workspace import ImportRecord, StoreChange, Workspace, default_root


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kpitui",
        description=_("Social media KPIs and objectives from the analytics exports you download."),
        epilog=_("Workspace: --workspace DIR, else $KPITUI_WORKSPACE, else the user data folder."),
    )
    parser.add_argument("--version", action="version", version=f"kpitui {__version__}")
    parser.add_argument("--workspace", "-w", type=Path, metavar="DIR", help=_("workspace folder"))
    parser.add_argument(
        "--lang",
        choices=i18n.LANGUAGES,
        help=_("language (default: LC_ALL, LC_MESSAGES or LANG, else kpitui.toml's language, else en)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", help=_("open the app on the bundled demo brand (--format: print its report)"))
    _report_options(p, default_format=None)
    p.add_argument("--present", action="store_true", help=_("open the demo in the presentation mode"))
    _interval_option(p)

    p = sub.add_parser(
        "present",
        help=_("show each objective, then each network, full screen with large numbers (for a client)"),
    )
    p.add_argument(
        "--period",
        help=_("default: the quarter holding the as-of date; forms: {forms}").format(forms=forms_help()),
    )
    _interval_option(p)

    p = sub.add_parser(
        "serve", help=_("serve the app to a browser (textual-serve), on this machine only by default")
    )
    p.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    p.add_argument("--port", type=int, default=8000, help=_("port to listen on (default 8000)"))
    p.add_argument("--demo", action="store_true", help=_("serve the app on the bundled demo brand"))
    p.add_argument("--period", help=_("the period the app opens on ({forms})").format(forms=forms_help()))
    p.add_argument(
        "--public-url",
        metavar="URL",
        help=_("the address browsers reach the server at (default http://HOST:PORT)"),
    )
    p.add_argument("--app", action="store_true", help=argparse.SUPPRESS)  # what the server runs

    p = sub.add_parser("import", help=_("detect, validate and merge export files into the workspace"))
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help=_("export files or folders"))
    p.add_argument("--dry-run", action="store_true", help=_("show what would change, write nothing"))
    _reading_options(p, _("skip detection: use this importer"))
    p.add_argument(
        "--history", action="store_true", help=_("list what was imported, and when (kpitui imports)")
    )

    p = sub.add_parser(
        "imports", help=_("list the imports; take some out, or read one again with other options")
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    isub = p.add_subparsers(dest="action", metavar="ACTION")
    q = isub.add_parser(
        "remove", help=_("take imports out: their rows leave unless another import brings them")
    )
    q.add_argument(
        "ids", nargs="+", type=_import_id, metavar="ID", help=_("import ids (kpitui imports lists them)")
    )
    q = isub.add_parser("redo", help=_("read an import's kept file again with other options"))
    q.add_argument("id", type=_import_id, metavar="ID", help=_("an import id (kpitui imports lists them)"))
    _reading_options(q, _("read the file with this importer"))

    sub.add_parser(
        "rebuild", help=_("read every kept import again with today's importers; print what changed")
    )

    p = sub.add_parser("report", help=_("every KPI for every network, with comparison and objectives"))
    _report_options(p)

    p = sub.add_parser("check", help=_("objective statuses; exit 1 when one is at risk or missed"))
    p.add_argument(
        "--period", help=_("objectives whose period overlaps this one ({forms})").format(forms=forms_help())
    )
    p.add_argument("--as-of", type=_day, help=_("evaluate at this date (default: latest data)"))
    p.add_argument("--all", action="store_true", help=_("every objective, not only the running ones"))
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("objectives", help=_("list, add or remove objectives"))
    osub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = osub.add_parser("list", help=_("list the objectives"))
    q.add_argument("--format", choices=("table", "json"), default="table")
    q = osub.add_parser("add", help=_("add an objective"))
    q.add_argument(
        "--network", required=True, help=_("one of {networks}").format(networks=", ".join((*NETWORKS, ALL)))
    )
    q.add_argument("--kpi", required=True, help=_("a KPI id, e.g. engagement_rate"))
    q.add_argument("--target", required=True, help=_("e.g. 4.5%%, 12k, 12000"))
    q.add_argument("--period", required=True, help=forms_help())
    q.add_argument("--comparison", choices=(">=", "<="), default=">=")
    q.add_argument("--id", dest="objective_id", help=_("id (default: made from network, KPI and period)"))
    q.add_argument("--title", help=_("title (default: made from the objective)"))
    q = osub.add_parser("remove", help=_("remove an objective"))
    q.add_argument("objective_id", metavar="ID")
    return parser


def _reading_options(p: argparse.ArgumentParser, format_help: str) -> None:
    """The options of how a file is read, alike for `import` and `imports redo`."""
    p.add_argument("--format", dest="import_format", metavar="NAME", help=format_help)
    p.add_argument("--account", help=_("account name for files that do not carry one"))
    p.add_argument(
        "--network",
        type=_meta_network,
        metavar="facebook|instagram",
        help=_("network of a Meta daily file that does not name it (a title of just 'Reach' or 'Views')"),
    )
    p.add_argument(
        "--year", type=int, help=_("year for exports whose dates have none (the year of the last day)")
    )


def _report_options(p: argparse.ArgumentParser, default_format: str | None = "table") -> None:
    p.add_argument(
        "--period",
        help=_("default: the quarter holding the as-of date; forms: {forms}").format(forms=forms_help()),
    )
    p.add_argument("--compare", choices=COMPARISONS, default="previous", help=_("comparison period"))
    p.add_argument(
        "--network", help=_("only this network ({networks})").format(networks=", ".join((*NETWORKS, ALL)))
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "markdown", "csv", "html"),
        default=default_format,
        help=_("table, markdown or html for people; json or csv for scripts (always in English)"),
    )
    p.add_argument("--as-of", type=_day, help=_("the day relative periods end on (default: latest data)"))
    p.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help=_("write the report to FILE (atomically)")
    )


def _interval_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--interval",
        type=_seconds,
        metavar="SECONDS",
        help=_("in the presentation mode, show the next page every SECONDS by itself"),
    )


def _seconds(text: str) -> float:
    """A presentation's interval: a number of seconds, at least one."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 1 <= seconds <= 86400:
        raise argparse.ArgumentTypeError(
            _("{text!r}: expected a number of seconds from 1 to 86400").format(text=text)
        )
    return seconds


def _meta_network(text: str) -> str:
    network = NETWORK_ALIASES.get(text.strip().lower(), text.strip().lower())
    if network not in ("facebook", "instagram"):
        raise argparse.ArgumentTypeError(
            _("{text!r}: expected facebook or instagram (fb, ig)").format(text=text)
        )
    return network


def _import_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not an import id (a number: kpitui imports lists them)").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("{text!r} is not an import id (ids start at 1)").format(text=text))
    return value


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a date (YYYY-MM-DD)").format(text=text)) from None
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(
            _("{text!r} is outside the days kpitui knows ({first} to {last})").format(
                text=text, first=EARLIEST.isoformat(), last=LATEST.isoformat()
            )
        )
    return day


def choose_language(argv: Sequence[str]) -> list[str]:
    """Set the language for this run (`--lang`, else the environment, else kpitui.toml's
    `language`, else English) before the parser is made, so that its help speaks it too; the
    arguments without `--lang`, which may come anywhere (`kpitui demo --lang fr`)."""
    early = argparse.ArgumentParser(prog="kpitui", add_help=False)
    early.add_argument("--lang", choices=i18n.LANGUAGES)
    early.add_argument("--workspace", "-w", type=Path)
    known, _rest = early.parse_known_args(argv)
    setting = None
    if not known.lang and not i18n.from_environment(os.environ):
        try:  # a broken kpitui.toml is reported by the command that reads it, in English
            setting = load_settings((known.workspace or default_root()) / FILENAME).language
        except (KpiError, OSError):
            setting = None
    i18n.set_language(i18n.choose(known.lang, os.environ, setting))
    rest = list(argv)
    for index, arg in enumerate(rest):
        if arg == "--lang":
            del rest[index : index + 2]
            break
        if arg.startswith("--lang="):
            del rest[index]
            break
    return rest


def main(argv: Sequence[str] | None = None) -> int:
    try:
        rest = choose_language(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # `--lang de`: argparse said why
        return int(exc.code or 2)
    _speak_argparse()
    parser = build_parser()
    args = parser.parse_args(rest)
    machine = getattr(args, "format", None) in ("json", "csv")
    out = sys.stdout if machine else cast(TextIO, _Printable(sys.stdout))
    try:
        workspace = Workspace(args.workspace or default_root())
        workspace.waiting = _tell
        workspace.notice = _tell
        if args.command is None:
            return run_app(workspace, demo=False)
        if args.command == "demo":
            if args.format is None:
                return run_app(
                    None, demo=True, period=args.period, present=args.present, interval=args.interval
                )
            return cmd_demo(args, out)
        if args.command == "present":
            return run_app(workspace, demo=False, period=args.period, present=True, interval=args.interval)
        if args.command == "serve":
            from kpitui.tui import serve

            if args.app:
                return serve.run_served_app(workspace, demo=args.demo, period=args.period)
            return serve.serve(
                workspace,
                host=args.host,
                port=args.port,
                demo=args.demo,
                period=args.period,
                public_url=args.public_url,
            )
        command = COMMANDS.get(args.command)
        if command is not None:
            return command(workspace, args, out)
    except KpiError as exc:
        print(f"kpitui: {printable(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("kpitui: interrupted; nothing was written."), file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kpitui report | head`: the reader left, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    parser.print_help()
    return 2


TABLES: Final = (NP_("table", "posts"), NP_("table", "daily"), NP_("table", "traffic"))
"""The workspace's tables, as `_changed` names them (marked for the catalog)."""

ARGPARSE: Final = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("%(prog)s: error: %(message)s\n"),
)
"""argparse's own words (usage, errors) that kpitui's catalog translates: argparse reads them
through its module's `_`, which `_speak_argparse` points at kpitui's language."""


def _speak_argparse() -> None:
    """Let argparse's help and errors speak the current language (Python ships no French)."""
    argparse._ = i18n._  # type: ignore[attr-defined]


def _tell(message: str) -> None:
    """Say on stderr what kpitui is doing (waiting for another one's lock, converting a workspace)."""
    print(f"kpitui: {printable(message)}", file=sys.stderr, flush=True)


class _Printable:
    """stdout for people: file names, titles and names are data, whose control characters
    (an escape sequence in a file name) are shown, never sent to the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


# --- commands ----------------------------------------------------------------------


def run_app(
    workspace: Workspace | None,
    *,
    demo: bool,
    period: str | None = None,
    present: bool = False,
    interval: float | None = None,
) -> int:
    """Open the Textual app (imported here so headless commands never load Textual), or its
    presentation mode (`present`), stepping every `interval` seconds when given."""
    if period is not None:
        # a period that is none of kpitui's forms is said here, as `report` says it, not by
        # an app showing a workspace that "cannot be opened" (PeriodError: main says why)
        default_period(None, period)
    if not sys.stdout.isatty():
        print(
            _("kpitui: the app needs a terminal; for scripts use `kpitui report` or `kpitui check`."),
            file=sys.stderr,
        )
        return 2
    from kpitui.tui.first import Preload

    preload = Preload(workspace, demo=demo, period=period)  # reads while Textual is imported
    if present:
        from kpitui.tui.screens.present import PresentApp

        PresentApp(workspace, demo=demo, period=period, interval=interval, preload=preload).run()
        return 0
    from kpitui.tui.app import KpiApp

    KpiApp(workspace, demo=demo, period=period, preload=preload).run()
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    """The demo's report and objective statuses, headless (`kpitui demo --format table`)."""
    from kpitui.core.demo import demo_workspace

    workspace = demo_workspace()
    banner = _(
        "DEMO: sample data of an invented brand. Import your own exports with `kpitui import FILE...`."
    )
    if args.format == "table":
        out.write(banner + "\n\n")
    else:  # keep machine-readable output clean
        print(banner, file=sys.stderr)
    return cmd_report(workspace, args, out)


def _text(table: Table) -> str:
    """A table as aligned text, fitted to the terminal (`kpitui.core.table.text_width`)."""
    return "\n".join(to_text(table, width=text_width())) + "\n"


def cmd_report(workspace: Workspace, args: argparse.Namespace, out: TextIO) -> int:
    if args.output is not None:  # written whole or not at all
        buffer = io.StringIO()
        code = cmd_report(workspace, argparse.Namespace(**{**vars(args), "output": None}), buffer)
        atomic_write(args.output, buffer.getvalue().encode("utf-8"))
        print(_("kpitui: wrote {path}").format(path=printable(str(args.output))), file=sys.stderr)
        return code
    if args.format == "html":  # matplotlib is imported while the workspace is read
        from kpitui.core.charts import preload

        preload()
    session = open_report_session(workspace)
    settings, dataset = session.settings, session.dataset
    report = rep.build(
        dataset,
        session.objectives.objectives,
        period=default_period(args.as_of or session.as_of, args.period),
        compare=args.compare,
        as_of=args.as_of,
        network=args.network,
    )
    if args.format in ("json", "csv"):
        with i18n.using("en"):  # for scripts: the same bytes in every language
            if args.format == "json":
                json.dump(rep.to_json(report), out, indent=2, ensure_ascii=False)
                out.write("\n")
            else:
                out.write(rep.to_csv(report))
    elif args.format == "markdown":
        out.write(rep.to_markdown(report, settings.name))
    elif args.format == "html":  # matplotlib loads here only
        from kpitui.core import html_report

        out.write(html_report.render(session, report, sample=args.command == "demo"))
    else:
        if dataset.is_empty:
            out.write(
                _(
                    "The workspace {root} holds no data yet: "
                    "import exports with `kpitui import FILE...`, or try `kpitui demo`."
                ).format(root=workspace.root)
                + "\n\n"
            )
        out.write(rep.to_table(report, settings.name, text_width()))
    return 0


def cmd_check(workspace: Workspace, args: argparse.Namespace, out: TextIO) -> int:
    # only what the objectives' KPIs read, as a report reads it: never a full load
    session = open_report_session(workspace, objectives_only=True)
    settings, dataset, objectives = session.settings, session.dataset, session.objectives.objectives
    evaluations = objs.evaluate(dataset, objectives, args.as_of)
    if args.all:
        chosen = evaluations
        scope = _("every objective")
    elif args.period:
        as_of = args.as_of or dataset.latest_date or date.today()
        period = parse_period(args.period, as_of=as_of)
        chosen = [e for e in evaluations if objs.overlaps(e, period)]
        scope = _("objectives overlapping {period}").format(period=period.describe())
    else:
        chosen = [e for e in evaluations if objs.running_at(e)]
        scope = _("objectives running at the as-of date")
    failing = [e for e in chosen if e.failing]
    if args.format == "json":
        as_of = chosen[0].as_of if chosen else (args.as_of or dataset.latest_date)
        payload = {
            "as_of": as_of.isoformat() if as_of else None,
            "ok": not failing,
            "objectives": [rep.evaluation_json(e) for e in chosen],
        }
        json.dump(payload, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        as_of = args.as_of or dataset.latest_date
        out.write(
            _("{name}: {scope}, as of {day}").format(name=settings.name, scope=scope, day=fmt.day(as_of))
            + "\n"
        )
        if chosen:
            out.write(_text(rep.objectives_table(chosen, settings.currency)))
        else:
            out.write("  " + _("no objectives to check") + "\n")
        if failing:
            out.write(
                "\n"
                + ngettext(
                    "{failing} of {n} objective(s) at risk or missed.",
                    "{failing} of {n} objective(s) at risk or missed.",
                    len(failing),
                ).format(failing=len(failing), n=len(chosen))
                + "\n"
            )
    return 1 if failing else 0


def cmd_objectives(workspace: Workspace, args: argparse.Namespace, out: TextIO) -> int:
    if args.action == "list":
        current = objs.load(workspace.objectives_path)
        if args.format == "json":
            payload = [rep.objective_json(o) for o in current.objectives]
            json.dump(payload, out, indent=2, ensure_ascii=False)
            out.write("\n")
            return 0
        if not current.objectives:
            out.write(_("No objectives in {path}.").format(path=workspace.objectives_path) + "\n")
            return 0
        out.write(_text(rep.stored_objectives_table(current.objectives)))
        return 0
    if args.action == "add":
        if args.kpi not in kpis.REGISTRY:
            raise KpiError(
                _("Unknown KPI {kpi!r}; known: {known}.").format(
                    kpi=args.kpi, known=", ".join(kpis.REGISTRY)
                ),
                title="Invalid objective",
            )
        try:
            target = objs.parse_target(args.target, kpis.get(args.kpi).unit)
        except ValueError as exc:
            raise KpiError(
                _("Target {target!r}: {problem}.").format(target=args.target, problem=exc),
                title="Invalid objective",
            ) from None
        network = args.network.strip().lower()
        draft = objs.Objective(
            "draft", args.title or "", network, args.kpi, args.comparison, target, args.period
        )

        def add(current: objs.ObjectivesFile) -> list[objs.Objective]:
            """`draft` added to the objectives on disk (read under the workspace lock)."""
            taken = [o.id for o in current.objectives]
            objective_id = args.objective_id or objs.new_id(draft, taken)
            if objective_id in taken:
                raise KpiError(
                    _("An objective with id {id!r} already exists.").format(id=objective_id),
                    title="Invalid objective",
                )
            return [*current.objectives, objs.checked(draft, objective_id)]

        added = workspace.change_objectives(add).objectives[-1]
        out.write(_("Added {id}: {title}").format(id=added.id, title=added.title) + "\n")
        return 0
    if args.action == "remove":

        def remove(current: objs.ObjectivesFile) -> list[objs.Objective]:
            if current.get(args.objective_id) is None:
                raise KpiError(
                    _("No objective with id {id!r} in {path}.").format(
                        id=args.objective_id, path=workspace.objectives_path
                    ),
                    title="Unknown objective",
                )
            return [o for o in current.objectives if o.id != args.objective_id]

        workspace.change_objectives(remove)
        out.write(_("Removed {id}.").format(id=args.objective_id) + "\n")
        return 0
    return 2


def cmd_import(workspace: Workspace, args: argparse.Namespace, out: TextIO) -> int:
    if args.history:
        return _history(workspace, out, "table")
    if not args.files:
        raise KpiError(_("Name the export files (or folders) to import."), title="Nothing to import")
    from kpitui.core.importers import ImportOptions, ParsedFile, sources  # not for the other commands

    settings = workspace.settings()
    options = ImportOptions(
        timezone=settings.timezone,
        account=args.account,
        network=args.network,
        year=args.year,
        format=args.import_format,
        limits=settings.limits.from_environment(),
    )
    skipped: list[str] = []
    found = sources(args.files, options.limits, skipped)
    for warning in skipped:
        print(_("kpitui: warning: {warning}").format(warning=printable(warning)), file=sys.stderr)
    progress = _Progress(len(found)) if sys.stderr.isatty() else None
    parsed: list[ParsedFile] = []
    errors: list[str] = []
    for number, source in enumerate(found, 1):
        if progress:
            progress.show(
                _("reading {number} of {total}: {name}").format(
                    number=fmt.count(number), total=fmt.count(len(found)), name=source.path.name
                )
            )
        try:
            parsed.append(source.read(options))
        except InputError as exc:
            errors.append(str(exc))
    if progress:
        progress.show(
            ngettext(
                "merging {n} file(s) into the workspace",
                "merging {n} file(s) into the workspace",
                len(parsed),
            ).format(n=fmt.count(len(parsed))),
            last=True,
        )
    if errors:
        for message in errors:
            print(f"kpitui: {printable(message)}", file=sys.stderr)
        refused = ngettext(
            "kpitui: {n} file(s) refused; nothing was imported.",
            "kpitui: {n} file(s) refused; nothing was imported.",
            len(errors),
        )
        print(refused.format(n=len(errors)), file=sys.stderr)
        return 2
    try:
        outcomes = workspace.import_files(parsed, dry_run=args.dry_run, options=options)
    finally:
        if progress:
            progress.clear()
    n = fmt.count
    for outcome in outcomes:
        p = outcome.parsed
        if outcome.duplicate_of is not None:
            before = outcome.duplicate_of
            out.write(
                _(
                    "{path}: already imported on {day} (import {id}); nothing changes. "
                    "To read it again with other options: kpitui imports redo {id} --year, --account, "
                    "--network or --format."
                ).format(path=p.path, day=before.imported_at, id=before.id)
                + "\n"
            )
            continue
        c = outcome.counts
        which = _(" (import {id})").format(id=outcome.record.id) if outcome.record is not None else ""
        rows = (
            ngettext("{n} row(s) would be", "{n} row(s) would be", p.rows)
            if args.dry_run
            else ngettext("{n} row(s)", "{n} row(s)", p.rows)
        )
        counts = _("{added} added, {updated} updated, {unchanged} unchanged, {skipped} skipped").format(
            added=n(c.added), updated=n(c.updated), unchanged=n(c.unchanged), skipped=n(p.skipped)
        )
        out.write(f"{p.path}: {p.label}, {rows.format(n=n(p.rows))}: {counts}{which}\n")
        for note in outcome.notes:
            out.write(f"  {note}\n")
        for warning in p.warnings:
            out.write("  " + _("warning: {warning}").format(warning=warning) + "\n")
    if args.dry_run:
        out.write(_("Dry run: nothing was written.") + "\n")
    return 0


class _Progress:
    """One line on stderr (a terminal) saying how far a long import is, redrawn in place at most
    five times a second; cleared when the import is done."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = 0.0
        self.width = 0

    def show(self, text: str, *, last: bool = False) -> None:
        now = time.monotonic()
        if self.total < 2 or (now - self.shown < 0.2 and not last):
            return
        self.shown = now
        line = printable(text)[:100]
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def clear(self) -> None:
        if self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def _history(workspace: Workspace, out: TextIO, style: str) -> int:
    """`kpitui imports`: every import, with its file, format, account, period and rows."""
    records = workspace.imports()
    if style == "json":
        json.dump([_record_json(r) for r in records], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    if not records:
        out.write(_("Nothing imported into {root} yet.").format(root=workspace.root) + "\n")
        return 0
    from kpitui.core import views  # the app's tables: only `imports` prints one

    out.write(_text(views.import_history(records)))
    if not all(r.kept for r in records):
        out.write(
            "\n"
            + _(
                "Imports not kept were made by an earlier kpitui, which did not keep their files: they "
                "keep their rows but cannot be redone, rebuilt or removed."
            )
            + "\n"
        )
    return 0


def _record_json(record: ImportRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "file": record.file,
        "format": record.format,
        "label": record.label,
        "accounts": record.accounts,
        "networks": record.networks,
        "first_day": record.first_day,
        "last_day": record.last_day,
        "rows": record.rows,
        "added": record.added,
        "updated": record.updated,
        "unchanged": record.unchanged,
        "skipped": record.skipped,
        "imported_at": record.imported_at,
        "exported_at": record.exported_at,
        "kept": record.kept,
        "options": {
            "format": record.given_format,
            "account": record.given_account,
            "network": record.given_network,
            "year": record.year,
        },
        "version": record.version,
        "sha256": record.sha256,
        "warnings": record.warnings,
    }


def cmd_imports(workspace: Workspace, args: argparse.Namespace, out: TextIO) -> int:
    """`kpitui imports [remove ID… | redo ID …]`."""
    if args.action is None:
        return _history(workspace, out, args.format)
    if args.action == "remove":
        change = workspace.remove(args.ids)
        for record in change.records:
            out.write(
                _("Removed import {id} ({name}, {label}).").format(
                    id=record.id, name=record.name, label=record.label
                )
                + "\n"
            )
        _changed(change, out)
        return 0
    given = [
        f"--{name} {value}"
        for name, value in (
            ("year", args.year),
            ("account", args.account),
            ("network", args.network),
            ("format", args.import_format),
        )
        if value is not None
    ]
    from kpitui.core.importers import read_again

    change = workspace.redo(
        args.id,
        year=args.year,
        account=args.account,
        network=args.network,
        format=args.import_format,
        reader=read_again,
    )
    [record] = change.records
    how = _(" with {options}").format(options=" ".join(given)) if given else ""
    rows = ngettext("{n} row(s)", "{n} row(s)", record.rows).format(n=fmt.count(record.rows))
    out.write(
        _("Import {id} ({name}) read again{how}: {label}, {rows}.").format(
            id=record.id, name=record.name, how=how, label=record.label, rows=rows
        )
        + "\n"
    )
    moved = change.moved()
    if moved is not None:
        out.write(f"  {moved}\n")
    for note in change.notes:
        out.write(f"  {note}\n")
    for warning in record.warnings:
        out.write("  " + _("warning: {warning}").format(warning=warning) + "\n")
    _changed(change, out)
    return 0


def cmd_rebuild(workspace: Workspace, args: argparse.Namespace, out: TextIO) -> int:
    """`kpitui rebuild`: every kept import read again with today's importers (no options)."""
    from kpitui.core.importers import read_again

    change = workspace.rebuild(read_again)
    read = ngettext(
        "Read {n} import(s) again from their kept files with kpitui {version}.",
        "Read {n} import(s) again from their kept files with kpitui {version}.",
        len(change.records),
    )
    out.write(read.format(n=fmt.count(len(change.records)), version=__version__) + "\n")
    _changed(change, out)
    if change.kept_as_is:
        ids = ", ".join(str(r.id) for r in change.kept_as_is)
        kept = ngettext(
            "Kept as they were: import(s) {ids}, made by an earlier kpitui, which did not keep their files.",
            "Kept as they were: import(s) {ids}, made by an earlier kpitui, which did not keep their files.",
            len(change.kept_as_is),
        )
        out.write(kept.format(ids=ids) + "\n")
    return 0


def _changed(change: StoreChange, out: TextIO) -> None:
    """What a removal, a redo or a rebuild did to each table."""
    for line in change.table_lines():
        out.write(f"  {line}\n")


COMMANDS: Final[dict[str, Callable[[Workspace, argparse.Namespace, TextIO], int]]] = {
    "import": cmd_import,
    "imports": cmd_imports,
    "rebuild": cmd_rebuild,
    "report": cmd_report,
    "check": cmd_check,
    "objectives": cmd_objectives,
}
"""The commands on a workspace, by name (`demo` and the app need none)."""


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
