"""One lock around PyTorch's global random number generator, for code that seeds it or draws
from it (a module's default init) while another thread may be doing the same.

`torch.random.fork_rng` saves the global state and restores it on exit. Two threads forking at
once interleave: one's restore can land between the other's `manual_seed` and its draws, and a
model "reproducible from its seed" silently gets other weights. The app prepares big models in a
worker thread (the reference's nn.RNN modules, gui/workers/rebuild_worker.py) while the GUI thread may
seed and build the next model, so both go through `private_global_rng`.
"""

from __future__ import annotations

import contextlib
import threading

import torch

_GLOBAL_RNG_LOCK = threading.RLock()


@contextlib.contextmanager
def private_global_rng():
    """The global RNG to seed and draw from freely: the caller's state is restored afterwards,
    and no other thread seeds or draws through here meanwhile. Keep the block short (module
    construction, not a forward pass): another thread may be waiting."""
    with _GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=[]):
        yield
