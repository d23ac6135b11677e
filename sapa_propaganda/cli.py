"""The `sapa` command line: parse the arguments, make one core call, hand the result to a renderer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import commands
from .errors import SapaError
from .settings import Settings, make_settings

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
            typer.echo(err.message(), err=True)
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
        "--today", envvar="SAPA_TODAY",
        help="Coi ngày này là hôm nay: dd/mm/yyyy hoặc yyyy-mm-dd (pretend today is DATE).",
        show_default=False)] = None,
    lang: Annotated[str, typer.Option(
        "--lang", envvar="SAPA_LANG", help="Ngôn ngữ giao diện: vi hoặc en (interface language).")] = "vi",
    rich: Annotated[bool | None, typer.Option(
        "--rich/--plain", help="Bảng Rich hay văn bản thuần; mặc định theo terminal (Rich tables or plain text).",
        show_default=False)] = None,
) -> None:
    """Theo dõi kế hoạch, nhiệm vụ và hạn báo cáo (plan, duty and reporting-deadline tracker)."""
    ctx.obj = make_settings(plan=plan, data=data, today=today, lang=lang, rich=rich)


@plan_app.command("check")
@reports_errors
def plan_check(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(
        help="Tệp cần kiểm tra; mặc định là kế hoạch đang dùng (plan file to check).", show_default=False)] = None,
    as_json: JsonFlag = False,
) -> None:
    """Kiểm tra tệp kế hoạch, báo mọi lỗi kèm số dòng (validate a plan file)."""
    commands.plan_check(settings_of(ctx), file, as_json)


@plan_app.command("show")
@reports_errors
def plan_show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Thông tin văn bản và cây các mục I–III (metadata and the tree of sections)."""
    commands.plan_show(settings_of(ctx), as_json)


@app.command("units")
@reports_errors
def units(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Danh sách đơn vị: mã, tên, trực thuộc, số nhiệm vụ, thành viên (list the units)."""
    commands.units(settings_of(ctx), as_json)


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
    commands.duties(settings_of(ctx), unit, search, include_all, status, as_json)


@app.command("show")
@reports_errors
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Mã mục, ví dụ III.1.2 (item id).")],
    as_json: JsonFlag = False,
) -> None:
    """Toàn văn một mục: nội dung, đơn vị, mục cha, thời gian, chế độ báo cáo (one item in full)."""
    commands.show(settings_of(ctx), item_id, as_json)



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
    commands.mark(settings_of(ctx), item_id, status, note, on, by, ref)


@app.command("undo")
@reports_errors
def undo(
    ctx: typer.Context,
    by: Annotated[str | None, typer.Option("--by", help="Người hoàn tác (who).")] = None,
) -> None:
    """Hoàn tác sự kiện gần nhất bằng một sự kiện đảo ngược (revert the latest event)."""
    commands.undo(settings_of(ctx), by)


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
    commands.history(settings_of(ctx), item_id, unit, since, as_json)


@app.command("export")
@reports_errors
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv, toml hoặc ics (output format).")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Ghi ra tệp thay vì màn hình (write to FILE).",
                                                show_default=False)] = None,
) -> None:
    """Xuất trạng thái hiện tại và lịch sử (export state and history)."""
    commands.export(settings_of(ctx), fmt, output)


@app.command("import")
@reports_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        help="Sổ tiến độ (hoặc tệp xuất TOML/JSON) của cùng kế hoạch (ledger to merge).")],
) -> None:
    """Gộp sổ tiến độ của đơn vị khác vào sổ này, theo mã sự kiện (merge another ledger)."""
    commands.import_(settings_of(ctx), file)


@app.command("info")
@reports_errors
def info(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Đường dẫn tệp kế hoạch, sổ tiến độ và thư mục dữ liệu (where things are)."""
    commands.info(settings_of(ctx), as_json)


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
    commands.submit(settings_of(ctx), unit, period, on, ref, note, by)


@app.command("reports")
@reports_errors
def reports(
    ctx: typer.Context,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", help="Chỉ kỳ này, ví dụ 2022-H1 (only this period).")] = None,
    unit: UnitOption = None,
    overdue_only: Annotated[bool, typer.Option(
        "--overdue", help="Chỉ báo cáo quá hạn (only overdue reports).")] = False,
    include_future: Annotated[bool, typer.Option(
        "--all", help="Cả các kỳ sau kỳ hiện tại (future periods too).")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Tình hình nộp báo cáo theo kỳ: hạn, ngày nhận, số văn bản, tình trạng (reports by period)."""
    commands.reports(settings_of(ctx), period, unit, overdue_only, include_future, as_json)


@app.command("overdue")
@reports_errors
def overdue(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Mọi thứ đã quá hạn: báo cáo chưa nộp và nhiệm vụ có hạn chưa xong (everything past due)."""
    commands.overdue(settings_of(ctx), as_json)


@app.command("status")
@reports_errors
def status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Bảng tình hình hằng ngày: kỳ hiện tại, hạn gần nhất, tiến độ từng đơn vị (daily dashboard)."""
    commands.status(settings_of(ctx), as_json)


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
    commands.checklist(settings_of(ctx), period, unit, fmt, output)


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
    commands.remind(settings_of(ctx), days, fail_on_overdue)