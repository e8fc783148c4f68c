"""The console's themes: colours live here and in the .tcss files, never in screens.

`--theme NAME` or the `theme` setting chooses one; every Textual built-in theme works too.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="vdcf-dark",
    primary="#4A9FD8",
    secondary="#7C8FA6",
    accent="#F0A33A",
    warning="#E5C07B",
    error="#E06C75",
    success="#7FC77F",
    foreground="#D7DCE2",
    background="#12161C",
    surface="#1A2029",
    panel="#232B36",
    dark=True,
)
LIGHT = Theme(
    name="vdcf-light",
    primary="#1F5F99",
    secondary="#55667A",
    accent="#B35C00",
    warning="#8A6D00",
    error="#B3261E",
    success="#1E7A34",
    foreground="#1B1F24",
    background="#F5F6F8",
    surface="#FFFFFF",
    panel="#E3E7EC",
    dark=False,
)
NOC = Theme(
    name="vdcf-noc",
    primary="#00B7FF",
    secondary="#FFFFFF",
    accent="#FFD400",
    warning="#FFD400",
    error="#FF3B3B",
    success="#2BFF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    dark=True,
    luminosity_spread=0.25,
    text_alpha=1.0,
)
THEMES: tuple[Theme, ...] = (DARK, LIGHT, NOC)
DEFAULT_THEME = DARK.name
NOC_THEME = NOC.name
