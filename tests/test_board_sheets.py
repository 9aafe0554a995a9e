"""Board sheets: filled evenly, and a long name on a large card never smaller than the unit under it."""

from __future__ import annotations

from exemplar_site.model import Exemplar
from exemplar_site.print.layout import BOARD_PER_SHEET, Paper
from exemplar_site.print.plan import _balanced, _board_cards


def exemplars(count: int, name: str = "张伟") -> tuple[Exemplar, ...]:
    return tuple(Exemplar(source=f"content/e{i}.md", slug=f"e{i}", name=name, kind="person",
                          categories=("道德模范",), unit="一车间", year=2025) for i in range(count))


def test_57_cards_fill_five_sheets_evenly():
    assert BOARD_PER_SHEET["A3"] == 12
    sheets = _balanced(exemplars(57), 12)
    assert [len(s) for s in sheets] == [12, 12, 11, 11, 11]
    assert [e.slug for s in sheets for e in s] == [f"e{i}" for i in range(57)]  # every card once, in order


def test_any_count_fills_its_sheets_within_one_card():
    for count in range(0, 100):
        sizes = [len(s) for s in _balanced(exemplars(count), 12)]
        assert sum(sizes) == count and len(sizes) == max(1, -(-count // 12))
        assert max(sizes) - min(sizes) <= 1 and max(sizes) <= 12 and sizes == sorted(sizes, reverse=True), count


def test_a_long_name_on_a_single_card_board_is_never_smaller_than_the_unit():
    name = "青川市供水有限公司管网管理所城东抢修一班党支部委员会暨青年突击队"
    cards = _board_cards(exemplars(1, name), Paper("A3"))
    grid = cards["grid"]
    assert grid.text_pt > 9.0  # a large card: 9 pt would be smaller than its unit line
    assert cards["name_pt"]["e0"] >= grid.text_pt
