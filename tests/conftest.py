"""Shared test setup. Qt must run offscreen in tests, so the platform is set before any Qt import."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RNN_STEPPER_SETTINGS", "isolated")  # tests never touch the user's QSettings
os.environ.setdefault("RNN_STEPPER_LANGUAGE", "en")  # English whatever the machine's locale (gui/i18n.py)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
