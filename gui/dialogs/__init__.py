"""Dialogs shown by the actions: the unexpected-error box, Open model, Save lesson."""
