"""Files on disk: checked output paths, atomic writes, and reads that fail cleanly.

- :func:`check_output_path` refuses a bad ``--out`` before any work is done: an empty
  name, a name ending in ``/``, a folder, the wrong extension, a missing or
  unwritable parent folder.
- :func:`atomic_write_bytes` writes a temporary file beside the target, then renames
  it over the target: a failed write leaves no partial file.  A symlink is
  followed (its target is written, the link stays) and an existing file keeps its
  permission bits (a 0600 file stays 0600).
- :func:`read_text` / :func:`read_json` turn every way a file can be malformed (not
  UTF-8, nested 100,000 deep, a 401-digit integer, ``NaN`` or ``1e999``, larger
  than :data:`MAX_READ_BYTES`) into :class:`FileFormatError` naming the file.  A
  UTF-8 byte-order mark is accepted.
"""

from __future__ import annotations

import csv
import json
import math
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

__all__ = [
    "FILE_BYTES_PER_NUMBER",
    "MAX_READ_BYTES",
    "FileFormatError",
    "atomic_write_bytes",
    "atomic_write_stream",
    "atomic_write_text",
    "check_file_size",
    "check_output_path",
    "parse_json_text",
    "read_json",
    "read_text",
]

MAX_READ_BYTES = 256 << 20  # parsing takes ~3x the text; the CLI refuses to write larger files
FILE_BYTES_PER_NUMBER = 24  # a float as JSON or CSV text: repr (up to 22 characters) and a separator
MAX_INT_DIGITS = 20  # a step count or an index fits; 401-digit integers are refused


class FileFormatError(ValueError):
    """A trajectory, sweep or experiment file that cannot be read; the message says why."""


# --- writing --------------------------------------------------------------------------

def check_output_path(path: str | os.PathLike, suffixes: Iterable[str], what: str = "--out") -> Path:
    """The output path, refused with a clear message before any work is done.

    ``ValueError`` for a bad name (empty, ends in a separator, names a folder,
    extension not one of ``suffixes``); ``OSError`` when the parent folder is
    missing, is not a folder, or is not writable.
    """
    text = os.fspath(path)
    suffixes = tuple(s.lower() for s in suffixes)
    allowed = " or ".join(suffixes)
    if not text.strip():
        raise ValueError(f"{what} is empty: give a file name ending in {allowed}")
    if text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
        raise ValueError(f"{what} {text!r} names a folder: give a file name ending in {allowed}")
    p = Path(text)
    target = Path(os.path.realpath(p))
    if target.is_dir():
        raise ValueError(f"{what} {text!r} is a folder: give a file name ending in {allowed}")
    if p.suffix.lower() not in suffixes:
        raise ValueError(f"{what} {p.name!r}: the name must end in {allowed}")
    parent = target.parent
    if not parent.exists():
        raise OSError(f"cannot write {p}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise OSError(f"cannot write {p}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OSError(f"cannot write {p}: no permission to write in {parent}")
    if target.exists() and not target.is_file():
        raise OSError(f"cannot write {p}: it exists and is not a regular file")
    return p


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: see :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` via a temporary file in the target's folder, then rename.

    A failure leaves no partial file and raises ``OSError("cannot write PATH: reason")``.
    A symlink is resolved first, so the file it points to is replaced and the link
    kept; an existing file keeps its mode, a new one gets ``0666 & ~umask``.
    """
    atomic_write_stream(path, lambda fh: fh.write(data), binary=True)


def atomic_write_stream(path: str | os.PathLike, write: Callable[[IO], object],
                        binary: bool = False) -> None:
    """Like :func:`atomic_write_bytes`, with ``write(fh)`` writing the content piece by
    piece (UTF-8 text unless ``binary``), so a large export needs no copy of itself
    in memory.  Ctrl-C or any error leaves no temporary file behind."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode & 0o7777 if target.is_file() else 0o666 & ~_umask()
        if target.is_dir():
            raise IsADirectoryError(21, "it is a folder")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OSError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OSError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- reading --------------------------------------------------------------------------

def check_file_size(n_numbers: int, name: str, hint: str) -> None:
    """``ValueError`` if a file of ``n_numbers`` numbers would be larger than the loaders
    read (:data:`MAX_READ_BYTES`): the app never writes a file it cannot open again."""
    size = n_numbers * FILE_BYTES_PER_NUMBER
    if size > MAX_READ_BYTES:
        raise ValueError(f"cannot write {name}: it would be ≈ {size / 2**20:,.0f} MiB; files are "
                         f"limited to {MAX_READ_BYTES >> 20} MiB (what Optim Lab reads back); {hint}")


def read_text(path: str | os.PathLike) -> str:
    """The file's UTF-8 text (a leading BOM is dropped).

    ``OSError("cannot read PATH: reason")`` if it cannot be opened;
    ``FileFormatError`` if it is not UTF-8 text or larger than :data:`MAX_READ_BYTES`.
    """
    path = Path(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a folder, a pipe (would block), a device
            raise OSError(21, "not a regular file")
        size = st.st_size
        if size > MAX_READ_BYTES:
            raise FileFormatError(
                f"{path.name}: the file is {size / 2**20:,.0f} MiB; the limit is "
                f"{MAX_READ_BYTES >> 20} MiB"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise OSError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path.name}: not UTF-8 text (bad byte at offset {exc.start})") from None


class _Refused(Exception):
    """Raised from inside the JSON parser's hooks; becomes a FileFormatError."""


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _Refused(f"an integer with {digits} digits")
    return int(text)


def _parse_float(text: str) -> float:
    v = float(text)
    if not math.isfinite(v):
        raise _Refused(f"the number {text[:30]} is out of range")
    return v


def _parse_constant(text: str) -> float:
    raise _Refused(f"{text} is not a finite number")


def parse_json_text(text: str, name: str) -> Any:
    """Strict JSON: only finite numbers and integers of at most 20 digits; nesting too deep
    for the parser (``RecursionError``) is a format error too."""
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except _Refused as exc:
        raise FileFormatError(f"{name}: {exc}") from None
    except RecursionError:
        pass
    except (ValueError, OverflowError, MemoryError) as exc:
        raise FileFormatError(f"{name}: not valid JSON ({exc})") from None
    raise FileFormatError(f"{name}: the JSON is nested too deeply")


def read_json(path: str | os.PathLike) -> Any:
    """Parsed JSON of a file (see :func:`parse_json_text`); errors name the file."""
    path = Path(path)
    return parse_json_text(read_text(path), path.name)


def read_tagged_csv(text: str, tag: str, name: str, what: str) -> tuple[Any, list[list[str]]]:
    """A CSV whose metadata is one ``# <tag> {json}`` line: ``(metadata, table rows)``.

    Other ``#`` lines and blank lines are skipped; no header or no rows, or text the
    ``csv`` module cannot read, is a :class:`FileFormatError` naming ``what`` and the file.
    """
    prefix = f"# {tag} "
    meta, body = None, []
    for ln in text.splitlines():
        if ln.startswith(prefix):
            meta = parse_json_text(ln[len(prefix):], f"{name}, {tag} header")
        elif ln.strip() and not ln.startswith("#"):
            body.append(ln)
    if not isinstance(meta, dict) or not body:
        raise FileFormatError(f"{name}: not an Optim Lab {what} CSV (no '# {tag}' header or rows)")
    try:
        return meta, list(csv.reader(body))
    except csv.Error as exc:
        raise FileFormatError(f"{name}: not readable as CSV ({exc})") from None


def load_json_or_csv(path: str | os.PathLike, from_csv: Callable[[str, str], Any],
                     validate: Callable[[Any, str], object]) -> Any:
    """The document of a ``.csv`` (through ``from_csv(text, name)``) or JSON file, validated."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        doc = from_csv(read_text(path), path.name)
    else:
        doc = read_json(path)
    validate(doc, path.name)
    return doc


def is_number(v: Any) -> bool:
    """A finite JSON number (``true``/``false`` are not numbers)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def is_int(v: Any) -> bool:
    """A JSON integer (``true``/``false`` are not integers)."""
    return isinstance(v, int) and not isinstance(v, bool)
