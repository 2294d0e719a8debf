"""`parallax serve` and `parallax keys ...`."""

from __future__ import annotations

import socket
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from service.api.security import SCOPES
from service.settings import Settings
from service.storage import db, repo

keys_app = typer.Typer(
    help="Create, list and revoke API keys (stored hashed).", no_args_is_help=True
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)
PORT_OPTION = typer.Option(min=0, max=65535, help="Port to listen on.")


def why_not_listening(host: str, port: int) -> str | None:
    """Why a server could not listen on host:port, or None when it can. Asked before the
    models load: uvicorn finds a taken port only after start-up, some seconds in."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        return f"{host!r} is not an address of this machine ({error.strerror})"
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            return error.strerror or str(error)
    return None


def ensure_can_listen(host: str, port: int) -> None:
    """Stop with a message a person can act on when host:port is taken or not ours."""
    reason = why_not_listening(host, port)
    if reason is not None:
        errors.print(
            f"[red]cannot serve on {escape(host)}:{port}:[/red] {escape(reason)}. If Parallax "
            "already runs there, use it or stop it; otherwise pick another port "
            f"(--port {port + 1}, or make run PORT={port + 1})."
        )
        raise typer.Exit(code=1)


def run_server(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    import uvicorn

    ensure_can_listen(host, port)
    settings = Settings()  # a setting that is wrong is told here, once, not by every worker
    if workers > 1:  # each worker process loads its own models as it starts
        _say_serving(host, port)
        uvicorn.run("service.api.app:app", host=host, port=port, workers=workers)
        return
    from service.api.main import create_app, open_served_workspace

    # Loaded before uvicorn starts: a wrong model or setting stops the command with a line
    # naming its variable (ParallaxGroup), not with a traceback from the server's start-up.
    console.print("Loading the models, the index and the corpus (100k claims take some 15 s)")
    workspace = open_served_workspace(settings)
    _say_serving(host, port)
    uvicorn.run(create_app(settings, workspace), host=host, port=port)


def _say_serving(host: str, port: int) -> None:
    console.print(
        f"Serving Parallax on http://{host}:{port}  (editor page at /, API docs at /docs)"
    )


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, PORT_OPTION] = 8000,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.")] = 1,
) -> None:
    """Serve the REST API and the editor page."""
    run_server(host, port, workers)


def _sessions():  # type: ignore[no-untyped-def]
    settings = Settings()
    settings.ensure_home()
    engine = db.make_engine(settings.resolved_database_url)
    db.migrate(engine)
    return db.session_factory(engine)


@keys_app.command("create")
def create_key(
    name: Annotated[str, typer.Argument(help="Who the key is for, e.g. 'cms-importer'.")],
    scope: Annotated[list[str], typer.Option(help="read and/or write; repeat.")] = ["read"],  # noqa: B006
) -> None:
    """Create a key; it is printed once and only its hash is stored."""
    unknown = sorted(set(scope) - set(SCOPES))
    if unknown:
        raise typer.BadParameter(f"unknown scope(s) {', '.join(unknown)}; use read and/or write")
    with _sessions().begin() as session:
        plain, key = repo.create_api_key(session, name=name, scopes=scope)
    console.print(f"Key {key.id} for {escape(repr(name))} with scopes {', '.join(key.scopes)}:")
    console.print(plain, soft_wrap=True, highlight=False)
    console.print("Store it now: it cannot be shown again.")


@keys_app.command("list")
def list_keys() -> None:
    """Every key with its scopes and whether it is revoked."""
    with _sessions()() as session:
        keys = repo.list_api_keys(session)
    table = Table("id", "name", "prefix", "scopes", "created", "revoked", "last used")
    for key in keys:
        table.add_row(
            str(key.id),
            escape(key.name),
            key.prefix + "…",
            ",".join(key.scopes),
            f"{key.created_at:%Y-%m-%d}",
            f"{key.revoked_at:%Y-%m-%d}" if key.revoked_at else "",
            f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "",
        )
    console.print(table)


@keys_app.command("revoke")
def revoke_key(key_id: Annotated[int, typer.Argument(help="The id shown by `keys list`.")]) -> None:
    """Revoke a key: requests with it are refused from now on."""
    with _sessions().begin() as session:
        revoked = repo.revoke_api_key(session, key_id)
    if not revoked:
        console.print(f"No active key with id {key_id}.")
        raise typer.Exit(code=1)
    console.print(f"Key {key_id} revoked.")
