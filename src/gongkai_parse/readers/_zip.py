"""Opening a ZIP package (a workbook, an OFD) with the limits every reader of one needs."""
from __future__ import annotations

import io
import zipfile

from ..errors import InputError

# A notice is a few hundred kB; refuse packages that unpack to more (a zip bomb).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def open_package(data: bytes, what: str) -> zipfile.ZipFile:
    """The archive, checked whole and within the size limit; `what` names the format in errors."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"corrupt or truncated {what} (not a valid ZIP package)") from None
    unpacked = sum(i.file_size for i in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        archive.close()
        raise InputError(f"refused: the {what} unpacks to {unpacked // (1024 * 1024)} MB (a zip bomb?)")
    try:
        bad = archive.testzip()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
        archive.close()
        raise InputError(f"corrupt {what} ({type(e).__name__})") from None
    if bad:
        archive.close()
        raise InputError(f"corrupt {what} (damaged part {bad})")
    return archive
