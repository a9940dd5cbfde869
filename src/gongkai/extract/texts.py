"""The narrative by part, rebuilt from the prose lines: hard line wraps joined back
into paragraphs, headings and page furniture left out."""

from __future__ import annotations

from ..report.model import AnnualReport

_ENDS = tuple("。！？；：:;!?）)”")


def section_texts(report: AnnualReport, prose: list[tuple[str | None, int, str]], title_line: int | None) -> dict[str, str]:
    """`prose`: the rows outside the tables in order, as (part, line, text) where part is
    the section key the row falls in ("intro" before the first section, None for a
    heading)."""
    parts: dict[str, list[str]] = {}
    for key, line, text in prose:
        if key is None or (title_line is not None and line <= title_line and key == "intro"):
            continue
        paragraphs = parts.setdefault(key, [])
        text = text.strip()
        # a line that does not end a sentence was wrapped: the next line continues it
        if paragraphs and not paragraphs[-1].endswith(_ENDS) and not text.startswith(("（", "(", "一是", "二是")):
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
    return {key: "\n".join(p) for key, p in parts.items()}
