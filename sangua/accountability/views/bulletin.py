"""The bulletin (通报): a page to choose the period, and the PDF and Excel downloads."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sangua.api.auth import accepts_api_token
from sangua.core.errors import ServiceError
from sangua.core.excel import XLSX
from sangua.orgs.scopes import is_office
from sangua.progress.publication import default_month

from ..bulletin import bulletin_data, bulletin_pdf, bulletin_xlsx
from ..selectors import parse_period
from .close import closable_periods
from .common import region_for, user_of

FORMATS = {"pdf": "application/pdf", "xlsx": XLSX}


@login_required
@require_GET
def bulletin(request: HttpRequest) -> HttpResponse:
    """Choose a region and a period; see what the bulletin will say; download it."""
    user = user_of(request)
    region = region_for(request, request.GET.get("region"))
    year, month = default_month(region)
    text = request.GET.get("period") or f"{year}-{month:02d}"
    data = error = None
    try:
        data = bulletin_data(region, parse_period(text))
    except ServiceError as refused:
        error = refused.message
    context = {
        "nav": "bulletin",
        "region": region,
        "period": text,
        "periods": closable_periods(region) if region.is_district else [],
        "b": data,
        "error": error,
        "is_office": is_office(user),
    }
    return render(request, "accountability/bulletin.html", context, status=200 if data else 404)


@accepts_api_token
@login_required
@require_GET
def bulletin_download(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    """The bulletin as a PDF or an Excel workbook (published months only)."""
    if fmt not in FORMATS:
        raise Http404
    region = region_for(request, code)
    try:
        data = bulletin_data(region, parse_period(period))
    except ServiceError as refused:
        raise Http404(refused.message) from None
    content = bulletin_pdf(data) if fmt == "pdf" else bulletin_xlsx(data)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    name = f"{region.name}重点项目建设情况通报-{data.period}.{fmt}"
    ascii_name = f"{data.filename_stem}.{fmt}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    return response
