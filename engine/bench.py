"""`python main.py bench engine`: the stepper against `nn.RNN`, measured in one run.

Figures:
- trace ratio: computing every cell with the stepper (plain ops, one cell at a time) divided by
  `nn.RNN`'s forward on the same inputs, best of several repeats each, interleaved;
- the same with the per-cell verification included (the reference modules' forward too);
- the cost of one interactive step (a cell plus its full record) at H=256;
- the peak memory of a T=10,000, H=1024, 2-layer bidirectional trace, measured in a child
  process as its peak resident size minus its size after importing torch.
Targets come from the engine issue and are printed beside the figures.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.stepper import Stepper, reference_hidden_states

TARGET_RATIO = {256: 2.5, 1024: 1.5}
TARGET_STEP_MS = 1.0
TARGET_MEMORY_BYTES = 1024**3
ROOT = Path(__file__).resolve().parent.parent


def _best_of(functions: dict, repeats: int) -> dict:
    """Best wall time of each function, running them interleaved so load affects all alike."""
    for function in functions.values():
        function()  # warm-up: first calls pay for allocation and kernel selection
    best = {name: float("inf") for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def trace_ratio(hidden: int, bidirectional: bool, seq_len: int, repeats: int) -> dict:
    config = RNNConfig(input_size=hidden, hidden_size=hidden, num_layers=2, bidirectional=bidirectional,
                       seq_len=seq_len, batch_size=1)
    sim = Simulation.build(config)
    rnn, inputs, h0 = sim.model.rnn, sim.inputs, sim.h0

    def nn_rnn():
        with torch.no_grad():
            rnn(inputs, h0)

    def stepper():
        Stepper(rnn, inputs, h0, config.tolerance).run_to_end()

    def stepper_verified():
        s = Stepper(rnn, inputs, h0, config.tolerance)
        s.run_to_end()
        with torch.no_grad():
            reference_hidden_states(rnn, s.x, h0)

    best = _best_of({"nn_rnn": nn_rnn, "stepper": stepper, "verified": stepper_verified}, repeats)
    return {
        "hidden_size": hidden, "bidirectional": bidirectional, "seq_len": seq_len, "num_layers": 2,
        "nn_rnn_ms": best["nn_rnn"] * 1e3, "stepper_ms": best["stepper"] * 1e3,
        "verified_ms": best["verified"] * 1e3,
        "ratio": best["stepper"] / best["nn_rnn"], "verified_ratio": best["verified"] / best["nn_rnn"],
        "target_ratio": TARGET_RATIO.get(hidden),
    }


def step_cost(hidden: int = 256, steps: int = 300) -> dict:
    """Median time of `Stepper.step()` (one cell and its record, with nn.RNN's value and diff)."""
    config = RNNConfig(input_size=hidden, hidden_size=hidden, num_layers=2, seq_len=steps, batch_size=1)
    stepper = Simulation.build(config).stepper
    stepper.reference_hidden  # built once per simulation, not per step
    times = []
    for _ in range(len(stepper)):
        start = time.perf_counter()
        stepper.step()
        times.append(time.perf_counter() - start)
    return {"hidden_size": hidden, "median_ms": statistics.median(times) * 1e3,
            "p95_ms": sorted(times)[int(0.95 * len(times))] * 1e3, "target_ms": TARGET_STEP_MS}


_MEMORY_CHILD = """
import resource, sys, torch
sys.path.insert(0, {root!r})
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import Simulation
import os
try:  # resident size now, in KiB; ru_maxrss (the peak so far) where /proc is missing
    base = int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
except OSError:
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sim = Simulation.build(RNNConfig(input_size={h}, hidden_size={h}, num_layers=2, bidirectional=True,
                                 seq_len={t}, batch_size=1))
sim.stepper.run_to_end()
diff = sim.stepper.max_abs_diff()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((peak - base) * 1024, diff)
"""


def trace_memory(seq_len: int, hidden: int) -> dict:
    """Peak extra memory of a whole verified trace, in a fresh process so nothing else counts."""
    code = _MEMORY_CHILD.format(root=str(ROOT), h=hidden, t=seq_len)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak, diff = result.stdout.split()
    return {"seq_len": seq_len, "hidden_size": hidden, "num_layers": 2, "bidirectional": True,
            "peak_bytes": int(peak), "max_abs_diff": float(diff), "target_bytes": TARGET_MEMORY_BYTES}


def run_engine_bench(as_json: bool = False, quick: bool = False) -> int:
    seq_len, repeats = (200, 2) if quick else (1000, 5)
    figures = {
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "trace": [trace_ratio(h, bi, seq_len, repeats) for h in (256, 1024) for bi in (False, True)],
        "step": step_cost(256),
        "memory": trace_memory(1000 if quick else 10_000, 256 if quick else 1024),
    }
    if as_json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"RNN Stepper engine benchmark (torch {figures['torch']}, {figures['threads']} threads, CPU)")
    print(f"\nWhole trace, T={seq_len}, B=1, 2 layers: stepper time / nn.RNN forward time (nn.RNN = 1)")
    print(f"{'H':>6} {'dirs':>5} {'nn.RNN ms':>10} {'stepper ms':>11} {'ratio':>6} {'target':>7} "
          f"{'+verify ms':>11} {'ratio':>6}")
    for row in figures["trace"]:
        ok = "ok" if row["ratio"] <= row["target_ratio"] else "MISSED"
        print(f"{row['hidden_size']:>6} {2 if row['bidirectional'] else 1:>5} {row['nn_rnn_ms']:>10.1f} "
              f"{row['stepper_ms']:>11.1f} {row['ratio']:>6.2f} {'<=' + str(row['target_ratio']):>7} "
              f"{row['verified_ms']:>11.1f} {row['verified_ratio']:>6.2f}  {ok}")
    step = figures["step"]
    print(f"\nOne interactive step (cell + record + nn.RNN check), H={step['hidden_size']}: "
          f"median {step['median_ms']:.3f} ms, p95 {step['p95_ms']:.3f} ms (target < {TARGET_STEP_MS} ms)")
    mem = figures["memory"]
    print(f"\nPeak memory of a T={mem['seq_len']:,}, H={mem['hidden_size']}, 2-layer bidirectional verified "
          f"trace: {mem['peak_bytes'] / 1024**2:.0f} MiB (target < {TARGET_MEMORY_BYTES / 1024**2:.0f} MiB); "
          f"max |stepper - nn.RNN| = {mem['max_abs_diff']:.1e}")
    return 0
