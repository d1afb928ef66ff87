"""Word 97 (.doc) and WPS writer (.wps) files go through LibreOffice's conversion to .docx:
a notice the test writes, saved as Word 97 by LibreOffice, read under both
names. Skipped where LibreOffice is not installed."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from gongkai_parse import InputError, parse_bytes  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def word97(tmp_path_factory) -> bytes:
    # Written as a web page: LibreOffice 7.4 flattens a python-docx table (no column widths)
    # into one paragraph when it saves Word 97, but keeps an HTML table.
    rows = [["工作任务", "具体措施", "责任单位"],
            ["一、推进决策公开", "1.公开重大决策草案。", "县司法局"],
            ["二、推进结果公开", "2.公开执行结果。", "县政府办公室"]]
    cells = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in rows)
    tmp = tmp_path_factory.mktemp("word97")
    source = tmp / "notice.html"
    source.write_text(f'<html><head><meta charset="utf-8"></head><body><p>某县2023年政务公开工作要点任务分工</p>'
                      f'<table border="1">{cells}</table></body></html>', encoding="utf-8")
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(tmp), str(source)],
                   capture_output=True, timeout=180, check=False)
    if not (tmp / "notice.doc").exists():
        pytest.skip("LibreOffice could not write a Word 97 file here")
    return (tmp / "notice.doc").read_bytes()


@pytest.mark.parametrize("name", ["notice.doc", "notice.wps"])
def test_word97_and_wps(word97, name):
    assert word97.startswith(b"\xd0\xcf\x11\xe0")  # an OLE file, as WPS writes too
    document = parse_bytes(word97, name)
    assert document.format == "doc"
    assert [(r.task, r.measure, [u.name for u in r.units]) for r in document.tasks] == [
        ("推进决策公开", "公开重大决策草案。", ["县司法局"]),
        ("推进结果公开", "公开执行结果。", ["县政府办公室"]),
    ]
    assert document.metadata.title == "某县2023年政务公开工作要点任务分工"


def test_damaged_wps():
    with pytest.raises(InputError) as e:
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00garbage" * 500, "notice.wps")
    assert "\n" not in str(e.value)
