"""The lessons speak the student's language: the bundled lessons' notes and the PyTorch code's
comments in each interface language, switching with it; Save lesson keeps every language; and
the Chinese leftovers (Open model's notes, backprop row names) in Chinese. Real window, real
lesson files, real translation files."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog
from rnn_stepper.engine.codegen import WeightSource, pytorch_code
from rnn_stepper.engine.errors import TextError, UserError
from rnn_stepper.engine.lesson_file import LESSON_SUFFIX, open_lesson
from rnn_stepper.engine.vocab import Vocabulary
from rnn_stepper.gui import i18n

from tests.engine.test_lesson_languages import BUNDLED, LANGUAGES, comments, english_words
from tests.gui.file_helpers import answer_next_dialog, built_window, save_text_model

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "resources" / "lessons"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def window(qtbot, settings_file, qapp):
    w = built_window(qtbot)
    yield w
    i18n.install_language(qapp, "en")  # the other tests read English


def lesson_file(name: str) -> Path:
    return LESSONS / f"{name}{LESSON_SUFFIX}"


def expected_notes(lesson, language: str) -> str:
    """What the notes dock shows: the title, then the paragraphs."""
    paragraphs = [p for p in lesson.descriptions[language].split("\n\n") if p.strip()]
    return "\n".join([lesson.titles[language], *paragraphs])


def assert_code_in(language: str, code: str) -> None:
    for line, comment in comments(code):
        if language == "zh_CN":
            assert HAN.search(comment) or not english_words(comment, code), f"no Chinese in {line!r}"
        else:
            assert not HAN.search(comment), f"Chinese in the English comment {line!r}"


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_bundled_lesson_opens_in_each_language(window, name, language):
    assert window.switch_language(language)
    files = window.file_actions
    assert files.open_lesson(lesson_file(name))
    lesson = open_lesson(lesson_file(name))
    assert language in lesson.titles and language in lesson.descriptions, f"{name} has no notes in {language}"
    assert files.notes.isVisible()
    assert files.notes.plain_text() == expected_notes(lesson, language)
    assert window.windowTitle().endswith(lesson.titles[language])
    code = window.panels["code"].code()
    vocab = lesson.model.vocab.tokens if lesson.model.vocab is not None else None
    weights = WeightSource.of_model(lesson.model, f"loaded from the lesson {lesson_file(name).name}")
    assert code == pytorch_code(lesson.config, vocab, language=language, weights=weights)
    assert_code_in(language, code)


def test_notes_title_and_code_switch_with_the_interface(window):
    files = window.file_actions
    assert files.open_lesson(lesson_file("woaini"))
    lesson = open_lesson(lesson_file("woaini"))
    english_code = window.panels["code"].code()
    assert files.notes.plain_text() == expected_notes(lesson, "en")

    assert window.switch_language("zh_CN")
    files = window.file_actions  # rebuilt in Chinese
    assert files.notes.plain_text() == expected_notes(lesson, "zh_CN")
    assert files.notes.title == "我爱你：输入“我爱”，网络预测出“你”"
    assert window.windowTitle().endswith(files.notes.title)
    chinese_code = window.panels["code"].code()
    assert "# 第一个数字: 表示句子长度 (3 个字, 每个字一个时间步)" in chinese_code.splitlines()
    assert [line for line in chinese_code.splitlines() if not line.lstrip().startswith("#")] != []
    assert files.lesson_titles == lesson.titles  # Save lesson still has both

    assert window.switch_language("en")
    assert window.file_actions.notes.plain_text() == expected_notes(lesson, "en")
    assert window.panels["code"].code() == english_code


def test_a_switch_keeps_the_open_document_because_the_session_owns_it(window, tmp_path):
    """Nothing is copied across a switch: the rebuilt file actions read the session's document."""
    files = window.file_actions
    path = lesson_file("woaini")
    assert files.open_lesson(path)
    lesson = open_lesson(path)
    assert not files.open_lesson(tmp_path / "missing.rnnlesson")  # a refusal: the last problem
    problem = files.last_problem
    document = window.session.document

    assert window.switch_language("zh_CN")
    files = window.file_actions  # rebuilt in Chinese
    assert window.session.document is document
    assert files.source.path == str(path) and files.lesson_titles == lesson.titles
    assert files.last_problem == problem != ""
    assert window.windowTitle() == lesson.titles["zh_CN"]  # one title, in the new language
    assert files.notes.plain_text() == expected_notes(lesson, "zh_CN")
    window.session.load_preset("tutorial-single")  # another model: the title follows the configuration,
    assert window.windowTitle() == "tutorial-single" and files.source is None  # and the file is forgotten
    assert files.lesson_titles == lesson.titles  # (Save lesson still offers the lesson's texts)


def test_the_save_dialog_offers_each_language_and_keeps_the_others(window, tmp_path):
    files = window.file_actions
    assert files.open_lesson(lesson_file("woaini"))
    lesson = open_lesson(lesson_file("woaini"))
    target = tmp_path / "mine"
    seen = {}

    def fill(dialog):
        seen["tabs"] = [dialog.language_tabs.tabText(i) for i in range(dialog.language_tabs.count())]
        seen["zh"] = (dialog.title_edits["zh_CN"].text(), dialog.description_edits["zh_CN"].toPlainText())
        seen["en"] = dialog.title_edits["en"].text()
        dialog.path_edit.setText(str(target))
        dialog.description_edits["zh_CN"].setPlainText(
            "先看“输出”面板。"
        )  # the teacher rewrites the Chinese notes
        dialog.accept()

    answer_next_dialog(fill)
    files.ask_save_lesson()
    assert seen["tabs"] == ["English", "中文（简体）"]  # the interface's language first
    assert seen["zh"] == (lesson.titles["zh_CN"], lesson.descriptions["zh_CN"])
    assert seen["en"] == lesson.titles["en"]
    saved = open_lesson(target.with_suffix(LESSON_SUFFIX))
    assert saved.titles == lesson.titles
    assert saved.descriptions == {"en": lesson.descriptions["en"], "zh_CN": "先看“输出”面板。"}


def test_a_teacher_writes_in_the_chinese_interface_and_other_languages_stay(window, tmp_path):
    assert window.switch_language("zh_CN")
    files = window.file_actions
    first = files.save_lesson(tmp_path / "first", "第一课", "按“单步”。")
    assert open_lesson(first).titles == {"zh_CN": "第一课"}
    # a language the app does not offer, written by someone else, survives a save through the dialog
    with zipfile.ZipFile(first) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    document = json.loads(contents["lesson.json"])
    document["view"]["title"]["ja"] = "第一課"
    contents["lesson.json"] = json.dumps(document, ensure_ascii=False).encode()
    edited = tmp_path / f"edited{LESSON_SUFFIX}"
    with zipfile.ZipFile(edited, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    assert files.open_lesson(edited)
    target = tmp_path / "second"

    def fill(dialog):
        assert (
            dialog.language_tabs.tabText(0) == "中文（简体）"
            and dialog.title_edit is dialog.title_edits["zh_CN"]
        )
        dialog.path_edit.setText(str(target))
        dialog.title_edits["en"].setText("Lesson one")
        dialog.accept()

    answer_next_dialog(fill)
    files.ask_save_lesson()
    saved = open_lesson(target.with_suffix(LESSON_SUFFIX))
    assert saved.titles == {"zh_CN": "第一课", "en": "Lesson one", "ja": "第一課"}
    assert saved.descriptions == {"zh_CN": "按“单步”。"}
    # a plain string replaces the interface language's text only
    third = files.save_lesson(tmp_path / "third", "第二课")
    assert open_lesson(third).titles == {"zh_CN": "第二课", "en": "Lesson one", "ja": "第一課"}


def test_copy_and_save_code_give_the_same_text(window, tmp_path, monkeypatch):
    assert window.switch_language("zh_CN")
    panel = window.panels["code"]
    panel.copy_code()
    target = tmp_path / "rnn_code.py"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    panel._save_button.click()
    text = target.read_text(encoding="utf-8")
    assert text == QGuiApplication.clipboard().text() == panel.code()
    assert "# 第一个数字: 表示句子长度 (3 个字, 每个字一个时间步)" in text.splitlines()
    namespace: dict = {}
    exec(compile(text, str(target), "exec"), namespace)  # the saved file runs as it is
    assert tuple(namespace["output"].shape) == (3, 1, 4)
    # an unwritable place: refused with a message, nothing written, the panel keeps working
    with pytest.raises(UserError):
        panel.save_code(tmp_path / "no-such-folder" / "x.py")
    assert not (tmp_path / "no-such-folder").exists()
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(tmp_path / "no-such-folder" / "x.py"), ""),
    )
    panel._save_button.click()
    assert "no-such-folder" in window.message_label.text()


def test_what_open_model_inferred_is_told_in_chinese(window, tmp_path):
    path = tmp_path / "text.pt"
    save_text_model(path)
    assert window.switch_language("zh_CN")
    files = window.file_actions
    assert files.open_model(path)
    details = files.info_box.informativeText()
    assert "hidden_size=5" in details and "单向" in details and "非线性函数 tanh" in details
    assert "嵌入层 'embedding.weight'：4 个词元 x 6" in details
    assert "head.weight, head.bias" in details and "下一个词元的概率" in details
    for note in details.split("\n"):
        note = note.replace(str(tmp_path), "")  # the file's own path
        words = re.sub(
            r"'[^']*'|\b\w+=\w+|\b[a-z]+\.\w+|\bnn\.RNN|float32|tanh|state_dict|head|softmax", "", note
        )
        assert not re.search(r"[A-Za-z]{3,}", words), note


def test_backprop_rows_are_named_in_chinese(window):
    assert window.switch_language("zh_CN")
    session = window.session
    session.set_config(session.config.replace(num_layers=2, bidirectional=True))
    panel = window.panels["backprop"]
    ticks = panel.overview.grid_plot.getAxis("left")._tickLevels
    assert [label for _row, label in ticks[0]] == ["第0层 →", "第0层 ←", "第1层 →", "第1层 ←"]


def test_the_sessions_refusals_reach_the_status_bar_in_chinese(window):
    assert window.switch_language("zh_CN")
    with pytest.raises(TextError) as refused:  # a real refusal of the engine, carried as the session does
        Vocabulary.from_text("")
    window.session.errorOccurred.emit(refused.value.message)
    assert HAN.search(window.message_label.text()) and "type at least" not in window.message_label.text()
    window.session.errorOccurred.emit(
        "PyTorch 代码面板：出错了"
    )  # already in the interface's language: as it is
    assert window.message_label.text() == "PyTorch 代码面板：出错了"
