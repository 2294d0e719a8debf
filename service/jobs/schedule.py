"""Run the report every night at a set time, keep the last N, retry a failed run.

The cron alternative, for hosts that already run cron:
    0 6 * * *  cd /srv/parallax && .venv/bin/parallax report --since 24h --out /srv/reports
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

log = logging.getLogger(__name__)
REPORT_PREFIX = "parallax-report-"
_DAILY_NAME = re.compile(rf"{REPORT_PREFIX}(?P<day>\d{{4}}-\d{{2}}-\d{{2}})")


def daily_name(day: date) -> str:
    """A daily report's file name without its format: the day it ends on."""
    return f"{REPORT_PREFIX}{day:%Y-%m-%d}"


def daily_report_day(file: Path) -> str | None:
    """The day a daily report's file is named by (`daily_name`); None for any other file."""
    match = _DAILY_NAME.fullmatch(file.name.split(".", 1)[0])
    return match.group("day") if match else None


def next_run(now: datetime, at: clock_time) -> datetime:
    """The next time of day `at` strictly after `now`."""
    candidate = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


def with_retries(
    job: Callable[[], object],
    *,
    attempts: int = 3,
    backoff_seconds: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Run `job`, retrying with doubling back-off; True when one attempt succeeded."""
    for attempt in range(1, attempts + 1):
        try:
            job()
            return True
        except Exception:
            log.exception("report run failed (attempt %d of %d)", attempt, attempts)
            if attempt < attempts:
                sleep(backoff_seconds * 2 ** (attempt - 1))
    return False


def prune(out_dir: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` daily reports' files (by the date in their name).
    Reports of other windows (`parallax report --since 7d`) were asked for by hand: kept."""
    daily: dict[str, list[Path]] = {}
    for path in out_dir.glob(f"{REPORT_PREFIX}*.*"):
        if (day := daily_report_day(path)) is not None:
            daily.setdefault(day, []).append(path)
    days = sorted(daily)
    removed = []
    for day in days[:-keep] if keep > 0 else days:
        for path in daily[day]:
            path.unlink()
            removed.append(path)
    return removed


def run_nightly(
    job: Callable[[datetime], object],
    *,
    at: clock_time,
    out_dir: Path,
    keep: int,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC).replace(tzinfo=None),
    sleep: Callable[[float], None] = time.sleep,
    runs: int | None = None,
) -> None:
    """Sleep until `at` (UTC), run `job(now)` with retries, prune, repeat (`runs` for tests)."""
    done = 0
    while runs is None or done < runs:
        wake = next_run(clock(), at)
        log.info("next report at %s UTC", wake.isoformat(timespec="minutes"))
        sleep(max(0.0, (wake - clock()).total_seconds()))
        if with_retries(lambda: job(clock()), sleep=sleep):
            prune(out_dir, keep)
        done += 1
