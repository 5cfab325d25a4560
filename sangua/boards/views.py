"""The office dashboard and the public wall: parse the request, call selectors, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sangua.api.auth import accepts_api_token
from sangua.core.excel import xlsx_response
from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import is_office
from sangua.progress.figures import region_board
from sangua.progress.publication import parse_month

from . import exports, panels, selectors


def _dashboard_choice(
    request: HttpRequest,
) -> tuple[User, Region, list[selectors.MonthOption], selectors.MonthChoice]:
    """The region (in the user's scope) and month the dashboard and its ranking export show."""
    user = request.user
    assert isinstance(user, User)  # login_required
    region = selectors.dashboard_region(user=user, code=request.GET.get("region"))
    options = selectors.month_options(region=region, include_unpublished=is_office(user))
    choice = selectors.dashboard_month(
        region=region, requested=parse_month(request.GET.get("period")), options=options
    )
    return user, region, options, choice


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The region of the user's scope for one month: figures, ranking, lights, watch list, gaps."""
    user, region, options, choice = _dashboard_choice(request)
    board = region_board(region, choice.year, choice.month)
    watch = selectors.watch_list(board)
    previous, following = selectors.adjacent_months(options, choice.year, choice.month)
    published = {(o.year, o.month) for o in options if o.published}
    context = {
        "nav": "dashboard",
        "region": region,
        "is_city": region.level != RegionLevel.DISTRICT,
        "regions": selectors.region_choices(user=user, region=region),
        "options": options,
        "choice": choice,
        "period": selectors.period_value(choice.year, choice.month),
        "period_label": selectors.month_label(choice.year, choice.month),
        "refused_label": choice.refused and selectors.month_label(*choice.refused),
        "previous": previous,
        "following": following,
        "board": board,
        "figures": board.figures,
        "lights": selectors.light_items(board),
        "scale": selectors.bar_scale(board),
        "watch": watch,
        "schedule": selectors.schedule_watch(board, watch),
        "gaps": selectors.report_gaps(region, choice.year, choice.month),
        "chart": selectors.cumulative_chart(board),
        "can_publish": (
            not choice.published
            and selectors.month_is_over(choice.year, choice.month)
            and selectors.can_publish(user, region)
        ),
        "publish_first": selectors.publish_first(options, choice.year, choice.month),
        "my_unit_code": user.unit.code if user.unit is not None else None,
        "supervision": panels.supervision_panel(region, choice.year, choice.month, user),
        "accountability": panels.findings_panel(
            user=user, region=region, year=choice.year, month=choice.month, published=published
        ),
        "warnings": panels.warnings_panel(region, choice.year, choice.month),
    }
    return render(request, "boards/dashboard.html", context)


@accepts_api_token
@login_required
@require_GET
def ranking_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's ranking, for the same region and month, as an Excel workbook."""
    _user, region, _options, choice = _dashboard_choice(request)
    board = region_board(region, choice.year, choice.month)
    return xlsx_response(
        f"{region.name}排名-{choice.year}-{choice.month:02d}.xlsx",
        [exports.ranking_sheet(board, published=choice.published)],
    )


def _wall_context(request: HttpRequest, code: str) -> dict[str, object]:
    region = get_object_or_404(Region, code=code)
    requested = parse_month(request.GET.get("period"))
    choice = selectors.wall_month(region=region, requested=requested)
    context: dict[str, object] = {
        "region": region,
        "is_city": region.level != RegionLevel.DISTRICT,
        "choice": choice,
        "refresh_seconds": settings.SANGUA_WALL_REFRESH_SECONDS,
        "query": request.GET.urlencode(),
        "refused_label": requested and selectors.month_label(*requested),
    }
    if choice is not None:
        board = region_board(region, choice.year, choice.month)
        watch = selectors.watch_list(board)
        context.update(
            {
                "refused_label": choice.refused and selectors.month_label(*choice.refused),
                "period": selectors.period_value(choice.year, choice.month),
                "period_label": selectors.month_label(choice.year, choice.month),
                "published_at": selectors.published_at(region, choice.year, choice.month),
                "board": board,
                "figures": board.figures,
                "lights": selectors.light_items(board),
                "scale": selectors.bar_scale(board),
                "watch": watch,
                "schedule": selectors.schedule_watch(board, watch),
                "columns": selectors.rank_columns(board.rows),
                "chart": selectors.rate_chart(board),
                "supervision": panels.supervision_panel(region, choice.year, choice.month),
            }
        )
    return context


@require_GET
def wall(request: HttpRequest, code: str) -> HttpResponse:
    """The public wall (公示墙) of a district or a city: published figures only, for a big screen."""
    return render(request, "boards/wall.html", _wall_context(request, code))


@require_GET
def wall_live(request: HttpRequest, code: str) -> HttpResponse:
    """The wall's changing part, fetched again every few minutes by htmx (no page reload)."""
    return render(request, "boards/_wall_live.html", _wall_context(request, code))
