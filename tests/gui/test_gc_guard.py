"""Python's garbage collector runs only on the GUI thread (gui/gc_guard.py): automatic collection
is off, and the GUI thread's timer collects what is due, so a worker thread never frees a Qt
object (whose destructor, run there, could deadlock with the GUI thread)."""

import gc
import threading
import weakref

from PySide6.QtWidgets import QWidget
from rnn_stepper.gui.gc_guard import GuiThreadCollector, collect_on_the_gui_thread


class Cycle:
    def __init__(self):
        self.me = self
        self.widget = QWidget()  # a Qt object that only the collector can free


def test_a_worker_thread_never_collects_and_the_gui_thread_does(qapp, qtbot):
    collector = collect_on_the_gui_thread(qapp)
    assert collect_on_the_gui_thread(qapp) is collector  # one per application
    assert not gc.isenabled()
    gc.collect()
    cycle = Cycle()
    alive = weakref.ref(cycle)
    del cycle

    def allocate():  # far past every threshold: an automatic collection would run here
        junk = [[] for _ in range(50_000)]
        del junk

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert alive() is not None  # nothing was collected on the worker thread
    junk = [[] for _ in range(gc.get_threshold()[0] + 10)]  # generation 0 is due
    collector.collect_due()  # what the GUI thread's timer does
    assert alive() is None
    del junk


def test_the_timer_collects_what_is_due(qapp, qtbot):
    collector = collect_on_the_gui_thread(qapp)
    assert isinstance(collector, GuiThreadCollector) and collector._timer.isActive()
    gc.collect()
    cycle = Cycle()
    alive = weakref.ref(cycle)
    del cycle
    junk = [[] for _ in range(gc.get_threshold()[0] + 10)]  # generation 0 is due
    collector.collect_due()
    assert alive() is None
    del junk
