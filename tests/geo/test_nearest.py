"""Nearest services equal a brute-force haversine ordering and respect every filter."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncConnection

from geo.db import Database
from geo.directory.drafts import ServiceDraft
from geo.directory.hours import HoursRule, OpenState, state_at
from geo.directory.queries.services import nearest_services
from geo.directory.queries.writes import upsert_services
from geo.values import Audience, Freshness, LonLat, OpenMatch, ServiceFilter
from tests.conftest import HORIZON, NOW

R = 6_371_008.8
CATEGORIES = ["cegidd", "csapa", "pharmacy", "hygiene"]
HOURS = [
    None,
    "24/7",
    "Mo-Fr 09:00-17:00; PH off",
    "Mo-Sa 21:00-02:00",
    "Tu,Th 18:00-22:00",
    'Sa "sur rendez-vous"',
]


def haversine(a: LonLat, lon: float, lat: float) -> float:
    p1, p2 = math.radians(a.lat), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(math.sqrt(h))


services = st.lists(
    st.fixed_dictionaries(
        {
            "lon": st.floats(7.35, 7.50),
            "lat": st.floats(43.70, 43.78),
            "categories": st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=2),
            "languages": st.lists(st.sampled_from(["fr", "ro", "bg"]), max_size=2),
            "opening_hours": st.sampled_from(HOURS),
            "visibility": st.sampled_from(["public", "public", "professionals"]),
        }
    ),
    max_size=25,
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=services,
    origin=st.builds(LonLat, st.floats(7.35, 7.50), st.floats(43.70, 43.78)),
    k=st.integers(1, 8),
    category=st.sampled_from([None, *CATEGORIES]),
    language=st.sampled_from([None, "ro"]),
    hours_ahead=st.sampled_from([None, 0, 5, 30, 24 * 12, 24 * 200]),
    match=st.sampled_from(list(OpenMatch)),
)
async def test_nearest_equals_brute_force(
    connection: AsyncConnection,
    rows: list[dict[str, object]],
    origin: LonLat,
    k: int,
    category: str | None,
    language: str | None,
    hours_ahead: int | None,
    match: OpenMatch,
) -> None:
    open_at: datetime | None = None if hours_ahead is None else NOW + timedelta(hours=hours_ahead)
    drafts = [
        ServiceDraft.model_validate({**r, "name": f"S{i}", "source": "prop", "source_id": str(i)})
        for i, r in enumerate(rows)
    ]
    filters = ServiceFilter(
        categories=(category,) if category else (),
        languages=(language,) if language else (),
        open_at=open_at,
        open_match=match,
    )
    savepoint = await connection.begin_nested()
    try:
        database = Database.from_connection(connection)
        async with database.session() as session:
            await upsert_services(session, drafts=drafts, horizon=HORIZON)
            got = await nearest_services(
                session,
                freshness=Freshness(),
                audience=Audience.PUBLIC,
                origin=origin,
                filters=filters,
                at=open_at or NOW,
                limit=k,
            )
    finally:
        await savepoint.rollback()

    def eligible(d: ServiceDraft) -> bool:
        if d.visibility != "public" or (category and category not in d.categories):
            return False
        if language and language not in d.languages:
            return False
        if open_at is None:
            return True
        if d.opening_hours is None:  # hours unknown
            return match is not OpenMatch.KNOWN
        if match is OpenMatch.UNKNOWN:
            return False
        return state_at(HoursRule(d.opening_hours), open_at).state is OpenState.OPEN

    expected = sorted(
        (haversine(origin, d.lon or 0.0, d.lat or 0.0), d.name) for d in drafts if eligible(d)
    )
    assert len(got) == min(k, len(expected))
    tol = 0.01  # metres: ties and float noise only
    kth = expected[len(got) - 1][0] if got else 0.0
    distances = {name: dist for dist, name in expected}
    previous = 0.0
    for view in got:
        true = distances[view.record.name]
        assert true <= kth + tol
        assert view.distance_m is not None
        assert abs(view.distance_m - true) <= 1e-6 * true + tol
        assert true >= previous - tol
        previous = true
