"""Small widgets the main window places: the controls bar, the lesson notes dock, steady labels."""
