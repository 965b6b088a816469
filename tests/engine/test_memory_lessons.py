"""The bundled memory lessons: nn.RNN, nn.LSTM and nn.GRU trained the same way to remember the first
character (scripts/memory_lessons.py). Each lesson holds one model; their notes compare all three.

The figures the notes quote are recomputed here independently: the cells written out from their
formulas on the lesson's own parameters (not the modules, not the app's stepper, not the script's
measurements), the gradients taken by autograd through those formulas. And the up-to-date check
fails on a stale figure of the comparison, in either language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch
from rnn_stepper.engine.lesson_file import LESSON_SUFFIX, open_lesson, save_lesson
from rnn_stepper.engine.localized_text import guess_language

from tests.engine.test_lesson_file import example_lessons_script
from tests.engine.test_lesson_languages import LESSON_TERMS, NUMBER

ROOT = Path(__file__).resolve().parent.parent.parent
LESSONS = ROOT / "resources" / "lessons"
CELLS = ("rnn", "lstm", "gru")
NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
FIRSTS = ("我", "你", "他")
GAP = 16  # the lessons' sentence: 我, 16 。, ？


def lesson(cell: str):
    return open_lesson(LESSONS / f"memory-{cell}{LESSON_SUFFIX}")


# ---- the cells from their formulas (PyTorch's documented equations, parameters by name) ------------


def cell_states(model, text: str) -> tuple[list[torch.Tensor], list[torch.Tensor | None]]:
    """h_t and (LSTM) c_t for every t, as the tensors each step hands to the next, computed with
    plain tensor ops from the module's parameters. Differentiable: each step's inputs are new
    nodes made from the last step's outputs, so autograd.grad with respect to them is the
    derivative with respect to the state handed on."""
    rnn = model.rnn
    w_ih, w_hh, b_ih, b_hh = rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0
    x = model.embedding.weight[torch.tensor(model.vocab.encode(text))]
    hidden = rnn.hidden_size
    h = torch.zeros(hidden, dtype=x.dtype, requires_grad=True)
    c = torch.zeros(hidden, dtype=x.dtype, requires_grad=True)
    hs, cs = [], []
    for x_t in x:
        gi, gh = w_ih @ x_t + b_ih, w_hh @ h + b_hh
        if isinstance(rnn, torch.nn.LSTM):
            i, f, g, o = (gi + gh).split(hidden)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
        elif isinstance(rnn, torch.nn.GRU):
            (ir, iz, in_), (hr, hz, hn) = gi.split(hidden), gh.split(hidden)
            r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
            h = (1 - z) * torch.tanh(in_ + r * hn) + z * h
        else:
            h = torch.tanh(gi + gh)
        h = h * 1.0  # the state handed on: a node of its own (see the docstring)
        hs.append(h)
        if isinstance(rnn, torch.nn.LSTM):
            c = c * 1.0
            cs.append(c)
    return hs, cs


def answer_probability(model, first: str, gap: int) -> float:
    hs, _ = cell_states(model, first + "。" * gap + "？")
    return float(torch.softmax(model.head(hs[-1]), -1)[model.vocab.encode(first)[0]].detach())


def gradient_fractions(model) -> tuple[list[float], list[float]]:
    """|dL/dh_t| / |dL/dh_last| and |dL/dc_t| / |dL/dh_last|, L the cross-entropy of 我 after ？."""
    with torch.enable_grad():
        hs, cs = cell_states(model, "我" + "。" * GAP + "？")
        logits = model.head(hs[-1])
        loss = -torch.log_softmax(logits, -1)[model.vocab.encode("我")[0]]
        grads = torch.autograd.grad(loss, hs + cs, allow_unused=True)
    norms = [0.0 if g is None else float(g.norm()) for g in grads]
    dh, dc = norms[: len(hs)], norms[len(hs) :]
    return [v / dh[-1] for v in dh], [v / dh[-1] for v in dc]


def quoted(text: str, pattern: str) -> list[str]:
    match = re.search(pattern, text)
    assert match, (pattern, text)
    return list(match.groups())


# ---- the lessons ----------------------------------------------------------------------------------


def test_three_lessons_of_the_same_task_and_sizes_one_per_cell():
    lessons = {cell: lesson(cell) for cell in CELLS}
    for cell, item in lessons.items():
        config = item.config
        assert (
            config.cell == cell
            and item.model.rnn.mode == {"rnn": "RNN_TANH", "lstm": "LSTM", "gru": "GRU"}[cell]
        )
        assert (config.input_size, config.hidden_size, config.num_layers, config.dtype) == (
            8,
            16,
            1,
            "float64",
        )
        assert config.text == "我" + "。" * GAP + "？"
        assert item.step_size == "time step" and item.position == 0
        assert item.model.vocab.tokens == lessons["rnn"].model.vocab.tokens
        assert (LESSONS / f"memory-{cell}{LESSON_SUFFIX}").stat().st_size < 1024**2
    # the same comparison in every lesson, between the introduction and a paragraph of its own
    for language in ("en", "zh_CN"):
        shared = {tuple(item.descriptions[language].split("\n\n")[1:-1]) for item in lessons.values()}
        assert len(shared) == 1 and len(next(iter(shared))) == 2, language


@pytest.mark.parametrize("cell", CELLS)
def test_the_notes_are_in_both_languages_with_the_same_figures(cell):
    item = lesson(cell)
    english, chinese = item.descriptions["en"], item.descriptions["zh_CN"]
    assert guess_language(english) == "en" and guess_language(chinese) == "zh_CN"
    assert re.search(r"[\u4e00-\u9fff]", item.titles["zh_CN"])
    missing = [
        term for term in LESSON_TERMS if term not in chinese and term != "批量个数"
    ]  # one sentence: no batch
    assert missing == []
    numbers = {language: set(NUMBER.findall(item.descriptions[language])) for language in ("en", "zh_CN")}
    assert len(numbers["en"]) > 30 and numbers["en"] <= numbers["zh_CN"], numbers["en"] - numbers["zh_CN"]


def test_the_recall_table_is_what_the_parameters_give():
    models = {cell: lesson(cell).model for cell in CELLS}
    notes = lesson("lstm").descriptions
    for gap in (1, 2, 4, 8, 16, 32, 64):
        expected = {
            cell: sum(answer_probability(models[cell], first, gap) for first in FIRSTS) / 3 for cell in CELLS
        }
        for language, pattern in (
            ("en", rf"\ngap {gap}: RNN (\S+), LSTM (\S+), GRU ([\d.]+)"),
            ("zh_CN", rf"\n间隔 {gap}：RNN (\S+)，LSTM (\S+)，GRU ([\d.]+)"),
        ):
            figures = [float(v) for v in quoted(notes[language], pattern)]
            for cell, figure in zip(CELLS, figures):
                assert figure == pytest.approx(expected[cell], abs=0.006), (language, gap, cell)
    # what the comparison teaches: the gated cells remember every gap, the RNN guesses after a few steps
    for gap in (16, 64):
        for cell in ("lstm", "gru"):
            assert sum(answer_probability(models[cell], f, gap) for f in FIRSTS) / 3 > 0.9
        assert sum(answer_probability(models["rnn"], f, gap) for f in FIRSTS) / 3 < 0.4


def test_the_gradients_over_time_are_what_autograd_gives_through_the_formulas():
    fractions = {cell: gradient_fractions(lesson(cell).model) for cell in CELLS}
    notes = lesson("gru").descriptions
    for t in (0, 4, 8, 12, 16):
        label = " (the first character)" if t == 0 else ""
        rnn, lstm, lstm_c, gru = (
            float(v)
            for v in quoted(
                notes["en"],
                rf"\nt = {t}{re.escape(label)}: RNN (\S+), LSTM (\S+) \(c_t: (\S+)\), GRU ([\d.e-]+)",
            )
        )
        assert rnn == pytest.approx(fractions["rnn"][0][t], rel=0.06), t
        assert lstm == pytest.approx(fractions["lstm"][0][t], rel=0.06), t
        assert lstm_c == pytest.approx(fractions["lstm"][1][t], rel=0.06), t
        assert gru == pytest.approx(fractions["gru"][0][t], rel=0.06), t
        chinese = quoted(
            notes["zh_CN"], rf"\nt = {t}[^：]*：RNN (\S+)，LSTM (\S+)（c_t：(\S+)），GRU ([\d.e-]+)"
        )
        assert [float(v) for v in chinese] == [rnn, lstm, lstm_c, gru]
    # vanishing for the RNN only: the first character gets almost nothing of the error, the cell
    # state of the LSTM and the GRU's h_t pass a good share of it back
    assert fractions["rnn"][0][0] < 1e-12
    assert fractions["lstm"][1][0] > 0.1 and fractions["gru"][0][0] > 0.1
    dh = fractions["rnn"][0]
    assert all(a < b for a, b in zip(dh, dh[1:]))


def test_each_lesson_selects_the_neuron_its_notes_describe():
    for cell in ("lstm", "gru"):
        item = lesson(cell)
        neuron = int(quoted(item.descriptions["en"], r"neuron (\d+) is selected")[0])
        assert item.view["selected_neuron"] == neuron
        assert f"神经元 {neuron}" in item.descriptions["zh_CN"]
        part = 1 if cell == "lstm" else 0  # c_t for the LSTM, h_t for the GRU
        ends = {
            first: cell_states(item.model, first + "。" * GAP + "？")[part][GAP].detach() for first in FIRSTS
        }
        apart = torch.stack(
            [(ends[a] - ends[b]).abs() for a, b in (("我", "你"), ("我", "他"), ("你", "他"))]
        )
        assert int(apart.amin(0).argmax()) == neuron


# ---- the up-to-date check -------------------------------------------------------------------------


def copy_lessons(folder: Path) -> None:
    for path in LESSONS.glob(f"*{LESSON_SUFFIX}"):
        (folder / path.name).write_bytes(path.read_bytes())


def rewrite(path: Path, language: str, edit) -> None:
    item = open_lesson(path)
    descriptions = dict(item.descriptions, **{language: edit(item.descriptions[language])})
    save_lesson(
        path,
        item.config,
        item.model,
        item.position,
        item.step_size,
        dict(item.view, description=descriptions),
    )


@pytest.mark.parametrize(
    "language, edit, expected",
    [
        # the LSTM's recall at gap 16, in the table every lesson carries
        (
            "en",
            lambda text: re.sub(
                r"(gap 16: RNN \S+, LSTM )(\d\.\d\d)", lambda m: f"{m[1]}{float(m[2]) - 0.1:.2f}", text
            ),
            "quoted",
        ),
        # the RNN's vanished gradient at t = 0, in the Chinese notes: a hundred times too big
        (
            "zh_CN",
            lambda text: re.sub(
                r"(t = 0（第一个字）：RNN )(\d\.\d)e-(\d+)", lambda m: f"{m[1]}{m[2]}e-{int(m[3]) - 2}", text
            ),
            "quoted",
        ),
    ],
)
def test_the_check_fails_on_a_stale_figure_of_the_comparison(tmp_path, language, edit, expected):
    copy_lessons(tmp_path)
    target = tmp_path / f"memory-lstm{LESSON_SUFFIX}"
    before = open_lesson(target).descriptions[language]
    rewrite(target, language, edit)
    assert open_lesson(target).descriptions[language] != before  # the edit found its figure
    problems = example_lessons_script().check(tmp_path)
    assert problems and all(p.startswith("memory-lstm.rnnlesson: ") for p in problems), problems
    assert any(expected in p for p in problems), problems


def test_the_comparison_refuses_models_that_no_longer_show_it():
    script = example_lessons_script()
    built = tuple((lesson(cell).config, lesson(cell).model) for cell in CELLS)
    assert len(script.memory_lessons.describe(built)) == 3
    lstm = built[1][1]
    with torch.no_grad():  # an LSTM that forgets: its forget gates shut
        lstm.rnn.bias_hh_l0[16:32] = -30.0
    with pytest.raises(SystemExit, match="LSTM no longer remembers"):
        script.memory_lessons.describe(built)


def test_the_check_reads_scientific_notation_as_one_number():
    script = example_lessons_script()
    assert [script.decimals_of(n) for n in ("0.47", "2.6e-28", "16", "1e-5")] == [2, 29, 0, 5]
    quoted = {"description": "t = 0: RNN 9.9e-19, LSTM 0.012"}
    # the last digit of a tiny figure rounds across a power of ten: the same figure
    assert (
        script.view_differences(
            quoted, {"description": "t = 0: RNN 1.0e-18, LSTM 0.012"}, script.within_rounding
        )
        == []
    )
    # a hundred times bigger is another figure, whatever the mantissa says
    assert script.view_differences(
        quoted, {"description": "t = 0: RNN 9.9e-17, LSTM 0.012"}, script.within_rounding
    )
