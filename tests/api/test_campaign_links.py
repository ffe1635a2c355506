"""Campaign links end to end: e-mailed through a local SMTP sink, followed, answered once;
misuse refused with a clear page; corrections moderated; reminders to those who did not
answer."""

from __future__ import annotations

import email
import email.policy
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import procrastinate
import procrastinate.testing
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from api.deps import get_now
from api.mail import mail_campaign
from api.main import create_app
from api.settings import Settings
from geo.db import Database
from tests.conftest import NOW, Tenants, add, draft, free_port

TODAY = NOW.date()
ORIGIN = "http://maraude.test"
_LINK = re.compile(r"https?://[^\s/]+(/verify/[0-9a-f-]{36}/[A-Za-z0-9._=-]+)")


class Sink:
    """An SMTP handler keeping every message it gets."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Keep the message."""
        del server, session
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def links(self) -> dict[str, str]:
        """Return each recipient's link path."""
        found = {}
        for message in self.messages:
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            match = _LINK.search(body.get_content())
            assert match is not None, body.get_content()
            found[str(message["To"])] = match.group(1)
        return found


@pytest.fixture
def sink() -> Iterator[tuple[Sink, int]]:
    """An SMTP server on loopback and a free port."""
    handler = Sink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def mail_settings(settings: Settings, sink: tuple[Sink, int]) -> Settings:
    """The test settings with the SMTP sink as the instance's server."""
    return settings.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{sink[1]}"})


@pytest.fixture
async def mailer(mail_settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """A client on an app that sends e-mail, its clock fixed at NOW."""
    queue = procrastinate.App(connector=procrastinate.testing.InMemoryConnector())
    app = create_app(mail_settings, database=database, queue=queue)

    async def fixed_now() -> datetime:
        return NOW

    app.dependency_overrides[get_now] = fixed_now
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as c:
        yield c


async def _service(database: Database, **fields: object) -> str:
    made = draft(**fields)
    await add(database, made)
    async with database.session() as session:
        found = await session.scalar(
            text("SELECT id FROM service WHERE source_id = :s"), {"s": made.source_id}
        )
    return str(found)


async def _campaign(client: httpx.AsyncClient, tenants: Tenants, **body: object) -> dict[str, Any]:
    h = tenants.headers("coordinator_a")
    started = await client.post("/api/v1/campaigns", json={"title": "Hiver", **body}, headers=h)
    assert started.status_code == 201, started.text
    campaign: dict[str, Any] = started.json()
    return campaign


def _post(path: str, **form: str | list[str]) -> dict[str, Any]:
    return {"url": path, "data": form, "headers": {"Origin": ORIGIN}}


async def test_an_emailed_link_confirms_the_record_once(
    mailer: httpx.AsyncClient,
    database: Database,
    mail_settings: Settings,
    sink: tuple[Sink, int],
    tenants: Tenants,
) -> None:
    sid = await _service(
        database,
        name="Accueil de jour",
        email="accueil@example.org",
        last_verified=TODAY - timedelta(days=400),
    )
    campaign = await _campaign(mailer, tenants, stale_only=True)
    sent = await mail_campaign(
        database, mail_settings, campaign_id=uuid.UUID(campaign["id"]), reminder=False
    )
    assert sent >= 1
    path = sink[0].links()["accueil@example.org"]
    assert path.startswith(f"/verify/{sid}/")
    shown = await mailer.get(path)
    assert shown.status_code == 200
    assert "Accueil de jour" in shown.text
    assert shown.headers["cache-control"] == "no-store"
    assert shown.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in shown.headers["content-security-policy"]
    assert "set-cookie" not in shown.headers
    # A form sent from another site is refused.
    forged = await mailer.post(
        path, data={"action": "confirm"}, headers={"Origin": "https://evil.example"}
    )
    assert forged.status_code == 403
    done = await mailer.post(**_post(path, action="confirm"))
    assert done.status_code == 200, done.text
    assert "set-cookie" not in done.headers
    record = (await mailer.get(f"/api/v1/services/{sid}")).json()["properties"]
    # Checked today by the database's clock (the app's fixed clock does not reach it).
    assert record["last_verified"] == datetime.now(UTC).date().isoformat()
    assert record["verified_by"] == "structure"
    again = await mailer.get(path)
    assert again.status_code == 410
    assert (await mailer.post(**_post(path, action="confirm"))).status_code == 410
    read = await mailer.get(
        f"/api/v1/campaigns/{campaign['id']}", headers=tenants.headers("coordinator_a")
    )
    assert read.json()["confirmed"] == 1


async def test_misused_links_are_refused_with_a_page(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    one = await _service(database, name="One", email="one@example.org")
    two = await _service(database, name="Two")
    campaign = await _campaign(client, tenants, days=10)
    h = tenants.headers("coordinator_a")
    links = (await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=h)).json()["links"]
    path = next(x["url"] for x in links if x["service_id"] == one).split("8000", 1)[1]
    token = path.rsplit("/", 1)[1]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (await client.get(f"/verify/{one}/{tampered}")).status_code == 404
    assert (await client.get(f"/verify/{one}/nonsense")).status_code == 404
    assert (await client.get(f"/verify/not-a-uuid/{token}")).status_code == 404
    other = await client.get(f"/verify/{two}/{token}")
    assert other.status_code == 403
    assert "Two" not in other.text
    assert "One" not in other.text
    async with database.session() as session:
        await session.execute(
            text("UPDATE campaign SET expires_at = :t WHERE id = :c"),
            {"t": NOW - timedelta(minutes=1), "c": campaign["id"]},
        )
        await session.commit()
    expired = await client.get(path)
    assert expired.status_code == 410
    assert (await client.post(**_post(path, action="confirm"))).status_code == 410
    record = (await client.get(f"/api/v1/services/{one}")).json()["properties"]
    assert record["verified_by"] != "structure"


async def _link_of(
    client: httpx.AsyncClient, tenants: Tenants, campaign: dict[str, Any], sid: str
) -> str:
    h = tenants.headers("coordinator_a")
    links = (await client.get(f"/api/v1/campaigns/{campaign['id']}", headers=h)).json()["links"]
    url: str = next(x["url"] for x in links if x["service_id"] == sid)
    return url.split("8000", 1)[1]


async def test_a_moderated_correction_is_accepted_and_changes_the_record(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    sid = await _service(
        database,
        name="Douches",
        phone="01 02 03 04 05",
        opening_hours="Mo-Fr 09:00-12:00",
        conditions=("free",),
    )
    campaign = await _campaign(client, tenants, moderated=True)
    path = await _link_of(client, tenants, campaign, sid)
    form = (await client.get(path)).text
    assert 'value="01 02 03 04 05"' in form
    # An invalid expression re-shows the form with its error, everything typed kept.
    bad = await client.post(
        **_post(
            path,
            action="correct",
            opening_hours="every day 9 to 5",
            phone="06 00 00 00 00",
            conditions=["free", "anonymous"],
            note="Nouveau numéro",
        )
    )
    assert bad.status_code == 422
    assert "OpenStreetMap" in bad.text
    assert 'value="every day 9 to 5"' in bad.text
    assert 'value="06 00 00 00 00"' in bad.text
    assert "Nouveau numéro" in bad.text
    good = await client.post(
        **_post(
            path,
            action="correct",
            opening_hours="Mo-Fr 09:00-12:00",
            phone="06 00 00 00 00",
            conditions=["free", "anonymous"],
            note="Nouveau numéro",
        )
    )
    assert good.status_code == 200, good.text
    reference = re.search(r"S-[0-9A-Z]{4}-[0-9A-Z]{4}", good.text)
    assert reference is not None
    h = tenants.headers("coordinator_a")
    pending = (await client.get("/api/v1/suggestions", headers=h)).json()["items"]
    mine = next(s for s in pending if s["reference"] == reference.group(0))
    assert mine["proposed"] == {"phone": "06 00 00 00 00", "conditions": ["anonymous", "free"]}
    before = (await client.get(f"/api/v1/services/{sid}")).json()["properties"]
    assert before["phone"] == "01 02 03 04 05"
    accepted = await client.post(
        f"/api/v1/suggestions/{reference.group(0)}/accept", json={}, headers=h
    )
    assert accepted.status_code == 200, accepted.text
    after = (await client.get(f"/api/v1/services/{sid}")).json()["properties"]
    assert after["phone"] == "06 00 00 00 00"
    assert set(after["conditions"]) == {"free", "anonymous"}
    assert (await client.get(path)).status_code == 410


async def test_an_unmoderated_correction_applies_at_once(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    sid = await _service(database, name="Halte de nuit", phone="01 00 00 00 00")
    campaign = await _campaign(client, tenants, moderated=False)
    path = await _link_of(client, tenants, campaign, sid)
    answered = await client.post(
        **_post(
            path,
            action="correct",
            phone="01 00 00 00 00",
            message_fr="Complet ce soir, appelez le 115",
            message_end=(TODAY + timedelta(days=2)).isoformat(),
            closure_start=["2026-12-24"],
            closure_end=["2026-12-26"],
            closure_reason=["Noël"],
        )
    )
    assert answered.status_code == 200, answered.text
    assert "S-" not in answered.text
    record = (await client.get(f"/api/v1/services/{sid}")).json()["properties"]
    assert record["verified_by"] == "structure"
    assert record["temporary_message"]["text"]["fr"] == "Complet ce soir, appelez le 115"
    assert record["closures"][0]["start"] == "2026-12-24"


async def test_reminders_go_only_to_those_who_did_not_answer(
    mailer: httpx.AsyncClient,
    database: Database,
    mail_settings: Settings,
    sink: tuple[Sink, int],
    tenants: Tenants,
) -> None:
    await _service(database, name="Answers", email="answers@example.org")
    await _service(database, name="Silent", email="silent@example.org")
    campaign = await _campaign(mailer, tenants)
    cid = uuid.UUID(campaign["id"])
    await mail_campaign(database, mail_settings, campaign_id=cid, reminder=False)
    links = sink[0].links()
    assert {"answers@example.org", "silent@example.org"} <= set(links)
    await mailer.post(**_post(links["answers@example.org"], action="confirm"))
    sink[0].messages.clear()
    await mail_campaign(database, mail_settings, campaign_id=cid, reminder=True)
    reminded = set(sink[0].links())
    assert "silent@example.org" in reminded
    assert "answers@example.org" not in reminded
    queued = await mailer.post(
        f"/api/v1/campaigns/{cid}/reminders", headers=tenants.headers("coordinator_a")
    )
    assert queued.status_code == 202
    read = (
        await mailer.get(f"/api/v1/campaigns/{cid}", headers=tenants.headers("coordinator_a"))
    ).json()
    assert read["reminded"] >= 1


async def test_the_page_speaks_the_visitors_language(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    sid = await _service(database, name="Langues")
    campaign = await _campaign(client, tenants)
    path = await _link_of(client, tenants, campaign, sid)
    arabic = await client.get(path, params={"lang": "ar"})
    assert 'dir="rtl"' in arabic.text
    assert 'lang="ar"' in arabic.text
    assert arabic.headers["content-language"] == "ar"
    assert (await client.get(path, headers={"Accept-Language": "es"})).headers[
        "content-language"
    ] == "es"
    assert (await client.get(path)).headers["content-language"] == "fr"


@pytest.mark.parametrize(
    "path", ["/app/suggestions", "/app/suggestions?status=held", "/app/campaigns", "/app/to-check"]
)
async def test_the_console_is_for_coordinators(
    client: httpx.AsyncClient, tenants: Tenants, path: str
) -> None:
    page = await client.get(path, headers=tenants.headers("coordinator_a"))
    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"
    assert "/static/js/console.js" in page.text
    assert (await client.get(path, headers=tenants.headers("worker_a"))).status_code == 403
    public = await client.get(path)
    assert public.status_code == 303
    assert public.headers["location"].startswith("/app/login")


async def test_a_campaign_page_is_for_coordinators(
    client: httpx.AsyncClient, database: Database, tenants: Tenants
) -> None:
    await _service(database, name="Listed")
    campaign = await _campaign(client, tenants)
    path = f"/app/campaigns/{campaign['id']}"
    page = await client.get(path, params={"lang": "ar"}, headers=tenants.headers("coordinator_a"))
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    assert campaign["id"] in page.text
    assert (await client.get(path, headers=tenants.headers("worker_a"))).status_code == 403
