"""Two languages: Chinese (Simplified) and English, switched at runtime around the same session."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import SIGNAL, QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtGui import QRawFont
from PySide6.QtWidgets import QApplication, QDockWidget
from rnn_stepper.engine.config import LIMITS, RNNConfig
from rnn_stepper.engine.errors import ConfigError, ModelFileError, UserError
from rnn_stepper.engine.messages import Message
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui import i18n
from rnn_stepper.gui.fonts import FONT_PATH
from rnn_stepper.gui.main_window import MainWindow, create_main_window
from rnn_stepper.gui.panel_registry import PANELS, panel_classes

from tests.gui.untranslated_strings import find_untranslated, has_words

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "rnn_stepper_zh_CN.ts"
QM_FILE = TS_FILE.with_suffix(".qm")

# Files whose every visible string goes through tr()/translate(). The files other helpers were
# still editing when the translation was introduced join this list once they are wrapped.
TRANSLATED_FILES = [
    "gui/main_window.py",
    "gui/actions/export_actions.py",
    "gui/actions/learn_actions.py",
    "gui/panels/weights.py",
    "gui/panels/train.py",
    "gui/panels/bptt.py",
    "gui/panels/generate.py",
    "gui/plotting/compact_plots.py",
    "gui/workers/training_worker.py",
    "gui/session.py",
    "gui/error_handling.py",
    "gui/lesson_support.py",
    "gui/style.py",
    "gui/i18n.py",
    "gui/panel_registry.py",
    "gui/actions/file_actions.py",
    "gui/classroom.py",
    "gui/settings_store.py",
    "gui/dialogs/open_model_dialog.py",
    "gui/dialogs/save_lesson_dialog.py",
    "gui/widgets/lesson_notes.py",
    "gui/dialogs/error_dialog.py",
    "gui/panels/config_panel.py",
    "gui/app.py",
    "gui/widgets/controls.py",
    "gui/panels/output.py",
    "gui/panels/calculation.py",
    "gui/panels/code.py",
    "gui/panels/hidden.py",
    "gui/panels/network",
    "gui/plotting/gate_memory_plot.py",
    "gui/panels/gated_calculation.py",
    "gui/panels/base.py",
    "gui/panels/bptt_terms.py",
    "gui/panels/bptt_overview.py",
    "gui/panels/bptt_heatmaps.py",
    "gui/panels/calculation_text.py",
]
# .ts contexts that are not a class name nor a fixed translate() context: the string is looked up
# at runtime under another context, so its translation is never found. Known, to be fixed in
# the files named (then remove the entry).
KNOWN_BAD_CONTEXTS: dict[str, str] = {}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def ts_messages():
    """(context, source, translation element) for every message of the .ts file."""
    root = ET.parse(TS_FILE).getroot()
    for context in root.iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


@pytest.fixture
def window(qtbot, settings_file, english_afterwards):
    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def menu_titles(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def session_listeners(session) -> list[int]:
    return [
        session.receivers(SIGNAL(signature))
        for signature in (
            "stepChanged(PyObject)",
            "simulationChanged(PyObject)",
            "neuronSelected(int)",
            "playingChanged(bool)",
            "configRejected(QString)",
            "errorOccurred(QString)",
            "weightsChanged()",
            "speedChanged(double)",
            "stepSizeChanged(PyObject)",
            "documentChanged(PyObject)",
        )
    ]


def english_titles() -> dict[str, str]:
    return {role: cls.TITLE for role, cls in panel_classes().items()}


# ---- switching at runtime ----------------------------------------------------------------------------


def test_switching_rebuilds_the_window_in_chinese_and_back_around_the_same_session(qtbot, window):
    session, simulation = window.session, window.session.simulation
    session.step()
    session.step()
    window.docks["output"].hide()
    listeners = session_listeners(session)
    assert menu_titles(window)[0] == "&File"

    assert window.switch_language("zh_CN")
    assert i18n.current_language() == "zh_CN"
    titles = menu_titles(window)
    assert titles == ["文件(&F)", "编辑(&E)", "播放(&P)", "视图(&V)", i18n.MENU_TITLE, "帮助(&H)"]
    english = english_titles()
    for role, dock in window.docks.items():
        assert dock.windowTitle() == QCoreApplication.translate("Panels", english[role]) != english[role]
    assert window.docks["weights"].windowTitle() == "权重"
    assert window.docks["backprop"].windowTitle() == "反向传播"
    # Nothing of the English interface is left behind: one dock per panel (and the lesson notes).
    docks = window.findChildren(QDockWidget)
    assert len(docks) == len(PANELS) + 1
    assert not any(dock.windowTitle() in english.values() for dock in docks)
    # A sample of texts in the panels, the status bar and the helpers' menus.
    assert window.panels["train"].train_button.text() == "训练"
    assert window.panels["generate"].generate_button.text() == "生成"
    assert window.panels["weights"].layer_combo.itemText(0) == "第 0 层"
    assert window.learn_actions.edit_menu.title() == "编辑(&E)"
    assert window.file_menu.actions()[-1].text() == "退出(&Q)"
    assert window.position_label.text() == "单元 2 / 3 · 第 0 层 → · t = 1 (爱)"
    assert window.match_label.text().startswith("✓ 2 个单元中有 2 个与 nn.RNN 一致")

    # The same session, at the same place, with the same layout.
    assert window.session is session and session.simulation is simulation
    assert session.view().position == 2 and session.parent() is window
    assert not window.docks["output"].isVisible() and window.docks["hidden"].isVisible()

    # ...and the rebuilt window works: the keys step, the new panels follow.
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert session.view().position == 3
    record = session.view().record
    hidden, calculation = window.panels["hidden"], window.panels["calculation"]
    assert hidden.computed.sum() == 3
    np.testing.assert_allclose(calculation.displayed_values()["h_t"], record.h_t[0].tolist(), atol=1e-4)
    assert window.controls.timeline.value() == 3
    assert window.position_label.text().startswith("单元 3 / 3")

    assert window.switch_language("en")
    assert menu_titles(window) == ["&File", "&Edit", "&Playback", "&View", i18n.MENU_TITLE, "&Help"]
    assert {role: dock.windowTitle() for role, dock in window.docks.items()} == english
    assert window.panels["train"].train_button.text() == "Train"
    assert window.session is session and session.view().position == 3
    assert len(window.findChildren(QDockWidget)) == len(PANELS) + 1
    assert session_listeners(session) == listeners  # the old panels and helpers let go of the session


def test_the_language_menu_switches_and_remembers_the_choice(qtbot, window, settings_file):
    menu = window.language_menu
    assert menu.title() == i18n.MENU_TITLE  # bilingual, findable in either language
    actions = {a.objectName(): a for a in menu.actions()}
    assert [a.text() for a in menu.actions()] == list(i18n.LANGUAGES.values())
    assert actions["language_en"].isChecked() and not actions["language_zh_CN"].isChecked()
    with qtbot.waitSignal(window.languageChanged, timeout=30_000):
        actions["language_zh_CN"].trigger()  # rebuilt once the menu's signal has returned
    assert menu_titles(window)[0] == "文件(&F)"
    assert window.language_actions["zh_CN"].isChecked() and not window.language_actions["en"].isChecked()
    assert QSettings(str(settings_file), QSettings.Format.IniFormat).value(i18n.SETTINGS_KEY) == "zh_CN"
    # A new window (the next start) comes up in the saved language, whatever the system says.
    second = MainWindow(settings=QSettings(str(settings_file), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.file_menu.title() == "文件(&F)"
    assert second.placeholder.text() == "正在加载 PyTorch…"


def test_panel_settings_lesson_and_classroom_mode_carry_over(qtbot, window, tmp_path):
    session = window.session
    session.set_config(preset_config("text-woaini").replace(num_layers=2))
    files = window.file_actions
    assert files.open_lesson(files.save_lesson(tmp_path / "lesson", "我爱你", "Watch h_t."))
    assert window.windowTitle() == "我爱你" and "Watch h_t." in files.notes.plain_text()
    weights, generate, train = (window.panels[r] for r in ("weights", "generate", "train"))
    weights.layer_combo.setCurrentIndex(1)
    # (the edit first: a text generated before an edit is marked as written by other weights)
    assert window.learn_actions.edit_weight("weight_hh_l0", (0, 0), 0.5)
    generate.prefix_edit.setText("我")
    generate.prefix_edit.textEdited.emit("我")
    generate.steps_spin.setValue(3)
    assert generate.run_generation() is not None
    generated = generate.shown_text()
    train.epochs_spin.setValue(123)
    backprop = window.panels["backprop"]
    backprop.set_t_star(0)
    files.classroom.enable(("end",), ("weights",))
    assert not window.docks["weights"].isVisible()

    assert window.switch_language("zh_CN")
    weights, generate, train, backprop = (
        window.panels[r] for r in ("weights", "generate", "train", "backprop")
    )
    assert weights.layer == 1 and weights.layer_combo.currentText() == "第 1 层"
    assert generate.prefix_edit.text() == "我" and generate.steps_spin.value() == 3
    assert generate.shown_text() == generated and generate.show_button.isEnabled()
    assert train.epochs_spin.value() == 123
    assert not backprop.following and backprop.t_star == 0
    # the weight edit can still be undone; the lesson's notes and classroom mode stay
    assert window.learn_actions.undo_action.isEnabled() and window.learn_actions.undo()
    files = window.file_actions
    assert files.lesson_title == "我爱你" and "Watch h_t." in files.notes.plain_text()
    assert window.windowTitle() == "我爱你"  # the lesson's model still runs (edited and undone)
    assert files.classroom.enabled and files.classroom.badge.text() == "课堂模式"
    assert not window.docks["weights"].isVisible() and not window.controls.actions_by_name["end"].isVisible()
    files.classroom.disable()
    assert window.docks["weights"].isVisible()


def test_speed_and_step_size_stay_the_sessions_across_a_switch(window):
    """The session keeps them; the rebuilt toolbar shows them (the saved settings do not come back)."""
    from rnn_stepper.gui.session import StepSize
    from rnn_stepper.gui.widgets.controls import speed_to_slider

    window.file_actions.store.save_playback(5.0, StepSize.CELL.value)  # what a last close saved
    window.session.set_speed(20)
    window.session.set_step_size(StepSize.TIME_STEP)
    assert window.switch_language("zh_CN")
    assert window.session.speed == 20 and window.session.step_size is StepSize.TIME_STEP
    assert window.controls.speed_slider.value() == speed_to_slider(20)
    assert window.controls.step_size_combo.currentData() is StepSize.TIME_STEP


def test_switching_while_loading_then_building(qtbot, settings_file, english_afterwards):
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.switch_language("zh_CN")
    assert window.file_menu.title() == "文件(&F)" and window.placeholder.text() == "正在加载 PyTorch…"
    window.load()
    assert window.docks["train"].windowTitle() == "训练" and menu_titles(window)[1] == "编辑(&E)"


def test_switching_is_refused_while_training(qtbot, window):
    train = window.panels["train"]
    train.epochs_spin.setValue(50_000)
    assert train.start_training()
    try:
        assert not window.switch_language("zh_CN")
        assert i18n.current_language() == "en" and menu_titles(window)[0] == "&File"
        assert "before switching the language" in window.message_label.text()
        assert window.language_actions["en"].isChecked()
    finally:
        with qtbot.waitSignal(train.trainingStopped, timeout=60_000):
            train.cancel()
    assert window.switch_language("zh_CN")


def test_a_refused_configuration_is_reported_in_chinese(window):
    window.switch_language("zh_CN")
    window.session.load_preset("no-such-preset")
    assert window.message_label.text().startswith("配置未应用：未知的预设 'no-such-preset'；可选：")


# ---- which language at start-up -------------------------------------------------------------------


def test_the_default_follows_the_system_locale_unless_a_choice_was_saved(
    qtbot, monkeypatch, tmp_path, english_afterwards
):
    monkeypatch.delenv(i18n.LANGUAGE_ENV, raising=False)
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        assert i18n.system_language() == "zh_CN"
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        assert i18n.preferred_language(settings) == "zh_CN"
        window = MainWindow(settings=settings)
        qtbot.addWidget(window)
        assert window.file_menu.title() == "文件(&F)" and window.language_actions["zh_CN"].isChecked()

        i18n.save_language(settings, "en")  # chosen in the Language menu: it wins over the system
        assert i18n.preferred_language(settings) == "en"
        english = MainWindow(settings=settings)
        qtbot.addWidget(english)
        assert english.file_menu.title() == "&File"

        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert i18n.system_language() == "en"  # a language we do not have: English
    finally:
        QLocale.setDefault(before)


def test_locale_names_and_the_environment_override(monkeypatch):
    assert [
        i18n.language_for_locale(n) for n in ("zh_CN", "zh-Hans-CN", "zh_TW.UTF-8", "zh", "en_US", "fr", "C")
    ] == ["zh_CN", "zh_CN", "zh_CN", "zh_CN", "en", "en", "en"]
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_CN"
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    assert i18n.system_language() == "en"
    assert i18n.saved_language(None) is None


# ---- the translation files --------------------------------------------------------------------------


def test_every_message_is_translated():
    missing = [
        (context, source)
        for context, source, translation in ts_messages()
        if translation is None
        or translation.get("type") in ("unfinished", "vanished", "obsolete")
        or not (translation.text or "").strip()
    ]
    assert not missing, f"{len(missing)} untranslated (run scripts/update_translations.py): {missing[:10]}"


def test_translations_keep_placeholders_accelerators_and_markup():
    for context, source, translation in ts_messages():
        text = translation.text or ""
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (
            context,
            source,
            text,
        )
        assert sorted(re.findall(r"</?\w+", source)) == sorted(re.findall(r"</?\w+", text)), (context, source)
        if re.search(r"&[^&\s;]", source) and not re.search(r"&\w+;", source):  # a menu accelerator
            assert re.search(r"\(&[A-Z]\)", text), (context, source, text)


def test_the_compiled_translations_match_the_source():
    translator = QTranslator_for(QM_FILE)
    for context, source, translation in ts_messages():
        expected = translation.text
        got = translator.translate(context, source)
        # lrelease -removeidentical leaves out translations equal to their source
        assert got == (expected if expected != source else ""), (context, source)


def QTranslator_for(path: Path):
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(path)), path
    return translator


def test_the_bundled_font_draws_every_chinese_character():
    font = QRawFont(str(FONT_PATH), 16)
    assert font.isValid()
    chinese = {
        c
        for _context, _source, t in ts_messages()
        for c in (t.text or "")
        if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
    }
    assert chinese and not {c for c in chinese if not font.supportsCharacter(ord(c))}


def test_contexts_are_classes_or_fixed_names():
    fixed = {
        i18n.ENGINE_CONTEXT,
        i18n.PANELS_CONTEXT,
        "MainWindow",
        "StageNames",
        "Style",
        "LessonSupport",
        "GateNames",
    }
    contexts = {context for context, _source, _translation in ts_messages()}
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "gui").rglob("*.py"))
    classes = set(re.findall(r"^\s*class (\w+)", source, re.MULTILINE))
    unknown = contexts - classes - fixed - set(KNOWN_BAD_CONTEXTS)
    assert not unknown


def test_every_panel_title_is_translated(english_afterwards, qapp):
    titles = {cls.TITLE for cls in panel_classes().values()}
    assert titles <= set(i18n.PANEL_TITLES)
    i18n.install_language(qapp, "zh_CN")
    assert all(QCoreApplication.translate("Panels", t) != t for t in titles)


# ---- engine messages -------------------------------------------------------------------------------


def engine_error(make) -> UserError:
    with pytest.raises(UserError) as info:
        make()
    return info.value


def test_engine_messages_are_translated(qapp, english_afterwards, tmp_path):
    from rnn_stepper.engine.model_io import read_state_dict
    from rnn_stepper.engine.training import TrainingConfig, TrainingData
    from rnn_stepper.engine.vocab import Vocabulary

    config = RNNConfig()
    bad_range = engine_error(lambda: config.replace(hidden_size=0))
    assert i18n.translate_error(bad_range) == str(bad_range)  # English: unchanged
    empty = tmp_path / "empty.pt"
    empty.write_bytes(b"")
    corpus_folder = tmp_path / "folder"
    corpus_folder.mkdir()

    i18n.install_language(qapp, "zh_CN")
    low, high = LIMITS["hidden_size"]
    assert i18n.translate_error(bad_range) == f"hidden_size 必须在 {low} 到 {high} 之间，当前为 0"
    cases = {
        engine_error(lambda: config.replace(nonlinearity="sigmoid")): "nonlinearity 必须是以下之一：",
        engine_error(lambda: config.replace(text="我爱你", batch_size=4)): "batch_size 必须为 1",
        engine_error(lambda: Vocabulary(("我", "爱")).encode("我爱你")): "不在模型的词表中",
        engine_error(lambda: read_state_dict(tmp_path / "missing.pt")): "不存在",
        engine_error(lambda: read_state_dict(empty)): "是空文件",
        engine_error(lambda: TrainingConfig(learning_rate=50.0)): "学习率必须大于 0",
        engine_error(lambda: TrainingData.from_text("")): "文本为空",
        engine_error(lambda: TrainingData.from_file(corpus_folder)): "是文件夹",
        engine_error(lambda: preset_config("nope")): "未知的预设",
    }
    for message, expected in cases.items():
        translated = i18n.translate_error(message)
        assert expected in translated, (message, translated)
        assert not has_words(
            re.sub(
                r"'[^']*'|\S*[/\\]\S*|[\w-]+-[\w-]+|\b(?:nonlinearity|batch_size|tanh|relu)\b", "", translated
            )
        ), translated  # no English left but names and paths
    # "{path}: {message}" around a nested refusal, the path holding ": " itself
    inner = ConfigError("config.between", name="hidden_size", low=1, high=1024, value=0)
    nested = ModelFileError(
        "file.prefixed",
        path="C:\\models: old\\m.pt",
        message=Message("lesson.invalid_config", msg_inner=inner),
    )
    assert (
        str(nested)
        == "C:\\models: old\\m.pt: invalid configuration: hidden_size must be between 1 and 1024, got 0"
    )
    assert (
        i18n.translate_error(nested)
        == "C:\\models: old\\m.pt：配置无效：hidden_size 必须在 1 到 1024 之间，当前为 0"
    )
    # a plain str is no engine message: shown as it is
    assert i18n.translate_error("something nobody wrote a rule for") == "something nobody wrote a rule for"


def test_every_engine_template_is_in_the_translations():
    translated = {source for context, source, _t in ts_messages() if context == i18n.ENGINE_CONTEXT}
    assert set(i18n.engine_templates()) <= translated


# ---- no untranslated text in the code ------------------------------------------------------------------


def test_no_visible_string_bypasses_translation():
    files = [
        path
        for name in TRANSLATED_FILES  # a package stands for its modules
        for path in (sorted((ROOT / name).rglob("*.py")) if (ROOT / name).is_dir() else [ROOT / name])
    ]
    problems = find_untranslated(files)
    assert not problems, "\n".join(problems)


def test_the_checker_finds_untranslated_text(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "label.setText('Hello world')\n"
        "label.setToolTip(f'{n} cells computed')\n"
        "button = QPushButton('Go' if ready else 'Wait')\n"
        "menu.addAction('&Open…'.format())\n"
        "label.setText(self.tr('Hello world'))\n"
        "label.setText('W_ih · h_t')\n"
        "plot.setLabel('bottom', self.tr('epoch'))\n"
        "box.setText(QCoreApplication.translate('Ctx', 'Fine'))\n",
        encoding="utf-8",
    )
    problems = find_untranslated([sample])
    assert [p.split(":")[1] for p in problems] == ["1", "2", "3", "4"]
