"""Concurrent single requests served in batches: one worker thread, nothing waits on purpose.

Requests that arrive while a batch runs go together in the next one. A lone request pays only
a thread hand-off; under load (claim checks from many API threads) spaCy and the embedding
model each process several requests in one call, which costs far less than one call each.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from itertools import islice
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of `size` items (the last one shorter), in order."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Coalescer(Generic[Item, Result]):
    """Calls `run(items) -> results` (one result per item, in order) on batches of requests."""

    def __init__(
        self,
        run: Callable[[list[Item]], Sequence[Result]],
        *,
        name: str,
        max_weight: int = 256,
        weight: Callable[[Item], int] = lambda _: 1,
    ) -> None:
        self._run = run
        self._name = name
        self._max_weight = max_weight
        self._weight = weight
        self._pending: list[tuple[Item, Future[Result]]] = []
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None

    def submit(self, item: Item) -> Result:
        """The result for `item`, computed in a batch with whatever else is waiting."""
        future: Future[Result] = Future()
        with self._wake:
            self._pending.append((item, future))
            if self._worker is None:
                self._worker = threading.Thread(target=self._serve, name=self._name, daemon=True)
                self._worker.start()
            self._wake.notify()
        return future.result()

    def _serve(self) -> None:
        while True:
            with self._wake:
                while not self._pending:
                    self._wake.wait()
                batch = self._take_batch()
            self._answer(batch)

    def _take_batch(self) -> list[tuple[Item, Future[Result]]]:
        """Pending requests in arrival order, up to `max_weight` (always at least one)."""
        taken, weight = 0, 0
        for item, _ in self._pending:
            if taken and weight + self._weight(item) > self._max_weight:
                break
            taken, weight = taken + 1, weight + self._weight(item)
        batch, self._pending = self._pending[:taken], self._pending[taken:]
        return batch

    def _answer(self, batch: list[tuple[Item, Future[Result]]]) -> None:
        try:
            results = self._run([item for item, _ in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"{self._name}: {len(results)} results for {len(batch)} items")
        except BaseException as failure:  # every waiting caller sees the error
            for _, future in batch:
                future.set_exception(failure)
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)
