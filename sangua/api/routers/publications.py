"""POST /publications: the office publishes a district's month (发布)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from sangua.progress import services

from .. import selectors
from ..auth import SIGNED_IN, signed_in
from ..schemas.common import errors_responses
from ..schemas.reports import PublicationIn, PublicationOut

router = Router(tags=["publications"], auth=SIGNED_IN)


@router.post(
    "",
    response={201: PublicationOut, **errors_responses(401, 403, 404, 409, 422)},
    summary="Publish a district's month: it goes on the wall and the public API",
)
def publish_month(request: HttpRequest, payload: PublicationIn) -> Status[Any]:
    region = selectors.region_by_code(payload.region)
    publication = services.month_publish(
        region=region, year=payload.year, month=payload.month, by=signed_in(request)
    )
    return Status(
        201,
        {
            "region": {"code": region.code, "name": region.name},
            "year": publication.year,
            "month": publication.month,
            "published_at": publication.published_at,
            "published_by": publication.published_by.username if publication.published_by else None,
        },
    )
