"""Atomic replacement of a file's bytes, keeping its permission bits."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from codemods.errors import WriteError


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old or the new file.

    The temporary file lives in the same folder, so ``os.replace`` is a
    rename within one file system. The original mode bits are copied over.

    Raises
    ------
    WriteError
        When the folder is not writable or the disk is full; ``path`` is
        left as it was and no temporary file remains.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".gauntlet-fix", dir=path.parent
        )
    except OSError as err:
        raise WriteError(str(path), err.strerror or str(err)) from err
    try:
        with os.fdopen(handle, "wb") as temp_file:
            temp_file.write(data)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as err:
        Path(temp_name).unlink(missing_ok=True)
        raise WriteError(str(path), err.strerror or str(err)) from err
