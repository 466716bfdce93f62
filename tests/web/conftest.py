"""Fixtures: one site per test session (per xdist worker), served by a real uvicorn on 127.0.0.1,
and clients logged in as each role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi import FastAPI

from app.web.app import create_app
from app.web.roles import Role
from app.web.services import Services
from tests.web.support import LiveServer, Site, build_site, login


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def services(site: Site) -> Iterator[Services]:
    opened = Services.open(site.settings)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def app(site: Site, services: Services) -> FastAPI:
    return create_app(site.settings, services=services)


@pytest.fixture(scope="session")
def server(app: FastAPI) -> Iterator[LiveServer]:
    live = LiveServer(app).start()
    yield live
    live.stop()


@pytest.fixture
def anonymous(server: LiveServer) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


@pytest.fixture
def client_for(server: LiveServer) -> Iterator[Callable[[Role], httpx.Client]]:
    """Make a new client logged in as a role (closed after the test)."""
    made: list[httpx.Client] = []

    def make(role: Role) -> httpx.Client:
        client = server.client()
        made.append(client)
        response = login(client, role)
        assert response.status_code == 303, response.text
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def admin(client_for: Callable[[Role], httpx.Client]) -> httpx.Client:
    return client_for(Role.ADMIN)


@pytest.fixture
def analyst(client_for: Callable[[Role], httpx.Client]) -> httpx.Client:
    return client_for(Role.ANALYST)


@pytest.fixture
def press(client_for: Callable[[Role], httpx.Client]) -> httpx.Client:
    return client_for(Role.PRESS)


@pytest.fixture
def spokesperson(client_for: Callable[[Role], httpx.Client]) -> httpx.Client:
    return client_for(Role.SPOKESPERSON)
