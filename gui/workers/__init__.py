"""Work off the GUI thread or out of the paint path: model rebuilds, training runs, backward passes."""
