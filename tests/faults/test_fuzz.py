"""Random and hostile queries through the CLI (`qingshan search`) and the JSON API, and schemathesis against
the console's OpenAPI spec: results or a clear query error, never a crash or a 500.

The console is the real app (tests.web.support: a filled store, events, alerts, users) served by uvicorn
on 127.0.0.1; API calls carry an administrator's API token.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import cli
from app.web.app import create_app
from app.web.database import WebDatabase
from app.web.roles import Role
from app.web.services import Services
from app.web.tokens import TokenStore
from app.web.users import UserStore, make_hasher
from tests.web.support import USERNAMES, LiveServer, Site, build_site

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults_fuzz")]

# Pieces of the query language and of attacks on engines, mixed at random.
ATOMS = [
    "死鱼",
    "雾霾",
    "PM2.5",
    "北京",
    "黑臭水体",
    "(",
    ")",
    "|",
    "-",
    '"',
    ":",
    "*",
    "?",
    "~",
    "^",
    "\\",
    "'",
    ";",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "title:",
    "text:",
    "source:",
    "type:",
    "sentiment:",
    "region:",
    "topic:",
    "event:",
    "author:",
    "{",
    "}",
    "[",
    "]",
    "<script>",
    "%",
    "_",
    "\x00",
    "\n",
    "\t",
    " ",
    "　",
    "’",
    "🐟",
    "' OR 1=1 --",
    '"; DROP TABLE documents; --',
    "*:*",
    "${jndi:x}",
    "../../etc/passwd",
]
QUERIES = st.one_of(
    st.lists(st.sampled_from(ATOMS), max_size=12).map("".join),
    st.lists(st.sampled_from(ATOMS), max_size=12).map(" ".join),
    st.text(max_size=60),
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@dataclass
class Console:
    site: Site
    server: LiveServer
    token: str


def api_token(site: Site) -> str:
    database = WebDatabase(site.settings.database_url())
    database.open()
    try:
        users = UserStore(database, make_hasher(site.settings.web.password_hashing))
        admin = next(u for u in users.list() if u.username == USERNAMES[Role.ADMIN])
        _, raw = TokenStore(database).create(admin.id, "fault suite")
        return raw
    finally:
        database.close()


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    site = build_site(tmp_path_factory.mktemp("fuzz"))
    token = api_token(site)
    services = Services.open(site.settings)
    server = LiveServer(create_app(site.settings, services=services)).start()
    try:
        yield Console(site, server, token)
    finally:
        server.stop()
        services.close()


@pytest.fixture(scope="module")
def api(console: Console) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {console.token}"}
    with httpx.Client(base_url=console.server.url, headers=headers, timeout=30) as client:
        yield client


def test_the_console_serves_its_openapi_spec(api: httpx.Client) -> None:
    spec = api.get("/api/openapi.json")
    assert spec.status_code == 200
    assert "/api/v1/search" in spec.json()["paths"]
    assert httpx.get(f"{api.base_url}/api/openapi.json").status_code in (401, 403)  # not without a login


@FUZZ
@given(query=QUERIES)
def test_cli_search_gives_results_or_a_query_error(console: Console, query: str) -> None:
    config = str(console.site.root / "config")
    result = CliRunner().invoke(cli, ["--config", config, "search", "--", query], env={"COLUMNS": "200"})
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.output.startswith("error: invalid query: "), result.output
    assert "Traceback" not in result.output


@FUZZ
@given(query=QUERIES, sort=st.sampled_from(["relevance", "time"]))
def test_api_search_gives_results_or_a_client_error(api: httpx.Client, query: str, sort: str) -> None:
    response = api.get("/api/v1/search", params={"q": query, "sort": sort})
    assert response.status_code in (200, 400, 422), (response.status_code, response.text[:500])
    body = response.json()
    if response.status_code == 200:
        assert body["total"] >= 0
    else:
        assert "Traceback" not in response.text


SCHEMA_FUZZ = settings(
    max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def test_no_api_operation_answers_500(console: Console, api: httpx.Client) -> None:
    """schemathesis generates requests for every operation of the spec the console serves."""
    schema = schemathesis.openapi.from_dict(api.get("/api/openapi.json").json())
    headers = {"Authorization": f"Bearer {console.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @SCHEMA_FUZZ
        @given(case=operation.as_strategy())
        def no_server_error(case: Any) -> None:
            response = case.call(base_url=console.server.url, headers=headers)
            detail = (case.method, case.formatted_path, case.query, case.body, response.text[:300])
            assert response.status_code < 500, detail

        no_server_error()
