"""The command line against hostile and odd input (issue 10): one line on stderr, exit code 2, no
traceback, and nothing replaced or changed by a failed run. Most cases run `main.main` in this
process (fast); a few run the real entry point in a subprocess (warnings, bytes that are not
UTF-8). Special files are private nodes made in the test's own folder."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rnn_stepper import main
from tests import hostile_files as hostile

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args) -> tuple[int, str, str]:
    code = main.main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code: int, err: str, *needles: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def folder_state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---- 1. --out never replaces a device node, a FIFO or a folder --------------------------------------


@pytest.mark.parametrize("make", [hostile.char_device, hostile.fifo], ids=["device", "fifo"])
def test_train_out_refuses_a_special_file_before_training(tmp_path, capsys, make):
    target = make(tmp_path)
    mode = os.stat(target).st_mode
    code, out, err = run(capsys, "train", "--text", "我爱你", "--out", target)
    assert_one_line_error(code, err, "not a regular file; refusing to replace it")
    assert out == ""  # refused before training printed anything
    assert os.stat(target).st_mode == mode


def test_export_refuses_a_device_named_like_an_output_file(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    device = hostile.char_device(out, "model.pt")
    code, _, err = run(capsys, "export", "--out", out, "--no-images")
    assert_one_line_error(code, err, "model.pt is a device")
    assert sorted(p.name for p in out.iterdir()) == ["model.pt"]  # no trace.npz either: all or nothing
    assert os.stat(device).st_rdev == os.makedev(1, 3)


# ---- 2. special files as input ------------------------------------------------------------------------


@pytest.mark.parametrize("make", [hostile.zero_device, hostile.fifo], ids=["zero-device", "fifo"])
@pytest.mark.parametrize("option", ["--corpus", "--vocab", "--load", "--lesson"])
def test_special_files_as_input_are_refused(tmp_path, capsys, make, option):
    special = make(tmp_path)
    model = hostile.save_state(tmp_path, "m.pt", hostile.text_state())
    args = {
        "--corpus": ["train", "--corpus", special, "--out", tmp_path / "m2.pt"],
        "--vocab": ["export", "--out", tmp_path / "o", "--no-images", "--load", model, "--vocab", special],
        "--load": ["export", "--out", tmp_path / "o", "--no-images", "--load", special],
        "--lesson": ["export", "--out", tmp_path / "o", "--no-images", "--lesson", special],
    }[option]
    code, _, err = run(capsys, *args)
    assert_one_line_error(code, err, "only regular files are read")
    assert not (tmp_path / "o").exists()


# ---- 4, 7. hostile lessons and models on the command line -------------------------------------------


@pytest.mark.parametrize("case", list(hostile.BAD_LESSON_FILES))
def test_hostile_lessons_give_one_line(tmp_path, capsys, case):
    build, fragment = hostile.BAD_LESSON_FILES[case]
    code, _, err = run(capsys, "export", "--out", tmp_path / "o", "--no-images", "--lesson", build(tmp_path))
    assert_one_line_error(code, err, fragment)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("case", list(hostile.BAD_MODEL_FILES))
def test_hostile_models_give_one_line(tmp_path, capsys, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    build, fragment = hostile.BAD_MODEL_FILES[case]
    code, _, err = run(capsys, "export", "--out", tmp_path / "o", "--no-images", "--load", build(tmp_path))
    assert_one_line_error(code, err, fragment)
    assert not (tmp_path / "pwned.txt").exists()


# ---- 8. NaN weights are not a match ------------------------------------------------------------------


def test_export_of_nan_weights_says_so(tmp_path, capsys):
    import numpy as np

    out = tmp_path / "o"
    code, stdout, err = run(
        capsys,
        "export",
        "--out",
        out,
        "--no-images",
        "--load",
        hostile.nan_model(tmp_path),
        "--text",
        "我爱你们",
    )
    assert code == 0
    assert "cannot be compared" in err and "max_abs_diff = nan" in err
    with np.load(out / "trace.npz") as trace:
        assert np.isnan(trace["max_abs_diff"])
    assert stdout.split() == [str(out / "trace.npz"), str(out / "model.pt"), str(out / "pytorch_code.py")]


# ---- 9. odd option values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, needle",
    [
        (["export", "--out", "", "--no-images"], "--out is empty"),
        (["export", "--out", "o", "--no-images", "--preset", ""], "--preset is empty"),
        (["export", "--out", "o", "--no-images", "--load", ""], "--load is empty"),
        (["train", "--text", "我爱你", "--out", ""], "--out is empty"),
        (["train", "--corpus", "", "--out", "m.pt"], "--corpus is empty"),
        (["export", "--out", "x" * 300, "--no-images"], "is too long"),
        (["train", "--text", "我爱你", "--out", "x" * 300 + ".pt"], "is too long"),
        (["export", "--out", "o", "--no-images", "--text", "a\udcffb"], "--text is not valid UTF-8"),
    ],
)
def test_odd_option_values(tmp_path, capsys, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trace.npz").write_bytes(b"the user's own")
    (tmp_path / "model.pt").write_bytes(b"the user's own")
    code, _, err = run(capsys, *args)
    assert_one_line_error(code, err, needle)
    assert folder_state(tmp_path) == {"trace.npz": b"the user's own", "model.pt": b"the user's own"}


def test_load_of_a_folder(tmp_path, capsys):
    code, _, err = run(capsys, "export", "--out", tmp_path / "o", "--no-images", "--load", tmp_path)
    assert_one_line_error(code, err, "is a folder, not a model file")


def test_a_huge_vocabulary_line(tmp_path, capsys):
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("我\n" + "爱" * 5_000_000 + "\n你\n们\n", encoding="utf-8")
    model = hostile.save_state(tmp_path, "m.pt", hostile.text_state())
    code, _, err = run(
        capsys, "export", "--out", tmp_path / "o", "--no-images", "--load", model, "--vocab", vocab
    )
    assert_one_line_error(code, err, "line 2 of the vocabulary file", "a token has at most 100")


# ---- 10. a failed export leaves the folder exactly as it was --------------------------------------------


def test_a_disk_that_fills_mid_export_leaves_the_folder_as_it_was(tmp_path, capsys, monkeypatch):
    import rnn_stepper.gui.headless as headless

    out = tmp_path / "out"
    out.mkdir()
    for name in ("trace.npz", "model.pt", "network.png", "notes.txt"):
        (out / name).write_bytes(f"old {name}".encode())
    before = folder_state(out)

    def images_then_full_disk(config, model, folder, step, *options, **more_options):
        (Path(folder) / "network.png").write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(headless, "export_images", images_then_full_disk)
    code, _, err = run(capsys, "export", "--out", out)
    assert_one_line_error(code, err, "No space left on device")
    assert folder_state(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # no staging folder left


def test_a_successful_export_replaces_the_set(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "trace.npz").write_bytes(b"old")
    (out / "keep.txt").write_bytes(b"mine")
    code, stdout, _ = run(capsys, "export", "--out", out, "--no-images")
    assert code == 0
    assert stdout.split() == [str(out / "trace.npz"), str(out / "model.pt"), str(out / "pytorch_code.py")]
    assert (out / "trace.npz").read_bytes() != b"old" and (out / "keep.txt").read_bytes() == b"mine"
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "model.pt", "pytorch_code.py", "trace.npz"]


# ---- 11. one line on failure, through the real entry point ----------------------------------------------


def cli(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_real_entry_point_one_line_for_warnings_notes_and_bad_bytes(tmp_path):
    """A quantized tensor makes torch warn while loading; a loaded model's notes come before an
    unknown-character error; text bytes that are not UTF-8. Each gives exactly one line."""
    build, _ = hostile.BAD_MODEL_FILES["quantized tensor"]
    quantized = build(tmp_path)
    model = hostile.save_state(tmp_path, "m.pt", hostile.text_state())
    out = tmp_path / "out"
    out.mkdir()
    (out / "trace.npz").write_bytes(b"old")
    for args, needle in (
        (["export", "--out", str(out), "--no-images", "--load", str(quantized)], b"quantized"),
        (
            ["export", "--out", str(out), "--no-images", "--load", str(model), "--text", "我爱他"],
            b"not in the model's vocabulary",
        ),
        ([b"export", b"--out", bytes(out), b"--text", b"\xff\xfe"], b"not valid UTF-8"),
    ):
        result = cli(*args, cwd=tmp_path)
        lines = result.stderr.strip().split(b"\n")
        assert result.returncode == 2 and len(lines) == 1, result.stderr
        assert needle in lines[0] and b"Traceback" not in result.stderr
    assert folder_state(out) == {"trace.npz": b"old"}


@pytest.mark.parametrize(
    "make, needle",
    [
        (hostile.fifo, "is a named pipe (FIFO), not a lesson file"),
        (hostile.char_device, "is a device, not a lesson file"),
    ],
    ids=["fifo", "device"],
)
def test_a_special_file_named_like_a_lesson_is_refused_before_the_window(tmp_path, capsys, make, needle):
    special = make(tmp_path, "class.rnnlesson")
    code, _, err = run(capsys, special)
    assert_one_line_error(code, err, needle)
