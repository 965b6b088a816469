"""Python's cyclic garbage collector runs only on the GUI thread.

Left automatic, a collection runs in whichever thread happens to allocate when a threshold is
crossed: the training worker, the rebuild worker or the training warm-up import. If that
collection frees a Qt object (a closed window's widgets, a panel's pyqtgraph items), its C++
destructor runs on that thread, takes Qt's connection lock and waits for the GIL, while the GUI
thread holds the GIL and waits for the same lock: the window hangs for good. (Seen in the test
suite: a deadlock between the warm-up import's collection and the GUI thread laying out a plot.)
So automatic collection is off, and a timer on the GUI thread collects each generation when its
threshold is crossed, as the collector would, once per COLLECT_INTERVAL_MS. The same approach as
pyqtgraph.util.garbage_collector, without loading pyqtgraph before the window first paints.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(COLLECT_INTERVAL_MS)

    def collect_due(self) -> None:
        """Collect the oldest generation whose count is past its threshold (and the younger ones)."""
        counts = gc.get_count()
        due = [g for g in range(3) if counts[g] > self._thresholds[g]]
        if due:
            gc.collect(max(due))


def collect_on_the_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector once for the application (idempotent)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
