"""The prevention library (guidelines V.A): every item has a page, states per language,
reviews by a health professional's role, local pages, pages for everyone with no cookie."""

from __future__ import annotations

import re

import httpx

from geo.directory.categories import BY_SLUG
from tests.conftest import Tenants
from web.i18n import LANGUAGES
from web.library import AUTHORITATIVE, Topic, TranslationState, library, state
from web.messages import EMERGENCY_LABELS

V_A_ITEMS = [f"V.A.{n}" for n in range(1, 18)]
"""Section V.A of the guidelines lists the information a person must be able to get, 1° to
17° (pathologies; vaccination; PrEP and post-exposure treatment; screening; treatment;
contraception; other risks; substances; liquid silicone; hormones; care and social services;
protection; the exit pathway; social lines; emergency numbers; websites; complaints)."""


def test_every_item_of_section_v_a_has_a_page_in_french() -> None:
    covered = {item for t in library() for item in t.authoritative.items}
    assert [i for i in V_A_ITEMS if i not in covered] == []
    assert covered <= set(V_A_ITEMS)


def test_pages_point_to_real_categories_and_lines_and_name_their_sources() -> None:
    for t in library():
        page = t.authoritative
        assert page.lang == AUTHORITATIVE
        assert all(c in BY_SLUG for c in page.categories), t.slug
        assert all(n in EMERGENCY_LABELS for n in page.lines), t.slug
        assert page.sources, t.slug
        for s in page.sources:
            assert s.url.startswith("https://"), (t.slug, s.url)
            assert re.fullmatch(r"\d{4}(-\d{2})?(-\d{2})?", s.date), (t.slug, s.date)
        assert "<" not in page.body, t.slug  # Markdown only, no HTML
        assert 80 <= len(page.body.split()) <= 600, t.slug


async def test_the_library_says_each_pages_state_per_language(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/info")
    assert response.status_code == 200
    body = response.json()
    assert len(body["topics"]) == len(library())
    for topic in body["topics"]:
        assert set(topic["languages"]) == set(LANGUAGES)
        assert topic["languages"]["fr"] == "awaiting-review"
        assert topic["page"] == f"/info/{topic['slug']}"
    assert "set-cookie" not in response.headers


async def test_an_admin_records_a_review_of_the_exact_text(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    slug = library()[0].slug
    review = {"lang": "fr", "reviewer_role": "physician"}
    refused = await client.post(
        f"/api/v1/info/{slug}/reviews", json=review, headers=tenants.headers("coordinator_a")
    )
    assert refused.status_code == 403
    missing = await client.post(
        "/api/v1/info/no-such-page/reviews", json=review, headers=tenants.headers("admin")
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    done = await client.post(
        f"/api/v1/info/{slug}/reviews", json=review, headers=tenants.headers("admin")
    )
    assert done.status_code == 201, done.text
    topics = {t["slug"]: t for t in (await client.get("/api/v1/info")).json()["topics"]}
    assert topics[slug]["languages"]["fr"] == "reviewed"
    assert topics[slug]["reviews"][0]["reviewer_role"] == "physician"
    page = await client.get(f"/info/{slug}", params={"lang": "fr"})
    assert "Relu" in page.text or "médecin" in page.text
    bad = await client.post(
        f"/api/v1/info/{slug}/reviews",
        json={"lang": "fr", "reviewer_role": "Dr Dupont"},
        headers=tenants.headers("admin"),
    )
    assert bad.status_code == 422  # a role from the list, never a name


def test_a_topic_missing_in_a_language_falls_back_to_french() -> None:
    t = library()[0]
    alone = Topic(t.slug, {AUTHORITATIVE: t.authoritative})
    page, fell_back = alone.page("ro")
    assert (page.lang, fell_back) == (AUTHORITATIVE, True)
    assert state(alone, "ro", {}) is TranslationState.MISSING
    assert state(alone, "fr", {(t.slug, "fr"): t.authoritative.digest}) is TranslationState.REVIEWED


async def test_each_page_says_whether_its_translation_was_checked(
    client: httpx.AsyncClient,
) -> None:
    for t in library()[:3]:
        for lang in ("ro", "ar"):
            page = await client.get(f"/info/{t.slug}", params={"lang": lang})
            assert page.status_code == 200
            assert page.headers["content-security-policy"].startswith("default-src 'self'")
            assert "set-cookie" not in page.headers
            shown = t.pages.get(lang)
            if shown is None:  # not written in this language yet: French, said so
                assert '<article lang="fr"' in page.text
            else:
                assert f'<article lang="{lang}"' in page.text
            assert 'class="notice"' in page.text  # not translated, or not checked yet
    index = await client.get("/info", params={"lang": "ar"})
    assert index.status_code == 200
    for topic in library():
        assert f"/info/{topic.slug}?lang=ar" in index.text
    assert (await client.get("/info/no-such-page")).status_code == 404


async def test_local_pages_are_published_by_admins_as_text(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    admin = tenants.headers("admin")
    url = "/api/v1/info/local/local-association-du-port"
    text = {
        "lang": "fr",
        "title": "Association du port",
        "body": "## Permanence\n\nLe mardi soir. <script>alert(1)</script>",
        "categories": ["community-health"],
        "lines": ["115"],
    }
    assert (
        await client.put(url, json=text, headers=tenants.headers("worker_a"))
    ).status_code == 403
    assert (await client.put(url, json=text, headers=admin)).status_code == 204
    page = await client.get("/info/local-association-du-port", params={"lang": "fr"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "tel:115" in page.text
    listed = (await client.get("/api/v1/info")).json()["local"]
    assert [p["slug"] for p in listed] == ["local-association-du-port"]
    wrong = {**text, "categories": ["nowhere"]}
    assert (await client.put(url, json=wrong, headers=admin)).status_code == 422
    bad_slug = await client.put("/api/v1/info/local/sti", json=text, headers=admin)
    assert bad_slug.status_code == 422
    assert (await client.delete(url, headers=admin)).status_code == 204
    assert (await client.delete(url, headers=admin)).status_code == 404
