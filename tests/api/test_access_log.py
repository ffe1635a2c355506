"""Access logs never carry a position finer than about a kilometre."""

from __future__ import annotations

import logging

import httpx
import pytest

from api.access import redact_query


def test_redact_query_rounds_every_precise_number() -> None:
    assert redact_query("lon=7.424614&lat=43.738412&limit=5") == "lon=7.42&lat=43.74&limit=5"
    assert redact_query("bbox=7.41234,43.70001,7.5,43.8") == "bbox=7.41,43.70,7.50,43.80"
    assert redact_query("") == ""


@pytest.mark.parametrize(
    ("written", "logged"),
    [
        ("lon=741234e-5", "lon=7.41"),
        ("lon=7_41234e-5", "lon=7.41"),
        ("lat=4373.8412E-2", "lat=43.74"),
        ("lon=%2B7.424614", "lon=7.42"),
        ("lon=.7424614e1", "lon=7.42"),
        ("lat=4_3.738412", "lat=43.74"),
        ("bbox=741234e-5,4370001e-5,75e-1,438e-1", "bbox=7.41,43.70,7.50,43.80"),
        ("lon=1e400", "lon=%3F"),
    ],
)
def test_numbers_in_any_notation_are_rounded(written: str, logged: str) -> None:
    assert redact_query(written) == logged


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
