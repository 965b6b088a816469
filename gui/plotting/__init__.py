"""pyqtgraph building blocks that panels share: items and plot widgets that know nothing of the
Session or of the window, only how to draw one kind of picture fast (see fast_plots.py for the rules).
Panels (gui/panels/) build their pictures from them."""
