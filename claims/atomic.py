"""Replace a file all at once: write a temporary file beside it, then rename it into place.

Shared by the index (claims/) and the report and export files (service/); standard library
only, so either side may import it.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

_ATTEMPTS = 100


@contextmanager
def replace_atomically(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target` to write; it replaces `target` when the block
    ends without an exception, and is removed otherwise, so readers see the old file or the
    new one, never half of one.

    Unlike `tempfile.mkstemp` (always 0600), the file gets the permissions writing `target`
    in place would give it: those of the file it replaces, or the umask's for a new file.
    """
    temporary = _create_beside(target)
    try:
        with suppress(FileNotFoundError):  # a new file keeps what the umask gave it
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _create_beside(target: Path) -> Path:
    """An empty file of a new name in `target`'s folder, so the rename never crosses file
    systems. Created with mode 0o666 for the kernel to apply the umask: reading the umask
    means setting it, which would race with other threads creating files."""
    for _ in range(_ATTEMPTS):
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"no free temporary name beside {target} after {_ATTEMPTS} tries")
