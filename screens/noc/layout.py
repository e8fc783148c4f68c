"""How the NOC wall divides its space: figures and pool cards in grids whose shape gives
the largest digits the space allows (no Textual here: sizes in, shapes out).

A cell's score is a tuple compared as such: the face a two-digit figure gets in it,
then the face a one-digit figure gets (most NOC figures are one digit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from vdcftui.widgets.number_faces import BOX, face_size, largest_face

Score = tuple[int, ...]

FIGURE_PADDING = 2
"""Columns a figure keeps clear beside its number (one a side: no padding in noc.tcss,
where every edge of a widget costs a cut of every line it crosses when painting)."""
CAPTION_HEIGHT = 1
CARD_FRAME = (4, 2)
"""Columns and rows a pool card's border and padding take (noc.tcss)."""
CARD_FIGURES = 7
"""Figures on a pool card (pools.FIGURES)."""


class GridShape(NamedTuple):
    """Columns and rows of a grid; ``row_height`` is None when the rows share the height
    (1fr), or a number of rows each when they do not fit and the grid scrolls."""

    columns: int
    rows: int
    row_height: int | None = None


def best_grid(
    count: int, width: int, height: int, score: Callable[[int, int], Score]
) -> tuple[GridShape, Score]:
    """The grid of ``count`` equal cells filling ``width`` x ``height`` whose cells score
    best, and that score; ties go to the fewest empty cells, then the fewest rows."""
    count = max(1, count)
    best: tuple[tuple[Score, int, int], GridShape] | None = None
    for columns in range(1, count + 1):
        rows = -(-count // columns)
        if (columns - 1) * rows >= count:
            continue  # a column would stay empty: the same rows with fewer columns is better
        cell = score(width // columns, height // rows)
        key = (cell, count - columns * rows, -rows)
        if best is None or key > best[0]:
            best = (key, GridShape(columns, rows))
    assert best is not None
    return best[1], best[0][0]


def figure_score(width: int, height: int) -> Score:
    """How large figures get in a cell of ``width`` x ``height`` (caption included)."""
    room = (width - FIGURE_PADDING, height - CAPTION_HEIGHT)
    return largest_face("88", *room), largest_face("8", *room)


def card_score(width: int, height: int) -> Score:
    """How large a pool card's figures get in a card of ``width`` x ``height``."""
    inner = (width - CARD_FRAME[0], height - CARD_FRAME[1])
    return best_grid(CARD_FIGURES, *inner, figure_score)[1]


def card_grid(count: int, width: int, height: int) -> GridShape:
    """The grid of ``count`` pool cards in ``width`` x ``height``: filling it when every
    card can show two-digit figures at least in box digits, else rows of the least
    height that can (one column when the width has room for no more), as many cards in
    view as may be, scrolling."""
    shape, score = best_grid(count, width, height, card_score)
    if score[0] >= BOX:
        return shape
    count = max(1, count)
    best: tuple[tuple[int, int], GridShape] | None = None
    for columns in range(1, count + 1):
        row_height = least_card_height(width // columns)
        if row_height is None and columns > 1:
            break
        row_height = row_height or CARD_FRAME[1] + CARD_FIGURES * (CAPTION_HEIGHT + 1)
        in_view = columns * (height // row_height)
        key = (min(in_view, count), -columns)
        if best is None or key > best[0]:
            best = (key, GridShape(columns, -(-count // columns), row_height))
    assert best is not None
    return best[1]


def least_card_height(width: int) -> int | None:
    """The fewest rows a card ``width`` wide needs for two-digit figures in box digits,
    or None if it is too narrow for them."""
    digits_width, digits_height = face_size("88", BOX)
    per_row = (width - CARD_FRAME[0]) // (digits_width + FIGURE_PADDING)
    if per_row < 1:
        return None
    rows = -(-CARD_FIGURES // per_row)
    return CARD_FRAME[1] + rows * (CAPTION_HEIGHT + digits_height)


def stacked_rows(count: int, height: int, least: int) -> GridShape:
    """One column of ``count`` rows sharing ``height``, or ``least`` rows each (and
    scrolling) when sharing would give them fewer."""
    count = max(1, count)
    return GridShape(1, count, None if height // count >= least else least)
