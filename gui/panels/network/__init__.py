"""The network panel, in rooms along its seams:

- geometry.py: where things are in the unrolled scene (layout maths, no widget);
- state.py: what is drawn, read from the session (computed spans, current cell, colours; no widget);
- ink.py: colours, pens, fonts and the batched ink both painters draw with;
- painter.py: the unrolled view; rolled.py: the rolled view (one cell per row, gates inside);
- canvas.py: the viewport (frame cache, mouse, wheel, keys); legend.py: the colour scales;
- panel.py: NetworkPanel, the widgets and the view (zoom, scroll, rolled, what a step redraws).
"""

from rnn_stepper.gui.panels.network.panel import NetworkPanel

__all__ = ["NetworkPanel"]
