"""Configuration a person got wrong, told in a line naming its PARALLAX_ variable.

The CLI's entry point (`service.cli.ParallaxGroup`) asks here whether an error came from a
setting, a model, the database URL or the home folder; anything else is a bug and keeps its
traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError

from claims.errors import ModelUnavailableError, UnknownDetectorError
from service.settings import Settings

# What a person can cause by configuration; each is told in a line only when
# `configuration_problems` confirms the configuration is the cause.
CONFIGURATION_ERRORS = (
    ValidationError,
    ModelUnavailableError,
    UnknownDetectorError,
    ArgumentError,
    ImportError,
    OperationalError,
    InterfaceError,
    OSError,
)
MODEL_SETTINGS: dict[str, Callable[[Settings], str]] = {
    "PARALLAX_PIPELINE__SPACY_MODEL": lambda settings: settings.pipeline.spacy_model,
    "PARALLAX_PIPELINE__EMBED__MODEL": lambda settings: settings.pipeline.embed.model,
}


def configuration_problems(error: BaseException) -> list[str]:
    """What is wrong, one line each naming the setting; empty when the configuration is not
    the cause (then the error is a bug and its traceback is wanted)."""
    if isinstance(error, ValidationError):
        return _settings_problems(error) if error.title == Settings.__name__ else []
    if isinstance(error, UnknownDetectorError):
        return [f"PARALLAX_PIPELINE__DETECTORS__ENABLED: {error}"]
    settings = _settings_or_none()
    if settings is None:
        return []
    if isinstance(error, ModelUnavailableError):
        return [_model_problem(str(error), settings)]
    if isinstance(error, ArgumentError | ImportError):
        return _database_url_problems(settings)
    if isinstance(error, DBAPIError):
        # Without a statement the error came while connecting, not from a query.
        return [_connection_problem(error, settings)] if error.statement is None else []
    if isinstance(error, OSError):
        return _home_problems(error, settings)
    return []


def _settings_or_none() -> Settings | None:
    try:
        return Settings()
    except ValidationError:
        return None


def _settings_problems(error: ValidationError) -> list[str]:
    problems = []
    for problem in error.errors():
        names = [str(part) for part in problem["loc"] if isinstance(part, str)]
        variable = _variable(names)
        if problem["type"] == "extra_forbidden":
            known = ", ".join(_variable([*names[:-1], field]) for field in _fields(names[:-1]))
            problems.append(f"{variable} is not a setting; the settings there are: {known}")
            continue
        given = problem.get("input")
        shown = (
            f"={given!r}" if isinstance(given, str | int | float) and len(repr(given)) <= 80 else ""
        )
        message = str(problem["msg"])
        problems.append(f"{variable}{shown}: {message[:1].lower()}{message[1:]}")
    return problems


def _variable(names: list[str]) -> str:
    return "PARALLAX_" + "__".join(name.upper() for name in names)


def _fields(names: list[str]) -> list[str]:
    """The fields of the settings section at `names` (Settings itself for none)."""
    model: type[BaseModel] = Settings
    for name in names:
        annotation = model.model_fields[name].annotation
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return sorted(model.model_fields)


def _model_problem(message: str, settings: Settings) -> str:
    """Its message, with the variable that chose the model when the message does not say."""
    if "PARALLAX_" in message:
        return message
    for variable, chosen in MODEL_SETTINGS.items():
        if repr(chosen(settings)) in message:
            return f"{message} (the model is chosen by {variable})"
    return message


def _shown_url(settings: Settings) -> str:
    """The database URL without its password; named by its variable, or as the default."""
    url = settings.resolved_database_url
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        shown = "(not a URL)"
    if settings.database_url:
        return f"PARALLAX_DATABASE_URL={shown}"
    return f"the database {shown} (in PARALLAX_HOME; PARALLAX_DATABASE_URL is not set)"


def _database_url_problems(settings: Settings) -> list[str]:
    """Reproduces what opening the database does first: parse the URL, load its dialect and
    driver. Nothing wrong there means the error was not the URL's."""
    try:
        make_url(settings.resolved_database_url).get_dialect().import_dbapi()
    except ArgumentError as error:
        return [
            f"{_shown_url(settings)}: {error}; expected e.g. "
            "postgresql+pg8000://user:password@host:5432/parallax or sqlite:///path/parallax.db"
        ]
    except ImportError as error:
        return [
            f"{_shown_url(settings)} needs a database driver that is not installed ({error}); "
            "for PostgreSQL use postgresql+pg8000://... with the postgres extra"
        ]
    return []


def _connection_problem(error: DBAPIError, settings: Settings) -> str:
    reason = str(error.orig) if error.orig is not None else str(error)
    return f"cannot open {_shown_url(settings)}: {reason}"


def _home_problems(error: OSError, settings: Settings) -> list[str]:
    """Only a failure on a file in the home folder (or the SQLite file's folder) is told."""
    if not error.filename:
        return []
    failed = Path(os.path.abspath(error.filename))
    reason = error.strerror or str(error)
    home = Path(os.path.abspath(settings.home))
    if failed == home or home in failed.parents:
        return [f"PARALLAX_HOME={settings.home} cannot be used: {reason}: {failed}"]
    try:
        url = make_url(settings.resolved_database_url)
    except ArgumentError:
        return []
    if settings.database_url and url.get_backend_name() == "sqlite" and url.database:
        folder = Path(os.path.abspath(url.database)).parent
        if failed == folder or folder in failed.parents:
            return [f"{_shown_url(settings)} cannot be used: {reason}: {failed}"]
    return []
