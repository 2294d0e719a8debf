"""Window bounds as people write them: '24h', '7d', or an ISO date or time.

One reading for `parallax report --since` and `GET /v1/discrepancies?since=`, so that what
works in one works in the other."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_RELATIVE = re.compile(r"^(\d+)\s*([hd])$")
FORMS = "'24h', '7d', or an ISO date or time such as 2026-03-09 or 2026-03-09T18:00:00Z"


def parse_moment(value: str, now: datetime) -> datetime:
    """A moment `value` hours or days before `now`, or the date or time it names.

    Raises ValueError naming the accepted forms."""
    relative = _RELATIVE.match(value.strip().lower())
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        return now - (timedelta(hours=amount) if unit == "h" else timedelta(days=amount))
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a moment: use {FORMS}") from None
