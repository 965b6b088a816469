"""`python main.py bench engine`: the stepper against `nn.RNN`, `nn.LSTM` and `nn.GRU`, measured in one run.

Figures, for each cell type:
- trace ratio: computing every cell with the stepper (plain ops, one cell at a time) divided by
  the module's forward on the same inputs, best of several repeats each, interleaved;
- the same with the per-cell verification included (the reference modules' forward too; for
  LSTM also torch's own LSTM cell stepped for every c_t, engine.stepper._lstm_reference_row);
- the cost of one interactive step (a cell plus its full record) at H=256;
- the peak memory of a T=10,000, H=1024, 2-layer bidirectional trace (RNN and LSTM; for LSTM
  also at half the length, to show that it grows linearly in T), measured in a child process
  as its peak resident size minus its size after importing torch.
Targets come from the engine issues and are printed beside the figures.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.stepper import Stepper, reference_states

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


def trace_ratio(hidden: int, bidirectional: bool, seq_len: int, repeats: int, cell: str = "rnn") -> dict:
    """`nn_rnn_ms` is the module's forward (nn.RNN, nn.LSTM or nn.GRU by `cell`)."""
    config = RNNConfig(
        input_size=hidden,
        hidden_size=hidden,
        num_layers=2,
        bidirectional=bidirectional,
        seq_len=seq_len,
        batch_size=1,
        cell=cell,
        text="",
    )
    sim = Simulation.build(config)
    rnn, inputs, h0, c0 = sim.model.rnn, sim.inputs, sim.h0, sim.c0
    state = h0 if c0 is None else (h0, c0)

    def nn_rnn():
        with torch.no_grad():
            rnn(inputs, state)

    def stepper():
        Stepper(rnn, inputs, h0, config.tolerance, c0).run_to_end()

    def stepper_verified():
        s = Stepper(rnn, inputs, h0, config.tolerance, c0)
        s.run_to_end()
        with torch.no_grad():
            reference_states(rnn, s.x, h0, c0)

    best = _best_of({"nn_rnn": nn_rnn, "stepper": stepper, "verified": stepper_verified}, repeats)
    return {
        "cell": cell,
        "hidden_size": hidden,
        "bidirectional": bidirectional,
        "seq_len": seq_len,
        "num_layers": 2,
        "nn_rnn_ms": best["nn_rnn"] * 1e3,
        "stepper_ms": best["stepper"] * 1e3,
        "verified_ms": best["verified"] * 1e3,
        "ratio": best["stepper"] / best["nn_rnn"],
        "verified_ratio": best["verified"] / best["nn_rnn"],
        "target_ratio": TARGET_RATIO.get(hidden),
    }


def step_cost(hidden: int = 256, steps: int = 300, cell: str = "rnn") -> dict:
    """Median time of `Stepper.step()` (one cell and its record, with the module's value and diff)."""
    config = RNNConfig(
        input_size=hidden, hidden_size=hidden, num_layers=2, seq_len=steps, batch_size=1, cell=cell, text=""
    )
    stepper = Simulation.build(config).stepper
    stepper.reference_hidden  # noqa: B018 — built once per simulation, not per step
    times = []
    for _ in range(len(stepper)):
        start = time.perf_counter()
        stepper.step()
        times.append(time.perf_counter() - start)
    return {
        "cell": cell,
        "hidden_size": hidden,
        "median_ms": statistics.median(times) * 1e3,
        "p95_ms": sorted(times)[int(0.95 * len(times))] * 1e3,
        "target_ms": TARGET_STEP_MS,
    }


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
                                 seq_len={t}, batch_size=1, cell={cell!r}, text=""))
sim.stepper.run_to_end()
diff = sim.stepper.max_abs_diff()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((peak - base) * 1024, diff)
"""


def trace_memory(seq_len: int, hidden: int, cell: str = "rnn") -> dict:
    """Peak extra memory of a whole verified trace, in a fresh process so nothing else counts."""
    code = _MEMORY_CHILD.format(root=str(ROOT), h=hidden, t=seq_len, cell=cell)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak, diff = result.stdout.split()
    return {
        "cell": cell,
        "seq_len": seq_len,
        "hidden_size": hidden,
        "num_layers": 2,
        "bidirectional": True,
        "peak_bytes": int(peak),
        "max_abs_diff": float(diff),
        "target_bytes": TARGET_MEMORY_BYTES,
    }


CELLS = ("rnn", "lstm", "gru")
MODULE_NAMES = {"rnn": "nn.RNN", "lstm": "nn.LSTM", "gru": "nn.GRU"}


def run_engine_bench(as_json: bool = False, quick: bool = False) -> int:
    seq_len, repeats = (200, 2) if quick else (1000, 5)
    memory_t, memory_h = (1000, 256) if quick else (10_000, 1024)
    figures: dict[str, Any] = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        # gated cells at H=1024 take seconds per forward: fewer repeats keep the run in minutes
        "trace": [
            trace_ratio(h, bi, seq_len, repeats if cell == "rnn" or h < 1024 else max(2, repeats - 2), cell)
            for cell in CELLS
            for h in (256, 1024)
            for bi in (False, True)
        ],
        "step": [step_cost(256, cell=cell) for cell in CELLS],
        "memory": [
            trace_memory(memory_t, memory_h),
            trace_memory(memory_t // 2, memory_h, "lstm"),
            trace_memory(memory_t, memory_h, "lstm"),
        ],
    }
    if as_json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"RNN Stepper engine benchmark (torch {figures['torch']}, {figures['threads']} threads, CPU)")
    print(f"\nWhole trace, T={seq_len}, B=1, 2 layers: stepper time / the module's forward time (module = 1)")
    print(
        f"{'module':>8} {'H':>6} {'dirs':>5} {'module ms':>10} {'stepper ms':>11} {'ratio':>6} {'target':>7} "
        f"{'+verify ms':>11} {'ratio':>6}"
    )
    for row in figures["trace"]:
        ok = "ok" if row["ratio"] <= row["target_ratio"] else "MISSED"
        print(
            f"{MODULE_NAMES[row['cell']]:>8} {row['hidden_size']:>6} {2 if row['bidirectional'] else 1:>5} "
            f"{row['nn_rnn_ms']:>10.1f} {row['stepper_ms']:>11.1f} {row['ratio']:>6.2f} "
            f"{'<=' + str(row['target_ratio']):>7} {row['verified_ms']:>11.1f} {row['verified_ratio']:>6.2f}  {ok}"
        )
    for step in figures["step"]:
        print(
            f"\nOne interactive step of {MODULE_NAMES[step['cell']]} (cell + record + check), "
            f"H={step['hidden_size']}: median {step['median_ms']:.3f} ms, p95 {step['p95_ms']:.3f} ms "
            f"(target < {TARGET_STEP_MS} ms)",
            end="",
        )
    print()
    for mem in figures["memory"]:
        print(
            f"\nPeak memory of a T={mem['seq_len']:,}, H={mem['hidden_size']}, 2-layer bidirectional verified "
            f"{MODULE_NAMES[mem['cell']]} trace: {mem['peak_bytes'] / 1024**2:.0f} MiB "
            f"(RNN target < {TARGET_MEMORY_BYTES / 1024**2:.0f} MiB); "
            f"max |stepper - module| = {mem['max_abs_diff']:.1e}",
            end="",
        )
    half, full = figures["memory"][1:]
    print(
        f"\nLSTM memory from T={half['seq_len']:,} to T={full['seq_len']:,}: x{full['peak_bytes'] / half['peak_bytes']:.2f} "
        "(linear in T: x2)"
    )
    return 0
