"""The playback as an animation: animated GIF (Pillow) or MP4 (PyAV, whose wheel ships FFmpeg).

One frame per step, drawn from an independent copy of the session and the chosen panels (the
window on screen does not move while the frames are made). A frame is a column: on top a window of the unrolled network that follows
the current cell (NETWORK_WINDOW_COLUMNS time steps, at the panel's zoom, so the cells stay
readable however long the sequence), below it the other chosen panels in a grid. Every frame has
the same layout, and the whole frame fits within MAX_FRAME_SIDE pixels (the requested scale or
width is lowered to fit), which keeps a 60-step GIF to a few megabytes.
Files are written under a temporary name and renamed when complete (engine.files.atomic_write);
a cancelled export writes nothing.
"""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.files import atomic_write, check_file_name
from rnn_stepper.engine.messages import Foreign
from rnn_stepper.gui.action_support import collected_refusals
from rnn_stepper.gui.exporting import export, figure
from rnn_stepper.gui.exporting.export_layout import ANIMATION_PANEL_WIDTH
from rnn_stepper.gui.panels.base import close_plot_items

ANIMATION_FORMATS = ("gif", "mp4")
DEFAULT_ROLES = ("network", "calculation", "hidden")
NETWORK_WINDOW_COLUMNS = 9  # time steps of the network in a frame: the current one in the middle
MAX_FRAME_SIDE = 1280  # px: neither side of a frame is larger
MIN_FRAME_MS = 20  # browsers slow down GIF frames shorter than this


def frame_plan(panels: dict[str, QWidget], roles, t: int):
    """(natural size, paint) of one frame with the current time step `t`."""
    top, others = [], []
    for role in roles:
        panel = panels.get(role)
        if not export.exportable(panel):
            continue
        window = panel.window_plan(t, NETWORK_WINDOW_COLUMNS)
        if window is not None:
            top.append(window)
        else:
            others.append(export.paint_plan(panel))
    if not top and not others:
        raise UserError("export.animation_no_panel")
    columns = min(2, len(others)) or 1  # side by side: a landscape frame, like a screen
    parts = list(top)
    if others:
        parts.append(figure.grid_plan(others, columns, ANIMATION_PANEL_WIDTH))
    width = max(size.width() for size, _ in parts)
    return figure.grid_plan(parts, 1, width)


def frame_size(natural, size: export.ExportSize) -> export.ExportSize:
    """The requested size, lowered so that neither side exceeds MAX_FRAME_SIDE."""
    factor = size.factor(natural.width())
    factor = min(factor, MAX_FRAME_SIDE / max(1, natural.width()), MAX_FRAME_SIDE / max(1, natural.height()))
    return export.ExportSize(scale=factor)


def _current_t(session) -> int:
    record = session.view().record
    return 0 if record is None else record.t


class IndependentCopy:
    """A second Session on the running model (the same weights, input and h0) and fresh panels of
    the chosen roles on it, each a window that is never on screen, at the size of its twin in the
    app and with its view settings (`ui_state`: zoom, the layer shown...). The animation steps this
    copy from the first cell to the last: the session and the panels the user sees stay where
    they are, and nothing is drawn on screen meanwhile. `close()` deletes the copy."""

    def __init__(self, session, panels: dict[str, QWidget], roles):
        from rnn_stepper.gui.panel_registry import PANELS
        from rnn_stepper.gui.session import Session

        self.session = Session()
        self.panels: dict[str, QWidget] = {}
        try:
            running = session.simulation
            with collected_refusals(self.session) as refused:
                copied = self.session.set_config(
                    running.config, running.model, user_input=running.user_input, origin=session.model_origin
                )
            if refused:  # (the running model was accepted once: e.g. no memory left for a second one)
                raise UserError(
                    "gui.as_given", text=refused[0]
                )  # the engine's Message, translated where shown
            if not copied:  # a defect, which the copy's session has logged
                raise RuntimeError("the running model could not be copied for the animation")
            self.session.set_batch_index(session.batch_index)
            self.session.select_neuron(session.selected_neuron)
            specs = {spec.role: spec for spec in PANELS}
            for role in roles:
                twin = panels.get(role)
                if role not in specs or not export.exportable(twin):
                    continue
                panel = specs[role].load()(self.session, None)
                self.panels[role] = panel
                panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
                panel.resize(twin.size())
                panel.restore_ui_state(twin.ui_state())
                panel.show()  # laid out and drawn as on screen, but never on a screen
            QApplication.sendPostedEvents()  # their layouts (no user input is handled here)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        import shiboken6

        for panel in self.panels.values():
            close_plot_items(panel)
            if shiboken6.isValid(panel):
                shiboken6.delete(panel)
        self.panels = {}
        if shiboken6.isValid(self.session):
            shiboken6.delete(self.session)


def render_frames(session, panels: dict[str, QWidget], roles, size: export.ExportSize, on_frame=None):
    """Yield one frame (QImage) per step, drawn from an IndependentCopy of `session` and `panels`
    stepped there: the live session and its panels do not move. `on_frame(i, total)` may return
    False to cancel."""
    copy = IndependentCopy(session, panels, roles)
    total = len(copy.session.stepper)
    fitted = None
    try:
        for i, position in enumerate(range(1, total + 1)):
            copy.session.seek(position)
            QApplication.sendPostedEvents()  # what the panels posted while redrawing
            plan = frame_plan(copy.panels, roles, _current_t(copy.session))
            fitted = fitted or frame_size(plan[0], size)
            yield export.render_plan_image(plan, fitted)
            if on_frame is not None and on_frame(i, total) is False:
                return
    finally:
        copy.close()


def _to_pillow(image: QImage):
    from PIL import Image

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    return Image.frombuffer("RGB", (width, height), bytes(rgb.constBits()), "raw", "RGB", stride, 1)


def _pad(frame, size):
    """`frame` on a white canvas of `size` (frames of one animation share one size)."""
    if frame.size == size:
        return frame
    from PIL import Image

    canvas = Image.new("RGB", size, "white")
    canvas.paste(frame, (0, 0))
    return canvas


def _write_gif(frames, frame_ms: int):
    def write(handle):
        first = next(frames)
        # Pillow stores only the region that changed from one frame to the next, and takes the
        # frames one at a time from the iterator: memory stays at about one frame.
        first.save(
            handle,
            format="GIF",
            save_all=True,
            append_images=frames,
            duration=frame_ms,
            loop=0,
            optimize=False,
            disposal=1,
        )

    return write


def _write_mp4(frames, frame_ms: int):
    import av

    def write(handle):
        try:
            encode(handle)
        except av.error.FFmpegError as exc:  # a codec problem is a message, not a crash
            raise UserError("export.mp4_failed", detail=Foreign(exc)) from None

    def encode(handle):
        first = next(frames)
        with av.open(handle, mode="w", format="mp4") as container:
            codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
            stream = container.add_stream(codec, rate=Fraction(1000, frame_ms))
            # yuv420p (what every player plays) needs even sides.
            stream.width, stream.height = first.width + first.width % 2, first.height + first.height % 2
            stream.pix_fmt = "yuv420p"
            for frame in itertools.chain([first], frames):
                frame = _pad(frame, (stream.width, stream.height))
                for packet in stream.encode(av.VideoFrame.from_image(frame)):
                    container.mux(packet)
            for packet in stream.encode():
                container.mux(packet)

    return write


class _Cancelled(Exception):
    """Raised through the writer when the user cancels: atomic_write then removes its temporary file."""


def check_animation_path(path: str | Path, folder_must_exist: bool = True) -> Path:
    path = Path(path).expanduser()
    check_file_name(path.name)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ANIMATION_FORMATS:
        raise UserError("export.animation_suffix", name=f"'{path.suffix or path.name}'")
    if suffix == "mp4":
        try:
            import av  # noqa: F401
        except ImportError:
            raise UserError("export.mp4_needs_av") from None
    if folder_must_exist and not path.parent.is_dir():
        raise UserError("export.no_folder", path=path.parent)
    return path


def export_animation(
    session,
    panels: dict[str, QWidget],
    path: str | Path,
    roles=DEFAULT_ROLES,
    size: export.ExportSize = export.ExportSize(),
    frame_ms: int = 500,
    on_frame=None,
) -> Path | None:
    """Write the playback from the first to the last step, one frame per step, to a .gif or .mp4.

    Returns None when `on_frame(i, total)` cancelled; nothing is written then."""
    path = check_animation_path(path)
    frame_ms = max(MIN_FRAME_MS, int(frame_ms))

    def progress(i, total):
        if on_frame is not None and on_frame(i, total) is False:
            raise _Cancelled
        return True

    def frames():
        size_of_first = None
        for image in render_frames(session, panels, roles, size, progress):
            frame = _to_pillow(image)
            size_of_first = size_of_first or frame.size
            yield _pad(frame, size_of_first)  # every frame has the first's layout and size

    writer = _write_gif if path.suffix.lower() == ".gif" else _write_mp4
    try:
        return atomic_write(path, writer(frames(), frame_ms))
    except _Cancelled:
        return None


def export_animation_file(
    session,
    panels: dict[str, QWidget],
    path,
    roles=None,
    scale: float = 1.0,
    width: int | None = None,
    frame_ms: int = 500,
    on_frame=None,
) -> Path:
    """The headless command's animation (`export --animation FILE`); `on_frame(i, total)` hears
    of each frame (the command line shows it as progress). Ctrl+C cancels: atomic_write then
    removes the unfinished file."""
    return export_animation(
        session,
        panels,
        path,
        roles or DEFAULT_ROLES,
        export.ExportSize(width=width, scale=scale),
        frame_ms,
        on_frame,
    )


def terminal_progress(what: str, stream=None):
    """An `on_frame` that keeps one line "what: frame i of n" up to date on a terminal, and does
    nothing when stderr is not one (a script or a test reads stderr for errors only)."""
    stream = stream if stream is not None else sys.stderr
    if not stream.isatty():
        return None

    def show(i: int, total: int) -> bool:
        end = "\n" if i + 1 >= total else ""
        stream.write(f"\r{what}: frame {i + 1} of {total} (Ctrl+C cancels){end}")
        stream.flush()
        return True

    return show
