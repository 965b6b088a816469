"""RNN Stepper: watch a recurrent neural network compute, one time step at a time.

    python main.py                      open the desktop app ("我爱你" loaded)
    python main.py LESSON.rnnlesson     open the desktop app on a lesson file
    python main.py export --out DIR     write trace.npz and model.pt without a window
    python main.py train --text 我爱你 --out model.pt   train a model to predict the next character
    python main.py bench engine|gui|train   print benchmark figures

Only the chosen path's heavy modules are imported, so the window can appear before PyTorch has
loaded. On the command line, a user error prints one line and exits with code 2.

Over 500 lines, on purpose: The command line: the parsers of every command (export, train, bench)
with their help texts, and the one-line errors with exit code 2; the work itself is in engine/ and
gui/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_USAGE = 2
LESSON_SUFFIX = ".rnnlesson"  # = engine.lesson_file.LESSON_SUFFIX (not imported here: it loads PyTorch)


class OneLineParser(argparse.ArgumentParser):
    """argparse prints a usage block on errors; a one-line message is easier to act on."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="rnn-stepper",
        usage=f"%(prog)s [-h] [LESSON{LESSON_SUFFIX} | COMMAND ...]",
        description="Watch a recurrent neural network compute, one time step at a time, "
        "checked cell by cell against torch.nn.RNN. Without a command, opens the app.",
        epilog=f"LESSON{LESSON_SUFFIX}: open the app on a lesson file (a saved session: configuration, "
        "weights, step, step size and view), e.g. rnn-stepper woaini.rnnlesson",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    export = commands.add_parser(
        "export",
        help="run a configuration headless and write its data",
        description="Run every cell of a configuration and write DIR/trace.npz (inputs, h0, hidden "
        "[seq_len, num_layers*num_directions, batch, H_out], output, h_n, max_abs_diff; "
        "for --cell lstm also cell [seq_len, num_layers*num_directions, batch, hidden_size], c0, c_n; "
        "text models also vocab, token_ids; models with a head probs [seq_len, batch, out]; classifiers "
        "with --labels also labels; unbatched --input drops the batch axis) and DIR/model.pt "
        "(a state_dict loadable with torch.load(weights_only=True)); unless --no-images, also "
        "every panel as PNG and SVG (the code also as .py, the configuration as .json) and the "
        "data (CSV, .npy) at --step, rendered offscreen, each panel laid out at a size that "
        "suits its content. "
        "The preset is the "
        "starting point; each option overrides it. --text selects text input; --seq-len or "
        "--batch-size select a random tensor input.",
    )
    export.add_argument(
        "--out", required=True, metavar="DIR", help="folder to write into (created if missing)"
    )
    export.add_argument(
        "--step",
        type=int,
        metavar="N",
        help="draw the panels after N cells have been computed (default: all of them)",
    )
    export.add_argument(
        "--no-images",
        action="store_true",
        help="write only trace.npz and model.pt (no panel images, no Qt needed), "
        "plus what --figure and --animation ask for",
    )
    images = export.add_argument_group("images (drawn offscreen by the app's own panels)")
    images.add_argument(
        "--scale",
        type=float,
        metavar="X",
        help="PNG size as a multiple of each panel's layout size (default 2; 0.25-8)",
    )
    images.add_argument(
        "--width", type=int, metavar="PX", help="PNG width in pixels instead of --scale (100-20000)"
    )
    images.add_argument(
        "--figure",
        metavar="PANELS",
        help="also one figure of these panels as PNG, SVG and PDF, e.g. "
        "network,calculation,hidden-state (or all; window: the whole window as laid out)",
    )
    images.add_argument(
        "--columns",
        type=int,
        metavar="N",
        help="the figure's columns (default: 1 for one or two panels, else 2)",
    )
    images.add_argument(
        "--animation",
        metavar="FILE",
        help="also the playback, one frame per step, as FILE (.gif, or .mp4); "
        "the panels of --figure, else network, calculation, hidden-state",
    )
    images.add_argument(
        "--frame-ms",
        type=int,
        metavar="MS",
        help="how long each step of --animation shows (default 500; 20-5000)",
    )
    images.add_argument(
        "--timing", action="store_true", help="print how long each kind of file took (on stderr)"
    )
    export.add_argument(
        "--lesson",
        metavar="FILE",
        help=f"a lesson file ({LESSON_SUFFIX}): its configuration, weights and step "
        "(--step overrides the step); not combined with the options below",
    )
    add_config_options(export)

    add_train_parser(commands)

    bench = commands.add_parser(
        "bench", help="print benchmark figures (ratios against a baseline in the same run)"
    )
    bench.add_argument(
        "target",
        choices=["engine", "gui", "train"],
        help="engine: stepper vs nn.RNN; gui: repaint latency; train: Trainer vs a plain PyTorch loop",
    )
    bench.add_argument("--json", action="store_true", help="print machine-readable figures")
    bench.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    return parser


def add_train_parser(commands) -> None:
    train = commands.add_parser(
        "train",
        help="train embedding -> RNN -> head to predict the next character, save it",
        description="Train a new model (the text-woaini preset: embedding 128 -> RNN with 4 neurons -> head; "
        "options override it) to predict each next character of a text or of every line of a "
        "corpus file, print the loss about ten times and the final prediction, and save the "
        'model (open it with: export --load FILE, or in the app). Defaults train "我爱你" in '
        "well under a second.",
    )
    source = train.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", metavar="TEXT", help="one text, trained as one sequence")
    source.add_argument(
        "--corpus",
        metavar="FILE",
        help="UTF-8 file, one sentence per line (e.g. resources/corpus/sentences.txt)",
    )
    train.add_argument("--out", required=True, metavar="FILE", help="model file to write (.pt state_dict)")
    train.add_argument("--epochs", type=int, metavar="N", help="passes over the data (default 200)")
    train.add_argument("--lr", type=float, metavar="X", help="learning rate (default 0.03)")
    train.add_argument("--optimizer", choices=["adam", "sgd"], help="default adam")
    train.add_argument(
        "--clip", type=float, metavar="X", help="largest gradient norm per step; 0 = off (default 1)"
    )
    train.add_argument(
        "--seed", type=int, metavar="N", help="seed for the initial weights and the batch order"
    )
    train.add_argument("--input-size", type=int, metavar="N", help="embedding size (default 128)")
    train.add_argument(
        "--hidden-size", type=int, metavar="N", help="neurons in the recurrent cell (default 4)"
    )
    train.add_argument("--num-layers", type=int, metavar="N", help="stacked RNN layers (default 1)")
    train.add_argument("--nonlinearity", choices=["tanh", "relu"], help="activation (default tanh)")
    train.add_argument(
        "--bidirectional",
        action="store_true",
        help="a forward and a reverse sweep (the reverse one reads ahead, so it can copy the answer)",
    )
    add_cell_options(train)


def add_cell_options(group) -> None:
    """--cell and --proj-size, for export and train alike."""
    group.add_argument(
        "--cell",
        choices=["rnn", "lstm", "gru"],
        help="the recurrent cell: rnn (nn.RNN, default), lstm (nn.LSTM) or gru (nn.GRU)",
    )
    group.add_argument(
        "--proj-size",
        type=int,
        metavar="N",
        help="nn.LSTM's proj_size: h_t = W_hr (o * tanh(c_t)) has N < hidden_size numbers "
        "(--cell lstm only; default 0, no projection)",
    )


def add_config_options(parser: argparse.ArgumentParser) -> None:
    from_file = parser.add_argument_group("model file")
    from_file.add_argument(
        "--load",
        metavar="FILE",
        help="open a state_dict .pt (bare nn.RNN, or embedding or "
        "one-hot -> RNN -> linear head or classifier)",
    )
    from_file.add_argument(
        "--vocab",
        metavar="FILE",
        help="vocabulary for --load: one token per line (\\n \\t \\s "
        "for newline, tab, space), a JSON list (id -> token) or a JSON object (token -> id); "
        "without an embedding in the file, it makes the input one-hot",
    )
    from_file.add_argument(
        "--labels", metavar="FILE", help="class names of a classifier head for --load: one per line, or JSON"
    )
    inputs = parser.add_argument_group("your own input")
    inputs.add_argument(
        "--input",
        metavar="FILE",
        help="input tensor (.npy or .pt): (seq_len, batch, input_size), "
        "batch-first with --batch-first, or unbatched (seq_len, input_size)",
    )
    config = parser.add_argument_group("configuration (mirrors torch.nn.RNN, nn.LSTM or nn.GRU)")
    config.add_argument(
        "--preset", metavar="NAME", help="text-woaini (default), tutorial-single or tutorial-batch"
    )
    config.add_argument("--text", metavar="TEXT", help="input text; each character is a token")
    config.add_argument("--seq-len", type=int, metavar="N", help="random input: sequence length")
    config.add_argument("--batch-size", type=int, metavar="N", help="random input: batch size")
    config.add_argument(
        "--input-size", type=int, metavar="N", help="features per time step (the embedding size for text)"
    )
    config.add_argument("--hidden-size", type=int, metavar="N", help="neurons in the recurrent cell")
    config.add_argument("--num-layers", type=int, metavar="N", help="stacked RNN layers")
    add_cell_options(config)
    config.add_argument(
        "--nonlinearity", choices=["tanh", "relu"], help="activation (default tanh; nn.RNN only)"
    )
    config.add_argument("--no-bias", action="store_true", help="no b_ih, b_hh")
    config.add_argument("--batch-first", action="store_true", help="inputs as (batch, seq_len, input_size)")
    config.add_argument("--bidirectional", action="store_true", help="a forward and a reverse sweep")
    config.add_argument(
        "--dropout", type=float, metavar="P", help="accepted like nn.RNN; inactive while stepping (eval mode)"
    )
    config.add_argument(
        "--h0",
        metavar="zeros|random|FILE",
        help="initial hidden state: zeros (default), random, "
        "or a .npy/.pt file of shape (num_layers*num_directions, batch, H_out); for LSTM, zeros "
        "and random set c0 too (with a file, c0 is zeros)",
    )
    config.add_argument("--seed", type=int, metavar="N", help="seed for the weights and random inputs")
    config.add_argument("--dtype", choices=["float32", "float64"], help="tensor precision")


H0_MODES = ("zeros", "random")  # = engine.config.H0_MODES; anything else given to --h0 is a file


def config_from_args(args):
    """The configuration, a loaded model (or None) and the user's input files (or None) that the
    options describe. An option that cannot apply is an error, or a note on stderr: never
    ignored in silence."""
    from rnn_stepper.engine.errors import ConfigError
    from rnn_stepper.engine.presets import DEFAULT_PRESET, preset_config

    config = preset_config(args.preset or DEFAULT_PRESET)
    random_input = args.seq_len is not None or args.batch_size is not None
    if random_input and args.text is not None:
        raise ConfigError("cli.text_and_random")
    if args.input and (args.text is not None or random_input):
        given = "--text" if args.text is not None else "--seq-len/--batch-size"
        raise ConfigError("cli.input_and_other", given=given)
    h0_file = args.h0 if args.h0 is not None and args.h0 not in H0_MODES else None
    if (
        h0_file
        and not Path(h0_file).is_file()
        and Path(h0_file).suffix.lower() not in (".npy", ".pt", ".pth")
    ):
        raise ConfigError("cli.h0", value=repr(h0_file))
    changes = {}
    if args.text is not None:
        if not args.text:
            raise ConfigError("cli.text_empty")
        changes.update(text=args.text, batch_size=1)
    elif random_input or args.input:
        changes["text"] = ""
    for option in (
        "seq_len",
        "batch_size",
        "input_size",
        "hidden_size",
        "num_layers",
        "nonlinearity",
        "dropout",
        "seed",
        "dtype",
        "cell",
        "proj_size",
    ):
        value = getattr(args, option)
        if value is not None:
            changes[option] = value
    if args.h0 in H0_MODES:
        changes["h0"] = args.h0
    if args.no_bias:
        changes["bias"] = False
    for flag in ("batch_first", "bidirectional"):
        if getattr(args, flag):
            changes[flag] = True
    for option in ("vocab", "labels"):
        if getattr(args, option) and not args.load:
            raise ConfigError("cli.needs_load", option=f"--{option}")
    config = config.replace(**changes)
    notes, model = [], None
    if args.load:
        config, model = _load_from_args(args, config, changes, notes)
    user_input = None
    if args.input or h0_file:
        config, user_input = _user_input_from_args(args, config, h0_file, model, notes)
    if args.seed is not None and config.h0 != "random" and (args.load and (config.is_text or args.input)):
        notes.append(
            f"note: --seed {args.seed} is unused: the weights come from {args.load} and nothing is random"
        )
    args.notes = notes  # printed once the run has succeeded: a refusal stays one line
    return config, model, user_input


# Sizes a model file fixes: an option that disagrees with the file is refused, not overridden.
FILE_SIZES = {
    "input_size": "--input-size",
    "hidden_size": "--hidden-size",
    "num_layers": "--num-layers",
    "bidirectional": "--bidirectional",
    "bias": "--no-bias",
    "dtype": "--dtype",
    "cell": "--cell",
    "proj_size": "--proj-size",
}


def _load_from_args(args, config, changes, notes):
    from rnn_stepper.engine.errors import ConfigError
    from rnn_stepper.engine.model_io import load_model

    loaded = load_model(
        args.load,
        config,
        vocab_path=args.vocab,
        nonlinearity=args.nonlinearity,
        text_given=args.text is not None,
        labels_path=args.labels,
    )
    for field, option in FILE_SIZES.items():
        if field in changes and getattr(loaded.config, field) != changes[field]:
            raise ConfigError(
                "cli.option_does_not_fit",
                option=option,
                path=args.load,
                field=field,
                value=getattr(loaded.config, field),
            )
    if loaded.model.is_text and (args.seq_len is not None or args.batch_size is not None):
        raise ConfigError("cli.model_reads_text", path=args.load, count=len(loaded.model.vocab))
    if args.preset:
        notes.append(
            f"note: --preset {args.preset}: its sizes are replaced by {args.load}'s; its input settings are used"
        )
    notes.extend(f"loaded: {note}" for note in loaded.notes)
    return loaded.config, loaded.model


def _user_input_from_args(args, config, h0_file, model, notes):
    from rnn_stepper.engine.user_inputs import UserInput, config_for_input, read_tensor_file

    inputs = read_tensor_file(args.input, "input") if args.input else None
    h0 = read_tensor_file(h0_file, "h0") if h0_file else None
    user_input = UserInput(inputs, h0, args.input or "", h0_file or "")
    if inputs is not None:
        if model is not None and model.is_text:
            what = "one-hot vectors" if model.one_hot else f"the embedding of {len(model.vocab)} tokens"
            notes.append(f"note: --input goes straight into the RNN: {what} and the text are not used")
        config = config_for_input(config, user_input)
        shape = "unbatched " if user_input.unbatched else ""
        notes.append(f"used: input {args.input}, {shape}shape {tuple(inputs.shape)}")
    if h0 is not None:
        notes.append(f"used: h0 {h0_file}, shape {tuple(h0.shape)}")
        if config.cell == "lstm":
            notes.append("note: c0 (the LSTM's initial cell state) is zeros: an h0 file gives h0 only")
    return config, user_input


def run_export(args) -> int:
    """Validate everything, write the whole set into a staging folder, then move it into --out:
    a run that fails at any point leaves --out exactly as it was."""
    import math

    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.engine.files import prepare_output_dir, published, staged_output
    from rnn_stepper.engine.simulation import Simulation
    from rnn_stepper.engine.trace_export import write_trace

    step = args.step
    if args.lesson:
        config, model, lesson_step = lesson_from_args(args)
        step = lesson_step if step is None else step
        user_input = None
    else:
        config, model, user_input = config_from_args(args)
    simulation = Simulation.build(config, model, user_input)
    if step is not None and not 0 <= step <= len(simulation.stepper):
        raise UserError("cli.step", total=len(simulation.stepper), value=step)
    options = headless_options(args)
    out = prepare_output_dir(args.out)
    from rnn_stepper.engine.code_export import CODE_FILE, simulation_code, write_code

    source = args.lesson or args.load
    with staged_output(out) as staging:
        written = write_trace(simulation, staging)
        # the PyTorch code that rebuilds this very model (its weights when they came from a file)
        code, weights = simulation_code(
            simulation, None if model is None else f"loaded from {Path(source).name}"
        )
        written += write_code(staging / CODE_FILE, code, weights)
        if options is not None:
            from rnn_stepper.gui.headless import export_images

            report = (
                (lambda line: print(f"time: {line}", file=sys.stderr)) if args.timing else (lambda line: None)
            )
            written += export_images(
                config, model, staging, step, options, report=report, user_input=user_input
            )
    for note in getattr(args, "notes", []):
        print(note, file=sys.stderr)
    diff = simulation.stepper.max_abs_diff()
    if not math.isfinite(diff):
        print(
            "warning: the weights or inputs hold NaN or infinite values, so the stepper and nn.RNN "
            "cannot be compared (max_abs_diff = nan in trace.npz)",
            file=sys.stderr,
        )
    for path in published(out, staging, written):
        print(path)
    return 0


SCALE_RANGE = (0.25, 8.0)  # = gui.export_actions.SCALE_RANGE (not imported here: it loads Qt)
WIDTH_RANGE = (100, 20_000)  # = gui.export_actions.WIDTH_RANGE


def headless_options(args):
    """The image options of `export`, checked before any work (None: --no-images and nothing else)."""
    from rnn_stepper.engine.errors import UserError

    if args.scale is not None and not SCALE_RANGE[0] <= args.scale <= SCALE_RANGE[1]:
        raise UserError(
            "config.between", name="--scale", low=SCALE_RANGE[0], high=SCALE_RANGE[1], value=args.scale
        )
    if args.width is not None and not WIDTH_RANGE[0] <= args.width <= WIDTH_RANGE[1]:
        raise UserError("cli.width", low=WIDTH_RANGE[0], high=WIDTH_RANGE[1], value=args.width)
    if args.scale is not None and args.width is not None:
        raise UserError("cli.scale_or_width")
    if args.frame_ms is not None and not 20 <= args.frame_ms <= 5000:
        raise UserError("config.between", name="--frame-ms", low=20, high=5000, value=args.frame_ms)
    if args.columns is not None and not 1 <= args.columns <= 10:
        raise UserError("config.between", name="--columns", low=1, high=10, value=args.columns)
    if args.no_images and not (args.figure or args.animation):
        return None
    from rnn_stepper.gui.headless import DEFAULT_SCALE, HeadlessExport, parse_roles

    if args.animation:
        from rnn_stepper.gui.exporting.animation import check_animation_path

        check_animation_path(args.animation, folder_must_exist=False)  # (it may be in --out)
    return HeadlessExport(
        images=not args.no_images,
        scale=args.scale or DEFAULT_SCALE,
        width=args.width,
        figure=parse_roles(args.figure) if args.figure else (),
        columns=args.columns,
        animation=args.animation,
        frame_ms=args.frame_ms or 500,
    )


# Options that describe a configuration or a model, which a lesson file already holds.
CONFIG_DESTS = (
    "load",
    "vocab",
    "labels",
    "input",
    "preset",
    "text",
    "seq_len",
    "batch_size",
    "input_size",
    "hidden_size",
    "num_layers",
    "nonlinearity",
    "no_bias",
    "batch_first",
    "bidirectional",
    "dropout",
    "h0",
    "seed",
    "dtype",
    "cell",
    "proj_size",
)


def lesson_from_args(args):
    """The configuration, model and step of `--lesson FILE`."""
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.engine.lesson_file import open_lesson

    given = [dest for dest in CONFIG_DESTS if getattr(args, dest, None) not in (None, False)]
    if given:
        raise UserError("cli.lesson_and_config", option="--" + given[0].replace("_", "-"))
    lesson = open_lesson(args.lesson)
    args.notes = [f"lesson: {note}" for note in lesson.notes]  # printed once the run has succeeded
    return lesson.config, lesson.model, lesson.position


# Options naming a file, a folder or a preset: an empty value is a mistake (a shell variable that
# was not set), never "the current folder" or "the default".
NAMED_DESTS = ("out", "lesson", "load", "vocab", "labels", "input", "h0", "animation", "preset", "corpus")


def check_option_values(args) -> None:
    from rnn_stepper.engine.errors import UserError

    for dest in NAMED_DESTS:
        value = getattr(args, dest, None)
        if value is not None and not value.strip():
            raise UserError("cli.empty_name" if dest == "preset" else "cli.empty_path", option=f"--{dest}")
    for dest in ("text", *NAMED_DESTS):
        value = getattr(args, dest, None)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # argv bytes that were not UTF-8 (kept as surrogates)
                raise UserError("cli.not_utf8", option="--" + dest.replace("_", "-")) from None


def lesson_argument(argv: list[str], parser: argparse.ArgumentParser) -> str | None:
    """argv[0] if it names a lesson file to open in the app (`rnn-stepper FILE`), not a command."""
    if not argv or argv[0].startswith("-"):
        return None
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    if argv[0] in commands:
        return None
    return argv[0] if argv[0].lower().endswith(LESSON_SUFFIX) or Path(argv[0]).is_file() else None


def run_train(args) -> int:
    from rnn_stepper.engine.training import TrainingConfig, train_command

    changes = {
        name: getattr(args, option)
        for name, option in (
            ("epochs", "epochs"),
            ("learning_rate", "lr"),
            ("optimizer", "optimizer"),
            ("clip", "clip"),
            ("seed", "seed"),
        )
        if getattr(args, option) is not None
    }
    model_changes = {
        option: getattr(args, option)
        for option in ("input_size", "hidden_size", "num_layers", "nonlinearity", "seed", "cell", "proj_size")
        if getattr(args, option) is not None
    }
    if args.bidirectional:
        model_changes["bidirectional"] = True
    return train_command(
        text=args.text,
        corpus=args.corpus,
        out=args.out,
        training=TrainingConfig(**changes),
        model_changes=model_changes,
    )


def run_bench(args) -> int:
    if args.target == "train":
        from rnn_stepper.engine.bench_train import run_train_bench

        return run_train_bench(as_json=args.json, quick=args.quick)
    if args.target == "engine":
        from rnn_stepper.engine.bench import run_engine_bench

        return run_engine_bench(as_json=args.json, quick=args.quick)
    from rnn_stepper.gui.bench import run_gui_bench

    return run_gui_bench(as_json=args.json, quick=args.quick)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    lesson = lesson_argument(argv, parser)
    if lesson is not None:
        if len(argv) > 1:
            parser.error(f"a lesson file is opened on its own; unexpected {argv[1]!r} after {lesson}")
        from rnn_stepper.engine.errors import UserError
        from rnn_stepper.engine.files import (
            require_regular_file,  # standard library only: the window still comes first
        )

        try:
            require_regular_file(Path(lesson), what="lesson file")
        except UserError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        from rnn_stepper.gui.app import run

        return run([sys.argv[0]], lesson=lesson)
    args = parser.parse_args(argv)
    if args.command is None:
        from rnn_stepper.gui.app import run

        return run([sys.argv[0], *argv])
    from rnn_stepper.engine.errors import UserError

    try:
        check_option_values(args)
        return {"export": run_export, "bench": run_bench, "train": run_train}[args.command](args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
