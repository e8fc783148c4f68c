"""The NOC wall fills its screen at any size: number faces chosen by the space they get,
grids of figures and pool cards shaped for the largest digits, and on a real app the
cards covering the dashboard with figures growing with the terminal."""

from __future__ import annotations

from datetime import datetime

import pytest

from screens.noc.layout import (
    GridShape,
    best_grid,
    card_grid,
    card_score,
    figure_score,
    least_card_height,
    stacked_rows,
)
from screens.noc.pools import PoolCard
from tests.helpers import pilot_until
from vdcftui.noc_app import NocApp
from vdcftui.widgets.big_number import BigNumber
from vdcftui.widgets.number_faces import BOX, PLAIN, face_lines, face_size, largest_face

NOW = datetime(2025, 3, 4, 12, 0)


@pytest.mark.parametrize("face", [PLAIN, BOX, 2, 3, 7])
@pytest.mark.parametrize("text", ["0", "42", "1234567890", "-5", "x"])
def test_every_face_draws_rows_of_its_size(face, text):
    lines = face_lines(text, face)
    width, height = face_size(text, face)
    assert len(lines) == height
    assert {len(line) for line in lines} == {width}


def test_block_digits_are_half_blocks_of_the_bitmap():
    assert face_lines("1", 2) == ("  ██  ", "████  ", "  ██  ", "  ██  ", "██████")
    # scale 3: each bitmap row is one and a half cell rows, the 5th row half empty
    assert face_lines("7", 3)[1] == "▀▀▀▀▀▀███"
    assert face_lines("7", 3)[-1] == "      ▀▀▀"


def test_the_largest_face_that_fits_is_chosen():
    assert largest_face("8", 1, 1) == PLAIN
    assert largest_face("88", 5, 10) == PLAIN  # box digits need 6 columns
    assert largest_face("88", 6, 3) == BOX
    assert largest_face("88", 6, 30) == BOX
    assert largest_face("88", 14, 5) == 2  # 3+3 columns a digit and 2 between, 5 rows
    assert largest_face("8", 30, 20) == 8  # 20 rows: 5 x 8 half rows
    assert largest_face("8", 12, 200) == 4  # the width limits it


def test_figures_take_the_grid_shape_that_gives_the_largest_digits():
    wide, _ = best_grid(7, 200, 8, figure_score)
    assert wide == GridShape(7, 1)
    tall, _ = best_grid(7, 20, 100, figure_score)
    assert tall == GridShape(1, 7)
    shape, score = best_grid(3, 78, 17, figure_score)
    assert shape == GridShape(3, 1) and score == (3, 6)
    # no shape leaves a whole column empty
    assert best_grid(5, 300, 300, figure_score)[0].columns * 2 <= 6


def test_pool_cards_fill_the_screen_or_scroll_in_rows_that_show_box_digits():
    assert card_grid(1, 169, 47) == GridShape(1, 1)
    assert card_grid(2, 169, 47) == GridShape(2, 1)
    assert card_score(169 // 2, 47)[0] >= 4  # tall block digits on a wall
    many = card_grid(30, 78, 21)
    assert many.row_height == least_card_height(78 // many.columns)
    assert card_score(78 // many.columns, many.row_height)[0] == BOX
    assert many.columns * many.rows >= 30
    assert least_card_height(7) is None
    assert card_grid(3, 7, 21).columns == 1


def test_graph_rows_share_the_height_until_too_low():
    assert stacked_rows(2, 40, 10) == GridShape(1, 2)
    assert stacked_rows(5, 40, 10) == GridShape(1, 5, 10)


@pytest.mark.parametrize("size", [(80, 24), (160, 50), (240, 70)])
async def test_pool_cards_cover_the_dashboard_and_digits_grow_with_it(console_repo, size):
    app = NocApp(operator="alice", cycle=0, clock=lambda: NOW, show_clock=False)
    async with app.run_test(size=size) as pilot:
        await pilot_until(pilot, lambda: len(app.screen.query(PoolCard)) == 2)
        cards = list(app.screen.query(PoolCard))

        def faces() -> set[int]:
            return {number.face for card in cards for number in card.query(BigNumber)}

        # the cards come with the summary, read in a worker; their figures then take
        # their sizes in a layout or two
        expected = {(80, 24): {2}, (160, 50): {4}, (240, 70): {6}}[size]
        await pilot_until(pilot, lambda: faces() == expected)
        area = app.screen.query_one("#pool-cards").content_region
        regions = [card.region for card in cards]
        assert min(r.x for r in regions) == area.x and max(r.right for r in regions) == area.right
        assert min(r.y for r in regions) == area.y
        assert max(r.bottom for r in regions) == area.bottom
