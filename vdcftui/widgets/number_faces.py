"""The faces a number can be drawn in on a terminal, from one line of text up to block
digits as tall as the space allows, and the choice of the largest face that fits.

A face is an integer: ``PLAIN`` (the digits as text, one row), ``BOX`` (Textual's
3-row box-drawing digits) or a scale of 2 and up: a 3x5 bitmap font drawn with half
blocks, each bitmap pixel ``scale`` columns wide and ``scale`` half rows tall, so that
it looks square in a cell about twice as tall as it is wide.
"""

from __future__ import annotations

from functools import lru_cache

from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD

PLAIN = 0
BOX = 1
BOX_HEIGHT = 3
FIRST_SCALE = 2
"""The smallest block face (5 rows tall; BOX is 3)."""

GLYPH_WIDTH, GLYPH_HEIGHT = 3, 5
GLYPHS = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("...", "...", "...", "...", "..."),
}
"""The 3x5 bitmaps of the block faces ('#' is ink); any other character draws as '?'."""
UNKNOWN = ("###", "..#", ".##", "...", ".#.")

HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
"""A cell from its upper and lower half: inked or not."""


def face_size(text: str, face: int) -> tuple[int, int]:
    """(width, height) in cells of ``text`` drawn in ``face``."""
    if face == PLAIN:
        return len(text), 1
    if face == BOX:
        return 3 * len(text), BOX_HEIGHT
    glyphs = len(text)
    width = glyphs * GLYPH_WIDTH * face + max(0, glyphs - 1) * face
    return width, -(-GLYPH_HEIGHT * face // 2)


@lru_cache(maxsize=1024)
def largest_face(text: str, width: int, height: int) -> int:
    """The largest face ``text`` fits in ``width`` x ``height`` cells (PLAIN when none
    does: then it is cut)."""
    best = PLAIN
    for face in (BOX, *range(FIRST_SCALE, height + 1)):
        face_width, face_height = face_size(text, face)
        if face_height > height:
            break
        if face_width <= width:
            best = face
    return best


@lru_cache(maxsize=256)
def face_lines(text: str, face: int, *, bold: bool = False) -> tuple[str, ...]:
    """``text`` drawn in ``face``: the rows of cells, all of the face's width."""
    if face == PLAIN:
        return (text,)
    if face == BOX:
        return tuple(_box_lines(text, bold))
    return tuple(_block_lines(text, face))


def _box_lines(text: str, bold: bool) -> list[str]:
    table = DIGITS3X3_BOLD if bold else DIGITS3X3
    rows = ["", "", ""]
    for character in text:
        index = DIGITS.find(character)
        glyph = table[index * 3 : index * 3 + 3] if index >= 0 else ["   ", " ? ", "   "]
        for row, piece in enumerate(glyph):
            rows[row] += piece.ljust(3)
    return rows


def _block_lines(text: str, scale: int) -> list[str]:
    pixels: list[list[bool]] = [[] for _ in range(GLYPH_HEIGHT * scale)]
    for position, character in enumerate(text):
        bitmap = GLYPHS.get(character, UNKNOWN)
        for y, row in enumerate(pixels):
            if position:
                row.extend([False] * scale)
            row.extend(ink == "#" for ink in bitmap[y // scale] for _ in range(scale))
    if len(pixels) % 2:
        pixels.append([False] * len(pixels[0]))
    return [
        "".join(HALF_BLOCKS[pair] for pair in zip(upper, lower, strict=True))
        for upper, lower in zip(pixels[::2], pixels[1::2], strict=True)
    ]
