"""The `sapa` command line: parse the arguments, make one core call, hand the result to a renderer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import i18n, queries
from .dates import parse_date, today as real_today
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
    as_json: JsonFlag = False,
) -> None:
    """Nhiệm vụ theo đơn vị, theo thứ tự văn bản (duties by unit, in document order)."""
    settings = settings_of(ctx)
    plan = settings.plan()
    chosen = resolve_unit(plan, unit) if unit else None
    groups = queries.list_duties(plan, chosen, search or "", include_all)
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
    detail = queries.item_detail(plan, resolve_item(plan, item_id))
    pick_renderer(as_json, settings.rich).item(detail)
