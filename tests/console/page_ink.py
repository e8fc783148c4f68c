"""Where a screenshot is drawn on: the share of pixels that differ from the background
(the commonest colour) in each tile of a region, read with Pillow."""

from __future__ import annotations

import io

from PIL import Image, ImageChops

Box = tuple[int, int, int, int]
"""left, top, right, bottom in pixels (right and bottom excluded)."""

THRESHOLD = 24
"""How far (0-255, the largest of the three channels) a pixel must be from the
background to count as drawn: anti-aliasing and dithering stay under it."""


def ink_tiles(png: bytes, box: Box, columns: int, rows: int) -> list[list[float]]:
    """The share of drawn pixels in each of ``columns`` x ``rows`` tiles of ``box``,
    row by row, the background being the commonest colour in ``box``."""
    region = Image.open(io.BytesIO(png)).convert("RGB").crop(box)
    counts = region.getcolors(region.width * region.height) or []
    background = max(counts)[1]
    difference = ImageChops.difference(region, Image.new("RGB", region.size, background))
    red, green, blue = difference.split()
    farthest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    drawn = farthest.point(lambda level: 255 if level > THRESHOLD else 0)
    shares = []
    for row in range(rows):
        top, bottom = row * region.height // rows, (row + 1) * region.height // rows
        line = []
        for column in range(columns):
            left, right = column * region.width // columns, (column + 1) * region.width // columns
            tile = drawn.crop((left, top, right, bottom))
            line.append(tile.histogram()[255] / (tile.width * tile.height))
        shares.append(line)
    return shares
