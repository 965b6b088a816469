"""Guards the pinned Qt binding against a known crash.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every Qt call that returns nothing;
after enough calls the interpreter aborts ("deallocating None"). requirements.txt pins a
version without that bug; this test fails if a future pin brings it back.
"""

import sys

from PySide6.QtCore import QObject


def test_qt_calls_do_not_leak_references_to_none(qtbot):
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(1000):
        obj.setObjectName("x")
    after = sys.getrefcount(None)
    assert after - before > -100, "the Qt binding leaks references to None: pin another PySide6"
