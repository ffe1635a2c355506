"""Opening hours checked as they are typed: the week they mean, or why they are not valid."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import NOW

CHECK = "/api/v1/opening-hours/check"


async def test_an_evening_past_midnight_is_one_span_on_its_first_day(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post(CHECK, json={"expression": "Mo 22:00-02:00; Sa,Su 10:00-12:00"})
    assert r.status_code == 200
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    assert body["valid"] is True
    assert body["error"] is None
    days = body["week"]
    assert [d["day"] for d in days] == list(range(7))
    assert days[0]["spans"] == [[1320, 1560]]  # 22:00 to 02:00 the next day
    assert days[1]["spans"] == []  # Tuesday's early hours belong to Monday's evening
    assert days[5]["spans"] == days[6]["spans"] == [[600, 720]]
    assert body["hours_per_week"] == 8.0
    # The current week of the clock, Monday first.
    monday = NOW.date().toordinal() - NOW.weekday()
    assert days[0]["date"] == type(NOW.date()).fromordinal(monday).isoformat()


async def test_sunday_night_spills_into_the_next_week_and_the_week_counts_its_own_hours(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.post(CHECK, json={"expression": "Su 20:00-03:00"})).json()
    assert body["week"][6]["spans"] == [[1200, 1620]]
    assert body["week"][0]["spans"] == []
    # Sunday 20:00-24:00, and the Sunday before's 00:00-03:00 on Monday.
    assert body["hours_per_week"] == 7.0


async def test_a_day_and_night_service_is_seven_whole_days(client: httpx.AsyncClient) -> None:
    body = (await client.post(CHECK, json={"expression": "24/7"})).json()
    assert [d["spans"] for d in body["week"]] == [[[0, 1440]]] * 7
    assert body["hours_per_week"] == 168.0


@pytest.mark.parametrize("expression", ["Mo-Fr 25:00-26:00", "every day", "Mo-Fr 09:00-", " "])
async def test_an_invalid_expression_says_why_and_draws_nothing(
    client: httpx.AsyncClient, expression: str
) -> None:
    r = await client.post(CHECK, json={"expression": expression})
    assert r.status_code == 200
    body = r.json()
    assert body["valid"] is False
    assert body["error"]
    assert body["week"] == []


@pytest.mark.parametrize(
    "body",
    [{}, {"expression": "x" * 2001}, {"expression": "24/7", "timezone": "Mars/Olympus"}],
)
async def test_a_malformed_request_is_a_problem(client: httpx.AsyncClient, body: object) -> None:
    r = await client.post(CHECK, json=body)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
