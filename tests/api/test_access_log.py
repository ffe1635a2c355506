"""Access logs never carry a position finer than about a kilometre."""

from __future__ import annotations

import logging

import httpx
import pytest

from api.access import redact_query


def test_redact_query_rounds_every_precise_number() -> None:
    assert redact_query("lon=7.424614&lat=43.738412&limit=5") == "lon=7.42&lat=43.74&limit=5"
    assert redact_query("bbox=7.41234,43.70001,7.5,43.8") == "bbox=7.41,43.70,7.5,43.8"
    assert redact_query("") == ""


async def test_nearest_request_is_logged_coarsely(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="maraude.access"):
        await client.get("/api/v1/services/nearest", params={"lon": 7.424614, "lat": 43.738412})
    lines = [r.getMessage() for r in caplog.records if r.name == "maraude.access"]
    assert len(lines) == 1
    assert "lon=7.42&lat=43.74" in lines[0]
    assert "7.4246" not in lines[0]
    assert "43.7384" not in lines[0]
