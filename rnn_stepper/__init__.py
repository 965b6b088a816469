"""RNN Stepper as one import package: `rnn_stepper.engine`, `rnn_stepper.gui`, `rnn_stepper.main`
and `rnn_stepper.resources`.

Installed (`pip install .`), this package is the folder site-packages/rnn_stepper, built from the
repository root (pyproject.toml maps the package `rnn_stepper` to "."), so nothing else lands at
the top of site-packages. In a checkout the modules stay where the project's layout puts them
(main.py, engine/, gui/, resources/ at the top), and this small folder makes the same import
names work there: its only job is to point the package at the repository root.
"""

from pathlib import Path

# The repository root replaces this folder as the place the package's modules are found.
__path__ = [str(Path(__file__).resolve().parent.parent)]
