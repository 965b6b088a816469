"""Hostile and odd input at the engine's doors (issue 10): every bad file is refused with one clear
line, special files are never read or replaced, a failed export leaves the folder as it was, and
NaN or inf never passes as a match. Fixtures are made here (tests/hostile_files.py), special files
as private nodes in the test's own folder."""

from __future__ import annotations

import math
import os
import stat

import numpy as np
import pytest
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ModelFileError, UserError
from rnn_stepper.engine.files import (
    atomic_write,
    check_file_name,
    prepare_output_dir,
    read_regular_file,
    staged_output,
)
from rnn_stepper.engine.lesson_file import MAX_TITLE_CHARS, MAX_WEIGHTS_BYTES, open_lesson, save_lesson
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.model_io import load_model, read_state_dict
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.stepper import worst_of
from rnn_stepper.engine.training import CorpusError, TrainingData
from rnn_stepper.engine.vocab import MAX_TOKEN_CHARS, Vocabulary

from tests import hostile_files as hostile


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text and "Traceback" not in text, text
    return text


# ---- 1. writing never replaces anything but a regular file ------------------------------------------


@pytest.mark.parametrize(
    "make",
    [hostile.char_device, hostile.fifo, lambda d: (d / "folder").mkdir() or d / "folder"],
    ids=["device", "fifo", "folder"],
)
def test_atomic_write_refuses_to_replace_a_special_file(tmp_path, make):
    target = make(tmp_path)
    before = os.stat(target)
    with pytest.raises(UserError, match="not a regular file; refusing to replace it"):
        atomic_write(target, lambda handle: handle.write(b"x"))
    after = os.stat(target)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert after.st_rdev == before.st_rdev
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary left behind


def test_atomic_write_through_a_symlink_to_a_device_is_refused(tmp_path):
    device = hostile.char_device(tmp_path)
    link = tmp_path / "model.pt"
    link.symlink_to(device)
    with pytest.raises(UserError, match="is a device"):
        atomic_write(link, lambda handle: handle.write(b"x"))
    assert link.is_symlink() and stat.S_ISCHR(os.stat(device).st_mode)


def test_atomic_write_still_replaces_a_regular_file(tmp_path):
    path = tmp_path / "m.pt"
    path.write_bytes(b"old")
    atomic_write(path, lambda handle: handle.write(b"new"))
    assert path.read_bytes() == b"new"


@pytest.mark.parametrize(
    "name, message",
    [
        ("a" * 300, "is too long"),
        ("我" * 70, "is too long"),
        ("", "not a valid file name"),
        ("bad\udcffname", "not valid UTF-8"),
    ],
)
def test_bad_file_names_are_refused(name, message):
    with pytest.raises(UserError, match=message):
        check_file_name(name)


@pytest.mark.parametrize(
    "out, message",
    [("", "the output folder is empty"), ("  ", "the output folder is empty"), ("x" * 300, "is too long")],
)
def test_bad_output_folders_are_refused(tmp_path, monkeypatch, out, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError, match=message):
        prepare_output_dir(out)
    assert list(tmp_path.iterdir()) == []


# ---- 2. reading: only regular files, with a byte limit --------------------------------------------------


@pytest.mark.parametrize(
    "make, kind",
    [(hostile.zero_device, "a device"), (hostile.fifo, "a named pipe"), (lambda d: d, "a folder")],
    ids=["zero-device", "fifo", "folder"],
)
@pytest.mark.parametrize("reader", ["corpus", "vocabulary", "model", "lesson", "read_regular_file"])
def test_special_files_are_never_read(tmp_path, make, kind, reader):
    """/dev/zero reports a size of 0 and never ends; a FIFO blocks forever. Both are refused
    before they are opened (the test would hang or fill memory otherwise)."""
    path = make(tmp_path)
    call = {
        "corpus": lambda: TrainingData.from_file(path),
        "vocabulary": lambda: Vocabulary.from_file(path),
        "model": lambda: read_state_dict(path),
        "lesson": lambda: open_lesson(path),
        "read_regular_file": lambda: read_regular_file(path, 10),
    }[reader]
    with pytest.raises(UserError) as info:
        call()
    assert kind in one_line(info.value)


def test_read_regular_file_enforces_its_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(UserError, match="is 101 bytes; at most 100 bytes is read"):
        read_regular_file(path, 100)
    assert read_regular_file(path, 101) == b"x" * 101


def test_corpus_over_the_limit_is_refused(tmp_path, monkeypatch):
    import rnn_stepper.engine.training as training

    monkeypatch.setattr(training, "MAX_CORPUS_BYTES", 1000)
    path = tmp_path / "corpus.txt"
    path.write_text("我爱你\n" * 200, encoding="utf-8")
    with pytest.raises(CorpusError, match="at most 1000 bytes is read"):
        TrainingData.from_file(path)


def test_a_huge_vocabulary_line_is_named_as_such(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("我\n" + "爱" * 5_000_000 + "\n你\n", encoding="utf-8")
    with pytest.raises(ModelFileError) as info:
        Vocabulary.from_file(path)
    assert (
        f"line 2 of the vocabulary file {path} has 5000000 characters; a token has at most {MAX_TOKEN_CHARS}"
        == one_line(info.value)
    )


# ---- 7. hostile model files: one line each, nothing run ---------------------------------------------------


@pytest.mark.parametrize("case", list(hostile.BAD_MODEL_FILES))
def test_hostile_model_files_are_refused_with_one_line(tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    build, fragment = hostile.BAD_MODEL_FILES[case]
    path = build(tmp_path)
    with pytest.raises(ModelFileError) as info:
        load_model(path, RNNConfig(text="我爱你"))
    assert fragment in one_line(info.value)
    assert not (tmp_path / "pwned.txt").exists()


def test_load_of_a_folder_says_it_is_a_folder(tmp_path):
    with pytest.raises(ModelFileError, match="is a folder, not a model file"):
        load_model(tmp_path, RNNConfig())


# ---- 4, 6, 9. hostile lesson files -------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(hostile.BAD_LESSON_FILES))
def test_hostile_lesson_files_are_refused_with_one_line(tmp_path, case):
    build, fragment = hostile.BAD_LESSON_FILES[case]
    path = build(tmp_path)
    with pytest.raises(ModelFileError) as info:
        open_lesson(path)
    assert fragment in one_line(info.value)


def test_a_zip_bomb_is_refused_by_its_declared_size_before_inflating(tmp_path, monkeypatch):
    """The declared size is checked first; zipfile never returns more than the declared size,
    and the reader checks the running total too. Nothing is written to disk while opening."""
    import rnn_stepper.engine.lesson_file as lesson_file

    path = hostile.zip_bomb_lesson(tmp_path, 64 * 1024**2)
    monkeypatch.setattr(lesson_file, "MAX_WEIGHTS_BYTES", 32 * 1024**2)
    monkeypatch.setattr(lesson_file, "_read_bounded", _spy_bounded(lesson_file._read_bounded, reads := []))
    with pytest.raises(ModelFileError, match="would unpack to 64.0 MiB, more than the 32.0 MiB"):
        open_lesson(path)
    assert reads == [lesson_file.JSON_MEMBER, lesson_file.WEIGHTS_MEMBER]
    assert MAX_WEIGHTS_BYTES <= 128 * 1024**2  # a lesson's limit, not the 2 GiB it once was


def _spy_bounded(real, reads):
    def spy(archive, path, name, limit, into):
        reads.append(name)
        return real(archive, path, name, limit, into)

    return spy


def test_a_bom_in_lesson_json_is_accepted(tmp_path):
    lesson = open_lesson(hostile.bom_lesson(tmp_path))
    assert lesson.title == "好" and lesson.position == 2


def test_a_long_title_is_cut_with_a_note(tmp_path):
    lesson = open_lesson(hostile.long_title_lesson(tmp_path, 500_000))
    assert len(lesson.title) == MAX_TITLE_CHARS + 1
    assert any("has 500000 characters; only the first 200 are shown" in note for note in lesson.notes)


def test_save_refuses_an_over_long_title_and_leaves_no_file(tmp_path):
    model = build_model(hostile.TEXT_CONFIG)
    with pytest.raises(UserError, match="at most 200 can be saved"):
        save_lesson(tmp_path / "x.rnnlesson", hostile.TEXT_CONFIG, model, view={"title": "t" * 201})
    assert list(tmp_path.iterdir()) == []


def test_view_fields_of_the_wrong_type_are_left_out_with_a_note(tmp_path):
    path = hostile._lesson_with_document(lambda d: d["view"].update(title=5, hidden_panels="code"))(tmp_path)
    lesson = open_lesson(path)
    assert "title" not in lesson.view and "hidden_panels" not in lesson.view
    assert len(lesson.notes) == 2


# ---- 8. NaN and inf are never a match ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_nan_or_inf_weights_are_reported_as_not_comparable(tmp_path, value):
    loaded = load_model(hostile.nan_model(tmp_path, value), RNNConfig(text="我爱你们"), text_given=True)
    simulation = Simulation.build(loaded.config, loaded.model)
    stepper = simulation.stepper
    stepper.run_to_end()
    last = stepper.record(len(stepper) - 1)
    assert not last.comparable and not last.matches
    assert math.isnan(stepper.max_abs_diff())
    assert math.isnan(stepper.full_forward_diff())


def test_worst_of_propagates_nan_in_any_position():
    assert math.isnan(worst_of(0.0, math.nan)) and math.isnan(worst_of(math.nan, 0.0))
    assert worst_of(0.0, 1e-7, 2e-7) == 2e-7
    assert python_max_would_hide_it()


def python_max_would_hide_it() -> bool:
    """The defect this replaces: max() keeps its first argument when comparing with NaN."""
    return max(0.0, math.nan) == 0.0


# ---- 10. a failed run leaves the folder exactly as it was -------------------------------------------------


def test_staged_output_publishes_all_or_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "trace.npz").write_bytes(b"old trace")
    (out / "panel.png").write_bytes(b"old image")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(RuntimeError):
        with staged_output(out) as staging:
            (staging / "trace.npz").write_bytes(b"new trace")
            raise RuntimeError("the disk filled up")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    with staged_output(out) as staging:
        (staging / "trace.npz").write_bytes(b"new trace")
        (staging / "panel.png").write_bytes(b"new image")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        "trace.npz": b"new trace",
        "panel.png": b"new image",
    }


def test_staged_output_refuses_before_replacing_anything(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_bytes(b"old")
    hostile.fifo(out, "b.txt")
    with pytest.raises(UserError, match="named pipe"):
        with staged_output(out) as staging:
            (staging / "a.txt").write_bytes(b"new")
            (staging / "b.txt").write_bytes(b"new")
    assert (out / "a.txt").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]


def test_trace_of_nan_weights_holds_nan_not_zero(tmp_path):
    from rnn_stepper.engine.trace_export import write_trace

    loaded = load_model(hostile.nan_model(tmp_path), RNNConfig(text="我爱你们"), text_given=True)
    out = tmp_path / "out"
    write_trace(Simulation.build(loaded.config, loaded.model), prepare_output_dir(out))
    with np.load(out / "trace.npz") as trace:
        assert np.isnan(trace["max_abs_diff"])


# ---- 12. the undo history is bounded in bytes, not only in edits ----------------------------------------------


def test_undo_history_of_whole_tensor_edits_is_bounded_in_bytes(monkeypatch):
    import rnn_stepper.engine.weight_edits as weight_edits
    from rnn_stepper.engine.weight_edits import WeightEditor

    simulation = Simulation.build(RNNConfig(input_size=8, hidden_size=64, seq_len=2))
    editor = WeightEditor(simulation)
    edit_bytes = 2 * 64 * 64 * 4  # before and after of W_hh, float32
    monkeypatch.setattr(weight_edits, "MAX_UNDO_BYTES", 10 * edit_bytes)
    for _ in range(25):
        editor.scale("weight_hh_l0", 1.01)
    assert len(editor._undo) == 10
    editor.set_weight("weight_hh_l0", (0, 0), 0.5)  # the oldest big edit makes room for it
    assert len(editor._undo) == 10 and editor.undo_label.startswith("weight_hh_l0[0, 0]")
    monkeypatch.setattr(weight_edits, "MAX_UNDO_BYTES", 1)
    editor.scale("weight_hh_l0", 2.0)
    assert len(editor._undo) == 1  # the newest edit is always kept: the last action can be undone
    editor.undo()
    assert not editor.can_undo


def test_a_killed_exports_staging_folder_is_removed_by_the_next_export(tmp_path):
    """kill -9 during an export leaves its staging folder; the next export into the same folder
    removes it (its process is gone) but never one whose process still runs."""
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    orphan = out / f".rnn-stepper-{gone.stdout.strip()}-abc.part"
    orphan.mkdir()
    (orphan / "trace.npz").write_bytes(b"half")
    alive = out / f".rnn-stepper-{os.getpid()}-def.part"
    alive.mkdir()
    (out / ".rnn-stepper-notes.part").mkdir()  # not a staging name: left alone
    with staged_output(out) as staging:
        (staging / "trace.npz").write_bytes(b"new")
    assert not orphan.exists() and alive.exists() and (out / ".rnn-stepper-notes.part").exists()
    assert (out / "trace.npz").read_bytes() == b"new"
