import pytest
from rnn_stepper.engine.presets import preset_config


@pytest.fixture(scope="session", autouse=True)
def collect_on_the_gui_thread(qapp):
    """As the app does (gui/app.py): Python's garbage collector runs only on the GUI thread, so a
    worker thread never frees a Qt object (a deadlock, gui/gc_guard.py)."""
    from rnn_stepper.gui.gc_guard import collect_on_the_gui_thread

    return collect_on_the_gui_thread(qapp)


@pytest.fixture
def session(qtbot):
    """A real Session on the default "我爱你" preset."""
    from rnn_stepper.gui.session import Session

    return Session(config=preset_config("text-woaini"))


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    """The window's QSettings go to a fresh ini file in the test's own folder."""
    from rnn_stepper.gui.app_identity import SETTINGS_FILE_ENV

    path = tmp_path / "settings.ini"
    monkeypatch.setenv(SETTINGS_FILE_ENV, str(path))
    return path


def open_window(qtbot, config=None, model=None):
    """The real main window, built synchronously, shown and exposed (offscreen)."""
    from rnn_stepper.gui.main_window import create_main_window

    window = create_main_window(config, model=model)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def english_afterwards(qapp):
    """For a test that switches the interface's language: English again after it."""
    from rnn_stepper.gui import i18n

    yield
    i18n.install_language(qapp, "en")  # the other tests read English
