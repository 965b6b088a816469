"""Bundled CJK font for the GUI.

Many users read the app in Chinese, but a fresh Linux/Windows-N/minimal
machine may have no CJK font at all, and Qt then draws empty boxes ("tofu").
We ship an OFL-licensed subset of Noto Sans CJK SC (GB2312 + UI symbols, see
resources/fonts/README.md) and register it with Qt at start-up.

Call ``register_bundled_font()`` once after the QApplication exists.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONT_PATH = RESOURCES / "fonts" / "NotoSansSC-Subset.otf"
FALLBACK_FAMILY = "Noto Sans CJK SC"  # the family name inside the bundled file

_family: str | None = None


def register_bundled_font() -> str:
    """Load the bundled font into Qt; return its family name.

    Safe to call more than once.  On failure a warning is logged and
    FALLBACK_FAMILY is returned, so Qt can still pick a system copy if any.
    """
    global _family
    if _family is not None:
        return _family
    font_id = QFontDatabase.addApplicationFont(str(FONT_PATH))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id != -1 else []
    if not families:
        log.warning("could not load bundled CJK font %s; Chinese text may show as boxes", FONT_PATH)
        return FALLBACK_FAMILY
    _family = families[0]
    return _family


def cjk_font(point_size: float | None = None) -> QFont:
    """A QFont of the bundled CJK family (registering it if needed)."""
    font = QFont(register_bundled_font())
    if point_size is not None:
        font.setPointSizeF(float(point_size))
    return font
