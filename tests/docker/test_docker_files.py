"""The Docker files agree with the code they ship, checked without a Docker engine.

What is checked is what breaks only at deploy time: a command or option the CLI does not
have, a healthcheck on a path the API does not serve, a package the image forgets to copy,
a database URL whose driver the image does not install.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from fastapi.testclient import TestClient
from setuptools import find_packages
from sqlalchemy.engine import make_url

from service.api.main import create_app
from service.cli import app
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "docker" / "Dockerfile"
COMPOSE = ROOT / "docker" / "compose.yaml"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


INSTRUCTIONS = dockerfile_instructions(DOCKERFILE.read_text(encoding="utf-8"))
COMPOSE_FILE: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE_FILE["services"]


def arguments_of(keyword: str) -> list[str]:
    return [arguments for name, arguments in INSTRUCTIONS if name == keyword]


def dockerfile_cmd() -> list[str]:
    (cmd,) = arguments_of("CMD")
    command = json.loads(cmd)  # exec form: no shell between Docker and the process
    assert isinstance(command, list)
    return command


def check_parallax_command(argv: list[str]) -> Any:
    """Parse argv as the `parallax` console script would (a click context); raises if wrong."""
    assert PYPROJECT["project"]["scripts"]["parallax"] == "service.cli:app"
    program, name, *rest = argv
    assert program == "parallax"
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert name in group.commands, f"`parallax {name}` is not a command: {sorted(group.commands)}"
    return group.commands[name].make_context(f"parallax {name}", list(rest))


COMMANDS = {
    **{
        f"compose {name}": service["command"]
        for name, service in SERVICES.items()
        if "command" in service
    },
    "Dockerfile CMD": dockerfile_cmd(),
}


def test_compose_has_the_api_the_nightly_job_and_postgres_with_a_named_volume() -> None:
    assert set(SERVICES) == {"api", "nightly", "db"}
    named = set(COMPOSE_FILE["volumes"])
    mounts = dict(volume.split(":", 1) for volume in SERVICES["db"]["volumes"])
    assert {source for source, target in mounts.items() if target == "/var/lib/postgresql/data"}
    assert mounts and set(mounts) <= named  # named volumes, not folders of the host


def test_the_database_url_uses_the_driver_the_postgres_extra_installs() -> None:
    db = SERVICES["db"]
    for name in ("api", "nightly"):
        url = make_url(SERVICES[name]["environment"]["PARALLAX_DATABASE_URL"])
        assert url.drivername == "postgresql+pg8000"
        assert (url.host, url.port) == ("db", 5432)
        assert url.username == db["environment"]["POSTGRES_USER"]
        assert url.database == db["environment"]["POSTGRES_DB"]
        assert SERVICES[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(
        dep.startswith("pg8000")
        for dep in PYPROJECT["project"]["optional-dependencies"]["postgres"]
    )
    (install,) = [run for run in arguments_of("RUN") if "pip install '.[" in run]
    extras = re.search(r"\.\[([^\]]+)\]", install)
    assert extras is not None and "postgres" in extras.group(1).split(",")
    assert "test" in db["healthcheck"]  # what service_healthy waits for


@pytest.mark.parametrize("where", sorted(COMMANDS))
def test_every_command_is_a_real_parallax_subcommand_with_real_options(where: str) -> None:
    check_parallax_command(COMMANDS[where])


def test_the_command_check_catches_a_wrong_option() -> None:
    with pytest.raises(Exception, match="No such option: --hots"):
        check_parallax_command(["parallax", "serve", "--hots", "0.0.0.0"])
    with pytest.raises(Exception, match="valid integer"):
        check_parallax_command(["parallax", "serve", "--port", "eighty"])
    with pytest.raises(AssertionError, match="is not a command"):
        check_parallax_command(["parallax", "serve-api"])


def test_the_api_listens_on_all_interfaces_on_the_exposed_and_published_port() -> None:
    (exposed,) = arguments_of("EXPOSE")
    for argv in (dockerfile_cmd(), SERVICES["api"]["command"]):
        params = check_parallax_command(argv).params
        assert params["host"] == "0.0.0.0"  # inside a container, 127.0.0.1 is unreachable
        assert str(params["port"]) == exposed
    assert [port.rsplit(":", 1)[-1] for port in SERVICES["api"]["ports"]] == [exposed]


def test_the_healthcheck_hits_a_path_the_api_serves(tmp_path: Path) -> None:
    (healthcheck,) = arguments_of("HEALTHCHECK")
    url = re.search(r"http://[^'\"\s]+", healthcheck)
    assert url is not None
    local = re.fullmatch(r"http://127\.0\.0\.1:(\d+)(/\S*)", url.group())
    assert local is not None, url.group()
    port, path = local.groups()
    assert path == "/healthz"
    assert port == str(check_parallax_command(dockerfile_cmd()).params["port"])
    api = create_app(Settings(home=tmp_path))
    assert "get" in api.openapi()["paths"][path]
    answer = TestClient(api).get(path)  # outside `with`: the lifespan (models, store) never runs
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}


def test_services_that_do_not_serve_disable_the_image_healthcheck() -> None:
    for name, service in SERVICES.items():
        if name == "db" or service["command"][1] == "serve":
            continue
        assert service["healthcheck"] == {"disable": True}, name


def test_the_nightly_job_writes_reports_into_a_volume() -> None:
    nightly = SERVICES["nightly"]
    out = check_parallax_command(nightly["command"]).params["out"]
    mounts = {volume.split(":", 1)[1] for volume in nightly["volumes"]}
    assert str(out) in mounts
    assert nightly["environment"]["PARALLAX_HOME"] in mounts


def test_the_image_runs_as_a_non_root_user() -> None:
    users = arguments_of("USER")
    assert users and users[-1] not in {"root", "0"} and not users[-1].startswith("0:")
    created = [run for run in arguments_of("RUN") if "useradd" in run]
    assert created and re.search(rf"useradd\b.*\b{re.escape(users[-1])}\b", created[0])


def test_torch_is_pinned_as_the_makefile_pins_it() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert set(re.findall(r"\btorch==[\w.]+", makefile)) == {"torch==2.13.0"}
    installs = [
        m for run in arguments_of("RUN") for m in re.findall(r"\btorch\b(?:[=<>!~]=[\w.]*)?", run)
    ]
    assert installs and set(installs) == {"torch==2.13.0"}


def test_the_image_copies_every_package_setuptools_includes() -> None:
    find = PYPROJECT["tool"]["setuptools"]["packages"]["find"]
    packages = {name.split(".")[0] for name in find_packages(str(ROOT), include=find["include"])}
    assert packages == {"models", "claims", "service"}
    (workdir,) = arguments_of("WORKDIR")
    landed: dict[str, Path] = {}  # source -> where it lands in the image
    for arguments in arguments_of("COPY"):
        *sources, destination = arguments.split()
        assert not destination.startswith("--"), arguments
        for source in sources:
            into = Path(workdir) / destination
            landed[source] = into / source if destination.endswith("/") else into
    for package in packages:  # `pip install .` in WORKDIR finds each package beside pyproject
        assert landed[package] == Path(workdir) / package
    for needed in ("pyproject.toml", PYPROJECT["project"]["readme"]):  # the build reads both
        assert landed[needed] == Path(workdir) / needed


def test_the_build_context_leaves_out_local_state_but_nothing_the_image_copies() -> None:
    ignored = {
        line.strip()
        for line in (ROOT / "docker" / "Dockerfile.dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", ".parallax", "test-artifacts"} <= ignored
    copied = {source for arguments in arguments_of("COPY") for source in arguments.split()[:-1]}
    assert copied and not copied & ignored
