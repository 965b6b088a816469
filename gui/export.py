"""Turning panels into image files: PNG, SVG, the clipboard, and animated GIFs.

A panel is exported as it is drawn in the app, by the panel's own paint code:
- the unrolled network through its `export_plan`, which paints every time step, not only the
  columns scrolled into view;
- every other panel through `QWidget.render` of its `export_widget()`.
Either is scaled by the painter, so a larger export is sharper (plots and text are vector-drawn),
never a blown-up screenshot.
Files are written under a temporary name and renamed when complete (engine.files.atomic_write).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QWidget

from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.files import atomic_write, check_file_name, prepare_output_dir, safe_name_part

# The panels whose pictures make sense on a slide (the code and configuration panels are text).
IMAGE_ROLES = ("network", "calculation", "output", "weights", "hidden")
ROLE_FILE_NAMES = {"network": "network", "calculation": "calculation", "output": "output",
                   "weights": "weights", "hidden": "hidden-state"}
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
    if hasattr(panel, "export_plan"):  # the network paints all of itself, beyond the scrolled view
        return panel.export_plan(None)
    widget = panel.export_widget()

    def paint(painter: QPainter) -> None:
        painter.fillRect(QRect(QPoint(0, 0), widget.size()), BACKGROUND)
        QWidget.render(widget, painter, QPoint(0, 0))  # the widget, not QGraphicsView.render (scene)
    return widget.size(), paint


def render_png_image(panel: QWidget, size: ExportSize = ExportSize()) -> QImage:
    """The panel as an image: its natural drawing, scaled by the painter to the requested size."""
    natural, paint = paint_plan(panel)
    factor = size.factor(natural.width())
    target = QSize(max(1, round(natural.width() * factor)), max(1, round(natural.height() * factor)))
    if target.width() * target.height() > MAX_EXPORT_PIXELS:
        raise UserError(f"an image of {target.width()} x {target.height()} pixels is too large; "
                        "choose a smaller width or scale")
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
        raise UserError("the image could not be encoded as PNG")
    buffer.close()
    return bytes(data)


def svg_bytes(panel: QWidget, title: str) -> bytes:
    """The panel as SVG: vector shapes and text; heatmaps are embedded bitmaps."""
    from PySide6.QtSvg import QSvgGenerator

    natural, paint = paint_plan(panel)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(natural)
    generator.setViewBox(QRect(QPoint(0, 0), natural))
    generator.setTitle(title)
    generator.setDescription("Exported from RNN Stepper")
    painter = QPainter(generator)
    try:
        paint(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(data)


def export_panel(panel: QWidget, path: str | Path, size: ExportSize = ExportSize()) -> Path:
    """Write `panel` to `path`; the format follows the suffix (.png or .svg)."""
    path = Path(path)
    check_file_name(path.name)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UserError(f"cannot export to '{path.suffix or path.name}': choose a .png or .svg file name")
    if not path.parent.is_dir():
        raise UserError(f"the folder {path.parent} does not exist")
    title = getattr(panel, "TITLE", "panel")
    data = png_bytes(render_png_image(panel, size)) if suffix == "png" else svg_bytes(panel, title)
    return atomic_write(path, lambda handle: handle.write(data))


def export_panels(panels: dict[str, QWidget], folder: str | Path, simulation, position: int,
                  size: ExportSize = ExportSize(), formats=FORMATS) -> list[Path]:
    """Every image panel into `folder` as PNG and SVG, the step in each name."""
    folder = prepare_output_dir(folder)
    written = []
    for role in IMAGE_ROLES:
        panel = panels.get(role)
        if panel is None or not (hasattr(panel, "export_plan") or hasattr(panel, "export_widget")):
            continue  # absent, or a panel that failed to build and shows its error instead
        stem = file_stem(simulation, role, position)
        for fmt in formats:
            written.append(export_panel(panel, folder / f"{stem}.{fmt}", size))
    return written


def copy_to_clipboard(panel: QWidget, size: ExportSize = ExportSize()) -> QImage:
    image = render_png_image(panel, size)
    QGuiApplication.clipboard().setImage(image)
    return image


def stack_images(images: list[QImage]) -> QImage:
    """Images one above the other on white (one animation frame of several panels)."""
    width = max(image.width() for image in images)
    height = sum(image.height() for image in images)
    frame = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    frame.fill(BACKGROUND)
    painter = QPainter(frame)
    y = 0
    for image in images:
        painter.drawImage(0, y, image)
        y += image.height()
    painter.end()
    return frame


def _to_pillow(image: QImage):
    from PIL import Image

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    return Image.frombuffer("RGB", (width, height), bytes(rgb.constBits()), "raw", "RGB", stride, 1)


class GifWriter:
    """Collects frames and writes an animated GIF (Pillow) atomically when finished."""

    def __init__(self, path: str | Path, frame_ms: int):
        self.path = Path(path)
        check_file_name(self.path.name)
        if self.path.suffix.lower() != ".gif":
            raise UserError(f"an animation is saved as .gif, not '{self.path.suffix or self.path.name}'")
        if not self.path.parent.is_dir():
            raise UserError(f"the folder {self.path.parent} does not exist")
        self.frame_ms = max(20, int(frame_ms))  # browsers slow down GIF frames under 20 ms
        self.frames = []

    def add(self, image: QImage) -> None:
        self.frames.append(_to_pillow(image))

    def finish(self) -> Path:
        if not self.frames:
            raise UserError("the animation has no frames")
        size = max(f.width for f in self.frames), max(f.height for f in self.frames)
        frames = [_pad(f, size) for f in self.frames]

        def write(handle):
            buffer = io.BytesIO()
            frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:],
                           duration=self.frame_ms, loop=0, optimize=False, disposal=1)
            handle.write(buffer.getvalue())
        return atomic_write(self.path, write)


def _pad(frame, size):
    if frame.size == size:
        return frame
    from PIL import Image

    canvas = Image.new("RGB", size, "white")
    canvas.paste(frame, (0, 0))
    return canvas


def render_frames(session, panels: list[QWidget], positions, size: ExportSize, on_frame=None):
    """Yield one stacked frame per position, moving the session there first.

    `on_frame(i)` may return False to cancel; the session is left where it was found."""
    from PySide6.QtWidgets import QApplication

    start = session.stepper.position
    try:
        for i, position in enumerate(positions):
            session.seek(position)
            QApplication.processEvents()
            yield stack_images([render_png_image(panel, size) for panel in panels])
            if on_frame is not None and on_frame(i) is False:
                return
    finally:
        session.seek(start)


def export_animation(session, panels: list[QWidget], path: str | Path, size: ExportSize = ExportSize(),
                     frame_ms: int = 500, on_frame=None) -> Path | None:
    """An animated GIF of the playback from the first to the last step, one frame per step.

    Returns None when `on_frame` cancelled; nothing is written then."""
    writer = GifWriter(path, frame_ms)
    positions = range(1, len(session.stepper) + 1)
    cancelled = False

    def progress(i):
        nonlocal cancelled
        if on_frame is not None and on_frame(i) is False:
            cancelled = True
            return False
        return True
    for frame in render_frames(session, panels, positions, size, progress):
        writer.add(frame)
    if cancelled:
        return None
    return writer.finish()


def image_is_blank(image: QImage) -> bool:
    """True when every pixel has the same colour (used by tests and the headless export)."""
    small = image.scaled(64, 64, Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_RGB32)
    first = small.pixel(0, 0)
    return all(small.pixel(x, y) == first for y in range(small.height()) for x in range(small.width()))
