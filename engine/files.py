"""Writing files so that a failure never leaves a half-written file under the final name."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from rnn_stepper.engine.errors import UserError

# Characters Windows, macOS or Linux refuse in file names (and control characters).
_UNSAFE_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def atomic_write(path: str | Path, write) -> Path:
    """Call `write(binary_file)` on a temporary file beside `path`, then rename it into place.

    Any error (a full disk, a permission problem, an exception in `write`) removes the
    temporary file and leaves whatever was at `path` untouched.
    """
    path = Path(path)
    check_file_name(path.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise UserError(f"cannot write into the folder {path.parent}: {exc.strerror or exc}") from None
    try:
        os.chmod(tmp, 0o666 & ~_current_umask())  # mkstemp makes it owner-only; files are for sharing
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_file_name(name: str) -> None:
    if not name or name in (".", "..") or _UNSAFE_NAME.search(name) or name != name.strip():
        raise UserError(f"{name!r} is not a valid file name")


def safe_name_part(text: str, limit: int = 24) -> str:
    """Text made fit for a file name: unsafe characters become '_', spaces '-'; CJK stays."""
    cleaned = _UNSAFE_NAME.sub("_", text).strip().replace(" ", "-")
    return cleaned[:limit] or "untitled"


def prepare_output_dir(out: str | Path) -> Path:
    """The folder `out`, created if missing, or a clear error if it cannot hold files."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UserError(f"cannot write into the folder {out}: permission denied")
    return out
