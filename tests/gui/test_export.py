"""Exports from the real window: images, SVG, clipboard, all panels, data, GIF, headless, errors."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QLineEdit
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import UserError
from rnn_stepper.gui.exporting import export
from rnn_stepper.gui.exporting.export import ExportSize

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, tmp_path):
    from rnn_stepper.gui.app_identity import settings_in_file
    from rnn_stepper.gui.main_window import create_main_window

    w = create_main_window(settings=settings_in_file(tmp_path / "settings.ini"))
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    w.session.seek(2)
    QGuiApplication.processEvents()
    return w


def pixel_std(image: QImage) -> float:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(bytes(image.constBits()), dtype=np.uint8)
    rows = data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
    return float(rows.std())


@pytest.mark.parametrize("role", export.IMAGE_ROLES)
def test_each_panel_exports_a_valid_png_and_svg(window, tmp_path, role):
    panel = window.panels[role]
    png = export.export_panel(panel, tmp_path / f"{role}.png", ExportSize(width=1000))
    image = QImage(str(png))
    assert not image.isNull() and image.width() == 1000
    natural, _ = export.paint_plan(panel)
    assert image.height() == round(natural.height() * 1000 / natural.width())
    assert pixel_std(image) > 5, "the exported image is blank"
    assert not export.image_is_blank(image)

    svg = export.export_panel(panel, tmp_path / f"{role}.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert tags & {"path", "rect", "polyline", "image"}, tags
    # Text is drawn as glyph outlines (no font needed), each outline labelled with its words.
    assert "text" not in tags, tags
    words = [element.get("aria-label") for element in root.iter() if element.get("aria-label")]
    assert words, "no labelled text outlines"
    assert not [element for element in root.iter() if element.get("vector-effect")]


def test_scale_makes_a_larger_sharper_image(window):
    panel = window.panels["calculation"]
    one = export.render_png_image(panel, ExportSize(scale=1))
    two = export.render_png_image(panel, ExportSize(scale=2))
    assert (two.width(), two.height()) == (panel.width() * 2, panel.height() * 2)
    assert (one.width(), one.height()) == (panel.width(), panel.height())


def test_network_export_is_the_whole_sequence_not_the_visible_part(window, qtbot):
    window.session.set_config(RNNConfig(input_size=8, hidden_size=16, seq_len=300, batch_size=1))
    window.session.seek(300)
    QGuiApplication.processEvents()
    panel = window.panels["network"]
    image = export.render_png_image(panel)
    assert image.width() > 3 * panel.width()
    # the far right end (the last time steps) is drawn, not empty
    right = image.copy(image.width() - 200, 0, 200, image.height())
    assert pixel_std(right) > 5


def test_file_names_say_what_and_when(window):
    simulation = window.session.simulation
    assert export.file_stem(simulation, "network", 2) == "我爱你_network_step2"
    assert window.export_actions.default_path("hidden", "png").name == "我爱你_hidden-state_step2.png"


def test_export_all_writes_every_panel_as_png_and_svg(window, tmp_path):
    written = window.export_actions.export_all(tmp_path / "all", ExportSize(scale=1))
    names = sorted(p.name for p in written)
    # every panel as PNG and SVG, and the code and the configuration as text too
    assert len(names) == 2 * len(export.IMAGE_ROLES) + 2
    assert all("_step2." in name for name in names)
    for role in export.IMAGE_ROLES:
        assert f"我爱你_{export.ROLE_FILE_NAMES[role]}_step2.png" in names, role
    for path in written:
        assert path.stat().st_size > 0
        if path.suffix == ".png":
            assert not export.image_is_blank(QImage(str(path)))
        elif path.suffix == ".svg":
            ET.parse(path)
    assert not list((tmp_path / "all").glob("*.part"))


def test_copy_puts_the_image_on_the_clipboard(window):
    QGuiApplication.clipboard().clear()
    window.export_actions.copy_panel("weights")
    image = QGuiApplication.clipboard().image()
    assert not image.isNull()
    assert image.size() == window.panels["weights"].export_widget().size()


def test_focused_panel_shortcut_exports_the_focused_panel(window, monkeypatch):
    asked = []
    monkeypatch.setattr(window.export_actions, "ask_export_panel", asked.append)
    window.panels["hidden"].findChildren(QLineEdit)[0].setFocus()
    QGuiApplication.processEvents()
    assert window.export_actions.focused_role() == "hidden"
    window.export_actions.export_focused_action.trigger()
    assert asked == ["hidden"]
    assert window.export_actions.export_focused_action.shortcut().toString() == "Ctrl+Shift+E"


def test_data_export_has_headers_and_axes(window, tmp_path):
    written = window.export_actions.export_data(tmp_path / "data")
    names = {p.name for p in written}
    assert "我爱你_step2_hidden.csv" in names and "我爱你_step2_DATA_README.txt" in names
    hidden = np.load(tmp_path / "data" / "我爱你_step2_hidden.npy")
    stepper = window.session.stepper
    assert hidden.shape == tuple(stepper.hidden.shape)
    np.testing.assert_array_equal(hidden[:2], stepper.hidden[:2].numpy())
    assert np.isnan(hidden[2]).all()  # not computed yet
    lines = (tmp_path / "data" / "我爱你_step2_hidden.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "t,token,layer,direction,batch,h[0],h[1],h[2],h[3]"
    assert len(lines) == 1 + 2 and lines[2].startswith("1,爱,0,forward,0,")
    assert float(lines[2].split(",")[5]) == pytest.approx(float(stepper.hidden[1, 0, 0, 0]))
    terms = np.load(tmp_path / "data" / "我爱你_step2_step_terms.npy")
    record = stepper.current
    np.testing.assert_array_equal(terms[4], record.h_t.numpy())
    np.testing.assert_array_equal(terms[1], record.input_term.numpy())
    weights = np.load(tmp_path / "data" / "我爱你_step2_weight_hh_l0.npy")
    np.testing.assert_array_equal(weights, window.session.simulation.model.rnn.weight_hh_l0.numpy())
    readme = (tmp_path / "data" / "我爱你_step2_DATA_README.txt").read_text(encoding="utf-8")
    assert "[T=3, L*D=1, B=1, H=4]" in readme


def test_gif_has_one_frame_per_step_and_restores_the_position(window, tmp_path):
    path = window.export_actions.export_animation(
        ["network", "calculation"], tmp_path / "play.gif", frame_ms=100
    )
    assert path is not None and path.exists()
    with Image.open(path) as gif:
        assert gif.n_frames == len(window.session.stepper)
        assert gif.info["duration"] == 100
    assert window.session.stepper.position == 2


def test_the_animation_is_drawn_from_a_copy_and_the_window_does_not_move(window, tmp_path):
    """The frames come from an independent copy of the session and panels: while they are made,
    the live session stays at its step and the panels on screen keep showing it; the frames
    still show one step after another."""
    from rnn_stepper.gui.exporting import animation

    session = window.session
    shown = {role: window.panels[role].grab().toImage() for role in ("network", "calculation")}
    moves = []
    session.stepChanged.connect(moves.append)
    session.simulationChanged.connect(moves.append)
    during = []

    def on_frame(i, total):
        during.append(
            (
                session.stepper.position,
                session.view().stage,
                {role: window.panels[role].grab().toImage() == image for role, image in shown.items()},
            )
        )
        return True

    path = animation.export_animation(
        session,
        window.panels,
        tmp_path / "copy.gif",
        ["network", "calculation"],
        frame_ms=100,
        on_frame=on_frame,
    )
    total = len(session.stepper)
    assert moves == []
    assert during == [(2, session.view().stage, {"network": True, "calculation": True})] * total
    with Image.open(path) as gif:
        assert gif.n_frames == total
        frames = []
        for i in range(total):
            gif.seek(i)
            frames.append(np.asarray(gif.convert("RGB")).astype(int))
    for earlier, later in zip(frames, frames[1:]):  # each frame shows the next step
        assert earlier.shape == later.shape and np.abs(earlier - later).mean() > 0.05


def test_the_animation_copy_runs_the_same_model_offscreen_and_is_freed(qtbot, tmp_path):
    """A gated, bidirectional batch: the copy shares the model object (edits and training are
    seen), starts from the first cell on the batch element shown, computes what the live session
    computes, never puts a panel on screen, and is deleted afterwards."""
    import shiboken6
    import torch
    from PySide6.QtCore import Qt
    from rnn_stepper.gui.app_identity import settings_in_file
    from rnn_stepper.gui.exporting import animation
    from rnn_stepper.gui.main_window import create_main_window

    config = RNNConfig(cell="lstm", input_size=3, hidden_size=4, seq_len=5, batch_size=3, bidirectional=True)
    window = create_main_window(config, settings=settings_in_file(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    live = window.session
    live.set_batch_index(2)
    live.seek(4)
    copy = animation.IndependentCopy(live, window.panels, ["network", "hidden", "no-such-panel"])
    panels = dict(copy.panels)
    try:
        assert copy.session is not live and copy.session.simulation.model is live.simulation.model
        assert copy.session.batch_index == 2 and copy.session.stepper.position == 0
        assert set(panels) == {"network", "hidden"}
        for role, panel in panels.items():
            assert panel is not window.panels[role] and panel.session is copy.session
            assert panel.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        copy.session.seek(len(copy.session.stepper))
        assert live.stepper.position == 4
        live.seek(len(live.stepper))
        assert torch.allclose(copy.session.stepper.hidden, live.stepper.hidden, atol=1e-6)
    finally:
        copy.close()
    assert not any(shiboken6.isValid(panel) for panel in panels.values())


def test_cancelling_the_animation_writes_nothing(window, tmp_path):
    target = tmp_path / "cancelled.gif"
    result = window.export_actions.export_animation(["network"], target, cancel_after=1)
    assert result is None
    assert not target.exists() and not list(tmp_path.glob("*.part"))
    assert window.session.stepper.position == 2
    assert "cancelled" in window.message_label.text()


@pytest.mark.parametrize("name", ["bad:name?.png", "x.bmp", ""])
def test_invalid_names_are_refused_with_a_message(window, tmp_path, name):
    with pytest.raises(UserError):
        window.export_actions.export_panel("network", str(tmp_path / name) if name else "")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_a_clear_error(window):
    with pytest.raises(UserError, match="cannot write into the folder /proc"):
        window.export_actions.export_panel("network", "/proc/network.png")
    with pytest.raises(UserError, match="is a file, not a folder|cannot create"):
        window.export_actions.export_all("/proc/version/sub")


def test_a_full_disk_leaves_no_partial_file(window, tmp_path, monkeypatch):
    target = tmp_path / "full.png"
    target.write_bytes(b"the user's older file")

    def no_space(*_):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export, "png_bytes", lambda image: b"x" * 10)
    real_write = os.fdopen

    class FullDisk:
        def __init__(self, *args, **kwargs):
            self.handle = real_write(*args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            no_space()

    monkeypatch.setattr("rnn_stepper.engine.files.os.fdopen", FullDisk)
    with pytest.raises(UserError, match="No space left on device"):
        window.export_actions.export_panel("network", target)
    assert target.read_bytes() == b"the user's older file"
    assert [p.name for p in tmp_path.iterdir()] == ["full.png"]


def test_the_dialog_reports_an_error_and_stays_open(window, tmp_path, monkeypatch, qtbot):
    from PySide6.QtWidgets import QDialog
    from rnn_stepper.gui.actions import export_actions

    answers = iter([str(tmp_path / "bad?.png"), str(tmp_path / "good.png")])
    seen_errors = []

    def fake_exec(dialog):
        seen_errors.append(dialog.error_label.text())
        dialog.path_edit.setText(next(answers, ""))
        return QDialog.DialogCode.Accepted if dialog.path_edit.text() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(export_actions.ExportImageDialog, "exec", fake_exec)
    window.export_actions.ask_export_panel("output")
    assert seen_errors[0] == "" and "not a valid file name" in seen_errors[1]
    assert (tmp_path / "good.png").exists()
    assert "Saved" in window.message_label.text()


def test_headless_export_needs_no_display_and_matches_the_app(window, tmp_path):
    from rnn_stepper.gui.exporting.export_layout import content_size, stage, unstage

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "headless"
    result = subprocess.run(
        [sys.executable, "main.py", "export", "--out", str(out), "--step", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    simulation = window.session.simulation
    for role in export.IMAGE_ROLES:
        stem = export.file_stem(simulation, role, 2)
        png, svg = out / f"{stem}.png", out / f"{stem}.svg"
        image = QImage(str(png))
        assert not image.isNull() and not export.image_is_blank(image), role
        ET.parse(svg)
        # The same state in the app, the panel laid out alone at its content size, draws the
        # same picture at the default scale (2).
        panel = stage(window, role, content_size(role, window.panels[role], simulation))
        try:
            app_image = export.render_png_image(panel, ExportSize(scale=2)).convertToFormat(image.format())
        finally:
            unstage(window, role)
        assert window.docks[role].widget() is panel
        assert app_image.size() == image.size(), role
        a = np.frombuffer(bytes(app_image.constBits()), dtype=np.uint8).astype(int)
        b = np.frombuffer(bytes(image.constBits()), dtype=np.uint8).astype(int)
        if np.abs(a - b).mean() >= 4.0:  # pyqtgraph may settle an axis width a few px differently
            app_image.save(str(tmp_path / f"app-{role}.png"))
        assert np.abs(a - b).mean() < 4.0, (role, str(tmp_path))
    assert (out / "trace.npz").exists() and (out / "我爱你_step2_hidden.csv").exists()
    assert (out / "我爱你_pytorch-code_step2.py").read_text(encoding="utf-8") == window.panels["code"].code()
    config = json.loads((out / "我爱你_configuration_step2.json").read_text(encoding="utf-8"))
    assert RNNConfig(**config) == simulation.config
