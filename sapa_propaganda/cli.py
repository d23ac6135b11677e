"""The `sapa` command line: parse the arguments, make one core call, hand the result to a renderer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import i18n, queries
from .dates import parse_date
from .dates import today as real_today
from .errors import SapaError, UsageError
from .matching import resolve_item, resolve_unit
from .render import pick_renderer
from .settings import Settings, bundled_plan, default_data_dir

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="sapa",
    help="Theo dõi kế hoạch, nhiệm vụ và hạn báo cáo (plan, duty and reporting-deadline tracker).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
plan_app = typer.Typer(help="Kiểm tra và xem tệp kế hoạch (check and show the plan file).",
                       no_args_is_help=True)
app.add_typer(plan_app, name="plan")

JsonFlag = Annotated[bool, typer.Option("--json", help="In JSON (UTF-8) thay cho bảng (print JSON).")]
UnitOption = Annotated[
    str | None,
    typer.Option("--unit", "-u", help="Đơn vị: mã, tên hoặc tên tắt, không cần dấu (unit id, name or alias)."),
]


def reports_errors(func: F) -> F:
    """Turn a SapaError into one line on stderr and its exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SapaError as err:
            typer.echo(f"sapa: {err}", err=True)
            raise typer.Exit(err.exit_code) from None

    return wrapper  # type: ignore[return-value]


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


@app.callback()
@reports_errors
def main_options(
    ctx: typer.Context,
    plan: Annotated[Path | None, typer.Option(
        "--plan", envvar="SAPA_PLAN", help="Tệp kế hoạch TOML; mặc định là kế hoạch kèm theo (plan file).",
        show_default=False)] = None,
    data: Annotated[Path | None, typer.Option(
        "--data", envvar="SAPA_DATA", help="Thư mục lưu tiến độ (data directory for progress).",
        show_default=False)] = None,
    today: Annotated[str | None, typer.Option(
        "--today", envvar="SAPA_TODAY", help="Coi ngày này là hôm nay: dd/mm/yyyy hoặc yyyy-mm-dd (pretend today is DATE).",
        show_default=False)] = None,
    lang: Annotated[str, typer.Option(
        "--lang", envvar="SAPA_LANG", help="Ngôn ngữ giao diện: vi hoặc en (interface language).")] = "vi",
    rich: Annotated[bool | None, typer.Option(
        "--rich/--plain", help="Bảng Rich hay văn bản thuần; mặc định theo terminal (Rich tables or plain text).",
        show_default=False)] = None,
) -> None:
    """Theo dõi kế hoạch, nhiệm vụ và hạn báo cáo (plan, duty and reporting-deadline tracker)."""
    if lang.lower() not in i18n.LANGUAGES:
        raise UsageError("bad_language", value=lang)
    i18n.set_language(lang.lower())
    ctx.obj = Settings(
        plan_path=plan or bundled_plan(),
        data_dir=data or default_data_dir(),
        today=parse_date(today) if today else real_today(),
        rich=rich,
    )


@plan_app.command("check")
@reports_errors
def plan_check(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(
        help="Tệp cần kiểm tra; mặc định là kế hoạch đang dùng (plan file to check).", show_default=False)] = None,
    as_json: JsonFlag = False,
) -> None:
    """Kiểm tra tệp kế hoạch, báo mọi lỗi kèm số dòng (validate a plan file)."""
    from .plan_loader import load_plan

    settings = settings_of(ctx)
    plan = load_plan(file) if file else settings.plan()
    pick_renderer(as_json, settings.rich).plan_ok(plan)


@plan_app.command("show")
@reports_errors
def plan_show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Thông tin văn bản và cây các mục I–III (metadata and the tree of sections)."""
    settings = settings_of(ctx)
    pick_renderer(as_json, settings.rich).plan_overview(settings.plan())


@app.command("units")
@reports_errors
def units(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Danh sách đơn vị: mã, tên, trực thuộc, số nhiệm vụ, thành viên (list the units)."""
    settings = settings_of(ctx)
    pick_renderer(as_json, settings.rich).units(queries.list_units(settings.plan()))


@app.command("duties")
@reports_errors
def duties(
    ctx: typer.Context,
    unit: UnitOption = None,
    search: Annotated[str | None, typer.Option(
        "--search", "-s", help="Chỉ nhiệm vụ có chứa các từ này, không cần dấu (words to look for).")] = None,
    include_all: Annotated[bool, typer.Option(
        "--all", help="Cả nội dung và hình thức có ghi đơn vị, không chỉ mục III (contents and forms too).")] = False,
    status: Annotated[str | None, typer.Option(
        "--status", help="Chỉ nhiệm vụ có trạng thái này (only duties with this status).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Nhiệm vụ theo đơn vị, theo thứ tự văn bản (duties by unit, in document order)."""
    settings = settings_of(ctx)
    plan = settings.plan()
    chosen = resolve_unit(plan, unit) if unit else None
    from .progress import parse_status

    wanted = parse_status(status) if status else None
    groups = queries.list_duties(plan, chosen, search or "", include_all, settings.state(), wanted)
    pick_renderer(as_json, settings.rich).duties(groups)


@app.command("show")
@reports_errors
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Mã mục, ví dụ III.1.2 (item id).")],
    as_json: JsonFlag = False,
) -> None:
    """Toàn văn một mục: nội dung, đơn vị, mục cha, thời gian, chế độ báo cáo (one item in full)."""
    settings = settings_of(ctx)
    plan = settings.plan()
    detail = queries.item_detail(plan, resolve_item(plan, item_id), settings.state())
    pick_renderer(as_json, settings.rich).item(detail)


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


@app.command("mark")
@reports_errors
def mark(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Mã nhiệm vụ, ví dụ III.1.2 (item id).")],
    status: Annotated[str, typer.Argument(
        metavar="STATUS", help="todo/chua, doing/dang, done/xong, blocked/vuong hoặc nhãn tiếng Việt (new status).")],
    note: Annotated[str | None, typer.Option("--note", "-n", help="Ghi chú (a note).")] = None,
    on: Annotated[str | None, typer.Option(
        "--date", "-d", help="Ngày hiệu lực, mặc định hôm nay; không được ở tương lai (effective date).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Người cập nhật; mặc định tài khoản máy (who).")] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="Số văn bản, ví dụ 15-BC/BTGThU (document number).")] = None,
) -> None:
    """Ghi nhận tiến độ một nhiệm vụ (record progress on an item)."""
    from . import actions
    from .dates import now
    from .progress import parse_status

    settings = settings_of(ctx)
    plan = settings.plan()
    result = actions.mark(
        plan, settings.ledger_file(), resolve_item(plan, item_id), parse_status(status),
        today=settings.today, now=now(), effective=parse_date(on) if on else None, note=note,
        by=by if by is not None else os_user(), ref=ref or "",
    )
    pick_renderer(False, settings.rich).marked(result)


@app.command("undo")
@reports_errors
def undo(
    ctx: typer.Context,
    by: Annotated[str | None, typer.Option("--by", help="Người hoàn tác (who).")] = None,
) -> None:
    """Hoàn tác sự kiện gần nhất bằng một sự kiện đảo ngược (revert the latest event)."""
    from . import actions
    from .dates import now

    settings = settings_of(ctx)
    result = actions.undo(settings.plan(), settings.ledger_file(), today=settings.today, now=now(),
                          by=by if by is not None else os_user())
    pick_renderer(False, settings.rich).undone(result)


@app.command("history")
@reports_errors
def history(
    ctx: typer.Context,
    item_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="Chỉ lịch sử của mục này (only this item).",
                                                  show_default=False)] = None,
    unit: UnitOption = None,
    since: Annotated[str | None, typer.Option("--since", help="Chỉ từ ngày này (only since DATE).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Lịch sử cập nhật, mới nhất trước (events, newest first)."""
    settings = settings_of(ctx)
    plan = settings.plan()
    rows = queries.history(
        plan, settings.state(),
        item=resolve_item(plan, item_id) if item_id else None,
        unit=resolve_unit(plan, unit) if unit else None,
        since=parse_date(since) if since else None,
    )
    pick_renderer(as_json, settings.rich).history(rows)


@app.command("export")
@reports_errors
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv, toml hoặc ics (output format).")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Ghi ra tệp thay vì màn hình (write to FILE).",
                                                show_default=False)] = None,
) -> None:
    """Xuất trạng thái hiện tại và lịch sử (export state and history)."""
    from .dates import now
    from .exchange import Export, render_export

    settings = settings_of(ctx)
    data = render_export(Export(settings.plan(), settings.state(), now()), fmt.lower())
    if output is None:
        import sys

        sys.stdout.flush()
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(data.decode())
        return
    from .ledger import write_atomically

    write_atomically(output, data)
    typer.echo(i18n.tr("exported", path=output), err=True)


@app.command("import")
@reports_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Sổ tiến độ (hoặc tệp xuất TOML/JSON) của cùng kế hoạch (ledger to merge).")],
) -> None:
    """Gộp sổ tiến độ của đơn vị khác vào sổ này, theo mã sự kiện (merge another ledger)."""
    from . import actions

    settings = settings_of(ctx)
    result = actions.import_ledger(settings.plan(), settings.ledger_file(), file)
    pick_renderer(False, settings.rich).imported(result)


@app.command("info")
@reports_errors
def info(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Đường dẫn tệp kế hoạch, sổ tiến độ và thư mục dữ liệu (where things are)."""
    from .dates import format_date

    settings = settings_of(ctx)
    plan = settings.plan()
    ledger_file = settings.ledger_file()
    events = settings.events()
    rows = [
        (i18n.tr("info_plan"), str(settings.plan_path.resolve())),
        (i18n.tr("info_plan_id"), plan.id),
        (i18n.tr("info_data"), str(settings.data_dir.resolve())),
        (i18n.tr("info_ledger"), str(ledger_file.resolve()) + ("" if ledger_file.exists() else " " + i18n.tr("info_missing"))),
        (i18n.tr("info_events"), str(len(events))),
        (i18n.tr("info_today"), format_date(settings.today)),
    ]
    if as_json:
        rows = [("plan", rows[0][1]), ("plan_id", plan.id), ("data", rows[2][1]),
                ("ledger", str(ledger_file.resolve())), ("events", str(len(events))),
                ("today", settings.today.isoformat())]
    pick_renderer(as_json, settings.rich).fields(rows)


PeriodArgument = Annotated[str, typer.Argument(
    metavar="PERIOD", help="Kỳ báo cáo: 2022-H1, 2022-Y, 6t-2022, nam-2022, 2024-Q1 (reporting period).")]


@app.command("submit")
@reports_errors
def submit(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(metavar="UNIT", help="Đơn vị gửi báo cáo (the reporting unit).")],
    period: PeriodArgument,
    on: Annotated[str | None, typer.Option("--date", "-d", help="Ngày nhận, mặc định hôm nay (date received).")] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="Số văn bản, ví dụ 15-BC/MTTQ (document number).")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Ghi chú (a note).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Người cập nhật; mặc định tài khoản máy (who).")] = None,
) -> None:
    """Ghi nhận đã nhận báo cáo của một đơn vị cho một kỳ (record a report received)."""
    from . import actions
    from .dates import now
    from .periods import parse_period

    settings = settings_of(ctx)
    plan = settings.plan()
    row = actions.submit(
        plan, settings.ledger_file(), resolve_unit(plan, unit).id, parse_period(period),
        today=settings.today, now=now(), effective=parse_date(on) if on else None, ref=ref or "",
        note=note, by=by if by is not None else os_user(),
    )
    pick_renderer(False, settings.rich).submitted(plan, row)


@app.command("reports")
@reports_errors
def reports(
    ctx: typer.Context,
    period: Annotated[str | None, typer.Option("--period", "-p", help="Chỉ kỳ này, ví dụ 2022-H1 (only this period).")] = None,
    unit: UnitOption = None,
    overdue_only: Annotated[bool, typer.Option("--overdue", help="Chỉ báo cáo quá hạn (only overdue reports).")] = False,
    include_future: Annotated[bool, typer.Option(
        "--all", help="Cả các kỳ sau kỳ hiện tại (future periods too).")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Tình hình nộp báo cáo theo kỳ: hạn, ngày nhận, số văn bản, tình trạng (reports by period)."""
    from .deadlines import select_reports
    from .periods import parse_period

    settings = settings_of(ctx)
    plan = settings.plan()
    rows = select_reports(
        plan, settings.state(), settings.today,
        period=parse_period(period) if period else None,
        unit=resolve_unit(plan, unit).id if unit else None,
        overdue_only=overdue_only, include_future=include_future,
    )
    pick_renderer(as_json, settings.rich).reports(plan, rows)


@app.command("overdue")
@reports_errors
def overdue(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Mọi thứ đã quá hạn: báo cáo chưa nộp và nhiệm vụ có hạn chưa xong (everything past due)."""
    from .deadlines import overdue as find_overdue

    settings = settings_of(ctx)
    plan = settings.plan()
    pick_renderer(as_json, settings.rich).overdue(plan, find_overdue(plan, settings.state(), settings.today))


@app.command("status")
@reports_errors
def status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Bảng tình hình hằng ngày: kỳ hiện tại, hạn gần nhất, tiến độ từng đơn vị (daily dashboard)."""
    from .daily import dashboard

    settings = settings_of(ctx)
    pick_renderer(as_json, settings.rich).dashboard(dashboard(settings.plan(), settings.state(), settings.today))


@app.command("checklist")
@reports_errors
def checklist(
    ctx: typer.Context,
    period: PeriodArgument,
    unit: UnitOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md (Markdown) hoặc txt (output format).")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Ghi ra tệp (write to FILE).",
                                                show_default=False)] = None,
) -> None:
    """Danh mục kiểm tra để in cho một kỳ báo cáo (printable checklist for a period)."""
    from .daily import checklist as make_checklist
    from .periods import parse_period
    from .render.checklist_text import render_checklist

    if fmt not in ("md", "txt"):
        raise UsageError("bad_format", value=fmt, choices="md, txt")
    settings = settings_of(ctx)
    plan = settings.plan()
    chosen = resolve_unit(plan, unit) if unit else None
    text = render_checklist(make_checklist(plan, settings.state(), settings.today, parse_period(period), chosen), fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    from .ledger import write_atomically

    write_atomically(output, text.encode("utf-8"))
    typer.echo(i18n.tr("exported", path=output), err=True)


@app.command("remind")
@reports_errors
def remind(
    ctx: typer.Context,
    days: Annotated[int | None, typer.Option(
        "--days", min=0, help="Nhắc các hạn trong N ngày tới; mặc định theo kế hoạch (look N days ahead).")] = None,
    fail_on_overdue: Annotated[bool, typer.Option(
        "--fail-on-overdue", help="Thoát với mã 3 nếu có việc quá hạn (exit 3 when something is overdue).")] = False,
) -> None:
    """Nhắc việc cho cron: văn bản thuần, quá hạn trước; im lặng khi không có gì (reminders for cron)."""
    from .daily import reminders
    from .errors import OverdueFound
    from .render.labels import reminder_line

    settings = settings_of(ctx)
    plan = settings.plan()
    found = reminders(plan, settings.state(), settings.today, days)
    for reminder in found:
        typer.echo(reminder_line(plan, reminder, settings.today))
    if fail_on_overdue and any(r.is_overdue for r in found):
        raise OverdueFound("overdue_found", count=sum(r.is_overdue for r in found))
