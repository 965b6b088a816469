"""Reading and writing user files safely: the one home for the rules every file path obeys.

- Writing: a failure never leaves a half-written file under the final name (`atomic_write`),
  only a regular file (or nothing) is ever replaced, so `--out /dev/null` cannot turn a device
  into a file, and a set of files is published all together or not at all (`staged_output`).
- Reading: only regular files are read, with a byte limit enforced while reading
  (`read_regular_file`), because `st_size` is 0 for /dev/zero and a FIFO blocks forever.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.messages import Foreign, Message, os_reason

# Characters Windows, macOS or Linux refuse in file names (and control characters).
_UNSAFE_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def atomic_write(path: str | Path, write) -> Path:
    """Call `write(binary_file)` on a temporary file beside `path`, then rename it into place.

    Any error (a full disk, a permission problem, an exception in `write`) removes the
    temporary file and leaves whatever was at `path` untouched.
    """
    path = Path(path)
    check_file_name(path.name)
    check_replaceable(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise UserError("file.cannot_write_folder", path=path.parent, msg_error=os_reason(exc)) from None
    try:
        os.chmod(tmp, 0o666 & ~_current_umask())  # mkstemp makes it owner-only; files are for sharing
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        check_replaceable(path)  # again: something may have appeared there while writing
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError("file.cannot_write", path=path, msg_error=os_reason(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def check_replaceable(path: Path) -> None:
    """Refuse to replace anything but a regular file: os.replace would swap a device node, a FIFO
    or a socket for a plain file (run as root, `--out /dev/null` would destroy the null device).
    A symbolic link is judged by what it points to."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError("file.cannot_write", path=path, msg_error=os_reason(exc)) from None
    if not stat.S_ISREG(mode):
        raise UserError("file.not_regular_to_replace", path=path, msg_kind=_kind(mode))


def _kind(mode: int) -> Message:
    if stat.S_ISDIR(mode):
        return Message("file.kind.folder")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Message("file.kind.device")
    if stat.S_ISFIFO(mode):
        return Message("file.kind.fifo")
    if stat.S_ISSOCK(mode):
        return Message("file.kind.socket")
    return Message("file.kind.special")


def file_role(what: str) -> str:
    """What a file was for ("corpus file"), as a message the GUI translates (other words as given)."""
    code = {
        "file": "file.what.file",
        "corpus file": "file.what.corpus",
        "vocabulary file": "file.what.vocabulary",
        "model file": "file.what.model",
        "lesson file": "file.what.lesson",
        "labels file": "file.what.labels",
    }.get(what)
    return Message(code) if code else what


def read_regular_file(
    path: str | Path, limit: int, error: type[UserError] = UserError, what: str = "file"
) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Devices, FIFOs and sockets are refused before they are opened (a FIFO would block, /dev/zero
    would fill memory while reporting a size of 0). The limit is checked against the size and
    again while reading, since a file may grow in between. Every problem raises `error` with a
    one-line message that names the file; `what` says what the file was for ("corpus file")."""
    path = Path(path)
    require_regular_file(path, error, what)
    try:
        # O_NONBLOCK: should a FIFO be swapped in after the check, opening it must not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise error("file.not_regular_to_read", path=path)
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise error(
                    "file.too_large",
                    msg_what=file_role(what),
                    path=path,
                    size=format_size(size),
                    limit=format_size(limit),
                )
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(
            "file.cannot_read_what", msg_what=file_role(what), path=path, msg_error=os_reason(exc)
        ) from None
    if len(data) > limit:
        raise error("file.larger_than", msg_what=file_role(what), path=path, limit=format_size(limit))
    return data


def require_regular_file(
    path: Path, error: type[UserError] = UserError, what: str = "file"
) -> os.stat_result:
    """os.stat of `path`, or `error` saying why it is not a regular file that can be read."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise error("file.missing", path=path) from None
    except OSError as exc:
        raise error(
            "file.cannot_read_what", msg_what=file_role(what), path=path, msg_error=os_reason(exc)
        ) from None
    if not stat.S_ISREG(status.st_mode):
        raise error(
            "file.not_regular_what", path=path, msg_kind=_kind(status.st_mode), msg_what=file_role(what)
        )
    return status


def format_size(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GiB"
    return f"{n / 1024**2:.1f} MiB" if n >= 1024**2 else f"{n} bytes"


@contextlib.contextmanager
def staged_output(out: Path):
    """A temporary folder inside `out` to write a whole set of files into. On success every file
    in it is renamed into `out` (same file system: a rename cannot run out of space); on any
    failure the folder is removed and `out` is left exactly as it was.

    Use `published(out, staging, paths)` afterwards for the final names of the paths written."""
    out = Path(out)
    _remove_orphaned_staging(out)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", suffix=".part", dir=out))
    except OSError as exc:
        raise UserError("file.cannot_write_folder", path=out, msg_error=os_reason(exc)) from None
    try:
        yield staging
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        targets = [out / f.relative_to(staging) for f in files]
        for target in targets:  # every target checked before the first rename
            check_replaceable(target)
        for source, target in zip(files, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    except OSError as exc:
        raise UserError("file.cannot_write_folder", path=out, msg_error=os_reason(exc)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_STAGING_PREFIX = ".rnn-stepper-"
_STAGING_NAME = re.compile(r"^\.rnn-stepper-(\d+)-[^/]*\.part$")


def _remove_orphaned_staging(out: Path) -> None:
    """Staging folders of runs that were killed (kill -9 leaves no chance to clean up): their
    names carry the process id, and a folder whose process is gone is removed."""
    try:
        entries = list(out.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _STAGING_NAME.match(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink():
            continue
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
        except (OSError, OverflowError, ValueError):
            pass  # alive (another user's, or ours): leave it


def published(out: Path, staging: Path, paths) -> list[Path]:
    """Where files written under `staging` are after `staged_output` has moved them into `out`. A
    path outside `staging` (a file the user named elsewhere, such as --animation's) stays as it is."""
    staging = Path(staging)
    return [
        Path(out) / Path(p).relative_to(staging) if Path(p).is_relative_to(staging) else Path(p)
        for p in paths
    ]


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Most file systems allow 255 bytes per name; a temporary name adds a prefix and a suffix.
MAX_NAME_BYTES = 200


def check_file_name(name: str) -> None:
    if not name or name in (".", "..") or _UNSAFE_NAME.search(name) or name != name.strip():
        raise UserError("file.bad_name", name=repr(name))
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:  # a surrogate from bytes that were not UTF-8 on the command line
        raise UserError("file.bad_name_utf8", name=repr(name)) from None
    if size > MAX_NAME_BYTES:
        raise UserError("file.name_too_long", name=repr(name[:20]), size=size, limit=MAX_NAME_BYTES)


def safe_name_part(text: str, limit: int = 24) -> str:
    """Text made fit for a file name: unsafe characters become '_', spaces '-'; CJK stays."""
    cleaned = _UNSAFE_NAME.sub("_", text).strip().replace(" ", "-")
    return cleaned[:limit] or "untitled"


def prepare_output_dir(out: str | Path) -> Path:
    """The folder `out`, created if missing, or a clear error if it cannot hold files."""
    if not str(out).strip():
        raise UserError("file.output_folder_empty")
    out = Path(out)
    for part in out.parts:
        if len(part.encode("utf-8", "surrogateescape")) > 255:
            raise UserError("file.folder_name_too_long", name=repr(part[:20]))
    if out.exists() and not out.is_dir():
        raise UserError("file.not_a_folder", path=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError("file.cannot_create_folder", path=out, msg_error=os_reason(exc)) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UserError("file.cannot_write_folder", path=out, msg_error=Foreign("permission denied"))
    return out
