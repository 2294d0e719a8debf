"""Comparing the corpus in a process of its own, for the API server.

Comparing is pure Python for most of its time (45 s at 100k claims), and in the API process it
holds the GIL that claim checks need; its figures' clauses also queued ahead of the checks'
queries in the embedding process. At 100k claims, 1,000 checks while the server compared the
corpus after an ingest took p50 248 / p95 423 / p99 3,723 ms in the server's process, against
87-90 / 134 / 150-159 ms idle; in this process, at a lower CPU priority
(`Settings.refresh_niceness`), 92-101 / 147-155 / 182-189 ms (docs/measurements.md).

The process lives as long as the server and keeps a workspace of its own over the same store:
the corpus it loaded grows with each ingest rather than being read again, and the clause
vectors it embedded are remembered. It embeds in-process, on one torch thread, stores the
findings itself, and sends back the people it gathered, so that the server need not cluster
them again for its checks (5 s at 100k claims, with the GIL).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from claims.embed import exit_with_parent, ignore_interrupts, inference_threads
from service.settings import Settings
from service.workspace import ComparedPeople, Workspace

log = logging.getLogger(__name__)

REFRESH = "refresh"


class RefreshFailed(RuntimeError):
    """The comparison raised in the refresh process, or the process ended before answering."""


class RefreshProcess:
    """`refresh()` brings the stored findings up to date in the refresh process and returns
    when they are; started on first use, started again if it died; `close()` stops it at
    once, abandoning a comparison under way (nothing is stored of it)."""

    def __init__(self, settings: Settings) -> None:
        self._settings_json = settings.model_dump_json()
        self._niceness = settings.refresh_niceness
        self._lock = threading.Lock()  # one request over the pipe at a time
        self._closing = threading.Lock()  # the pipe closed once, by `close` or a failed refresh
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._closed = False

    def refresh(self) -> ComparedPeople | None:
        with self._lock:
            connection = self._started()
            try:
                connection.send(REFRESH)
                outcome, detail = connection.recv()
            except (EOFError, OSError) as exc:
                self._forget()
                raise RefreshFailed("the refresh process ended before it answered") from exc
        if outcome != "done":
            raise RefreshFailed(detail)
        return detail

    def close(self) -> None:
        """Not under the lock: a refresh waiting for its answer gets an EOFError instead, and
        none starts the process again (a background refresh still wanted, a late reader)."""
        self._closed = True
        process, connection = self._process, self._connection
        if process is not None:
            process.terminate()
            process.join(timeout=30)
        if connection is not None:
            self._close_pipe(connection)

    def _close_pipe(self, connection: Connection) -> None:
        """A refresh that saw the process end closes the pipe while `close` may be closing it
        too: twice would close a file descriptor number that another file may have by then."""
        with self._closing:
            if not connection.closed:
                connection.close()

    def _started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._connection is not None:
            return self._connection
        self._forget()
        if self._closed:
            raise RefreshFailed("the refresh process is closed: the server is stopping")
        context = multiprocessing.get_context("spawn")  # fork would copy the server's threads
        ours, theirs = context.Pipe()
        process = context.Process(
            target=serve_refreshes,
            args=(self._settings_json, theirs, self._niceness),
            name="parallax-refresh-process",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        return ours

    def _forget(self) -> None:
        connection = self._connection
        self._process = self._connection = None
        if connection is not None:
            self._close_pipe(connection)


def serve_refreshes(settings_json: str, connection: Connection, niceness: int) -> None:
    """Inside the refresh process: one workspace, refreshed on each request, until the server
    closes the pipe or goes away."""
    exit_with_parent()
    ignore_interrupts()
    os.nice(niceness)
    inference_threads(1)
    workspace = Workspace(Settings.model_validate_json(settings_json))
    try:
        while True:
            try:
                connection.recv()
            except EOFError:
                return
            try:
                workspace.ensure_fresh_findings()
            except Exception as exc:  # the server logs it and answers its reader
                log.exception("comparing in the refresh process failed")
                connection.send(("failed", f"{type(exc).__name__}: {exc}"))
            else:
                connection.send(("done", workspace.people_now()))
    finally:
        workspace.close()
