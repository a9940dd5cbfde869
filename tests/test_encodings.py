"""Encodings are detected, not assumed: the same report reads the same in UTF-8
(with or without BOM), GB18030/GBK and UTF-16."""

from __future__ import annotations

import codecs

import pytest

from gongkai.errors import UnreadableInput
from gongkai.extract import extract_text
from gongkai.ingest.text import decode
from gongkai.report.jsonio import to_dict

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "utf-16-bom": lambda t: t.encode("utf-16"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "utf-16-be-no-bom": lambda t: t.encode("utf-16-be"),
}
DETECTED = {"utf-8": "utf-8", "utf-8-bom": "utf-8", "gb18030": "gb18030", "gbk": "gb18030",
            "utf-16-bom": "utf-16", "utf-16-le-no-bom": "utf-16-le", "utf-16-be-no-bom": "utf-16-be"}


@pytest.mark.parametrize("name", ENCODINGS)
@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_seed_reads_the_same_in_every_encoding(seed, prefix, name):
    text = seed(prefix).read_text("utf-8")
    data = ENCODINGS[name](text)
    got = to_dict(extract_text(data))
    want = to_dict(extract_text(text))
    assert got["source"]["encoding"] == DETECTED[name]
    for key in ("agency", "year", "table_a", "table_b", "table_c", "legacy", "sections", "problems"):
        assert got[key] == want[key], key


def test_decode_refuses_invalid_multibyte_text():
    with pytest.raises(UnreadableInput, match="无法识别文本编码"):
        decode("年度报告".encode("utf-8") + b" \xff\x80 " * 3)


def test_decode_refuses_utf16_with_broken_surrogates():
    with pytest.raises(UnreadableInput, match="utf-16"):
        decode(codecs.BOM_UTF16_LE + "年报".encode("utf-16-le") + b"\x00\xd8\x41\x00")
