"""Printed rows are aligned to the format's row sequence as a whole: typos, other
numbering, missing and added rows, header words run into a label; a long text is
never a label."""

from __future__ import annotations

from gongkai.extract.align import align, matcher_for
from gongkai.extract.tokens import records
from gongkai.ingest.text import read_text
from gongkai.report.formats import format_of

B_ROWS = format_of("2021").table_b


def aligned(text: str) -> list[tuple[str, str, float]]:
    recs = records(read_text(text).rows)
    return [(recs[m.record].text, m.key, m.score) for m in align(recs, matcher_for(B_ROWS))]


def test_rows_matched_by_their_phrases_keep_the_order():
    got = aligned("1.属于国家秘密 0 0 0 0 0 0 0\n2.其他法律行政法规禁止公开 1 0 0 0 0 0 1\n")
    assert got == [("1.属于国家秘密", "denied_state_secret", 1.0),
                   ("2.其他法律行政法规禁止公开", "denied_law_prohibited", 1.0)]


def test_a_typo_is_matched_by_similarity_between_its_neighbours():
    got = aligned("1.属于国家秘密 0 0 0 0 0 0 0\n2.其他法律行政止公开 0 0 0 0 0 0 0\n"
                  "3.危及“三安全一稳定” 1 0 0 0 0 0 1\n")
    assert got[1] == ("2.其他法律行政止公开", "denied_law_prohibited", 0.75)


def test_other_numbering_and_spaces_inside_labels():
    got = aligned("（五）不予处理 1、信访举报投诉类申请 0 0 0 0 0 0 0\n2．重 复申请 0 0 0 0 0 0 0\n"
                  "要求提供公开出版物 0 0 0 0 0 0 0\n")
    assert [k for _, k, _ in got] == ["unprocessed_petition", "unprocessed_repeat", "unprocessed_publication"]


def test_a_missing_row_and_an_added_subtotal_row():
    got = aligned("1.本机关不掌握相关政府信息 3 0 0 0 0 0 3\n小计 3 0 0 0 0 0 3\n"
                  "3.补正后申请内容仍不明确 0 0 0 0 0 0 0\n")
    assert [k for _, k, _ in got] == ["unavailable_not_held", "unavailable_unclear_after_correction"]


def test_header_words_run_into_the_first_label():
    got = aligned("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
                  "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n")
    assert [k for _, k, _ in got] == ["new_received"]


def test_a_long_text_ending_elsewhere_is_no_label():
    """A phrase of a row in the middle of a paragraph does not make the paragraph that row."""
    prose = "本年度共收到政府信息公开申请，均按期答复。" * 8 + "其中涉及重复申请的情况已在下文说明，全年办理 "
    assert aligned(prose + "12\n") == []


def test_the_2019_single_row_matches_other_other():
    got = aligned("5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0\n（六）其他处理 2 0 0 0 0 0 2\n"
                  "（七）总计 9 0 0 0 0 0 9\n")
    assert [k for _, k, _ in got] == ["unprocessed_confirm_reissue", "other_other", "total"]
