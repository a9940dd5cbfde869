"""AnnualReport → OFD (GB/T 33190): the PDF rendering's text placed as OFD text objects,
one per run of characters, on pages of the PDF's size. What an office publishes as OFD
reads back through `ingest/ofd.py` to the same model."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from ..report.model import AnnualReport

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres per point


def _runs(page, textpage):
    """(text, left, top, right, bottom, size) runs of characters in points, top-left origin."""
    height = page.get_height()
    runs, cur = [], None
    for i in range(textpage.count_chars()):
        ch = textpage.get_text_range(i, 1)
        if not ch or ch in "\r\n":
            cur = None
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        size = max(top - bottom, 1.0)
        if ch.isspace():
            cur = None
            continue
        t, b = height - top, height - bottom
        if cur is not None and abs(cur[4] - b) < 0.3 * cur[6] and -0.1 * cur[6] <= left - cur[3] < 0.3 * cur[6]:
            cur[0] += ch
            cur[3] = right
            cur[5].append(left)
            cur[6] = max(cur[6], size)
        else:
            cur = [ch, left, t, right, b, [left], size]
            runs.append(cur)
    return runs


def pdf_to_ofd(pdf: bytes) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.1" '
                               'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>gongkai</ofd:DocID>'
                               '<ofd:Creator>gongkai</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml'
                               '</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        pages, ident = [], 100
        for index in range(len(doc)):
            page = doc[index]
            tp = page.get_textpage()
            w, h = page.get_width() * MM, page.get_height() * MM
            objects = []
            for text, left, top, right, bottom, starts, size in _runs(page, tp):
                ident += 1
                deltas = " ".join(f"{(b - a) * MM:.3f}" for a, b in zip(starts, starts[1:]))
                objects.append(
                    f'<ofd:TextObject ID="{ident}" Boundary="{left * MM:.3f} {top * MM:.3f} '
                    f'{(right - left) * MM:.3f} {(bottom - top) * MM:.3f}" Font="1" Size="{size * MM:.3f}">'
                    f'<ofd:TextCode X="0" Y="{(bottom - top) * MM * 0.85:.3f}"'
                    + (f' DeltaX="{deltas}"' if deltas else "") + f'>{escape(text)}</ofd:TextCode></ofd:TextObject>')
            tp.close()
            zf.writestr(f"Doc_0/Pages/Page_{index}/Content.xml",
                        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Area>'
                        f'<ofd:PhysicalBox>0 0 {w:.3f} {h:.3f}</ofd:PhysicalBox></ofd:Area><ofd:Content>'
                        f'<ofd:Layer ID="{index + 1}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
            pages.append(f'<ofd:Page ID="{index + 1}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
        zf.writestr("Doc_0/Document.xml",
                    f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
                    f'<ofd:MaxUnitID>{ident}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297'
                    '</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                    f'<ofd:Pages>{"".join(pages)}</ofd:Pages></ofd:Document>')
        zf.writestr("Doc_0/PublicRes.xml",
                    f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
                    '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    return out.getvalue()


def render_ofd(report: AnnualReport) -> bytes:
    from .pdf import render_pdf
    return pdf_to_ofd(render_pdf(report))  # `gongkai render --to ofd` does the same, from its own DOCX


__all__ = ["pdf_to_ofd", "render_ofd"]
