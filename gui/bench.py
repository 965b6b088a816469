"""GUI benchmark: `python main.py bench gui [--json] [--quick]` or `python -m rnn_stepper.gui.bench`.

Everything is measured in one run, offscreen, against a baseline measured in the same run:

(a) step-to-repaint latency of the full main window (1600 x 1000) at H = 4, 256, 1024 with a
    random input of T = 1000, two ways, both timed from the `session.step()` call:
    - "frame": `session.step()` then `processEvents()`: the panels' slots run, pyqtgraph's queued
      scene updates are delivered and Qt repaints what changed, as in the running app;
    - "full": the frame, then `window.repaint()`, which paints every visible widget of the window
      synchronously into the backing store (every dock, changed or not): the worst case. (Qt does
      not repaint a scroll area's viewport for its parent's repaint(): the pyqtgraph plots, here
      and in the baseline, are painted in the frame only, where they changed.)
    A paint-event counter on every graphics view's viewport confirms they paint at each step.
    Where the time goes is measured after the samples: the frame per dock (each dock alone
    allowed to paint) and the full repaint with nothing changed, per dock (each dock left out).
    The baseline is a bare pyqtgraph window of the same size doing what the hidden-state panel
    does per step: one column of a T x H ImageItem set and up to 33 lines given their new data,
    timed the same two ways.
(b) play at 60 steps/s for a couple of seconds: steps done against the timer's nominal rate.
(c) launch to a painted window: `python main.py` with RNN_STEPPER_EXIT_AFTER_PAINT=ready (the app
    prints when its first paint happens and when the panels are built and painted), against a
    bare PySide6 window showing one label, both as fresh processes, wall time from spawn.
(e) GUI-thread stalls at T = 1000, H = 1024 (one layer, and two layers bidirectional): the
    longest time the event loop does not run (a heartbeat timer's largest gap) during a rebuild
    (a new configuration; a seed change and a layer-count change at the end of the run) as the
    configuration panel asks for it (prepared in the background), a run to the end as the End
    key does it (in slices) and a seek to the middle as the timeline does it (in slices), until
    each is over and repainted. The goal is 100 ms. Beside it, the GUI thread's CPU time in that
    gap: the rest of the wall time went to other processes (a shared machine). The app's
    start-up objects are frozen out of the garbage collector first, as the app does.
(d) the weight heatmaps are not re-rendered while stepping (ImageItem.setImage calls counted by
    a wrapper over 100 steps), and the number of graphics items at H = 1024 against H = 4 (no
    item per neuron).

Over 500 lines, on purpose: Five measurements, (a) to (e), each with the baseline it is compared
with in the same run; they share the offscreen window and the timing helpers.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOW_SIZE = (1600, 1000)
SEQ_LEN = 1000
HIDDEN_SIZES = (4, 256, 1024)
STEPS = 100
QUICK_STEPS = 20
WARMUP_STEPS = 5
# A fresh process's first few dozen steps cost two to four times a later step: each allocates
# fresh memory (300-1,500 page faults a step, until the allocator reuses what it freed), and
# caches fill. Measured once and reported on its own ("process warm-up"), then the window is
# measured as it runs from then on; without it the first size measured (H = 4) showed mostly
# this warm-up (34.5 ms against ~14 ms for the same steps later in the same process, on a busy machine).
PROCESS_WARMUP_STEPS = 40
PLAY_SPEED = 60.0
PLAY_SECONDS = 2.0
LAUNCH_RUNS = 3
BASELINE_MAX_LINES = 33  # the hidden-state panel's 32 lines + the selected neuron's
# Targets printed beside the figures.
TARGET_MEDIAN_MS = {256: 16.0, 1024: 33.0}
TARGET_BASELINE_RATIO = 2.0
TARGET_LAUNCH_EXTRA_S = 1.0
TARGET_PLAY_FRACTION = 0.9
TARGET_STALL_MS = 100.0
STALL_HIDDEN = 1024

BARE_LABEL_SCRIPT = (
    r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("RNN Stepper")
label.resize(%d, %d)
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"RNN_STEPPER_PAINTED epoch={time.time():.4f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
spy = FirstPaint()
label.installEventFilter(spy)
label.show()
app.exec()
"""
    % WINDOW_SIZE
)


def _percentile(values, q):
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _summary_ms(seconds):
    ms = [s * 1000 for s in seconds]
    return {"median_ms": statistics.median(ms), "p95_ms": _percentile(ms, 95), "samples": len(ms)}


class _PaintCounter:
    """Counts paint events of some widgets (an event filter; it never consumes events)."""

    def __init__(self, widgets):
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        self.widgets = list(widgets)
        for w in self.widgets:
            w.installEventFilter(self._filter)

    def remove(self):
        for w in self.widgets:
            w.removeEventFilter(self._filter)


def _graphics_views(widget):
    from PySide6.QtWidgets import QGraphicsView

    return [v for v in widget.findChildren(QGraphicsView) if v.isVisible()]


def _image_items(widget):
    import pyqtgraph as pg

    items = []
    for view in widget.findChildren(pg.GraphicsView):
        items += [i for i in view.scene().items() if isinstance(i, pg.ImageItem)]
    return items


def _graphics_item_count(widget):
    from PySide6.QtWidgets import QGraphicsView

    return sum(len(v.scene().items()) for v in widget.findChildren(QGraphicsView) if v.scene())


def _config(hidden_size):
    from rnn_stepper.engine.presets import preset_config

    return preset_config("tutorial-single").replace(hidden_size=hidden_size, seq_len=SEQ_LEN)


# ---- (a) latency ---------------------------------------------------------------------------------


def _measure_window(app, window, hidden_size, steps):
    session = window.session
    if not session.set_config(_config(hidden_size)):
        raise RuntimeError(f"the benchmark configuration H={hidden_size} was refused")
    session.seek(0)
    app.processEvents()
    for _ in range(WARMUP_STEPS):
        session.step()
        app.processEvents()
        window.repaint()
    views = _graphics_views(window)
    paints = _PaintCounter(v.viewport() for v in views)
    weights = window.panels.get("weights")
    set_image_calls = {"count": 0}
    wrapped = []
    for item in _image_items(weights) if weights is not None else []:
        original = item.setImage

        def counting(*args, _original=original, **kwargs):
            set_image_calls["count"] += 1
            return _original(*args, **kwargs)

        item.setImage = counting
        wrapped.append(item)
    frames, fulls = [], []
    for _ in range(steps):
        start = time.perf_counter()
        session.step()
        app.processEvents()
        frame_end = time.perf_counter()
        window.repaint()
        frames.append(frame_end - start)
        fulls.append(time.perf_counter() - start)
    paints.remove()
    for item in wrapped:
        del item.setImage  # back to the class's method
    result = _summary_ms(fulls)
    result["frame_median_ms"] = _summary_ms(frames)["median_ms"]
    result["breakdown_ms"] = _frame_breakdown(app, window, max(10, steps // 3))
    result["static_repaint_ms"] = _static_breakdown(app, window, max(10, steps // 3))
    result["graphics_views"] = len(views)
    result["view_paints_per_step"] = paints.count / steps
    result["weight_images"] = len(wrapped)
    result["weight_setImage_calls"] = set_image_calls["count"]
    result["graphics_items"] = _graphics_item_count(window)
    return result


def _measure_process_warmup(app, window):
    """The first PROCESS_WARMUP_STEPS frames of the process (at the first size measured), as
    medians of the first and the last ten, to show what the warm-up costs."""
    session = window.session
    if not session.set_config(_config(HIDDEN_SIZES[0])):
        raise RuntimeError("the benchmark configuration was refused")
    session.seek(0)
    app.processEvents()
    frames = []
    for _ in range(PROCESS_WARMUP_STEPS):
        start = time.perf_counter()
        session.step()
        app.processEvents()
        frames.append(time.perf_counter() - start)
    return {
        "hidden_size": HIDDEN_SIZES[0],
        "steps": PROCESS_WARMUP_STEPS,
        "first_10_median_ms": statistics.median(frames[:10]) * 1000,
        "last_10_median_ms": statistics.median(frames[-10:]) * 1000,
    }


def _frame_breakdown(app, window, steps):
    """Where a frame's time goes, as medians over `steps` more steps:
    - "engine": the stepper computing one cell, without any signal;
    - "slots": the panels' and shell's slots run by stepChanged (session.step minus engine);
    - one entry per dock: the frame with only that dock allowed to paint, minus the frame with
      no dock painting (setUpdatesEnabled keeps the layout exactly as it is);
    - "events": the frame with no dock painting minus session.step: delivering the posted events
      (pyqtgraph's scene bookkeeping for every panel) and painting the toolbar and status bar.
    """
    from rnn_stepper.engine.simulation import Simulation

    session = window.session
    engine_sim = Simulation.build(session.config)
    engine_sim.stepper.seek(session.stepper.position)
    engine = []
    for _ in range(steps):
        if engine_sim.stepper.done:
            engine_sim.stepper.seek(0)
        start = time.perf_counter()
        engine_sim.stepper.step()
        engine.append(time.perf_counter() - start)

    def frames(painting):
        for role, dock in window.docks.items():
            dock.setUpdatesEnabled(role in painting)
        app.processEvents()
        step_times, frame_times = [], []
        for _ in range(steps):
            if session.stepper.done:
                session.seek(0)
                app.processEvents()
            start = time.perf_counter()
            session.step()
            stepped = time.perf_counter()
            app.processEvents()
            step_times.append(stepped - start)
            frame_times.append(time.perf_counter() - start)
        return statistics.median(step_times), statistics.median(frame_times)

    step_ms, quiet_ms = frames(set())
    out = {
        "engine": statistics.median(engine) * 1000,
        "slots": max(0.0, step_ms - statistics.median(engine)) * 1000,
        "events": max(0.0, quiet_ms - step_ms) * 1000,
    }
    for role, dock in window.docks.items():
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            out[role] = max(0.0, frames({role})[1] - quiet_ms) * 1000
    for dock in window.docks.values():
        dock.setUpdatesEnabled(True)
    app.processEvents()
    return out


def _static_breakdown(app, window, repeats):
    """`window.repaint()` with nothing changed (the "full" minus the "frame"), as medians:
    "window" for the whole, then per dock, toolbar and bars, the part that goes when that one
    alone is left out (setUpdatesEnabled(False) keeps the layout exactly as it is)."""

    def median_repaint():
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            window.repaint()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    app.processEvents()
    whole = median_repaint()
    parts = {
        **window.docks,
        "toolbar": window.controls,
        "status bar": window.statusBar(),
        "menu bar": window.menuBar(),
    }
    out = {"window": whole * 1000}
    for name, widget in parts.items():
        if widget is None or not widget.isVisible() or widget.visibleRegion().isEmpty():
            continue
        widget.setUpdatesEnabled(False)
        out[name] = max(0.0, whole - median_repaint()) * 1000
        widget.setUpdatesEnabled(True)
    app.processEvents()
    return out


class _Baseline:
    """A bare pyqtgraph window updating what the hidden-state panel updates per step."""

    def __init__(self, hidden_size):
        import numpy as np
        import pyqtgraph as pg

        self.widget = pg.GraphicsLayoutWidget()
        self.widget.resize(*WINDOW_SIZE)
        lines_plot = self.widget.addPlot(row=0, col=0)
        heat_plot = self.widget.addPlot(row=1, col=0)
        self.lines = [
            lines_plot.plot(pen=pg.mkPen(width=1)) for _ in range(min(hidden_size, BASELINE_MAX_LINES))
        ]
        self.image = pg.ImageItem(axisOrder="col-major")
        heat_plot.addItem(self.image)
        self.buffer = np.zeros((SEQ_LEN, hidden_size), dtype=np.float32)
        self.rng = np.random.default_rng(0)
        self.t = 0
        self.widget.show()

    def step(self):
        import numpy as np

        self.buffer[self.t] = self.rng.standard_normal(self.buffer.shape[1], dtype=np.float32)
        self.t += 1
        self.image.setImage(self.buffer, autoLevels=False, levels=(-1.0, 1.0))
        ts = np.arange(self.t)
        for k, line in enumerate(self.lines):
            line.setData(ts, self.buffer[: self.t, k])

    def close(self):
        self.widget.close()
        self.widget.deleteLater()


def _measure_baseline(app, hidden_size, steps):
    baseline = _Baseline(hidden_size)
    app.processEvents()
    for _ in range(WARMUP_STEPS):
        baseline.step()
        app.processEvents()
        baseline.widget.repaint()
    frames, fulls = [], []
    for _ in range(steps):
        start = time.perf_counter()
        baseline.step()
        app.processEvents()
        frame_end = time.perf_counter()
        baseline.widget.repaint()
        frames.append(frame_end - start)
        fulls.append(time.perf_counter() - start)
    baseline.close()
    app.processEvents()
    return {**_summary_ms(fulls), "frame_median_ms": _summary_ms(frames)["median_ms"]}


# ---- (b) play ------------------------------------------------------------------------------------


def _measure_play(app, window, hidden_size, seconds):
    from PySide6.QtCore import QEventLoop, QTimer

    session = window.session
    session.set_config(_config(hidden_size))
    session.seek(0)
    session.set_speed(PLAY_SPEED)
    app.processEvents()
    steps = {"count": 0}

    def count(_view):
        steps["count"] += 1

    session.stepChanged.connect(count)
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    start = time.perf_counter()
    session.play()
    loop.exec()
    elapsed = time.perf_counter() - start
    session.pause()
    session.stepChanged.disconnect(count)
    nominal_rate = 1000.0 / session._timer.interval()  # the timer ticks in whole milliseconds
    done = steps["count"]
    return {
        "seconds": elapsed,
        "steps": done,
        "steps_per_second": done / elapsed,
        "nominal_steps_per_second": nominal_rate,
        "fraction_of_nominal": done / (elapsed * nominal_rate),
    }


# ---- (c) launch ----------------------------------------------------------------------------------


def _spawn_until(args, tags, timeout=120):
    """Spawn a fresh Python, return {tag: seconds from spawn to the tag's printed epoch}."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RNN_STEPPER_SETTINGS": "isolated",
        "RNN_STEPPER_EXIT_AFTER_PAINT": "ready",
    }
    start = time.time()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    found = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in tags:
            epoch = float(next(p for p in parts if p.startswith("epoch=")).split("=", 1)[1])
            found[parts[0]] = epoch - start
    missing = [t for t in tags if t not in found]
    if missing:
        raise RuntimeError(
            f"{' '.join(args[:2])} printed no {missing}: exit {done.returncode}\n{done.stderr[-2000:]}"
        )
    return found


def _measure_launch(runs):
    entry = ["-m", "rnn_stepper"]  # the checkout and an installed copy alike
    bare, painted, ready = [], [], []
    for _ in range(runs):
        bare.append(_spawn_until(["-c", BARE_LABEL_SCRIPT], ["RNN_STEPPER_PAINTED"])["RNN_STEPPER_PAINTED"])
        app = _spawn_until(entry, ["RNN_STEPPER_PAINTED", "RNN_STEPPER_READY"])
        painted.append(app["RNN_STEPPER_PAINTED"])
        ready.append(app["RNN_STEPPER_READY"])
    return {
        "runs": runs,
        "entry": " ".join(entry[:1]),
        "bare_label_s": statistics.median(bare),
        "app_painted_s": statistics.median(painted),
        "app_ready_s": statistics.median(ready),
        "painted_minus_bare_s": statistics.median(painted) - statistics.median(bare),
    }


# ---- report --------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _longest_gap(app, start, finished) -> tuple[float, float]:
    """The longest time, ms, the event loop went without running while `start()` and the work
    it leaves to the event loop ran, until `finished()`: a heartbeat timer notes every turn.
    Also the GUI thread's own CPU time in that gap, ms: on a shared machine the wall time also
    counts the time other processes had the cores; the CPU time is the work this thread did."""
    from PySide6.QtCore import QTimer

    beats = []

    def beat():
        beats.append((time.perf_counter(), time.thread_time()))

    heartbeat = QTimer()
    heartbeat.setInterval(0)
    heartbeat.timeout.connect(beat)
    app.processEvents()
    heartbeat.start()
    beat()
    start()
    while not finished():
        app.processEvents()
    app.processEvents()
    beat()
    heartbeat.stop()
    (wall_a, cpu_a), (wall_b, cpu_b) = max(zip(beats, beats[1:]), key=lambda pair: pair[1][0] - pair[0][0])
    return (wall_b - wall_a) * 1000, (cpu_b - cpu_a) * 1000


def _measure_stalls(app, window) -> list[dict]:
    """(e): the longest GUI-thread stall of each long operation, taken the way the window takes
    it (see the module docstring): rebuilds as the configuration panel asks for them (in the
    background), the End key's sliced run, the timeline's sliced seek. A heartbeat timer notes
    every turn of the event loop until the operation is over, repaint after it included."""
    from rnn_stepper.engine.config import RNNConfig

    session = window.session
    rows = []

    def rebuild(config):
        return _longest_gap(
            app, lambda: session.set_config(config, background=True), lambda: not session.rebuilding
        )

    for name, config in (
        ("1 layer", RNNConfig(input_size=128, hidden_size=STALL_HIDDEN, seq_len=SEQ_LEN)),
        (
            "2 layers bidirectional",
            RNNConfig(
                input_size=128, hidden_size=STALL_HIDDEN, seq_len=SEQ_LEN, num_layers=2, bidirectional=True
            ),
        ),
    ):

        def add(operation, gap):  # runs within this iteration only, so `name` is the current one
            rows.append({"model": name, "operation": operation, "ms": gap[0], "cpu_ms": gap[1]})  # noqa: B023

        add("rebuild (new configuration)", rebuild(config))
        session.reset()
        add(
            "run to end (End key, sliced)",
            _longest_gap(app, session.run_to_end_sliced, lambda: not session.running),
        )
        add("seed change at the end", rebuild(session.config.replace(seed=session.config.seed + 1)))
        layers = 1 if config.num_layers == 2 else 2
        add(f"layer count -> {layers} at the end", rebuild(session.config.replace(num_layers=layers)))
        session.set_config(config)
        session.reset()
        add(
            "seek to the middle (timeline)",
            _longest_gap(
                app, lambda: session.seek_sliced(len(session.stepper) // 2), lambda: not session.running
            ),
        )
        if not session.stepper.position == len(session.stepper) // 2:
            raise RuntimeError("the benchmark's seek did not arrive")
    for row in rows:
        row["within_target"] = row["ms"] < TARGET_STALL_MS
    return rows


def _print_report(figures):
    print("GUI benchmark (offscreen, window %d x %d, random input T = %d)" % (*WINDOW_SIZE, SEQ_LEN))
    print()
    warmup = figures["process_warmup"]
    print("(a) step -> repaint latency, ms (median over the steps; p95 for the full repaint), after the")
    print(
        "    process's first %d frames at H = %d (warm-up: first ten %.1f ms, last ten %.1f ms a frame)"
        % (warmup["steps"], warmup["hidden_size"], warmup["first_10_median_ms"], warmup["last_10_median_ms"])
    )
    print("    frame = session.step + processEvents (Qt repaints what changed, as when running)")
    print("    full  = frame + window.repaint() (every dock painted again, synchronously)")
    print(
        f"{'H':>6} {'frame':>7} {'base':>6} {'ratio':>6} | {'full':>6} {'p95':>6} {'base':>6} {'ratio':>6} | "
        f"{'views painted/step':>18} | target (full)"
    )
    for row in figures["latency"]:
        h = row["hidden_size"]
        target = TARGET_MEDIAN_MS.get(h)
        checks = []
        if target:
            checks.append(f"median < {target:g} ms: {_verdict(row['median_ms'] < target)}")
        checks.append(f"ratio < {TARGET_BASELINE_RATIO:g}: {_verdict(row['ratio'] < TARGET_BASELINE_RATIO)}")
        print(
            f"{h:>6} {row['frame_median_ms']:>7.1f} {row['baseline_frame_median_ms']:>6.1f} "
            f"{row['frame_ratio']:>6.2f} | {row['median_ms']:>6.1f} {row['p95_ms']:>6.1f} "
            f"{row['baseline_median_ms']:>6.1f} {row['ratio']:>6.2f} | "
            f"{row['view_paints_per_step']:>8.1f} of {row['graphics_views']:<8} | {'; '.join(checks)}"
        )
    print("    where a frame's time goes, ms: engine; slots of every panel; events (posted events,")
    print("    toolbar, status bar); then each dock's own painting:")
    for row in figures["latency"]:
        parts = ", ".join(f"{role} {ms:.1f}" for role, ms in row["breakdown_ms"].items())
        print(f"{row['hidden_size']:>6}: {parts}")
    print("    the full repaint with nothing changed (full minus frame), ms: the window; then what")
    print("    goes when each dock, bar or toolbar is left out:")
    for row in figures["latency"]:
        parts = ", ".join(f"{role} {ms:.1f}" for role, ms in row["static_repaint_ms"].items())
        print(f"{row['hidden_size']:>6}: {parts}")
    print()
    print("(b) play at %g steps/s" % PLAY_SPEED)
    for row in figures["play"]:
        print(
            f"  H = {row['hidden_size']:>4}: {row['steps']} steps in {row['seconds']:.2f} s = "
            f"{row['steps_per_second']:.1f}/s; the timer allows {row['nominal_steps_per_second']:.1f}/s "
            f"-> {row['fraction_of_nominal'] * 100:.0f}% "
            f"(keeps up if >= {TARGET_PLAY_FRACTION * 100:.0f}%: {_verdict(row['keeps_up'])})"
        )
    print()
    launch = figures["launch"]
    print(f"(c) launch to a painted window (median of {launch['runs']} fresh processes)")
    print(f"  bare PySide6 label     {launch['bare_label_s']:.2f} s")
    print(
        f"  {launch['entry']:<22} {launch['app_painted_s']:.2f} s to the painted window "
        f"(+{launch['painted_minus_bare_s']:.2f} s; target <= {TARGET_LAUNCH_EXTRA_S:g} s: "
        f"{_verdict(launch['painted_minus_bare_s'] <= TARGET_LAUNCH_EXTRA_S)})"
    )
    print(f"  {'':<22} {launch['app_ready_s']:.2f} s until every panel is built and painted")
    print()
    print()
    print(
        f"(e) GUI-thread stalls at T = {SEQ_LEN}, H = {STALL_HIDDEN}: the longest gap of the event loop, ms "
        f"(goal < {TARGET_STALL_MS:g} ms),"
    )
    print("    and the GUI thread's own CPU time in that gap (the rest of the wall time: other processes)")
    print(f"  {'':<24} {'':<30} {'wall':>8} {'cpu':>6}")
    for row in figures["stalls"]:
        print(
            f"  {row['model']:<24} {row['operation']:<30} {row['ms']:>8.0f} {row['cpu_ms']:>6.0f}  "
            f"{_verdict(row['within_target'])}"
        )
    longest = max(figures["stalls"], key=lambda r: r["ms"])
    print(f"  longest: {longest['ms']:.0f} ms ({longest['model']}, {longest['operation']})")
    print()
    d = figures["items"]
    print("(d) work per step and item counts")
    print(
        f"  weight heatmap setImage calls over {d['steps']} steps at H = 1024: "
        f"{d['weight_setImage_calls']} ({d['weight_images']} images; expected 0: "
        f"{_verdict(d['weight_setImage_calls'] == 0)})"
    )
    print(
        f"  graphics items: {d['items_h4']} at H = 4, {d['items_h1024']} at H = 1024 "
        f"(x{d['items_ratio']:.2f}; no item per neuron: {_verdict(d['items_ratio'] < 2)})"
    )


def run_gui_bench(as_json: bool = False, quick: bool = False) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("RNN_STEPPER_SETTINGS", "isolated")  # never load or save the user's layout
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from rnn_stepper.gui.main_window import create_main_window

    steps = QUICK_STEPS if quick else STEPS
    window = create_main_window()
    from rnn_stepper.gui.app import freeze_startup_objects

    freeze_startup_objects()  # as the app does once its window is built
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()
    window.reset_layout()
    app.processEvents()

    warmup = _measure_process_warmup(app, window)
    latency = []
    for h in HIDDEN_SIZES:
        row = {"hidden_size": h, **_measure_window(app, window, h, steps)}
        baseline = _measure_baseline(app, h, steps)
        row["baseline_median_ms"] = baseline["median_ms"]
        row["baseline_frame_median_ms"] = baseline["frame_median_ms"]
        row["ratio"] = row["median_ms"] / row["baseline_median_ms"]
        row["frame_ratio"] = row["frame_median_ms"] / row["baseline_frame_median_ms"]
        latency.append(row)
        if not as_json:
            print(f"  measured H = {h} ...", file=sys.stderr, flush=True)

    play = []
    for h in (256, 1024):
        row = {"hidden_size": h, **_measure_play(app, window, h, PLAY_SECONDS / (2 if quick else 1))}
        row["keeps_up"] = row["fraction_of_nominal"] >= TARGET_PLAY_FRACTION
        play.append(row)

    by_h = {row["hidden_size"]: row for row in latency}
    items = {
        "steps": steps,
        "weight_setImage_calls": by_h[1024]["weight_setImage_calls"],
        "weight_images": by_h[1024]["weight_images"],
        "items_h4": by_h[4]["graphics_items"],
        "items_h1024": by_h[1024]["graphics_items"],
    }
    items["items_ratio"] = items["items_h1024"] / max(1, items["items_h4"])
    stalls = _measure_stalls(app, window)

    window.close()
    window.deleteLater()
    app.processEvents()
    launch = _measure_launch(1 if quick else LAUNCH_RUNS)

    figures = {
        "window_size": list(WINDOW_SIZE),
        "seq_len": SEQ_LEN,
        "steps": steps,
        "process_warmup": warmup,
        "latency": latency,
        "play": play,
        "launch": launch,
        "items": items,
        "stalls": stalls,
        "targets": {
            "median_ms": TARGET_MEDIAN_MS,
            "baseline_ratio": TARGET_BASELINE_RATIO,
            "launch_extra_s": TARGET_LAUNCH_EXTRA_S,
            "play_fraction": TARGET_PLAY_FRACTION,
            "stall_ms": TARGET_STALL_MS,
        },
    }
    if as_json:
        print(json.dumps(figures, indent=2))
    else:
        _print_report(figures)
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m rnn_stepper.gui.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable figures")
    parser.add_argument("--quick", action="store_true", help="fewer steps, one launch: a smoke test")
    args = parser.parse_args(argv)
    return run_gui_bench(as_json=args.json, quick=args.quick)


if __name__ == "__main__":
    sys.exit(main())
