"""Typed errors with messages a user can act on (Chinese first, English gloss).

Library code raises these; only the CLI and the web layer turn them into exit codes
or pages.
"""


import re

# the English gloss a message ends its clauses with, for the command line: "（one extension only）"
# (a word in lower case: a case number such as （Y-1） or （2026-S01） is no gloss)
_GLOSS = re.compile(r"（[^（）\u3000-\u9fff\uff00-\uffef]*[a-z]{2}[^（）\u3000-\u9fff\uff00-\uffef]*）")


def chinese(message: str) -> str:
    """The message without its English glosses: what the web shows people."""
    return _GLOSS.sub("", message)


class GongkaiError(Exception):
    """Base class: `str(err)` is the one-line message shown to a user."""

    code = "error"


class UnreadableInput(GongkaiError):
    """The bytes cannot be read as a document (empty, binary, bad encoding, too large)."""

    code = "unreadable"


class NotAReport(GongkaiError):
    """The document was read but is not a 政府信息公开工作年度报告."""

    code = "not_a_report"
