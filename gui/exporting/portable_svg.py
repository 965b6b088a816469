"""Make Qt's SVG output render the same everywhere: Qt, Chromium, librsvg, Inkscape.

QSvgGenerator writes what QPainter did, literally: a flat list of `<g transform=...>` groups
whose shapes are in the painter's coordinates at that moment. pyqtgraph paints curves in *data*
coordinates inside groups scaled by the view (x 130, y -30), with cosmetic pens, which Qt writes
as `vector-effect="non-scaling-stroke"`. librsvg and ImageMagick ignore that property, so a
1-pixel line becomes a band 130 units wide: the huge black, orange and green polygons users saw.
Text is written as `<text font-family="Noto Sans CJK SC">`, which shows as empty boxes wherever
that font is not installed (the app ships its own copy; other programs cannot see it).

`make_portable` rewrites the document so that it needs none of that:
- Group transforms are baked into the coordinates of paths, polylines, rectangles and circles,
  so every stroke width is in the drawing's own units and no renderer has to scale a stroke;
  `vector-effect` is then dropped (it would make a zoomed drawing's lines thinner in browsers
  only). Images keep their transform as their own attribute (they scale exactly).
- Heatmaps (Qt embeds them as images at their native resolution, one pixel per cell, scaled
  up by a transform) would blur in librsvg, which ignores `image-rendering` (tested with
  2.54). Up to CELL_RUN_LIMIT runs of equal colour they become rectangles: exact vector cells,
  drawn with `shape-rendering="crispEdges"` so neighbours meet without seams. Larger ones stay
  images, enlarged by repeating pixels until one pixel spans at most one unit of the drawing
  at its natural size, so any smoothing a renderer applies is confined to a thin rim; they
  are also marked pixelated for the renderers that honour it.
- Text becomes glyph outlines (paths) drawn by Qt from the same fonts the PNG uses, including
  the bundled CJK font. Why outlines and not an embedded font: librsvg does not load `@font-face`
  fonts at all and Inkscape only partly, so an embedded font would still fail in exactly the
  places this is for; outlines render identically everywhere. The words stay searchable and
  readable to screen readers as each outline's `aria-label` and `<title>`.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PATH_TOKEN = re.compile(rf"[A-Za-z]|{_NUMBER}")
_NUMBERS = re.compile(_NUMBER)
# A cubic Bezier's control distance for a quarter circle (the standard approximation).
_KAPPA = 0.5522847498307936
# Heatmaps with more runs of equal colour than this stay images (a rectangle costs ~60 bytes).
CELL_RUN_LIMIT = 20_000
# A heatmap left as an image is enlarged at most to this many pixels.
MAX_ENLARGED_PIXELS = 16_000_000
# Coordinates are written with this many decimals: 1/1000 of a pixel at the natural size.
_DECIMALS = 3


class Matrix:
    """An SVG affine matrix(a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f."""

    __slots__ = ("a", "b", "c", "d", "e", "f")

    def __init__(self, a=1.0, b=0.0, c=0.0, d=1.0, e=0.0, f=0.0):
        self.a, self.b, self.c, self.d, self.e, self.f = a, b, c, d, e, f

    @classmethod
    def parse(cls, text: str | None) -> Matrix | None:
        """The matrix of a `transform` attribute Qt writes (matrix(...) only); None otherwise."""
        if not text:
            return cls()
        match = re.fullmatch(r"\s*matrix\(([^)]*)\)\s*", text)
        if not match:
            return None
        values = [float(v) for v in _NUMBERS.findall(match.group(1))]
        return cls(*values) if len(values) == 6 else None

    def is_identity(self) -> bool:
        return (self.a, self.b, self.c, self.d, self.e, self.f) == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def map(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def times(self, other: Matrix) -> Matrix:
        """self applied after other."""
        return Matrix(
            self.a * other.a + self.c * other.b,
            self.b * other.a + self.d * other.b,
            self.a * other.c + self.c * other.d,
            self.b * other.c + self.d * other.d,
            self.a * other.e + self.c * other.f + self.e,
            self.b * other.e + self.d * other.f + self.f,
        )

    def stroke_factor(self) -> float:
        """How much a stroke width grows under this matrix (exact for uniform scales)."""
        return math.sqrt(abs(self.a * self.d - self.b * self.c))

    def svg(self) -> str:
        return "matrix({})".format(
            ",".join(_fmt(v) for v in (self.a, self.b, self.c, self.d, self.e, self.f))
        )


def _fmt(value: float) -> str:
    text = f"{value:.{_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pairs(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


# ---- geometry ---------------------------------------------------------------------------------------


def _map_path_data(d: str, m: Matrix) -> str | None:
    """Path data with every point mapped; None when it uses commands Qt does not write
    (relative or arc commands), which are then left to a transform attribute."""
    out, numbers = [], []
    for token in _PATH_TOKEN.findall(d):
        if token.isalpha():
            if token not in "MLCQZ":
                return None
            if len(numbers) % 2:
                return None
            out.append(_pairs([m.map(*numbers[i : i + 2]) for i in range(0, len(numbers), 2)]))
            numbers = []
            out.append(token)
        else:
            numbers.append(float(token))
    if len(numbers) % 2:
        return None
    out.append(_pairs([m.map(*numbers[i : i + 2]) for i in range(0, len(numbers), 2)]))
    return " ".join(part for part in out if part)


def _map_points(points: str, m: Matrix) -> str | None:
    values = [float(v) for v in _NUMBERS.findall(points)]
    if len(values) % 2:
        return None
    return _pairs([m.map(values[i], values[i + 1]) for i in range(0, len(values), 2)])


def _rect_path(element: ET.Element, m: Matrix) -> str | None:
    if element.get("rx") or element.get("ry"):
        return None
    x, y = float(element.get("x", 0)), float(element.get("y", 0))
    w, h = float(element.get("width", 0)), float(element.get("height", 0))
    corners = [m.map(x, y), m.map(x + w, y), m.map(x + w, y + h), m.map(x, y + h)]
    return f"M{_pairs(corners[:1])} L{_pairs(corners[1:])} Z"


def _ellipse_path(cx: float, cy: float, rx: float, ry: float, m: Matrix) -> str:
    """An ellipse as four cubic Beziers, mapped (an affine map keeps a Bezier a Bezier)."""
    kx, ky = rx * _KAPPA, ry * _KAPPA
    local = [
        (cx + rx, cy),
        (cx + rx, cy + ky),
        (cx + kx, cy + ry),
        (cx, cy + ry),
        (cx - kx, cy + ry),
        (cx - rx, cy + ky),
        (cx - rx, cy),
        (cx - rx, cy - ky),
        (cx - kx, cy - ry),
        (cx, cy - ry),
        (cx + kx, cy - ry),
        (cx + rx, cy - ky),
        (cx + rx, cy),
    ]
    points = [m.map(x, y) for x, y in local]
    curves = " ".join(f"C{_pairs(points[i : i + 3])}" for i in range(1, 13, 3))
    return f"M{_pairs(points[:1])} {curves} Z"


_SHAPE_ATTRIBUTES = (
    "x",
    "y",
    "width",
    "height",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "x1",
    "y1",
    "x2",
    "y2",
    "points",
)


def _as_path(element: ET.Element, d: str) -> None:
    for name in _SHAPE_ATTRIBUTES:
        element.attrib.pop(name, None)
    element.tag = f"{{{SVG_NS}}}path"
    element.set("d", d)


def _bake(element: ET.Element, m: Matrix) -> bool:
    """Map `element`'s own coordinates by `m`; False when it cannot be (the caller then moves `m`
    onto the element as its transform attribute)."""
    if element.get("transform"):
        return False
    tag = _tag(element)
    if tag == "path":
        d = _map_path_data(element.get("d", ""), m)
        if d is None:
            return False
        element.set("d", d)
    elif tag in ("polyline", "polygon"):
        points = _map_points(element.get("points", ""), m)
        if points is None:
            return False
        element.set("points", points)
    elif tag == "rect":
        d = _rect_path(element, m)
        if d is None:
            return False
        _as_path(element, d)
    elif tag in ("circle", "ellipse"):
        r = float(element.get("r", 0))
        rx, ry = (r, r) if tag == "circle" else (float(element.get("rx", 0)), float(element.get("ry", 0)))
        _as_path(element, _ellipse_path(float(element.get("cx", 0)), float(element.get("cy", 0)), rx, ry, m))
    elif tag == "line":
        (x1, y1), (x2, y2) = (
            m.map(float(element.get("x1", 0)), float(element.get("y1", 0))),
            m.map(float(element.get("x2", 0)), float(element.get("y2", 0))),
        )
        for name, value in (("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2)):
            element.set(name, _fmt(value))
    else:
        return False
    return True


def _uses_paint_server(element: ET.Element, group: ET.Element) -> bool:
    """A gradient or pattern is defined in the coordinates of its group: baking would move it."""
    return any("url(" in (node.get(name) or "") for node in (element, group) for name in ("fill", "stroke"))


def _has_stroke(element: ET.Element, group: ET.Element) -> bool:
    stroke = element.get("stroke") or group.get("stroke") or "none"
    return stroke != "none"


def _flatten_group(group: ET.Element, m: Matrix, text_to_path) -> None:
    for child in list(group):
        tag = _tag(child)
        if tag == "text" and text_to_path is not None:
            path = text_to_path(child, group, m)
            if path is not None:
                group.insert(list(group).index(child), path)
                group.remove(child)
                continue
        non_scaling = child.attrib.pop("vector-effect", None) == "non-scaling-stroke"
        if tag == "image":
            cells = _image_as_cells(child, m)
            if cells is not None:
                group.insert(list(group).index(child), cells)
                group.remove(child)
                continue
            _enlarge_image(child, m)
        if m.is_identity():
            continue
        if not _uses_paint_server(child, group) and _bake(child, m):
            if not non_scaling and _has_stroke(child, group):
                # A scaled pen (rare: pyqtgraph's pens are cosmetic): keep its width on paper.
                width = float(child.get("stroke-width") or group.get("stroke-width") or 1)
                child.set("stroke-width", _fmt(width * m.stroke_factor()))
            continue
        own = Matrix.parse(child.get("transform"))
        child.set("transform", m.times(own if own is not None else Matrix()).svg())
        if non_scaling and _has_stroke(child, group):
            # The transform now scales its stroke too: undo that, as closely as one number can.
            width = float(child.get("stroke-width") or group.get("stroke-width") or 1)
            child.set("stroke-width", _fmt(width / max(m.stroke_factor(), 1e-9)))
    group.attrib.pop("transform", None)


def _decode_image(element: ET.Element):
    """The QImage of an `<image>` Qt embedded as a PNG data URL, or None."""
    import base64

    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QImage

    href = element.get(f"{{{XLINK_NS}}}href") or element.get("href") or ""
    prefix = "data:image/png;base64,"
    if not href.startswith(prefix):
        return None
    image = QImage()
    if not image.loadFromData(QByteArray(base64.b64decode(href[len(prefix) :])), "PNG"):
        return None
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _image_as_cells(element: ET.Element, m: Matrix) -> ET.Element | None:
    """A heatmap image as a group of filled rectangles (one path per colour, runs of equal
    colour along a row merged), mapped by `m`; None when it is too large for that."""
    import numpy as np

    if element.get("transform"):
        return None
    image = _decode_image(element)
    if image is None or image.width() * image.height() == 0:
        return None
    w, h = image.width(), image.height()
    pixels = np.frombuffer(bytes(image.constBits()), dtype=np.uint32).reshape(h, image.bytesPerLine() // 4)[
        :, :w
    ]
    starts = np.ones((h, w), dtype=bool)
    starts[:, 1:] = pixels[:, 1:] != pixels[:, :-1]
    if int(starts.sum()) > CELL_RUN_LIMIT:
        return None
    x0, y0 = float(element.get("x", 0)), float(element.get("y", 0))
    cell_w, cell_h = float(element.get("width", w)) / w, float(element.get("height", h)) / h
    by_colour: dict[int, list[str]] = {}
    for row in range(h):
        columns = np.flatnonzero(starts[row]).tolist() + [w]
        for begin, end in itertools.pairwise(columns):
            argb = int(pixels[row, begin])
            if argb >> 24 == 0:
                continue  # transparent: nothing to draw
            left, right = x0 + begin * cell_w, x0 + end * cell_w
            top, bottom = y0 + row * cell_h, y0 + (row + 1) * cell_h
            corners = [m.map(left, top), m.map(right, top), m.map(right, bottom), m.map(left, bottom)]
            by_colour.setdefault(argb, []).append(f"M{_pairs(corners[:1])} L{_pairs(corners[1:])} Z")
    group = ET.Element(f"{{{SVG_NS}}}g")
    group.set("shape-rendering", "crispEdges")  # cells meet edge to edge, no hairline seams
    group.set("stroke", "none")
    for argb, rects in by_colour.items():
        path = ET.SubElement(group, f"{{{SVG_NS}}}path")
        path.set("fill", f"#{argb & 0xFFFFFF:06x}")
        if argb >> 24 != 255:
            path.set("fill-opacity", _fmt((argb >> 24) / 255))  # ARGB32 is not premultiplied
        path.set("d", " ".join(rects))
    return group


def _enlarge_image(element: ET.Element, m: Matrix) -> None:
    """Repeat each pixel of a large heatmap until one pixel spans at most one unit."""
    import base64

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt

    image = _decode_image(element)
    if image is None or image.isNull():
        return
    shown_w = abs(float(element.get("width", image.width())) * math.hypot(m.a, m.b))
    shown_h = abs(float(element.get("height", image.height())) * math.hypot(m.c, m.d))
    factor_x = max(1, math.ceil(shown_w / image.width()))
    factor_y = max(1, math.ceil(shown_h / image.height()))
    while (
        image.width() * factor_x * image.height() * factor_y > MAX_ENLARGED_PIXELS
        and max(factor_x, factor_y) > 1
    ):
        factor_x, factor_y = max(1, factor_x // 2), max(1, factor_y // 2)
    if factor_x == factor_y == 1:
        return
    enlarged = image.scaled(
        image.width() * factor_x,
        image.height() * factor_y,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    enlarged.save(buffer, "PNG")
    buffer.close()
    element.set(
        f"{{{XLINK_NS}}}href", "data:image/png;base64," + base64.b64encode(bytes(data)).decode("ascii")
    )


def _mark_images_pixelated(root: ET.Element) -> None:
    for image in root.iter(f"{{{SVG_NS}}}image"):
        # The attribute for SVG 1.1 renderers (librsvg, Inkscape), the CSS value for browsers;
        # both mean: scale by repeating pixels, never by blending neighbours.
        image.set("image-rendering", "optimizeSpeed")
        image.set("style", "image-rendering:optimizeSpeed;image-rendering:pixelated")


def make_portable(svg: bytes, text_to_path=None) -> bytes:
    """The SVG document `svg` (as QSvgGenerator writes it) rewritten to need no transform on a
    stroked shape, no `vector-effect`, and (given `text_to_path`) no font."""
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(f"{{{SVG_NS}}}g")]
    for group in groups:
        m = Matrix.parse(group.get("transform"))
        if m is None:  # not a plain matrix (Qt writes none such): leave the group as it is
            continue
        _flatten_group(group, m, text_to_path)
    for element in root.iter():
        element.attrib.pop("vector-effect", None)
    _mark_images_pixelated(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body + "\n").encode("utf-8")


# ---- text as outlines (needs Qt's fonts) -------------------------------------------------------------


def qt_text_to_path(element: ET.Element, group: ET.Element, m: Matrix) -> ET.Element | None:
    """A `<path>` of the glyph outlines Qt draws for an SVG `<text>` element, mapped by `m`."""
    from PySide6.QtGui import QFont, QPainterPath, QTransform

    text = element.text or ""
    if not text.strip():
        return ET.Element(f"{{{SVG_NS}}}g")  # nothing visible to draw
    # Qt lays text out at a whole pixel size (a 10 pt font at 96 dpi, "13.3333" in the SVG, is
    # set at 13 px): the outlines must be too, or a run grows into the next one.
    size = float(max(1, round(float(element.get("font-size") or group.get("font-size") or 12))))
    families = [
        f.strip().strip("'\"")
        for f in (element.get("font-family") or group.get("font-family") or "Sans Serif").split(",")
    ]
    font = QFont()
    font.setFamilies(families)
    # Outlines made at a large pixel size and scaled down: unhinted, so exactly proportional,
    # and fractional sizes (Qt writes "10.5") keep their value.
    reference_px = 100
    font.setPixelSize(reference_px)
    font.setWeight(QFont.Weight(int(element.get("font-weight") or group.get("font-weight") or 400)))
    font.setItalic((element.get("font-style") or group.get("font-style")) in ("italic", "oblique"))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(True)
    outline = QPainterPath()
    outline.addText(0, 0, font, text)
    k = size / reference_px
    x, y = float(element.get("x", 0)), float(element.get("y", 0))
    mapping = QTransform(k, 0, 0, k, x, y) * QTransform(m.a, m.b, m.c, m.d, m.e, m.f)
    outline = mapping.map(outline)
    path = ET.Element(f"{{{SVG_NS}}}path")
    path.set("d", _qpainterpath_data(outline))
    path.set("fill", element.get("fill") or group.get("fill") or "#000000")
    opacity = element.get("fill-opacity") or group.get("fill-opacity")
    if opacity and opacity != "1":
        path.set("fill-opacity", opacity)
    if _synthetic_bold(font):
        # Qt draws bold from a regular face by growing each outline by size/24 (FreeType's
        # embolden strength); a stroke of that width in the fill colour does the same.
        path.set("stroke", path.get("fill"))
        path.set("stroke-width", _fmt(size / 24))
        path.set("stroke-linejoin", "round")
        if path.get("fill-opacity"):
            path.set("stroke-opacity", path.get("fill-opacity"))
    else:
        path.set("stroke", "none")
    path.set("fill-rule", "nonzero")  # glyph outlines are drawn for the non-zero rule
    path.set("aria-label", text)
    title = ET.SubElement(path, f"{{{SVG_NS}}}title")
    title.text = text
    return path


def _synthetic_bold(font) -> bool:
    """True when Qt has no bold face for `font` and makes its bold by thickening the regular one."""
    from PySide6.QtGui import QFontDatabase, QFontInfo

    if font.weight() < 600:
        return False
    info = QFontInfo(font)
    return QFontDatabase.weight(info.family(), info.styleName()) < 600


def _qpainterpath_data(path) -> str:
    from PySide6.QtGui import QPainterPath

    kinds = QPainterPath.ElementType
    parts = []
    i, count = 0, path.elementCount()
    while i < count:
        e = path.elementAt(i)
        if e.type == kinds.MoveToElement:
            parts.append(f"M{_fmt(e.x)},{_fmt(e.y)}")
            i += 1
        elif e.type == kinds.LineToElement:
            parts.append(f"L{_fmt(e.x)},{_fmt(e.y)}")
            i += 1
        else:  # CurveToElement, then two CurveToDataElements
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            parts.append(f"C{_fmt(e.x)},{_fmt(e.y)} {_fmt(c2.x)},{_fmt(c2.y)} {_fmt(end.x)},{_fmt(end.y)}")
            i += 3
    return " ".join(parts) or "M0,0"
