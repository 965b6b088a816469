"""Every panel of the main window, in one list.

Adding a panel: write `gui/panels/<name>.py` following the panel contract (TITLE, OBJECT_NAME,
`Panel(session, parent)`), add a line here, and give it a place in
`MainWindow._apply_default_layout`. Panels are imported when the window is built, not when this
module is imported, so that the window can paint before PyTorch and pyqtgraph load, and so that
one broken panel shows an error in its dock instead of stopping the app.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PanelSpec:
    role: str  # how the window's default layout refers to the panel
    module: str
    class_name: str

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.class_name)


PANELS = (
    PanelSpec("network", "rnn_stepper.gui.panels.network", "NetworkPanel"),
    PanelSpec("calculation", "rnn_stepper.gui.panels.calculation", "CalculationPanel"),
    PanelSpec("output", "rnn_stepper.gui.panels.output", "OutputPanel"),
    PanelSpec("weights", "rnn_stepper.gui.panels.weights", "WeightsPanel"),
    PanelSpec("hidden", "rnn_stepper.gui.panels.hidden", "HiddenStatePanel"),
    PanelSpec("code", "rnn_stepper.gui.panels.code", "CodePanel"),
    PanelSpec("config", "rnn_stepper.gui.panels.config_panel", "ConfigPanel"),
    PanelSpec("train", "rnn_stepper.gui.panels.train", "TrainPanel"),
    PanelSpec("generate", "rnn_stepper.gui.panels.generate", "GeneratePanel"),
    PanelSpec("backprop", "rnn_stepper.gui.panels.bptt", "BackpropPanel"),
)


def panel_classes() -> dict[str, type]:
    """role -> panel class, importing every panel (raises if one cannot be imported)."""
    return {spec.role: spec.load() for spec in PANELS}
