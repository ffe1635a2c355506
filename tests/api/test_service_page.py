"""The public page of one service (`/service/{id}`): its sheet in the reader's language with the
streets around it and no way from anywhere, only the phone of a confidential address, the same
page not found for what the public may not see, and the public pages' headers (no cookie)."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from sqlalchemy import text

from api.policy import csp
from api.settings import Settings
from geo.db import Database
from tests.conftest import add, draft
from web.i18n import LANGUAGES, catalog

HOURS = "Mo-Fr 09:00-17:00; PH off"
SHELTER = {
    "name": "Foyer des Glycines",
    "categories": ("emergency-shelter",),
    "lon": 7.41873,
    "lat": 43.73231,
    "address": "12 rue Cachée",
    "postcode": "98000",
    "city": "Monaco",
    "phone": "04 93 11 22 33",
    "opening_hours": "24/7",
    "visibility": "confidential-address",
}
LOCATED = ("rue Cachée", "98000", "Monaco", "7.41873", "43.73231", "7.4187", "43.7323")


async def _service(database: Database, **fields: object) -> str:
    """Add a service and return its id."""
    source_id = uuid.uuid4().hex
    await add(database, draft(source_id=source_id, **fields))
    async with database.session() as session:
        found = await session.execute(
            text("SELECT id FROM service WHERE source_id = :s"), {"s": source_id}
        )
        return str(found.scalar_one())


def _words(html: str) -> str:
    words = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&#39;", "'"), ("&amp;", "&"), ("&quot;", '"'), ("&nbsp;", " ")):
        words = words.replace(entity, char)
    return " ".join(words.replace("\u2009", "").split())


def _public_headers(response: httpx.Response, settings: Settings, lang: str) -> None:
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == csp(settings, frame_ancestors="'none'")
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["content-language"] == lang
    assert "set-cookie" not in response.headers


async def test_a_public_service_shows_its_name_phone_and_hours_in_words(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    sid = await _service(
        database,
        name="CeGIDD du Rocher",
        phone="+377 93 00 00 01",
        opening_hours=HOURS,
        address="3 avenue de la Visite",
        postcode="98000",
        city="Monaco",
    )
    response = await client.get(f"/service/{sid}?lang=fr")
    assert response.status_code == 200, response.text[:300]
    _public_headers(response, settings, "fr")
    html, words = response.text, _words(response.text)
    assert "CeGIDD du Rocher" in words
    assert 'href="tel:+37793000001"' in html
    assert "lundi–vendredi : 09:00–17:00" in words
    assert "fermé les jours fériés" in words
    assert "Mo-Fr" not in words
    assert "3 avenue de la Visite, 98000 Monaco" in words
    assert 'class="streets' in html  # a small street map around it
    assert f'"share": "/service/{sid}?lang=fr"' in html
    assert 'id="quick-exit"' in html
    assert 'href="/?lang=fr"' in html  # the public map


async def test_no_way_is_drawn_from_anywhere_even_when_a_position_is_sent(
    client: httpx.AsyncClient, database: Database
) -> None:
    sid = await _service(database, name="CeGIDD", phone="+377 93 00 00 01")
    html = (await client.get(f"/service/{sid}?lang=en&lon=7.4246&lat=43.7384")).text
    assert "<polyline" not in html
    assert 'class="start"' not in html
    assert catalog("en").gettext("On foot") not in _words(html)


async def test_a_confidential_address_shows_the_phone_and_nothing_of_where_it_is(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    sid = await _service(database, **SHELTER)
    for lang in ("fr", "ar"):
        response = await client.get(f"/service/{sid}?lang={lang}")
        assert response.status_code == 200
        _public_headers(response, settings, lang)
        html, words = response.text, _words(response.text)
        assert "Foyer des Glycines" in words
        assert 'href="tel:0493112233"' in html
        assert catalog(lang).gettext("Call: they will tell you where to go.") in words
        for located in LOCATED:
            assert located not in html, located
        assert "sheet-map" not in html
        assert "<svg" not in html


@pytest.mark.parametrize("hidden", ["professionals", "withdrawn"])
async def test_a_service_the_public_may_not_see_is_not_found(
    client: httpx.AsyncClient, database: Database, settings: Settings, hidden: str
) -> None:
    fields: dict[str, object] = {"name": "Équipe mobile réservée", "phone": "+33 4 00 00 00 99"}
    if hidden == "professionals":
        fields["visibility"] = "professionals"
    sid = await _service(database, **fields)
    if hidden == "withdrawn":
        async with database.session() as session:
            await session.execute(
                text("UPDATE service SET withdrawn_at = now() WHERE id = :id"), {"id": sid}
            )
            await session.commit()
    response = await client.get(f"/service/{sid}?lang=es")
    assert response.status_code == 404
    _public_headers(response, settings, "es")
    assert response.headers["content-type"].startswith("text/html")
    for secret in ("Équipe mobile", "&#201;quipe", "00 00 00 99", sid):
        assert secret not in response.text


@pytest.mark.parametrize(
    "asked",
    [str(uuid.uuid4()), "not-a-service", "7d9c" * 8, "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"],
)
async def test_an_unknown_service_is_a_page_in_the_readers_language_naming_nothing(
    client: httpx.AsyncClient, settings: Settings, asked: str
) -> None:
    response = await client.get(f"/service/{asked}", headers={"Accept-Language": "ru,fr;q=0.5"})
    assert response.status_code == 404
    _public_headers(response, settings, "ru")
    html = response.text
    assert '<html lang="ru" dir="ltr">' in html
    assert catalog("ru").gettext("Help and health services nearby") in html
    assert 'id="quick-exit"' in html
    assert '<meta name="robots" content="noindex">' in html
    for echoed in (asked, "not-a-service", "7d9c", "onerror", "alert(1)"):
        assert echoed not in html


async def test_arabic_is_right_to_left_and_the_browser_language_is_followed(
    client: httpx.AsyncClient, database: Database
) -> None:
    sid = await _service(database, name="CeGIDD", opening_hours=HOURS)
    arabic = (await client.get(f"/service/{sid}?lang=ar")).text
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<section class="side" lang="ar" dir="rtl">' in arabic
    assert '<section class="side" lang="fr" dir="ltr">' in arabic  # French beside it
    chosen = await client.get(f"/service/{sid}", headers={"Accept-Language": "ro-RO,ro;q=0.9"})
    assert '<html lang="ro" dir="ltr">' in chosen.text
    assert "Accept-Language" in chosen.headers["vary"]
    menu = re.findall(r'<option value="(\w+)"', arabic)
    assert menu == list(LANGUAGES)
