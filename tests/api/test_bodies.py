"""Bodies are bounded before they are read, and uploads are read for admins only."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from tests.conftest import Tenants

CHUNK = b"x" * (64 * 1024)


class Stream:
    """A request body sent in chunks, counting how many the server asked for."""

    def __init__(self, chunks: int) -> None:
        self.chunks = chunks
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            yield CHUNK


async def test_a_declared_oversized_body_is_refused_before_authentication(
    client: httpx.AsyncClient,
) -> None:
    body = b'{"name": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = await client.post(
        "/api/v1/zones", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/too-large"


async def test_a_streamed_body_is_cut_once_past_the_limit(client: httpx.AsyncClient) -> None:
    stream = Stream(chunks=200)  # 12.5 MiB, no Content-Length
    response = await client.post(
        "/api/v1/zones", content=stream, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/too-large"
    assert stream.pulled <= 2048 // 64 + 1  # stopped at the limit, not at the end


async def test_an_anonymous_upload_is_refused_unread(client: httpx.AsyncClient) -> None:
    stream = Stream(chunks=100)
    response = await client.post(
        "/api/v1/imports",
        content=stream,
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert stream.pulled <= 1


async def test_a_worker_s_upload_is_refused_unread(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    stream = Stream(chunks=100)
    headers = {**tenants.headers("worker_a"), "Content-Type": "multipart/form-data; boundary=x"}
    response = await client.post("/api/v1/imports", content=stream, headers=headers)
    assert response.status_code == 403
    assert stream.pulled <= 1


async def test_a_body_within_the_limit_is_served(
    client: httpx.AsyncClient, tenants: Tenants
) -> None:
    response = await client.post(
        "/api/v1/zones", json={"name": "x" * 1000}, headers=tenants.headers("coordinator_a")
    )
    assert response.status_code == 422  # read and judged on its content
