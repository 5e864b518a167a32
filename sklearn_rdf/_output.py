"""Writing results safely: output folders and files that are complete or absent, never mixed.

- :func:`check_output_dir` / :func:`check_output_file` validate a destination before any
  computing: not a file where a folder is wanted (or the reverse), a parent folder that exists
  or can be made, and, unless ``overwrite``, nothing already there (a non-empty folder or an
  existing file is refused with a message that names ``--overwrite`` / ``overwrite=True``).
- :func:`staged_output_dir` yields a temporary folder beside the target; the caller writes its
  files there; on success a ``MANIFEST.json`` (file names, sizes in bytes, SHA-256) is added
  and the folder is renamed into place in one step. On any exception, Ctrl-C included, the
  temporary folder is removed: the target then holds its previous content or nothing new.
  Two runs into the same folder each write their own temporary folder; the rename is atomic,
  so the target always holds one run's complete set (with ``overwrite``: the last to finish;
  without: the first, and the second fails, naming where its results were left).
- :func:`atomic_write_bytes` writes one file the same way (temporary file, then a rename;
  without ``overwrite`` a hard link that fails if the name was taken meanwhile).
- :func:`read_manifest` checks a folder against its manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "MANIFEST",
    "atomic_write_bytes",
    "check_output_dir",
    "check_output_file",
    "read_manifest",
    "staged_output_dir",
]

#: Name of the manifest written into every staged output folder.
MANIFEST = "MANIFEST.json"


def _check_parent(path: Path) -> None:
    parent = path.parent
    for ancestor in (parent, *parent.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise ValueError(f"cannot write to {path}: {ancestor} is a file, not a folder")
            if not os.access(ancestor, os.W_OK | os.X_OK):
                raise ValueError(f"cannot write to {path}: {ancestor} is not writable")
            return


def check_output_dir(
    path, *, overwrite: bool = False, flag: str = "--overwrite", inputs=()
) -> Path:
    """Validate an output folder before any computing; return it as a Path.

    Raises ``ValueError`` when ``path`` is an existing file, its parent cannot be made, it
    is a non-empty folder and ``overwrite`` is false (``flag`` names the way to allow it), or
    one of the ``inputs`` (files the run reads) lies inside it: replacing the folder would
    delete them.
    """
    path = Path(path)
    for source in inputs:
        source = Path(source)
        if path.exists() and source.resolve().is_relative_to(path.resolve()):
            raise ValueError(
                f"the input {source} lies inside the output folder {path}, whose content "
                "is replaced; choose an output folder that does not hold the input"
            )
    if path.exists() and not path.is_dir():
        raise ValueError(f"output folder {path} is an existing file, not a folder")
    if path.is_dir() and any(path.iterdir()) and not overwrite:
        raise ValueError(
            f"output folder {path} is not empty; choose a new folder or pass {flag} to "
            "replace its content"
        )
    _check_parent(path)
    return path


def check_output_file(path, *, overwrite: bool = False, flag: str = "overwrite=True") -> Path:
    """Validate an output file path before any computing; return it as a Path."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"cannot write to {path}: it is a folder, not a file")
    if path.exists() and not overwrite:
        raise ValueError(f"{path} exists; pass {flag} to replace it")
    _check_parent(path)
    return path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_manifest(folder: Path) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    entries = [
        {"name": p.relative_to(folder).as_posix(), "bytes": p.stat().st_size, "sha256": _sha256(p)}
        for p in files
    ]
    manifest = {
        "complete": True,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "files": entries,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def read_manifest(folder) -> list[dict]:
    """The manifest's file entries, after checking every listed file's size and hash.

    Raises ``ValueError`` when the manifest is missing or a file is absent or differs.
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{folder} has no {MANIFEST}: not a complete output folder") from None
    for entry in manifest["files"]:
        path = folder / entry["name"]
        if not path.is_file():
            raise ValueError(f"{path} is listed in {MANIFEST} but absent")
        if path.stat().st_size != entry["bytes"] or _sha256(path) != entry["sha256"]:
            raise ValueError(f"{path} differs from the {MANIFEST} entry")
    return manifest["files"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _aside(path: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{path.name}.old-", dir=path.parent))


@contextmanager
def staged_output_dir(path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; move it into place, with a manifest, on success.

    Validate ``path`` first with :func:`check_output_dir`. On an exception (KeyboardInterrupt
    included) the temporary folder is removed and ``path`` is left as it was.
    """
    path = check_output_dir(path, overwrite=overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{path.name}.partial-", dir=path.parent))
    try:
        os.chmod(stage, 0o777 & ~_umask())  # mkdtemp makes it private (0700)
        yield stage
        _write_manifest(stage)
        _commit(stage, path, overwrite)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _commit(stage: Path, path: Path, overwrite: bool) -> None:
    for _ in range(20):
        try:
            os.rename(stage, path)  # atomic; onto an empty folder too, never onto a full one
            return
        except OSError:
            if not (path.exists() and overwrite):
                if path.exists():
                    kept = stage.with_name(f"{path.name}-{os.getpid()}-{int(time.time())}")
                    os.rename(stage, kept)
                    raise ValueError(
                        f"output folder {path} was filled by another run while this one "
                        f"computed; this run's complete results are in {kept}"
                    ) from None
                raise
        old = _aside(path)
        try:
            os.rename(path, old / path.name)
        except FileNotFoundError:  # another run moved it aside first
            pass
        finally:
            shutil.rmtree(old, ignore_errors=True)
    raise OSError(f"could not move the results into {path}: other runs kept replacing it")


def atomic_write_bytes(path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file beside it, then a rename.

    Without ``overwrite`` an existing ``path`` is refused (checked again at the rename, so a
    file made meanwhile by another process is not replaced).
    """
    path = check_output_file(path, overwrite=overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.partial-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the name exists: no clobbering
            except FileExistsError:
                raise ValueError(f"{path} exists; pass overwrite=True to replace it") from None
            except OSError:  # no hard links on this file system
                if path.exists():
                    raise ValueError(f"{path} exists; pass overwrite=True to replace it") from None
                os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
