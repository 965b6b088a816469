"""The real main window, built synchronously: docks, keys, status, errors, layout, About."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph
import pytest
import torch
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.fonts import register_bundled_font
from rnn_stepper.gui.main_window import create_main_window
from rnn_stepper.gui.panel_registry import PANELS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, settings_file):
    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def key(qtbot, window, k):
    qtbot.keyClick(window, k)


def position(window):
    return window.session.view().position


# ---- docks and layout ------------------------------------------------------------------------------


def test_every_registered_panel_is_a_dock_named_after_it(window):
    assert set(window.docks) == {spec.role for spec in PANELS}
    for role, dock in window.docks.items():
        panel = window.panels[role]
        assert not isinstance(panel, QLabel), f"{role} failed to build: {panel.text()}"
        assert dock.objectName() == panel.OBJECT_NAME
        assert dock.windowTitle() == panel.TITLE
        assert dock.widget() is panel
    assert window.findChild(QDockWidget, "configPanel").windowTitle() == "Configuration"


def test_default_arrangement(window):
    d = window.docks
    area = window.dockWidgetArea
    assert area(d["network"]) == Qt.DockWidgetArea.TopDockWidgetArea
    assert d["network"].width() > 0.9 * window.width()  # the network spans the window
    assert d["network"].geometry().bottom() < d["calculation"].geometry().top()
    assert d["calculation"].geometry().bottom() < d["output"].geometry().top()
    assert d["hidden"].geometry().bottom() < d["weights"].geometry().top()
    assert d["calculation"].geometry().right() < d["hidden"].geometry().left()
    assert d["config"] in window.tabifiedDockWidgets(d["code"])
    for dock in d.values():
        assert dock.isVisible() or dock in window.tabifiedDockWidgets(d["code"]) + [d["code"]]
        assert not dock.isFloating()


def test_view_menu_toggles_each_dock_and_resets_the_layout(qtbot, window):
    texts = [a.text() for a in window.view_menu.actions()]
    for dock in window.docks.values():
        assert dock.windowTitle() in texts
    weights = window.docks["weights"]
    weights.toggleViewAction().trigger()
    assert not weights.isVisible()
    window.docks["hidden"].setFloating(True)
    window.reset_layout_action.trigger()
    assert weights.isVisible() and not window.docks["hidden"].isFloating()


def test_layout_is_saved_and_restored(qtbot, settings_file):
    first = create_main_window()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.docks["weights"].hide()
    first.resize(700, 560)  # inside the 800 x 800 offscreen screen
    saved_size = first.size()  # (at least the docks' minimum size)
    first.close()  # saves
    assert QSettings(str(settings_file), QSettings.Format.IniFormat).value("window/state") is not None

    second = create_main_window()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert not second.docks["weights"].isVisible()
    assert second.docks["hidden"].isVisible()
    # the saved geometry comes back, clamped to the (800 x 800 offscreen) screen like any window
    screen = second.screen().availableGeometry().size()
    expected = saved_size.boundedTo(screen)
    assert abs(second.width() - expected.width()) <= 4 and abs(second.height() - expected.height()) <= 4


def test_settings_stay_out_of_the_users_folder(window, settings_file):
    assert Path(window.settings.fileName()) == settings_file


def test_the_app_is_named_once_for_the_window_and_its_settings(window):
    from rnn_stepper.gui import app_identity

    app = QApplication.instance()
    assert app.applicationName() == app.applicationDisplayName() == app_identity.APP_NAME
    assert app.organizationName() == app_identity.ORGANISATION
    assert window.windowIcon().cacheKey() != 0 and app_identity.ICON_PATH.is_file()
    assert not app_identity.app_icon().isNull()


def test_the_docks_owner_answers_which_panels_are_hidden(window):
    docks = window.docks
    assert docks.hidden() == []
    docks["weights"].toggleViewAction().trigger()  # closed from the View menu
    assert docks.hidden() == ["weights"] and not docks.is_shown("weights")
    assert window.file_actions.lesson_view()["hidden_panels"] == ["weights"]
    docks.set_hidden(["code", "output"])
    assert docks.hidden() == ["output", "code"]  # in the docks' order
    assert not docks["output"].isVisible() and docks["weights"].isVisible()
    docks.show_all()
    assert docks.hidden() == []


def test_the_menus_are_placed_as_build_says_not_as_built_first(window):
    """Save model comes right after Save lesson, and Edit between File and Playback: positions
    MainWindow.build passes to the learn actions, not ones they look up."""
    files = window.file_menu.actions()
    assert (
        files[files.index(window.file_actions.save_lesson_action) + 1]
        is window.learn_actions.save_model_action
    )
    menus = window.menuBar().actions()
    assert menus.index(window.learn_actions.edit_menu.menuAction()) + 1 == menus.index(
        window.playback_menu.menuAction()
    )


# ---- stepping through the real panels --------------------------------------------------------------


def test_right_steps_and_every_panel_follows(qtbot, window):
    hidden, calculation = window.panels["hidden"], window.panels["calculation"]
    assert not hidden.computed.any()
    for expected in (1, 2, 3):
        key(qtbot, window, Qt.Key.Key_Right)
        assert position(window) == expected
        record = window.session.view().record
        assert hidden.computed.sum() == expected  # one more column in the hidden-state plots
        xs, ys = hidden.lines[0].getData()
        assert len(xs) == expected
        np.testing.assert_allclose(ys[-1], record.h_t[0, hidden.neurons[0]].item(), atol=1e-6)
        shown = calculation.displayed_values()
        np.testing.assert_allclose(shown["h_t"], record.h_t[0].tolist(), atol=1e-4)
        np.testing.assert_allclose(shown["input_term"], record.input_term[0].tolist(), atol=1e-4)
        np.testing.assert_allclose(shown["recurrent_term"], record.recurrent_term[0].tolist(), atol=1e-4)
    assert window.position_label.text() == "cell 3 / 3 · layer 0 → · t = 2 (你)"
    assert window.match_label.text().startswith("✓ 3 of 3 cells match nn.RNN")


def test_network_highlight_moves_with_the_step(qtbot, window):
    window.session.set_config(window.session.config.replace(num_layers=2))
    network = window.panels["network"]
    assert network.highlighted_cell() is None
    seen = []
    for _ in range(4):
        key(qtbot, window, Qt.Key.Key_Right)
        record = window.session.view().record
        assert tuple(network.highlighted_cell()) == (record.layer, record.direction, record.t)
        seen.append(tuple(network.highlighted_cell()))
    assert seen == [(0, 0, 0), (1, 0, 0), (0, 0, 1), (1, 0, 1)]  # up through the layers, then on in time
    key(qtbot, window, Qt.Key.Key_Left)
    assert tuple(network.highlighted_cell()) == (0, 0, 1)


def test_back_and_scrub_restore_earlier_states_exactly(qtbot, window):
    window.session.set_config(preset_config("tutorial-single").replace(seq_len=12, hidden_size=6))
    hidden, calculation = window.panels["hidden"], window.panels["calculation"]
    for _ in range(5):
        key(qtbot, window, Qt.Key.Key_Right)
    at_5 = (hidden.buffer.copy(), hidden.computed.copy(), calculation.displayed_values())
    key(qtbot, window, Qt.Key.Key_End)
    assert position(window) == 12
    window.controls.timeline.setValue(5)  # scrub back
    assert position(window) == 5
    np.testing.assert_array_equal(hidden.buffer, at_5[0])
    np.testing.assert_array_equal(hidden.computed, at_5[1])
    assert calculation.displayed_values() == at_5[2]
    key(qtbot, window, Qt.Key.Key_Right)
    key(qtbot, window, Qt.Key.Key_Left)  # one step forward and back again
    np.testing.assert_array_equal(hidden.buffer, at_5[0])
    assert calculation.displayed_values() == at_5[2]


def test_home_end_left_keys(qtbot, window):
    key(qtbot, window, Qt.Key.Key_End)
    assert position(window) == 3
    key(qtbot, window, Qt.Key.Key_Left)
    assert position(window) == 2
    key(qtbot, window, Qt.Key.Key_Home)
    assert position(window) == 0
    assert window.position_label.text() == "cell 0 / 3 · not started"


def test_space_plays_and_pauses(qtbot, window):
    window.session.set_config(preset_config("tutorial-single").replace(seq_len=200))
    window.session.set_speed(60)
    key(qtbot, window, Qt.Key.Key_Space)
    assert window.session.playing
    qtbot.waitUntil(lambda: position(window) >= 3, timeout=5000)
    key(qtbot, window, Qt.Key.Key_Space)
    assert not window.session.playing
    stopped = position(window)
    qtbot.wait(100)
    assert position(window) == stopped


def test_keys_type_into_the_text_field_instead_of_stepping(qtbot, window):
    dock = window.docks["config"]
    dock.raise_()
    field = window.panels["config"].fields["text"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.setCursorPosition(len(field.text()))
    qtbot.keyClick(field, Qt.Key.Key_Space)
    assert field.text() == "我爱你 "
    assert not window.session.playing
    qtbot.keyClick(field, Qt.Key.Key_Left)
    qtbot.keyClick(field, Qt.Key.Key_Home)
    assert position(window) == 0 and field.cursorPosition() == 0
    qtbot.keyClick(field, Qt.Key.Key_Right)
    assert position(window) == 0 and field.cursorPosition() == 1


def test_keys_work_in_a_floating_dock(qtbot, window):
    dock = window.docks["hidden"]
    dock.setFloating(True)
    dock.show()
    qtbot.waitExposed(dock)
    dock.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dock)
    qtbot.keyClick(dock, Qt.Key.Key_Right)
    assert position(window) == 1


# ---- text, status, title -------------------------------------------------------------------------


def test_title_names_the_text_or_preset(window):
    assert window.windowTitle() == "我爱你"
    window.session.load_preset("tutorial-batch")
    assert window.windowTitle() == "tutorial-batch"


def test_chinese_renders_with_the_bundled_font(qtbot, window):
    key(qtbot, window, Qt.Key.Key_Right)
    label = window.position_label
    assert "我" in label.text()
    family = register_bundled_font()
    assert family in QApplication.font().families()
    layout = QTextLayout("我爱你", label.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert {run.rawFont().familyName() for run in runs} == {family}
    assert all(all(g != 0 for g in run.glyphIndexes()) for run in runs)  # no "tofu" boxes


def test_invalid_config_shows_the_message_and_keeps_the_old_simulation(window):
    session = window.session
    before = session.simulation
    session.set_config(session.config.replace(text="", seq_len=100_000))
    kept = session.simulation
    config_panel = window.panels["config"]
    config_panel.fields["hidden_size"].setValue(4096)
    assert session.simulation is kept and session.config.hidden_size == 4
    assert "memory" in config_panel.message_text()
    assert before is not kept
    session.load_preset("no-such-preset")
    assert "unknown preset" in window.message_label.text()
    assert session.simulation is kept


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_does_not_kill_the_window(qtbot, window, tmp_path):
    from rnn_stepper.gui.error_handling import install_error_handling

    reporter = install_error_handling(tmp_path)
    reporter.errorReported.connect(window.show_error)
    try:

        def broken_slot(_view):
            raise ZeroDivisionError("a panel bug")

        window.session.stepChanged.connect(broken_slot)
        key(qtbot, window, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda: "a panel bug" in window.message_label.text())
        assert "ZeroDivisionError" in window.message_label.text()
        assert window.isVisible()
        window.session.stepChanged.disconnect(broken_slot)
        key(qtbot, window, Qt.Key.Key_Right)  # the app keeps working
        assert position(window) == 2
        log_text = reporter.log_path.read_text(encoding="utf-8")
        assert "ZeroDivisionError: a panel bug" in log_text
    finally:
        reporter.errorReported.disconnect(window.show_error)
        reporter.uninstall()


# ---- help --------------------------------------------------------------------------------------------


def test_about_lists_the_versions(qtbot, window):
    box = window.show_about()
    qtbot.waitExposed(box)
    text = box.text()
    for name, version in (
        ("Python", sys.version.split()[0]),
        ("PyTorch", torch.__version__),
        ("pyqtgraph", pyqtgraph.__version__),
    ):
        assert name in text and version in text
    import PySide6
    from PySide6 import QtCore

    assert PySide6.__version__ in text and QtCore.qVersion() in text
    assert not box.isModal()
    box.close()


def test_keyboard_shortcuts_help(window):
    box = window.show_shortcuts()
    for k in ("Space", "Right", "Left", "Home", "End"):
        assert f"<b>{k}</b>" in box.text()
    box.close()


# ---- launching ---------------------------------------------------------------------------------------


def _python(code_or_args, **env):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RNN_STEPPER_SETTINGS": "isolated", **env}
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_shell_imports_no_torch():
    done = _python(
        [
            "-c",
            "import sys, gui.app, gui.main_window, gui.error_handling;"
            "heavy = [m for m in ('torch', 'pyqtgraph', 'engine') if m in sys.modules];"
            "print(heavy); sys.exit(bool(heavy))",
        ]
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_app_paints_then_loads_then_quits_cleanly():
    done = _python(
        ["-c", "import sys; from gui.app import run; sys.exit(run(sys.argv))"],
        RNN_STEPPER_EXIT_AFTER_PAINT="ready",
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("RNN_STEPPER_")]
    assert [line.split()[0] for line in lines] == ["RNN_STEPPER_PAINTED", "RNN_STEPPER_READY"]
    painted, ready = (float(line.split("since_start=")[1].split()[0]) for line in lines)
    assert 0 < painted <= ready
