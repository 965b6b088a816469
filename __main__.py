"""`python -m rnn_stepper` (installed) and `python .` (in a checkout): the same as `rnn-stepper`."""

import sys

from rnn_stepper.main import main

sys.exit(main())
