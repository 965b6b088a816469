"""Engine messages in Chinese by their code (gui.i18n.translate_error), never by parsing English.

Every code of engine/message_catalog.py has a finished Chinese translation in the .ts whose
{fields} are the template's own; the foreign wordings the catalogue knows are translated too; a
translation that lost a field falls back to English rather than failing; and real refusals of the
real engine reach the real window's screen in Chinese, through the session's and the file
actions' signals that carry the message objects."""

from __future__ import annotations

import string
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import torch
from rnn_stepper.engine.errors import ConfigError, ModelFileError
from rnn_stepper.engine.message_catalog import FOREIGN_TEXTS, TEMPLATES
from rnn_stepper.engine.messages import Foreign, Message
from rnn_stepper.gui import i18n

from tests.gui.conftest import open_window

TS_FILE = Path(__file__).resolve().parents[2] / "resources" / "translations" / "rnn_stepper_zh_CN.ts"


def finished(element) -> bool:
    """A .ts translation element that is there, done and not empty."""
    return (
        element is not None
        and element.get("type") not in ("unfinished", "vanished", "obsolete")
        and bool((element.text or "").strip())
    )


def engine_translations() -> dict[str, ET.Element | None]:
    root = ET.parse(TS_FILE).getroot()
    return {
        message.findtext("source"): message.find("translation")
        for context in root.iter("context")
        if context.findtext("name") == i18n.ENGINE_CONTEXT
        for message in context.iter("message")
    }


def fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_code_has_a_finished_translation_with_the_same_fields(code):
    template = TEMPLATES[code]
    translation = engine_translations().get(template)
    assert finished(translation), f"{code}: {template!r} has no finished translation (update_translations.py)"
    assert fields(translation.text) == fields(template), (code, template, translation.text)


def test_every_foreign_wording_has_a_finished_translation():
    translations = engine_translations()
    assert [text for text in FOREIGN_TEXTS if not finished(translations.get(text))] == []


def test_the_catalogue_and_the_helper_agree():
    assert set(i18n.engine_templates()) == set(TEMPLATES.values()) | set(FOREIGN_TEXTS)


@pytest.fixture
def chinese(qapp, english_afterwards):
    assert i18n.install_language(qapp, "zh_CN")


def test_english_is_the_message_itself(qapp, english_afterwards):
    i18n.install_language(qapp, "en")
    exc = ConfigError("config.between", name="hidden_size", low=1, high=1024, value=0)
    assert i18n.translate_error(exc) == str(exc)
    assert i18n.translate_error(None) == ""


def test_parameters_that_are_messages_are_translated_in_turn(chinese):
    denied = ModelFileError("file.cannot_read", path="/p/m.pt", msg_error=Foreign("Permission denied"))
    assert i18n.translate_error(denied) == "无法读取 /p/m.pt：权限不足"
    unknown_reason = ModelFileError(
        "file.cannot_read", path="/p/m.pt", msg_error=Foreign("a reason nobody listed")
    )
    assert i18n.translate_error(unknown_reason) == "无法读取 /p/m.pt：a reason nobody listed"
    an_os_error = ModelFileError(
        "file.cannot_read", path="/p/m.pt", msg_error=PermissionError(13, "Permission denied")
    )
    assert i18n.translate_error(an_os_error) == "无法读取 /p/m.pt：权限不足"
    # a plain str is a value, never looked up: "input" (a word the catalogue translates) stays
    assert i18n.translate_error(Message("config.whole_number", name="input", value="'x'")).startswith(
        "input "
    )
    assert i18n.translate_error(
        Message("input.missing", msg_what=Message("input.what.input"), path="p")
    ) != str(Message("input.missing", msg_what=Message("input.what.input"), path="p"))
    assert i18n.translate_error("a defect's own words") == "a defect's own words"


def test_a_translation_that_lost_a_field_falls_back_to_english(chinese, monkeypatch, caplog):
    exc = ConfigError("config.between", name="hidden_size", low=1, high=1024, value=0)
    monkeypatch.setattr(i18n, "translate", lambda context, text: "{name} 必须在 {lower} 之间")  # a broken .ts
    assert i18n.translate_error(exc) == "hidden_size must be between 1 and 1024, got 0"
    assert "does not fit its fields" in caplog.text


@pytest.fixture
def window(qtbot, settings_file, english_afterwards):
    window = open_window(qtbot)
    assert window.switch_language("zh_CN")
    return window


def test_a_refused_model_file_is_reported_in_chinese_in_the_window(window, tmp_path):
    empty = tmp_path / "empty.pt"
    empty.write_bytes(b"")
    assert not window.file_actions.open_model(empty)
    assert window.file_actions.last_problem == f"{empty} 是空文件（0 字节）"
    assert window.message_label.text() == window.file_actions.last_problem


def test_an_input_file_the_model_refuses_is_reported_in_chinese(window, tmp_path):
    """The refusal goes engine -> session.configRejected (a Message, not a str) -> the file actions."""
    assert window.session.load_preset("tutorial-single")  # nn.RNN(128, 256) on tensor input
    features = window.session.config.input_size + 1
    np.save(tmp_path / "x.npy", torch.randn(5, 1, features).numpy())
    assert not window.file_actions.input_actions.open(tmp_path / "x.npy")
    problem = window.file_actions.last_problem
    assert f"输入文件 x.npy 每步有 {features} 个特征" in problem, problem
    assert "features per step" not in problem
