import pytest

from engine.presets import preset_config


@pytest.fixture
def session(qtbot):
    """A real Session on the default "我爱你" preset."""
    from gui.session import Session

    return Session(config=preset_config("text-woaini"))
