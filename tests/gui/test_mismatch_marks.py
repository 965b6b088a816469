"""Every cell that ever disagreed with nn.RNN stays marked in the network, and the status bar
keeps a running count (issue 12.7)."""

from PySide6.QtGui import QColor
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.gui import style

from tests.gui.conftest import open_window


def marked(network, layer, direction, t) -> bool:
    """Whether the cell's outline is drawn in the mismatch red (some pixel on its left edge)."""
    image = network.canvas.grab().toImage()
    rect = network.cell_rect(layer, direction, t)
    red = QColor(style.NETWORK_MISMATCH)
    for x in range(rect.left() - 2, rect.left() + 3):
        c = QColor(image.pixel(x, rect.center().y()))
        if (
            abs(c.red() - red.red()) < 40
            and abs(c.green() - red.green()) < 40
            and abs(c.blue() - red.blue()) < 40
        ):
            return True
    return False


def test_a_disagreeing_cell_stays_marked_and_counted(qtbot, settings_file):
    window = open_window(qtbot, RNNConfig(input_size=3, hidden_size=4, seq_len=6))
    session, network = window.session, window.panels["network"]
    session.seek(1)
    assert window.match_label.text().startswith("✓ 1 of 1 cells match nn.RNN")
    session.stepper.seek(2)  # the engine computes t = 1 ...
    session.stepper.hidden[1, 0, 0, 2] += 0.5  # ... wrongly, as a faulty cell would
    session.seek(4)
    # t = 1 is wrong, and t = 2, 3 read its h_t: only t = 0 still matches
    text = window.match_label.text()
    assert text.startswith("✗ 1 of 4 cells match nn.RNN") and "max |Δ| = 5.0e-01" in text
    assert session.stepper.ever_mismatched[:, 0].tolist() == [False, True, True, True, False, False]
    session.seek(2)  # back: t = 1 is no longer the current cell, nor computed later on
    assert marked(network, 0, 0, 1)  # still marked
    assert marked(network, 0, 0, 3)  # marked though not computed now
    assert not marked(network, 0, 0, 0) and not marked(network, 0, 0, 4)
    assert window.match_label.text().startswith("✗ 1 of 2 cells match nn.RNN")
    session.seek(6)  # further on, and zoomed out to strips: still marked
    network.fit_all()
    session.seek(5)
    assert session.stepper.ever_mismatched[1, 0]
    assert window.match_label.text().startswith("✗ 1 of 5 cells")
    network.canvas.grab()
    assert network.canvas.last_paint_error is None
