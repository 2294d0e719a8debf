"""Helpers shared by the benchmarks: where the corpus is, peak memory, a figures table."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ECBPLUS_FILE = PROJECT_ROOT.parent / "shared" / "corpora" / "ecbplus" / "articles.jsonl"


def require_ecbplus() -> Path:
    if not ECBPLUS_FILE.exists():
        print(f"skipped: {ECBPLUS_FILE} is absent (the benchmarks read the shared ECB+ corpus)")
        sys.exit(0)
    return ECBPLUS_FILE


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
