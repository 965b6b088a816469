"""Work-arounds for defects in the Qt binding, in one place.

PySide6 6.12.0 on Python 3.11 returns `None` from every C++ method that returns nothing (and
from getters that return a null pointer) without taking a reference to it. Python 3.12 made None
immortal, so the binding no longer counts; on 3.10/3.11 every `label.setText(...)` lowers None's
reference count by one, and after some tens of thousands of calls (a minute of playing) Python
aborts with "Fatal Python error: none_dealloc". Measured: 1000 `QLabel.setText` calls remove
1000 references to None.

The fix does what Python 3.12 does: it gives None, True and False (statically allocated objects
that may never be freed anyway) a reference count so large that no number of missing references
can bring it to zero. Nothing changes on Python >= 3.12.
"""

from __future__ import annotations

import sys

_HEADROOM = 1 << 60  # references added; 2**63 - 1 is the limit of the counter


def protect_python_singletons() -> bool:
    """Make None, True and False practically immortal on Python < 3.12. Returns True if it did.

    Safe to call many times (the headroom is added once)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes

    for obj in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the object's first field
        if refcount.value < _HEADROOM // 2:
            refcount.value += _HEADROOM
    return True
