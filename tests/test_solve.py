"""Run-together digits solved jointly: every reading enumerated, a cell set only where
every solution agrees, the narrative's figures deciding only where one of them fits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.extract.solve import Hint, Relation, Slot, _total_last, readings, solve, splits
from gongkai.extract.tables import group_check
from gongkai.extract.tokens import NUM, Token

B = group_check(7, 6)


def tok(text: str) -> Token:
    return Token(NUM, text, 1, 0, int(text.split(".")[0] or 0))


def slot(key: str, *runs: str, width: int = 7, check=B) -> Slot:
    s = Slot(key, [f"{key}.{i}" for i in range(width)], [tok(r) for r in runs], check)
    readings(s, width)
    return s


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 120), min_size=6, max_size=6))
def test_total_first_search_finds_exactly_the_readings_of_the_general_one(parts):
    run = "".join(map(str, parts + [sum(parts)]))
    assert sorted(_total_last(run, 7)) == sorted(splits([run], 7, B))


def test_a_row_with_one_reading():
    assert slot("r", "640020470").options == [(64, 0, 0, 2, 0, 4, 70)]


def test_a_blank_mark_is_one_cell_and_decimals_stay_in_the_last_cell():
    s = Slot("a", ["a.0", "a.1"], [tok("13575394432.52")])
    readings(s, 2)
    assert (1357539, 4432.52) in s.options and all(isinstance(o[1], float) for o in s.options)


def test_column_identities_pick_the_one_combination():
    rows = {k: slot(k, run) for k, run in (("new", "1100011"), ("carried", "0000000"), ("granted", "110000112"),
                                           ("total", "1100011"), ("forward", "0000000"))}
    # granted reads 11|0… or 1|10…; only 11|0 keeps 一 + 二 = 总计 + 四 in every column
    rows["total"] = slot("total", "11", "0", "0", "0", "0", "1", "12")
    rows["new"] = slot("new", "11", "0", "0", "0", "0", "1", "12")
    rels = [Relation((f"new.{i}", f"carried.{i}"), (f"total.{i}", f"forward.{i}")) for i in range(7)]
    rels += [Relation((f"granted.{i}",), (f"total.{i}",)) for i in range(7)]
    out = solve(list(rows.values()), rels)
    assert [out.values[f"granted.{i}"] for i in range(7)] == [11, 0, 0, 0, 0, 1, 12]


def test_cells_all_solutions_agree_on_are_set_the_others_carry_candidates():
    out = solve([slot("g", "110000112")], [])
    assert [out.values[f"g.{i}"] for i in range(7)] == [None, None, 0, 0, 0, 1, 12]
    assert out.candidates["g.0"] == [1, 11] and out.candidates["g.1"] == [0, 10]


def test_a_figure_decides_only_where_exactly_one_of_its_values_fits():
    a = Slot("a", ["a.issued", "a.repealed", "a.in_force"], [tok("8855698")])
    readings(a, 3)
    out = solve([a], [], [Hint("a.in_force", 698, "正文"), Hint("a.issued", 88, "正文")])
    assert [out.values[c] for c in a.cells] == [88, 55, 698]
    # two figures for one cell that both fit decide nothing
    a2 = Slot("a", ["a.x", "a.y"], [tok("1234")])
    readings(a2, 2)
    out = solve([a2], [], [Hint("a.x", 1, "甲"), Hint("a.x", 12, "乙")])
    assert out.values["a.x"] is None and out.candidates["a.x"] == [1, 12, 123]


def test_a_report_whose_own_numbers_do_not_add_up_is_not_forced():
    """No combination satisfies the identities: each row keeps only what all of its own
    readings agree on, nothing is picked to make the table balance."""
    g = slot("g", "110000112")
    t = slot("t", "5", "0", "0", "0", "0", "0", "5")
    out = solve([g, t], [Relation(tuple(f"g.{i}" for i in range(1)), ("t.0",))])
    assert out.values["g.0"] is None and out.values["g.6"] == 12
