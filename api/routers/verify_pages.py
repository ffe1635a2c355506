"""The page of a campaign link (`/verify/{service_id}/{token}`): a structure confirms or
corrects its own record, without an account."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
