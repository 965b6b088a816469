"""Lessons in the student's language: title and notes per language (lesson format 2), the
bundled lessons in English and Chinese, and the generated code commented in either.

Every bundled lesson is checked in every language: a note or a code comment with no text in
that language fails here.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import torch
from rnn_stepper.engine.codegen import pytorch_code
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.lesson_file import FORMAT_VERSION, LESSON_SUFFIX, open_lesson, save_lesson
from rnn_stepper.engine.localized_text import guess_language, text_in, texts_from, with_text
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.engine.simulation import Simulation

from tests.engine.test_codegen import run_code

ROOT = Path(__file__).resolve().parent.parent.parent
LESSONS = ROOT / "resources" / "lessons"
BUNDLED = ("tutorial-single", "woaini", "vanishing-memory", "memory-rnn", "memory-lstm", "memory-gru")
LANGUAGES = ("en", "zh_CN")  # gui.i18n.LANGUAGES (not imported: the engine tests run without Qt)
# The lesson's own words (rnn-layer-lesson.zh.txt) the Chinese notes are written in.
LESSON_TERMS = ("循环网络层", "隐藏层", "隐藏状态", "词嵌入", "句子长度", "批量个数", "数据维度", "时间步")
HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?%?")


def bundled(name: str):
    return open_lesson(LESSONS / f"{name}{LESSON_SUFFIX}")


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewritten(path: Path, change) -> Path:
    contents = members(path)
    document = json.loads(contents["lesson.json"])
    change(document)
    contents["lesson.json"] = json.dumps(document, ensure_ascii=False).encode()
    target = path.with_name("rewritten" + LESSON_SUFFIX)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return target


# ---- texts by language ---------------------------------------------------------------------------


def test_texts_by_language_pick_fall_back_and_keep_the_others():
    texts = {"en": "Watch h_t.", "zh_CN": "观察 h_t。"}
    assert text_in(texts, "zh_CN") == "观察 h_t。" and text_in(texts, "en") == "Watch h_t."
    assert text_in({"zh_CN": "观察 h_t。"}, "en") == "观察 h_t。"  # better another language than nothing
    assert text_in({"ja": "見る", "en": "Look"}, "zh_CN") == "Look"  # English before any other
    assert text_in({}, "en") == ""
    assert with_text(texts, "zh_CN", "看 h_t。") == {"en": "Watch h_t.", "zh_CN": "看 h_t。"}
    assert with_text(texts, "zh_CN", "  ") == {"en": "Watch h_t."}
    # what a file from elsewhere may hold: non-strings, blank texts and odd keys are left out
    assert texts_from({"en": "a", "zh_CN": "", "ja": 3, "../x": "b", "pt_BR": "c"}) == {
        "en": "a",
        "pt_BR": "c",
    }
    assert texts_from(["en"]) == {} and texts_from(None) == {} and texts_from("") == {}


def test_the_language_of_an_old_plain_text_is_guessed():
    assert guess_language("第一课：我爱你") == "zh_CN"
    assert guess_language("观察 W_ih x_t + b_ih 的每一项") == "zh_CN"  # symbols inside Chinese notes
    assert guess_language("我爱你: after 我爱 the network predicts 你") == "en"
    assert guess_language("Watch neuron 2.") == "en"
    assert texts_from("按三次单步。") == {"zh_CN": "按三次单步。"}


# ---- the file format ---------------------------------------------------------------------------------


@pytest.fixture
def lesson_path(tmp_path) -> Path:
    config = preset_config("text-woaini")
    view = {
        "title": {"en": "One cell", "zh_CN": "一个单元", "ja": "一つのセル"},
        "description": {"en": "Press Step.", "zh_CN": "按“单步”。"},
        "classroom_mode": False,
    }
    return save_lesson(tmp_path / "multi", config, build_model(config), position=1, view=view)


def test_every_language_is_stored_and_comes_back(lesson_path):
    document = json.loads(members(lesson_path)["lesson.json"])
    assert document["version"] == FORMAT_VERSION == 2
    assert document["view"]["title"] == {"en": "One cell", "zh_CN": "一个单元", "ja": "一つのセル"}
    lesson = open_lesson(lesson_path)
    assert lesson.titles == {"en": "One cell", "zh_CN": "一个单元", "ja": "一つのセル"}
    assert (lesson.title_in("zh_CN"), lesson.description_in("zh_CN")) == ("一个单元", "按“单步”。")
    assert (lesson.title_in("en"), lesson.description_in("en")) == ("One cell", "Press Step.")
    assert lesson.title_in("ja") == "一つのセル" and lesson.description_in("ja") == "Press Step."


def test_a_version_1_lesson_still_opens_with_its_plain_texts(lesson_path):
    def as_version_1(document):
        document["version"] = 1
        document["view"]["title"] = "第一课：我爱你"
        document["view"]["description"] = "Press Step three times."

    lesson = open_lesson(rewritten(lesson_path, as_version_1))
    assert lesson.titles == {"zh_CN": "第一课：我爱你"} and lesson.descriptions == {
        "en": "Press Step three times."
    }
    for language in LANGUAGES:  # shown in either interface: it is the only text there is
        assert lesson.title_in(language) == "第一课：我爱你"
        assert lesson.description_in(language) == "Press Step three times."
    assert lesson.position == 1 and lesson.config == preset_config("text-woaini")


def test_a_plain_string_passed_to_save_is_stored_under_its_language(tmp_path):
    config = RNNConfig(input_size=3, hidden_size=2, seq_len=2)
    path = save_lesson(
        tmp_path / "plain", config, build_model(config), view={"title": "Watch h_t", "description": ""}
    )
    view = json.loads(members(path)["lesson.json"])["view"]
    assert view == {"title": {"en": "Watch h_t"}}  # the empty notes are left out


# ---- the bundled lessons --------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_bundled_lesson_has_its_notes_in_each_language(name, language):
    lesson = bundled(name)
    assert language in lesson.titles, f"{name}: no title in {language}"
    assert language in lesson.descriptions, f"{name}: no notes in {language}"
    title, notes = lesson.titles[language], lesson.descriptions[language]
    assert guess_language(notes) == language, f"{name}: the {language} notes are not in {language}"
    assert len(notes) > (60 if language == "zh_CN" else 100) and title
    if language == "zh_CN":
        assert HAN.search(title), title


def test_the_chinese_notes_use_the_lessons_terms():
    notes = "".join(bundled(name).descriptions["zh_CN"] for name in BUNDLED)
    assert [term for term in LESSON_TERMS if term not in notes] == []
    assert "循环网络层" in bundled("tutorial-single").descriptions["zh_CN"]
    assert "第一个数字是句子长度" in bundled("tutorial-single").descriptions["zh_CN"]


@pytest.mark.parametrize("name", BUNDLED)
def test_the_chinese_notes_quote_every_figure_of_the_english_ones(name):
    lesson = bundled(name)
    english, chinese = (set(NUMBER.findall(lesson.descriptions[code])) for code in LANGUAGES)
    assert len(english) >= 5 and english <= chinese, (name, english - chinese)


def test_the_quoted_figures_are_measured_in_both_languages():
    # woaini: the probability of 你 after 我爱, as the trained weights give it
    lesson = bundled("woaini")
    simulation = Simulation.build(lesson.config, lesson.model)
    simulation.stepper.seek(len(simulation.stepper))
    chance = float(simulation.probabilities_at(1)[0][lesson.model.vocab.tokens.index("你")])
    # vanishing memory: the distance of h_t from the state it settles into, and W_hh's radius
    vanishing = bundled("vanishing-memory")
    simulation = Simulation.build(vanishing.config, vanishing.model)
    simulation.stepper.seek(len(simulation.stepper))
    hidden = simulation.stepper.hidden[:, 0, 0]
    distance = (hidden - hidden[-1]).norm(dim=1)
    radius = float(torch.linalg.eigvals(vanishing.model.rnn.weight_hh_l0).abs().max())
    for language in LANGUAGES:
        woaini_notes = lesson.descriptions[language]
        quoted = float(re.search(r"(\d+\.\d)%", woaini_notes).group(1)) / 100
        assert quoted == pytest.approx(chance, abs=0.002), (language, woaini_notes)
        notes = vanishing.descriptions[language]
        for t in (1, 5, 10, 20):
            value = float(re.search(rf"t = {t}: (\d+\.\d+)", notes).group(1))
            assert value == pytest.approx(float(distance[t]), rel=0.05, abs=2e-6), (language, t)
        assert f"{radius:.1f}" in notes and "0.8" in notes
        tutorial = bundled("tutorial-single").descriptions[language]
        assert "(1, 1, 128)" in tutorial and "256" in tutorial and "1e-5" in tutorial


# ---- the generated code -------------------------------------------------------------------------------


def comments(code: str) -> list[tuple[str, str]]:
    """(line, its comment) for every line with a comment (outside strings)."""
    found = []
    for line in code.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            found.append((line, stripped[1:]))
        elif "  # " in line:
            found.append((line, line.partition("  # ")[2]))
    return found


def without_comments(code: str) -> list[str]:
    return [line.partition("  # ")[0] for line in code.splitlines() if not line.strip().startswith("#")]


def english_words(comment: str, code: str) -> list[str]:
    """Words of a comment that are English, not names from the code or symbols (W_ih, h0, nn.RNN)."""
    names = set(re.findall(r"[A-Za-z_]\w*", "\n".join(without_comments(code))))
    words = re.findall(r"[A-Za-z][A-Za-z0-9_]*", comment)
    return [
        w
        for w in words
        if len(w) > 1
        and "_" not in w
        and not any(c.isdigit() for c in w)
        and w not in names
        and w not in {"RNN", "Size", "relu", "tanh", "eval", "softmax", "float", "token"}
    ]


def bundled_configs():
    return {name: bundled(name) for name in BUNDLED}


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_bundled_lessons_code_is_commented_in_each_language(name, language):
    lesson = bundled(name)
    vocab = lesson.model.vocab.tokens if lesson.model.vocab is not None else None
    code = pytorch_code(lesson.config, vocab, language=language)
    for line, comment in comments(code):
        if language == "zh_CN":
            assert HAN.search(comment) or not english_words(comment, code), f"{name}: no Chinese in {line!r}"
        else:
            assert not HAN.search(comment), f"{name}: Chinese in the English comment {line!r}"
    assert sum(bool(HAN.search(c)) for _line, c in comments(code)) > (8 if language == "zh_CN" else -1)


@pytest.mark.parametrize(
    "config",
    [
        preset_config("tutorial-single"),
        preset_config("tutorial-batch"),
        preset_config("text-woaini"),
        RNNConfig(
            input_size=8,
            hidden_size=6,
            num_layers=2,
            nonlinearity="relu",
            bias=False,
            batch_first=True,
            bidirectional=True,
            seq_len=5,
            batch_size=3,
            dtype="float64",
            h0="random",
            dropout=0.3,
        ),
        preset_config("text-woaini").replace(
            text="我爱你，你爱我", bidirectional=True, batch_first=True, num_layers=2
        ),
    ],
    ids=["test01", "test02", "woaini", "everything-changed", "text-bidi"],
)
def test_chinese_comments_leave_the_code_identical_and_runnable(config):
    english, chinese = pytorch_code(config), pytorch_code(config, language="zh_CN")
    assert english != chinese
    assert without_comments(english) == without_comments(chinese)
    _, printed_en = run_code(english)
    _, printed_zh = run_code(chinese)
    assert printed_en == printed_zh
    for line, comment in comments(chinese):
        assert HAN.search(comment) or not english_words(comment, chinese), line


def test_chinese_code_numbers_the_dimensions_as_the_lesson_does():
    lines = pytorch_code(preset_config("tutorial-batch"), language="zh_CN").splitlines()
    assert "# 第一个数字: 表示句子长度 (1 个时间步)" in lines
    assert "# 第二个数字: 批量个数 (32 个序列一起计算)" in lines
    assert "# 第三个数字: 表示数据维度 (每个时间步 128 个数)" in lines
    assert "inputs = torch.randn(1, 32, 128)" in lines and "hn = torch.zeros(1, 32, 256)" in lines
    # batch_first puts the batch first, and the numbering follows it
    lines = pytorch_code(
        preset_config("tutorial-batch").replace(batch_first=True), language="zh_CN"
    ).splitlines()
    assert "# 第一个数字: 批量个数 (32 个序列一起计算)" in lines


def test_an_unknown_language_gets_english_comments():
    config = preset_config("text-woaini")
    assert pytorch_code(config, language="fr") == pytorch_code(config)
