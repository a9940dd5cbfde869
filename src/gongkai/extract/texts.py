"""The narrative by part, rebuilt from the prose lines: hard line wraps joined back
into paragraphs, headings and page furniture left out."""

from __future__ import annotations

from ..report.model import AnnualReport

_ENDS = tuple("。！？；：:;!?）)”")


def section_texts(report: AnnualReport, title_line: int | None) -> dict[str, str]:
    heads = {s.start_line for s in report.sections}
    parts: dict[str, list[str]] = {}
    first = report.sections[0].start_line if report.sections else None
    for line, text in report.prose:
        if line in heads or (title_line is not None and line <= title_line):
            continue
        if first is not None and line < first:
            key = "intro"
        else:
            section = report.section_at(line)
            if section is None:
                continue
            key = section.canonical or f"section{section.ordinal}"
        paragraphs = parts.setdefault(key, [])
        text = text.strip()
        # a line that does not end a sentence was wrapped: the next line continues it
        if paragraphs and not paragraphs[-1].endswith(_ENDS) and not text.startswith(("（", "(", "一是", "二是")):
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
    return {key: "\n".join(p) for key, p in parts.items()}
