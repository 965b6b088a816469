"""One figure of several panels, for a slide or a paper: PNG, SVG or PDF.

The chosen panels are laid out in a grid (reading order, `columns` per row), each drawn by its
own paint code (gui.export.paint_plan) scaled to the column width, so the figure is as sharp as
a single panel's export and its SVG and PDF are vector drawings. The figure's size is chosen like
a panel's: a width in pixels or a scale (PNG); SVG and PDF are resolution-free.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.files import atomic_write, check_file_name
from rnn_stepper.gui.exporting import export

FIGURE_FORMATS = ("png", "svg", "pdf")
GAP = 16  # px between panels and around the figure, at the natural size
COLUMN_WIDTH_RANGE = (480, 1400)  # px: a column is as wide as its widest panel, within this


def default_columns(count: int) -> int:
    """One column for one or two panels (a slide's tall strip), two beyond (a paper's grid)."""
    return 1 if count <= 2 else 2


def figure_plan(panels: list[QWidget], columns: int | None = None):
    """(natural size, paint) of the panels in a grid: the same shape as gui.export.paint_plan."""
    if not panels:
        raise UserError("export.figure_no_panel")
    plans = [export.paint_plan(panel) for panel in panels]
    low, high = COLUMN_WIDTH_RANGE
    column_w = max(low, min(high, max(size.width() for size, _ in plans)))
    # The network paints any width (its columns narrow to fit): ask it for exactly the column's.
    plans = [panel.export_plan(column_w) or plan for panel, plan in zip(panels, plans)]
    return grid_plan(plans, columns or default_columns(len(plans)), column_w)


def grid_plan(plans: list, columns: int, column_w: float):
    """Plans in a grid of `columns`, each scaled to `column_w` wide, rows as tall as their
    tallest; a plan itself (so grids nest: an animation frame is a grid in a column)."""
    columns = max(1, min(columns, len(plans)))
    cells, y = [], GAP
    for row_start in range(0, len(plans), columns):
        row = plans[row_start : row_start + columns]
        heights = [size.height() * column_w / max(1, size.width()) for size, _ in row]
        for i, ((size, paint), height) in enumerate(zip(row, heights)):
            x = GAP + i * (column_w + GAP)
            cells.append((QRectF(x, y, column_w, height), size, paint))
        y += max(heights) + GAP
    total = QSize(round(GAP + columns * (column_w + GAP)), round(y))

    def paint(painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, total.width(), total.height()), export.BACKGROUND)
        for rect, size, paint_panel in cells:
            painter.save()
            painter.translate(QPointF(rect.x(), rect.y()))
            painter.scale(rect.width() / max(1, size.width()), rect.height() / max(1, size.height()))
            painter.setClipRect(QRectF(0, 0, size.width(), size.height()), Qt.ClipOperation.IntersectClip)
            paint_panel(painter)
            painter.restore()

    return total, paint


def export_figure(
    panels: list[QWidget],
    path: str | Path,
    size: export.ExportSize = export.ExportSize(),
    columns: int | None = None,
    title: str = "RNN Stepper figure",
    window: QWidget | None = None,
) -> Path:
    """Write the figure of `panels` to `path` (.png, .svg or .pdf), atomically; given `window`,
    the whole window as it is laid out on screen instead (docks, controls and all)."""
    path = Path(path)
    check_file_name(path.name)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FIGURE_FORMATS:
        raise UserError("export.figure_suffix", name=f"'{path.suffix or path.name}'")
    if not path.parent.is_dir():
        raise UserError("export.no_folder", path=path.parent)
    plan = export.widget_plan(window) if window is not None else figure_plan(panels, columns)
    if suffix == "png":
        data = export.png_bytes(export.render_plan_image(plan, size))
    elif suffix == "svg":
        data = export.plan_svg_bytes(plan, title)
    else:
        data = export.plan_pdf_bytes(plan, title)
    return atomic_write(path, lambda handle: handle.write(data))
