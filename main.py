"""RNN Stepper: watch a recurrent neural network compute, one time step at a time.

    python main.py                      open the desktop app ("我爱你" loaded)
    python main.py LESSON.rnnlesson     open the desktop app on a lesson file
    python main.py export --out DIR     write trace.npz and model.pt without a window
    python main.py train --text 我爱你 --out model.pt   train a model to predict the next character
    python main.py bench engine|gui|train   print benchmark figures

Only the chosen path's heavy modules are imported, so the window can appear before PyTorch has
loaded. On the command line, a user error prints one line and exits with code 2.
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
        "export", help="run a configuration headless and write its data",
        description="Run every cell of a configuration and write DIR/trace.npz (inputs, h0, hidden "
                    "[seq_len, num_layers*num_directions, batch, hidden_size], output, h_n, max_abs_diff; "
                    "text models also vocab, token_ids, probs [seq_len, batch, vocab]) and DIR/model.pt "
                    "(a state_dict loadable with torch.load(weights_only=True)); unless --no-images, also "
                    "every panel as PNG and SVG and the data (CSV, .npy) at --step, rendered offscreen. "
                    "The preset is the "
                    "starting point; each option overrides it. --text selects text input; --seq-len or "
                    "--batch-size select a random tensor input.")
    export.add_argument("--out", required=True, metavar="DIR", help="folder to write into (created if missing)")
    export.add_argument("--step", type=int, metavar="N",
                        help="draw the panels after N cells have been computed (default: all of them)")
    export.add_argument("--no-images", action="store_true",
                        help="write only trace.npz and model.pt (no panel images, no Qt needed)")
    export.add_argument("--lesson", metavar="FILE",
                        help=f"a lesson file ({LESSON_SUFFIX}): its configuration, weights and step "
                             "(--step overrides the step); not combined with the options below")
    add_config_options(export)

    add_train_parser(commands)

    bench = commands.add_parser("bench", help="print benchmark figures (ratios against a baseline in the same run)")
    bench.add_argument("target", choices=["engine", "gui", "train"],
                       help="engine: stepper vs nn.RNN; gui: repaint latency; "
                            "train: Trainer vs a plain PyTorch loop")
    bench.add_argument("--json", action="store_true", help="print machine-readable figures")
    bench.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    return parser


def add_train_parser(commands) -> None:
    train = commands.add_parser(
        "train", help="train embedding -> RNN -> head to predict the next character, save it",
        description="Train a new model (the text-woaini preset: embedding 128 -> RNN with 4 neurons -> head; "
                    "options override it) to predict each next character of a text or of every line of a "
                    "corpus file, print the loss about ten times and the final prediction, and save the "
                    "model (open it with: export --load FILE, or in the app). Defaults train \"我爱你\" in "
                    "well under a second.")
    source = train.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", metavar="TEXT", help="one text, trained as one sequence")
    source.add_argument("--corpus", metavar="FILE", help="UTF-8 file, one sentence per line "
                        "(e.g. resources/corpus/sentences.txt)")
    train.add_argument("--out", required=True, metavar="FILE", help="model file to write (.pt state_dict)")
    train.add_argument("--epochs", type=int, metavar="N", help="passes over the data (default 200)")
    train.add_argument("--lr", type=float, metavar="X", help="learning rate (default 0.03)")
    train.add_argument("--optimizer", choices=["adam", "sgd"], help="default adam")
    train.add_argument("--clip", type=float, metavar="X", help="largest gradient norm per step; 0 = off (default 1)")
    train.add_argument("--seed", type=int, metavar="N", help="seed for the initial weights and the batch order")
    train.add_argument("--input-size", type=int, metavar="N", help="embedding size (default 128)")
    train.add_argument("--hidden-size", type=int, metavar="N", help="neurons in the recurrent cell (default 4)")
    train.add_argument("--num-layers", type=int, metavar="N", help="stacked RNN layers (default 1)")
    train.add_argument("--nonlinearity", choices=["tanh", "relu"], help="activation (default tanh)")
    train.add_argument("--bidirectional", action="store_true",
                       help="a forward and a reverse sweep (the reverse one reads ahead, "
                            "so it can copy the answer)")


def add_config_options(parser: argparse.ArgumentParser) -> None:
    from_file = parser.add_argument_group("model file")
    from_file.add_argument("--load", metavar="FILE", help="open a state_dict .pt (bare nn.RNN or embedding -> RNN -> linear)")
    from_file.add_argument("--vocab", metavar="FILE", help="vocabulary for --load: one token per line")
    config = parser.add_argument_group("configuration (mirrors torch.nn.RNN)")
    config.add_argument("--preset", metavar="NAME", help="text-woaini (default), tutorial-single or tutorial-batch")
    config.add_argument("--text", metavar="TEXT", help="input text; each character is a token")
    config.add_argument("--seq-len", type=int, metavar="N", help="random input: sequence length")
    config.add_argument("--batch-size", type=int, metavar="N", help="random input: batch size")
    config.add_argument("--input-size", type=int, metavar="N", help="features per time step (the embedding size for text)")
    config.add_argument("--hidden-size", type=int, metavar="N", help="neurons in the recurrent cell")
    config.add_argument("--num-layers", type=int, metavar="N", help="stacked RNN layers")
    config.add_argument("--nonlinearity", choices=["tanh", "relu"], help="activation (default tanh)")
    config.add_argument("--no-bias", action="store_true", help="no b_ih, b_hh")
    config.add_argument("--batch-first", action="store_true", help="inputs as (batch, seq_len, input_size)")
    config.add_argument("--bidirectional", action="store_true", help="a forward and a reverse sweep")
    config.add_argument("--dropout", type=float, metavar="P", help="accepted like nn.RNN; inactive while stepping (eval mode)")
    config.add_argument("--h0", choices=["zeros", "random"], help="initial hidden state (default zeros)")
    config.add_argument("--seed", type=int, metavar="N", help="seed for the weights and random inputs")
    config.add_argument("--dtype", choices=["float32", "float64"], help="tensor precision")


def config_from_args(args):
    """The configuration (and a loaded model, if any) that the options describe."""
    from rnn_stepper.engine.errors import ConfigError
    from rnn_stepper.engine.presets import DEFAULT_PRESET, preset_config

    config = preset_config(args.preset or DEFAULT_PRESET)
    random_input = args.seq_len is not None or args.batch_size is not None
    if random_input and args.text is not None:
        raise ConfigError("--text sets the sequence itself; --seq-len and --batch-size are for random input")
    changes = {}
    if args.text is not None:
        if not args.text:
            raise ConfigError("--text is empty: give at least one character")
        changes.update(text=args.text, batch_size=1)
    elif random_input:
        changes["text"] = ""
    for option in ("seq_len", "batch_size", "input_size", "hidden_size", "num_layers", "nonlinearity",
                   "dropout", "h0", "seed", "dtype"):
        value = getattr(args, option)
        if value is not None:
            changes[option] = value
    if args.no_bias:
        changes["bias"] = False
    for flag in ("batch_first", "bidirectional"):
        if getattr(args, flag):
            changes[flag] = True
    if args.vocab and not args.load:
        raise ConfigError("--vocab goes with --load")
    config = config.replace(**changes)
    if not args.load:
        return config, None
    from rnn_stepper.engine.model_io import load_model

    loaded = load_model(args.load, config, vocab_path=args.vocab, nonlinearity=args.nonlinearity,
                        text_given=args.text is not None)
    for note in loaded.notes:
        print(f"loaded: {note}", file=sys.stderr)
    return loaded.config, loaded.model


def run_export(args) -> int:
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.engine.simulation import Simulation
    from rnn_stepper.engine.trace_export import write_trace

    step = args.step
    if args.lesson:
        config, model, lesson_step = lesson_from_args(args)
        step = lesson_step if step is None else step
    else:
        config, model = config_from_args(args)
    simulation = Simulation.build(config, model)
    if step is not None and not 0 <= step <= len(simulation.stepper):
        raise UserError(f"--step must be between 0 and {len(simulation.stepper)} (the number of cells), "
                        f"got {step}")
    written = write_trace(simulation, args.out)
    from rnn_stepper.engine.code_export import CODE_FILE, simulation_code, write_code

    source = args.lesson or getattr(args, "load", None)
    code, weights = simulation_code(simulation, None if model is None else f"loaded from {Path(source).name}")
    written += write_code(Path(args.out) / CODE_FILE, code, weights)
    if not args.no_images:
        from rnn_stepper.gui.headless import export_images

        written += export_images(config, model, args.out, step)
    for path in written:
        print(path)
    return 0


# Options that describe a configuration or a model, which a lesson file already holds.
CONFIG_DESTS = ("load", "vocab", "preset", "text", "seq_len", "batch_size", "input_size", "hidden_size",
                "num_layers", "nonlinearity", "no_bias", "batch_first", "bidirectional", "dropout", "h0",
                "seed", "dtype")


def lesson_from_args(args):
    """The configuration, model and step of `--lesson FILE`."""
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.engine.lesson_file import open_lesson

    given = [dest for dest in CONFIG_DESTS if getattr(args, dest, None) not in (None, False)]
    if given:
        raise UserError(f"--lesson holds the configuration and weights; leave out --{given[0].replace('_', '-')}")
    lesson = open_lesson(args.lesson)
    for note in lesson.notes:
        print(f"lesson: {note}", file=sys.stderr)
    return lesson.config, lesson.model, lesson.position


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

    changes = {name: getattr(args, option) for name, option in (
        ("epochs", "epochs"), ("learning_rate", "lr"), ("optimizer", "optimizer"), ("clip", "clip"),
        ("seed", "seed")) if getattr(args, option) is not None}
    model_changes = {option: getattr(args, option) for option in (
        "input_size", "hidden_size", "num_layers", "nonlinearity", "seed") if getattr(args, option) is not None}
    if args.bidirectional:
        model_changes["bidirectional"] = True
    return train_command(text=args.text, corpus=args.corpus, out=args.out, training=TrainingConfig(**changes),
                         model_changes=model_changes)


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
        if not Path(lesson).is_file():
            print(f"error: there is no file {lesson}", file=sys.stderr)
            return EXIT_USAGE
        from rnn_stepper.gui.app import run

        return run([sys.argv[0]], lesson=lesson)
    args = parser.parse_args(argv)
    if args.command is None:
        from rnn_stepper.gui.app import run

        return run([sys.argv[0], *argv])
    from rnn_stepper.engine.errors import UserError

    try:
        return {"export": run_export, "bench": run_bench, "train": run_train}[args.command](args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
