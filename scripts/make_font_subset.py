#!/usr/bin/env python3
"""Regenerate resources/fonts/NotoSansSC-Subset.otf from Debian's fonts-noto-cjk.

Why: many users read the app in Chinese, and a machine without any CJK font
shows empty boxes ("tofu").  We ship a small, OFL-licensed subset of
Noto Sans CJK SC Regular that covers GB2312 plus the symbols the UI uses.

Prerequisites (Debian/Ubuntu):
    apt-get install -y fonts-noto-cjk        # source .ttc, SIL OFL 1.1
    pip install fonttools==4.68.0

Usage (from the repo root):
    python3 scripts/make_font_subset.py
    python3 scripts/make_font_subset.py --source /path/NotoSansCJK-Regular.ttc \
        --extra-text some/other/file.txt --output /tmp/out.otf

The output is deterministic for a given source font, text files and fontTools
version (the head.modified timestamp is not recalculated).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEFAULT_OUTPUT = REPO / "resources" / "fonts" / "NotoSansSC-Subset.otf"
DEFAULT_TEXT = [Path("/work/shared/lesson/rnn-layer-lesson.zh.txt")]
SC_POSTSCRIPT_NAME = "NotoSansCJKsc-Regular"

# Unicode blocks to keep (inclusive ranges).
RANGES = [
    (0x0020, 0x007E),  # Basic Latin (printable)
    (0x00A0, 0x00FF),  # Latin-1 Supplement (incl. ¹ ² ³)
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x2000, 0x206F),  # General Punctuation
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2500, 0x257F),  # Box Drawing
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]

# Features to keep.  fontTools' default list minus 'locl' (whose JP/KR/TC
# rules would pull in thousands of non-SC glyph variants and could switch
# glyphs to Japanese forms under a Japanese locale) and minus the vertical
# features (we drop the vertical metrics tables).
DROP_FEATURES = {"locl", "vert", "vrt2", "valt", "vkrn", "vpal", "vhal", "vchw"}
DROP_TABLES = ["VORG", "vhea", "vmtx"]


def gb2312_chars() -> set[str]:
    """Every character encoded in GB2312 (6763 Hanzi + 682 symbols)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def find_sc_index(ttc_path: Path) -> int:
    coll = TTCollection(str(ttc_path), lazy=True)
    for i, font in enumerate(coll.fonts):
        if font["name"].getDebugName(6) == SC_POSTSCRIPT_NAME:
            return i
    raise SystemExit(f"{SC_POSTSCRIPT_NAME} not found in {ttc_path}")


def wanted_codepoints(text_files: list[Path]) -> set[int]:
    cps = set()
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    cps.update(ord(c) for c in gb2312_chars())
    for path in text_files:
        cps.update(ord(c) for c in path.read_text(encoding="utf-8"))
    return {cp for cp in cps if cp >= 0x20}  # no control characters


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    ap.add_argument(
        "--extra-text",
        type=Path,
        action="append",
        default=None,
        help="UTF-8 file whose characters must be covered (repeatable; default: the RNN lesson text)",
    )
    args = ap.parse_args(argv)
    text_files = args.extra_text if args.extra_text is not None else DEFAULT_TEXT

    index = find_sc_index(args.source)
    options = subset.Options()
    options.font_number = index
    options.hinting = False
    options.desubroutinize = False
    options.drop_tables += DROP_TABLES
    options.layout_features = [f for f in options.layout_features if f not in DROP_FEATURES]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright + licence
    options.name_languages = [0x0409]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.prune_unicode_ranges = True

    font = subset.load_font(str(args.source), options, dontLoadGlyphNames=True)
    cmap = font.getBestCmap()
    wanted = wanted_codepoints(text_files)
    present = sorted(cp for cp in wanted if cp in cmap)
    missing_text = sorted(
        {
            ord(c)
            for p in text_files
            for c in p.read_text(encoding="utf-8")
            if ord(c) >= 0x20 and ord(c) not in cmap
        }
    )

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(args.output), options)

    out = TTFont(str(args.output))
    print(f"source: {args.source} (face #{index}, {SC_POSTSCRIPT_NAME})")
    print(f"family: {out['name'].getDebugName(1)}")
    print(f"codepoints: {len(out.getBestCmap())} mapped, glyphs: {len(out.getGlyphOrder())}")
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)")
    if missing_text:
        print(
            "warning: characters in text files not in source font: "
            + " ".join(f"U+{cp:04X}" for cp in missing_text),
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
