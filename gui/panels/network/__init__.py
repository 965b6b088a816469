"""The network panel (see panel.py); split along its seams in the next commit."""

from rnn_stepper.gui.panels.network.painter import NetworkPanel, _Ink  # noqa: F401

__all__ = ["NetworkPanel"]
