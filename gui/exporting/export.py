"""Turning panels into image files: PNG, SVG, PDF (gui.figure) and the clipboard (animations:
gui.animation).

A panel is exported as it is drawn in the app, by the panel's own paint code:
- the unrolled network through its `export_plan`, which paints every time step, not only the
  columns scrolled into view;
- every other panel through `QWidget.render` of its `export_widget()`.
Either is scaled by the painter, so a larger export is sharper (plots and text are vector-drawn),
never a blown-up screenshot.
Files are written under a temporary name and renamed when complete (engine.files.atomic_write).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPaintEngine, QPainter, QPicture
from PySide6.QtWidgets import QWidget
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.files import (
    atomic_write,
    check_file_name,
    prepare_output_dir,
    published,
    safe_name_part,
    staged_output,
)
from rnn_stepper.gui.exporting.portable_svg import make_portable, qt_text_to_path
from rnn_stepper.gui.panels.base import StepPanel

# Every panel exports (gui.panel_registry lists them), in this order in menus and "Export all".
# The train panel's picture is its loss curve; code and configuration are also saved as text.
IMAGE_ROLES = (
    "network",
    "calculation",
    "output",
    "weights",
    "hidden",
    "backprop",
    "train",
    "generate",
    "code",
    "config",
)
ROLE_FILE_NAMES = {
    "network": "network",
    "calculation": "calculation",
    "output": "output",
    "weights": "weights",
    "hidden": "hidden-state",
    "backprop": "backprop",
    "train": "loss-curve",
    "generate": "generate",
    "code": "pytorch-code",
    "config": "configuration",
}
FORMATS = ("png", "svg")
MAX_EXPORT_PIXELS = 100_000_000  # one image; beyond this a PNG is refused rather than exhausting memory
BACKGROUND = QColor("white")


@dataclass(frozen=True)
class ExportSize:
    """How large an exported image is: a width in pixels, or a factor of the on-screen size."""

    width: int | None = None
    scale: float = 1.0

    def factor(self, natural_width: int) -> float:
        if self.width:
            return self.width / max(1, natural_width)
        return self.scale


def file_stem(simulation, role: str, position: int) -> str:
    """A meaningful default name: "我爱你_network_step2", "random-H256_weights_step0"."""
    config = simulation.config
    subject = safe_name_part(config.text) if config.is_text else f"random-H{config.hidden_size}"
    return f"{subject}_{ROLE_FILE_NAMES.get(role, role)}_step{position}"


def paint_plan(panel: QWidget):
    """(natural size, paint(painter)) for a panel: what one export draws, PNG or SVG alike."""
    plan = panel.export_plan(None)  # the network paints all of itself, beyond the scrolled view
    return plan if plan is not None else widget_plan(panel.export_widget())


def widget_plan(widget: QWidget):
    """(natural size, paint) of any widget as it is laid out (a panel, or the whole window)."""

    def paint(painter: QPainter) -> None:
        painter.fillRect(QRect(QPoint(0, 0), widget.size()), BACKGROUND)
        if painter.paintEngine().type() not in (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf):
            QWidget.render(widget, painter, QPoint(0, 0))  # the widget, not QGraphicsView.render (scene)
            return
        # Vector devices (SVG, PDF): QWidget.render paints child widgets through a redirection
        # whose offset QSvgGenerator leaves out of its clip paths (a label's clip lands at the
        # panel's corner and cuts its text). Recorded as a picture first, then replayed, every
        # clip and shape is set in plain painter coordinates and comes out right.
        picture = QPicture()
        picture.setBoundingRect(QRect(QPoint(0, 0), widget.size()))
        recorder = QPainter(picture)
        try:
            QWidget.render(widget, recorder, QPoint(0, 0))
        finally:
            recorder.end()
        painter.drawPicture(0, 0, picture)

    return widget.size(), paint


def render_png_image(panel: QWidget, size: ExportSize = ExportSize()) -> QImage:
    """The panel as an image: its natural drawing, scaled by the painter to the requested size."""
    return render_plan_image(paint_plan(panel), size)


def render_plan_image(plan, size: ExportSize = ExportSize()) -> QImage:
    """A (natural size, paint) plan drawn into an image of the requested size."""
    natural, paint = plan
    factor = size.factor(natural.width())
    target = QSize(max(1, round(natural.width() * factor)), max(1, round(natural.height() * factor)))
    if target.width() * target.height() > MAX_EXPORT_PIXELS:
        raise UserError("export.image_too_large", width=target.width(), height=target.height())
    image = QImage(target, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(BACKGROUND)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(factor, factor)
        paint(painter)
    finally:
        painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise UserError("export.png_failed")
    buffer.close()
    return bytes(data)


def screen_dpi() -> int:
    """The logical DPI panels lay text out for: SVG and PDF use it, so their letters have the
    size and place they have in the PNG (QSvgGenerator would otherwise assume 72 dpi)."""
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInchX()) if screen is not None else 96


def svg_bytes(panel: QWidget, title: str) -> bytes:
    """The panel as SVG: vector shapes, text as glyph outlines, heatmaps as rectangles (or
    images at their native resolution); rewritten by gui.portable_svg to render the same
    outside Qt."""
    return plan_svg_bytes(paint_plan(panel), title)


def plan_svg_bytes(plan, title: str) -> bytes:
    from PySide6.QtSvg import QSvgGenerator

    natural, paint = plan
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # SVG 1.1, not Qt's default SVG Tiny 1.2: only 1.1 has clip paths, and without them a
    # scrolled text box or table draws its whole content past its edges.
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
    generator.setOutputDevice(buffer)
    generator.setSize(natural)
    generator.setViewBox(QRect(QPoint(0, 0), natural))
    generator.setResolution(screen_dpi())
    generator.setTitle(title)
    generator.setDescription("Exported from RNN Stepper")
    painter = QPainter(generator)
    try:
        paint(painter)
    finally:
        painter.end()
    buffer.close()
    return make_portable(bytes(data), qt_text_to_path)


def plan_pdf_bytes(plan, title: str) -> bytes:
    """A one-page PDF of the plan's natural size (at the screen's DPI: text as in the PNG);
    Qt embeds the fonts' glyphs, so Chinese renders wherever the PDF is opened."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    natural, paint = plan
    dpi = screen_dpi()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(dpi)
    writer.setTitle(title)
    writer.setCreator("RNN Stepper")
    page = QPageSize(
        QSizeF(natural.width() * 72 / dpi, natural.height() * 72 / dpi),
        QPageSize.Unit.Point,
        "figure",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    try:
        paint(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(data)


def exportable(panel: QWidget | None) -> bool:
    """False for an absent panel, or one that failed to build and shows its error instead."""
    return isinstance(panel, StepPanel)


def documents(panel: QWidget) -> dict[str, str]:
    """The text files a panel also saves, by suffix (the code as .py, the configuration as .json)."""
    return panel.export_documents()


def panel_formats(panel: QWidget) -> tuple[str, ...]:
    return FORMATS + tuple(documents(panel))


def export_panel(panel: QWidget, path: str | Path, size: ExportSize = ExportSize()) -> Path:
    """Write `panel` to `path`; the format follows the suffix (.png, .svg, or the panel's own
    text formats: .py for the code, .json for the configuration)."""
    path = Path(path)
    check_file_name(path.name)
    suffix = path.suffix.lower().lstrip(".")
    formats = panel_formats(panel)
    if suffix not in formats:
        names = ", ".join(f".{f}" for f in formats[:-1]) + f" or .{formats[-1]}"
        raise UserError("export.wrong_suffix", name=f"'{path.suffix or path.name}'", formats=names)
    if not path.parent.is_dir():
        raise UserError("export.no_folder", path=path.parent)
    title = panel.TITLE
    if suffix == "png":
        data = png_bytes(render_png_image(panel, size))
    elif suffix == "svg":
        data = svg_bytes(panel, title)
    else:
        data = documents(panel)[suffix].encode("utf-8")
    return atomic_write(path, lambda handle: handle.write(data))


def export_panels(
    panels: dict[str, QWidget],
    folder: str | Path,
    simulation,
    position: int,
    size: ExportSize = ExportSize(),
    formats=FORMATS,
    on_file=None,
) -> list[Path]:
    """Every panel into `folder` as PNG and SVG (and its text formats), the step in each name.

    The set is written whole or not at all: into a staging folder first, moved into `folder` at
    the end (engine.files.staged_output), so a full disk or a Cancel never leaves new files beside
    old ones. `on_file(i, total)` may return False to cancel: then nothing is written and the
    result is []."""
    folder = prepare_output_dir(folder)
    jobs = []
    for role in IMAGE_ROLES:
        panel = panels.get(role)
        if not exportable(panel):
            continue
        stem = file_stem(simulation, role, position)
        jobs += [(panel, f"{stem}.{fmt}") for fmt in tuple(formats) + tuple(documents(panel))]
    try:
        with staged_output(folder) as staging:
            written = []
            for i, (panel, name) in enumerate(jobs):
                written.append(export_panel(panel, staging / name, size))
                if on_file is not None and on_file(i, len(jobs)) is False:
                    raise _Cancelled
    except _Cancelled:
        return []
    return published(folder, staging, written)


class _Cancelled(Exception):
    """Raised inside the staging block when the user cancels: staged_output then removes it all."""


def copy_to_clipboard(panel: QWidget, size: ExportSize = ExportSize()) -> QImage:
    image = render_png_image(panel, size)
    QGuiApplication.clipboard().setImage(image)
    return image


def image_is_blank(image: QImage) -> bool:
    """True when every pixel has the same colour (used by tests and the headless export)."""
    small = image.scaled(
        64, 64, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    ).convertToFormat(QImage.Format.Format_RGB32)
    first = small.pixel(0, 0)
    return all(small.pixel(x, y) == first for y in range(small.height()) for x in range(small.width()))
