"""The API does what its OpenAPI document says, for the public, a worker, a coordinator and an
admin: Schemathesis (every check, coverage and fuzzing phases, a fixed seed, a bounded number
of cases) against the app served on a throwaway database holding the demo.

What well-formed input may still be refused for, the document cannot say: it is listed, with
the reasons, in `tests/fixtures/schemathesis/schemathesis.toml`. `MARAUDE_SCHEMATHESIS_EXAMPLES`
raises the cases per operation (`make test-full` runs more).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from api.login import principal_of
from api.security import issue
from api.settings import Settings
from datasets.demo_accounts import load_demo_accounts
from datasets.demo_activity import load_demo_activity
from datasets.demo_loader import load_demo
from geo.accounts import queries as accounts
from geo.db import Database
from tests.conftest import HORIZON, served_app, throwaway_database

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "tests" / "fixtures" / "schemathesis" / "schemathesis.toml"
EXAMPLES = os.environ.get("MARAUDE_SCHEMATHESIS_EXAMPLES", "5")
SECRET = "schemathesis-tests-only-" + "k" * 32
ROLES = {
    "public": None,
    "worker": "worker-riviera",
    "coordinator": "coord-riviera",
    "admin": "admin",
}


async def _prepare(settings: Settings) -> dict[str, str]:
    owner = Database.from_url(settings.owner_database_url, pool_size=1)
    try:
        await load_demo(owner, horizon=HORIZON)
        await load_demo_accounts(owner)
        await load_demo_activity(owner)
        # Tokens minted here, not by logging in: the fuzzing of the login endpoint locks the
        # client out, as it should.
        signing = settings.model_copy(update={"access_token_minutes": 60})
        tokens = {}
        async with owner.instance() as session:
            for role, username in ROLES.items():
                if username is not None:
                    user = await accounts.find_user(session, username=username)
                    assert user is not None
                    tokens[role] = issue(signing, principal_of(user), now=datetime.now(UTC))[0]
        return tokens
    finally:
        await owner.dispose()


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, dict[str, str]]]:
    with throwaway_database(roads=True) as settings:
        signing = settings.model_copy(update={"secret_key": SecretStr(SECRET)})
        tokens = asyncio.run(_prepare(signing))
        environment = {
            "MARAUDE_SECRET_KEY": SECRET,
            "MARAUDE_LOG_LEVEL": "ERROR",
            "MARAUDE_ACCESS_TOKEN_MINUTES": "60",
        }
        with served_app(settings, **environment) as origin:
            yield origin, tokens


@pytest.mark.parametrize("role", list(ROLES))
def test_the_api_does_what_its_document_says(served: tuple[str, dict[str, str]], role: str) -> None:
    origin, tokens = served
    command = [
        sys.executable,
        "-c",
        "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
        "--no-color",
        "--config-file",
        str(CONFIG),
        "run",
        f"{origin}/openapi.json",
        "--checks",
        "all",
        "--phases",
        "coverage,fuzzing",
        "--max-examples",
        EXAMPLES,
        "--seed",
        "1",
        "--suppress-health-check",
        "all",
    ]
    if role in tokens:
        command += ["--header", f"Authorization: Bearer {tokens[role]}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    failures = done.stdout.partition("FAILURES")[2].partition("SUMMARY")[0]
    assert done.returncode == 0, (failures or done.stdout)[-8000:]
