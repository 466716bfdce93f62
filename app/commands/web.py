"""Web console commands: ``qingshan serve`` and ``qingshan users add|passwd|list|token``."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from app.context import fail, load_settings_or_exit
from app.web.database import WebDatabase
from app.web.errors import WebError
from app.web.roles import Role
from app.web.tokens import TokenStore
from app.web.users import User, UserStore, make_hasher
from config import CONFIG_ENV, Settings
from config.cpus import MAX_AUTO_WORKERS, auto_workers
from indexer.errors import IndexerError

if TYPE_CHECKING:
    from app.web.services import Services

console = Console()


def register(group: click.Group) -> None:
    """Attach the web commands."""
    group.add_command(serve)
    group.add_command(users_group)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, uvicorn's separate header and body writes wait
    # for the client's delayed ACK (~40 ms per keep-alive request).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)  # connections wait in the backlog until uvicorn starts accepting
    except OSError as exc:
        sock.close()
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    return sock


@click.command()
@click.option("--host", default=None, help="Address to listen on (web.host, default 127.0.0.1).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port (web.port, default 8000; 0 = any free port).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help=f"Worker processes sharing the port (default: one per CPU core, at most {MAX_AUTO_WORKERS}).",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None) -> None:
    """Run the web console (search, hotspots, alerts, digests) until interrupted."""
    from app.web.services import Services

    workers = workers or auto_workers()
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    try:
        services = Services.open(settings)  # also checks that everything opens before serving
    except (WebError, IndexerError) as exc:
        fail(f"cannot start the console: {exc}")
    sock = bind(host or settings.web.host, settings.web.port if port is None else port)
    announce(sock, services)
    if workers == 1:
        serve_in_process(settings, services, sock)
    else:
        services.close()
        serve_with_workers(ctx.obj.get("config_dir"), workers, sock)


def announce(sock: socket.socket, services: Services) -> None:
    bound_host, bound_port = sock.getsockname()[:2]
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(f"qingshan web console: http://{shown_host}:{bound_port}/")
    if services.users.count() == 0:
        click.echo("no users yet: create one with `qingshan users add NAME --role admin`")
    sys.stdout.flush()


def serve_in_process(settings: Settings, services: Services, sock: socket.socket) -> None:
    import uvicorn

    from app.web.app import create_app

    try:
        config = uvicorn.Config(
            create_app(settings, services=services), log_level="warning", access_log=False
        )
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        services.close()


def serve_with_workers(config_dir: Path | None, workers: int, sock: socket.socket) -> None:
    """Worker processes that each open their own services (login throttling is per worker)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if config_dir is not None:
        os.environ[CONFIG_ENV] = str(config_dir.resolve())
    config = uvicorn.Config(
        "app.web.asgi:create_from_environment",
        factory=True,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
    Multiprocess(config, sockets=[sock]).run()


@contextmanager
def user_store(settings: Settings) -> Iterator[tuple[UserStore, TokenStore]]:
    database = WebDatabase(settings.database_url())
    try:
        database.open()
        users = UserStore(
            database,
            make_hasher(settings.web.password_hashing),
            min_password_length=settings.web.password_min_length,
        )
        yield users, TokenStore(database)
    except WebError as exc:
        fail(exc.message)
    finally:
        database.close()


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def existing_user(users: UserStore, username: str) -> User:
    user = users.by_username(username)
    if user is None:
        fail(f"no user named {username!r} (see `qingshan users list`)")
    return user


@click.group("users")
def users_group() -> None:
    """Manage web console accounts and API tokens."""


@users_group.command("add")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="admin, analyst, press or spokesperson (read-only).",
)
@click.option("--name", "display_name", default="", help="Display name, e.g. 王宣传.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.pass_context
def users_add(ctx: click.Context, username: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Create an account."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    with user_store(settings) as (users, _):
        user = users.add(username, read_password(password_stdin), Role(role), display_name=display_name)
    click.echo(f"added user {user.username} ({user.role.value})")


@users_group.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.pass_context
def users_passwd(ctx: click.Context, username: str, password_stdin: bool) -> None:
    """Set a new password (the user's sessions end)."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    with user_store(settings) as (users, _):
        users.set_password(existing_user(users, username).id, read_password(password_stdin))
    click.echo(f"password of {username.lower()} changed")


@users_group.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List accounts."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    with user_store(settings) as (users, _):
        accounts = users.list()
    table = Table(title=f"{len(accounts)} user(s)")
    for column in ("username", "name", "role", "active", "last login (UTC)"):
        table.add_column(column)
    for user in accounts:
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "—"
        table.add_row(user.username, user.display_name, user.role.value, "yes" if user.active else "no", last)
    console.print(table)


@users_group.command("token")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for, e.g. 'OA system'.")
@click.pass_context
def users_token(ctx: click.Context, username: str, name: str) -> None:
    """Create an API token acting as USERNAME; it is printed once."""
    settings = load_settings_or_exit(ctx.obj.get("config_dir"))
    with user_store(settings) as (users, tokens):
        _, raw = tokens.create(existing_user(users, username).id, name)
    click.echo(raw)
