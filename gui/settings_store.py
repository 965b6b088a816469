"""What the app remembers between runs, read back defensively.

Everything lives in the window's QSettings (`MainWindow.settings`: the user's settings, or a
temporary ini file when isolated in tests). Values are stored as JSON text, because an ini file
does not keep Python types (a bool comes back as the string "true") and JSON reads the same from
every backend. Every reader validates what it reads: a missing value gives the default; a damaged
or out-of-range one is dropped from the settings (with a log line) and gives the default, so a
settings file can never stop the app from starting, this time or the next.

Kept here:
- the last configuration (restored on the next start unless the command line names a lesson);
- recent lessons and models (newest first, at most MAX_RECENT, missing files pruned);
- play speed and step size;
- the classroom-mode choice (which controls and panels to hide, and whether it is on).
The dock layout and the window geometry are MainWindow's (save_layout / restore_layout).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Protocol

from rnn_stepper.gui.action_support import StatusReporter

log = logging.getLogger(__name__)

MAX_RECENT = 10
KIND_LESSON, KIND_MODEL = "lesson", "model"

KEY_LAST_CONFIG = "session/lastConfig"
KEY_LAST_SOURCE = "session/lastSource"  # the file the last model came from, if any
KEY_SPEED = "session/speed"
KEY_STEP_SIZE = "session/stepSize"
KEY_RECENT = "files/recent"
KEY_CLASSROOM = "classroom/state"


@dataclass(frozen=True)
class RecentFile:
    """One entry of File → Recent. A model remembers how it was opened (vocabulary, nonlinearity,
    text), so reopening it gives the same simulation."""

    kind: str  # KIND_LESSON or KIND_MODEL
    path: str
    vocab: str = ""
    nonlinearity: str = ""
    text: str = ""
    labels: str = ""  # a classifier's class names file

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @classmethod
    def from_json(cls, value) -> RecentFile | None:
        if not isinstance(value, dict):
            return None
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in value.items() if k in known and isinstance(v, str)}
        if values.get("kind") not in (KIND_LESSON, KIND_MODEL) or not values.get("path"):
            return None
        return cls(**values)


@dataclass(frozen=True)
class ClassroomState:
    enabled: bool = False
    hidden_controls: tuple[str, ...] = ()
    hidden_panels: tuple[str, ...] = ()
    reopen_panels: tuple[str, ...] = ()  # docks that were open when classroom mode hid them


class SettingsStore:
    """Typed access to the app's remembered values in one QSettings object."""

    def __init__(self, settings):
        self.settings = settings

    # ---- raw JSON ------------------------------------------------------------------------------

    def _read(self, key: str, default=None):
        raw = self.settings.value(key)
        if raw is None or raw == "":
            return default
        try:
            return json.loads(str(raw))
        except RecursionError:
            self._drop(key, "it is nested too deeply")
        except (TypeError, ValueError):  # also a number of more than 4300 digits
            self._drop(key, "it is not valid JSON")
        return default

    def _drop(self, key: str, why: str) -> None:
        """Forget a bad saved value (and log why), so that the next start is clean: a value that
        broke one start-up must not break every one after it."""
        log.warning("dropping the saved setting %s: %s", key, why)
        self.settings.remove(key)

    def _write(self, key: str, value) -> None:
        self.settings.setValue(key, json.dumps(value, ensure_ascii=False))

    def sync(self) -> None:
        self.settings.sync()

    # ---- last configuration ----------------------------------------------------------------------

    def save_last_config(self, config, source: RecentFile | None = None) -> None:
        self._write(KEY_LAST_CONFIG, {f.name: getattr(config, f.name) for f in fields(config)})
        self._write(KEY_LAST_SOURCE, source.to_json() if source else None)

    def last_config(self):
        """The configuration saved last, or None (nothing saved, or it is no longer valid).

        A configuration saved by an older or newer version may name fields this version does not
        have (dropped, with a log line) or lack some (they take their defaults)."""
        from rnn_stepper.engine.config import RNNConfig
        from rnn_stepper.engine.errors import UserError

        values = self._read(KEY_LAST_CONFIG)
        if values is None:
            return None
        if not isinstance(values, dict):
            self._drop(KEY_LAST_CONFIG, f"expected an object, got {type(values).__name__}")
            return None
        known = {f.name for f in fields(RNNConfig)}
        unknown = sorted(set(values) - known)
        if unknown:
            log.warning("the saved configuration has unknown field(s) %s; ignoring them", ", ".join(unknown))
        try:
            return RNNConfig(**{k: v for k, v in values.items() if k in known})
        except (UserError, TypeError, ValueError) as exc:
            self._drop(KEY_LAST_CONFIG, str(exc)[:200])
            return None

    def last_source(self) -> RecentFile | None:
        return RecentFile.from_json(self._read(KEY_LAST_SOURCE))

    # ---- playback ----------------------------------------------------------------------------------

    def save_playback(self, speed: float, step_size: str) -> None:
        self._write(KEY_SPEED, float(speed))
        self._write(KEY_STEP_SIZE, str(step_size))

    def speed(self) -> float | None:
        """The saved play speed if it is one the speed slider offers; anything else is dropped."""
        from rnn_stepper.gui.session import MAX_SPEED, MIN_SPEED

        value = self._read(KEY_SPEED)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not MIN_SPEED <= value <= MAX_SPEED
        ):
            self._drop(KEY_SPEED, f"{str(value)[:40]} is not a speed from {MIN_SPEED:g} to {MAX_SPEED:g}")
            return None
        return float(value)

    def step_size(self) -> str | None:
        from rnn_stepper.gui.session import StepSize

        value = self._read(KEY_STEP_SIZE)
        if value is None:
            return None
        if not isinstance(value, str) or value not in {size.value for size in StepSize}:
            self._drop(KEY_STEP_SIZE, f"{str(value)[:40]} is not a step size")
            return None
        return value

    # ---- recent files ------------------------------------------------------------------------------

    def recent_files(self) -> list[RecentFile]:
        """Newest first; entries whose file is gone are dropped (and forgotten)."""
        value = self._read(KEY_RECENT, [])
        entries = [RecentFile.from_json(item) for item in value] if isinstance(value, list) else []
        kept = [e for e in entries if e is not None and Path(e.path).is_file()][:MAX_RECENT]
        if len(kept) != len(value if isinstance(value, list) else []):
            self._write(KEY_RECENT, [e.to_json() for e in kept])
        return kept

    def add_recent(self, entry: RecentFile) -> list[RecentFile]:
        entry = RecentFile(**{**entry.to_json(), "path": str(Path(entry.path).resolve())})
        others = [e for e in self.recent_files() if (e.kind, e.path) != (entry.kind, entry.path)]
        entries = [entry, *others][:MAX_RECENT]
        self._write(KEY_RECENT, [e.to_json() for e in entries])
        return entries

    def clear_recent(self) -> None:
        self._write(KEY_RECENT, [])

    # ---- classroom mode ------------------------------------------------------------------------------

    def save_classroom(self, state: ClassroomState) -> None:
        self._write(
            KEY_CLASSROOM,
            {
                "enabled": state.enabled,
                "hidden_controls": list(state.hidden_controls),
                "hidden_panels": list(state.hidden_panels),
                "reopen_panels": list(state.reopen_panels),
            },
        )

    def classroom(self) -> ClassroomState:
        value = self._read(KEY_CLASSROOM, {})
        if not isinstance(value, dict):
            self._drop(KEY_CLASSROOM, f"expected an object, got {type(value).__name__}")
            return ClassroomState()
        return ClassroomState(
            enabled=value.get("enabled") is True,
            hidden_controls=_names(value.get("hidden_controls")),
            hidden_panels=_names(value.get("hidden_panels")),
            reopen_panels=_names(value.get("reopen_panels")),
        )


def _names(value) -> tuple[str, ...]:
    """A list of names from a saved value, keeping only strings (anything else is ignored)."""
    return tuple(dict.fromkeys(v for v in value if isinstance(v, str))) if isinstance(value, list) else ()


class ConfigWindow(StatusReporter, Protocol):
    """What restoring the last configuration at start-up uses of the main window."""

    settings: Any  # its QSettings
    session: Any  # its gui.session.Session once loaded, else None

    def load(self, config=None, model=None) -> None: ...


def load_window_with_last_config(window: ConfigWindow) -> bool:
    """`window.load()` on the configuration saved last (the default preset if there is none or it
    cannot be built). Returns whether the saved configuration was used."""
    from PySide6.QtCore import QCoreApplication

    store = SettingsStore(window.settings)
    config = store.last_config()
    if config is not None:
        try:
            window.load(config)
        except Exception:  # a saved value must never keep the app from starting
            if window.session is not None:
                raise  # the failure came after the session was made: not the saved config's fault
            log.exception("the saved configuration could not be built; starting with the default")
        else:
            source = store.last_source()
            if source is not None:
                # Not window.tr(...): that is looked up under "MainWindow", while lupdate
                # files the string under the variable's name.
                window.show_message(
                    QCoreApplication.translate(
                        "SettingsStore",
                        "Restored the last configuration; the weights of {0} are not kept "
                        "between runs (File → Open recent reopens it)",
                    ).format(Path(source.path).name)
                )
            return True
    window.load()
    return False
