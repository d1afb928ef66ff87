"""Word 97 (.doc) and WPS (.wps) files: converted to .docx with LibreOffice when it is
installed, otherwise refused with what to do. Never required."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..layout import Layout

FORMAT = "doc"
CONVERT_SECONDS = 120


def read(data: bytes, name: str = "") -> Layout:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError("Word 97/WPS files are not read directly; save it as .docx "
                         "(or convert: soffice --headless --convert-to docx FILE)")
    from . import docx as docx_reader

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / ("in" + (Path(name).suffix or ".doc"))
        source.write_bytes(data)
        try:
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "docx", "--outdir", tmp, str(source)],
                           capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice took over {CONVERT_SECONDS} s to convert it; save it as .docx") from None
        converted = Path(tmp) / "in.docx"
        if not converted.exists():
            raise InputError("LibreOffice could not convert it to .docx; is it a damaged Word file?")
        return docx_reader.read(converted.read_bytes(), name)
