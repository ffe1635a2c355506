"""The referral taxonomy."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.caching import LONG, cached
from api.schemas.categories import CategoryLabels, CategoryList, CategoryRead
from geo.directory.categories import CATEGORIES

router = APIRouter(prefix="/api/v1/categories", tags=["categories"])


@router.get("", response_model=CategoryList, summary="Referral categories")
async def list_categories(request: Request) -> Response:
    """Return every category: slug, labels, guideline section and external mappings."""
    body = CategoryList(
        categories=[
            CategoryRead(
                slug=c.slug,
                labels=CategoryLabels(fr=c.label_fr, en=c.label_en),
                guideline=c.guideline,
                finess=list(c.finess),
                osm=list(c.osm),
                data_inclusion=list(c.data_inclusion),
                soliguide=list(c.soliguide),
            )
            for c in CATEGORIES
        ]
    )
    return cached(request, body.model_dump_json(), media_type="application/json", max_age=LONG)
