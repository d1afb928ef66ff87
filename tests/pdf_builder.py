"""Small PDFs for the tests, drawn with reportlab and its built-in Chinese font (no font
file needed): paragraphs and tables, ruled or not, over several pages."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 72.0, WIDTH - 72.0, 60.0, 70.0


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Lines as a word processor fills them: as many characters as the width holds."""
    lines, line = [], ""
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line or not lines else lines


@dataclass
class PdfBuilder:
    """Draws top to bottom; `page_break()` starts a new page; every page gets a footer."""

    size: float = 10.5
    running_header: str | None = None
    canvas_kwargs: dict = field(default_factory=dict)

    def __post_init__(self):
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4, **self.canvas_kwargs)
        self.page = 1
        self.y = TOP
        self._start_page()

    def _start_page(self):
        self.c.setFont(FONT, 9)
        if self.running_header:
            self.c.drawCentredString(WIDTH / 2, HEIGHT - 35, self.running_header)
        self.c.drawCentredString(WIDTH / 2, 35, f"— {self.page} —")

    def page_break(self):
        self.c.showPage()
        self.page += 1
        self.y = TOP
        self._start_page()

    def paragraph(self, text: str, size: float | None = None, centred: bool = False, indent: bool = True):
        size = size or self.size
        self.c.setFont(FONT, size)
        for k, line in enumerate(_wrap(text, RIGHT - LEFT - (2 * size if indent else 0), size)):
            baseline = HEIGHT - self.y - size
            if centred:
                self.c.drawCentredString(WIDTH / 2, baseline, line)
            else:
                self.c.drawString(LEFT + (2 * size if indent and k == 0 else 0), baseline, line)
            self.y += size * 1.6

    def table(self, widths: list[float], rows: list[list[str | None]], ruled: bool = True, rules_between_rows=False):
        """Rows of cells; None is a cell merged with the one above (no rule between, no text)."""
        size = self.size
        xs = [LEFT]
        for w in widths:
            xs.append(xs[-1] + w)
        heights = []
        for row in rows:
            lines = max(len(_wrap(t, w - 6, size)) if t else 1 for t, w in zip(row, widths))
            heights.append(lines * size * 1.3 + 8)
        top = self.y
        self.c.setFont(FONT, size)
        y = top
        for r, (row, h) in enumerate(zip(rows, heights)):
            for k, (text, w) in enumerate(zip(row, widths)):
                if text:
                    for i, line in enumerate(_wrap(text, w - 6, size)):
                        self.c.drawString(xs[k] + 3, HEIGHT - (y + 4 + size + i * size * 1.3), line)
            if ruled or rules_between_rows:
                for k in range(len(widths)):
                    below = rows[r + 1][k] if r + 1 < len(rows) else ""
                    if below is not None or r + 1 == len(rows):
                        self.c.line(xs[k], HEIGHT - (y + h), xs[k + 1], HEIGHT - (y + h))
            y += h
        if ruled:
            self.c.line(xs[0], HEIGHT - top, xs[-1], HEIGHT - top)
            for x in xs:
                self.c.line(x, HEIGHT - top, x, HEIGHT - y)
        self.y = y + size

    def bytes(self) -> bytes:
        self.c.save()
        return self.buf.getvalue()


# --- PDFs written byte by byte: what a hostile or damaged producer may write ------------

def pdf_of_objects(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; the first is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_stream(data: bytes, extra: bytes = b"") -> bytes:
    """A stream object's body: its dictionary (extra entries, then /Length) and its data."""
    return b"<< %s/Length %d >>\nstream\n%s\nendstream" % (extra, len(data), data)
