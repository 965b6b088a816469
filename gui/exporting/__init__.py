"""Images and documents that leave the app: panel exports (PNG, SVG, PDF), figures, animations,
and portable SVG (the headless command-line export, gui/headless.py, uses them)."""
