"""Helpers shared by the benchmarks: where the corpus is, peak memory, a figures table."""

from __future__ import annotations

import json
import os
import resource
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ECBPLUS_FILE = PROJECT_ROOT.parent / "shared" / "corpora" / "ecbplus" / "articles.jsonl"
HELD_OUT_TOPICS = range(23, 46)


def require_ecbplus() -> Path:
    if not ECBPLUS_FILE.exists():
        print(f"skipped: {ECBPLUS_FILE} is absent (the benchmarks read the shared ECB+ corpus)")
        sys.exit(0)
    return ECBPLUS_FILE


def held_out_rows() -> Iterator[dict[str, Any]]:
    """ECB+ articles of the held-out topics (23-45): fine for speed and smoke runs, never for
    tuning."""
    with require_ecbplus().open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["topic"] in HELD_OUT_TOPICS:
                yield row


def peak_memory_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its (finished) children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def print_figures(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"\n== {title} ==")
    for name, value in rows:
        print(f"  {name.ljust(width)}  {value}")
    sys.stdout.flush()


def offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
