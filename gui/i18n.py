"""Two languages, English and Simplified Chinese, through Qt's translation system.

Every visible string in the GUI is written in English inside `self.tr("...")` or
`QCoreApplication.translate("Context", "...")`; `scripts/update_translations.py` extracts them into
resources/translations/rnn_stepper_zh_CN.ts (the translations' source of truth) and compiles the
.qm file that `install_language` loads. Technical symbols (W_ih, h_t, tanh, nn.RNN, shapes, code)
are the same in both languages.

Which language: the choice saved under SETTINGS_KEY (Language menu), else the system's
(`system_language`: a zh_* locale gives Chinese, anything else English; the environment
variable RNN_STEPPER_LANGUAGE overrides the system, for screenshots and machines without a
Chinese locale).

The engine has no Qt: its `UserError`s and notes carry a code of engine/message_catalog.py and
their parameters, and `translate_error` looks the code's English template up in Qt's catalogue
(context "EngineMessages") and fills it in. Nothing parses English back apart; a message without
a code (a plain str) is shown as it is.

Only PySide6, the standard library and the engine's standard-library modules (errors, messages,
message_catalog, localized_text) are imported: the window installs the language before its first
paint, while PyTorch is still loading.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

# (standard-library modules of the engine: the window installs the language before PyTorch loads)
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.localized_text import DEFAULT_LANGUAGE  # the sources' language
from rnn_stepper.engine.message_catalog import FOREIGN_TEXTS, TEMPLATES
from rnn_stepper.engine.messages import Foreign, Message

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "zh_CN": "中文（简体）"}  # code -> its name in itself, for the menu
SETTINGS_KEY = "ui/language"
LANGUAGE_ENV = "RNN_STEPPER_LANGUAGE"  # overrides the system locale (not a saved choice)
MENU_TITLE = "Language / 语言"  # always bilingual: whoever is stuck in the other language finds it
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
CATALOG = "rnn_stepper"  # resources/translations/rnn_stepper_<code>.qm
QT_CATALOG = "qtbase"  # Qt's own strings: standard buttons (Close, Cancel, Save), file dialogs
ENGINE_CONTEXT = "EngineMessages"
PANELS_CONTEXT = "Panels"  # dock titles (each panel's TITLE), wherever they are shown

_translators: list[QTranslator] = []
_current = DEFAULT_LANGUAGE


# ---- which language ------------------------------------------------------------------------------


def language_for_locale(name: str) -> str:
    """ "zh_CN", "zh-Hans-CN", "zh_TW.UTF-8" -> "zh_CN" (the Chinese we have); anything else "en"."""
    if name in LANGUAGES:
        return name
    return "zh_CN" if name.replace("-", "_").split("_")[0].split(".")[0].lower() == "zh" else DEFAULT_LANGUAGE


def system_language() -> str:
    """The language the system asks for (RNN_STEPPER_LANGUAGE first, then Qt's default locale,
    which follows LANG / LC_ALL / LC_MESSAGES and the desktop's settings)."""
    override = os.environ.get(LANGUAGE_ENV, "").strip()
    if override:
        return language_for_locale(override)
    return language_for_locale(QLocale().name())


def saved_language(settings) -> str | None:
    """The language chosen in the Language menu, if any (and if still offered)."""
    value = settings.value(SETTINGS_KEY) if settings is not None else None
    return value if isinstance(value, str) and value in LANGUAGES else None


def preferred_language(settings) -> str:
    """The saved choice, else the system's language."""
    return saved_language(settings) or system_language()


def save_language(settings, code: str) -> None:
    settings.setValue(SETTINGS_KEY, code)
    settings.sync()


def current_language() -> str:
    """The language installed last with `install_language`."""
    return _current


def qm_path(code: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOG}_{code}.qm"


def install_language(app, code: str) -> bool:
    """Make `code` the application's language: remove the translators installed before, load
    ours and Qt's own for it. Widgets already built keep their text (see MainWindow.switch_language).
    Returns False (and English stays) if our translation file cannot be loaded."""
    global _current
    app = app or QCoreApplication.instance()
    if code not in LANGUAGES:
        log.warning("unknown language %r; using %s", code, DEFAULT_LANGUAGE)
        code = DEFAULT_LANGUAGE
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    _current = DEFAULT_LANGUAGE
    if code == DEFAULT_LANGUAGE:
        return True
    ours = QTranslator(app)
    if not ours.load(str(qm_path(code))):
        log.warning("could not load the translation %s; the interface stays in English", qm_path(code))
        return False
    app.installTranslator(ours)
    _translators.append(ours)
    qt = QTranslator(app)
    if qt.load(f"{QT_CATALOG}_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _translators.append(qt)
    _current = code
    return True


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def panel_title(panel) -> str:
    """A panel's dock title (its class attribute TITLE, English) in the current language."""
    title = getattr(panel, "TITLE", "")
    return translate(PANELS_CONTEXT, title) if title else ""


# Every panel's TITLE, for lupdate (it only extracts literals inside translate calls). A test
# checks that this list covers every registered panel.
PANEL_TITLES = (
    QT_TRANSLATE_NOOP("Panels", "Unrolled network"),
    QT_TRANSLATE_NOOP("Panels", "Calculation"),
    QT_TRANSLATE_NOOP("Panels", "Output"),
    QT_TRANSLATE_NOOP("Panels", "Weights"),
    QT_TRANSLATE_NOOP("Panels", "Hidden state"),
    QT_TRANSLATE_NOOP("Panels", "PyTorch code"),
    QT_TRANSLATE_NOOP("Panels", "Configuration"),
    QT_TRANSLATE_NOOP("Panels", "Train"),
    QT_TRANSLATE_NOOP("Panels", "Generate"),
    QT_TRANSLATE_NOOP("Panels", "Backprop"),
)


# ---- engine messages ------------------------------------------------------------------------------
#
# The engine's messages carry a code (engine/message_catalog.py): the English template of the code
# is the key of its translation in context "EngineMessages", and the parameters are filled in
# here, messages among them translated in turn. scripts/update_translations.py feeds every
# template of the catalogue into the .ts; tests/gui/test_i18n_codes.py checks that each one has a
# finished translation with the same {fields}.

_MAX_DEPTH = 4  # nested messages: "path: invalid configuration: hidden_size must be ..."


def engine_templates() -> tuple[str, ...]:
    """Every English text an engine message is translated from: the catalogue's templates and the
    library wordings (Foreign) we know (tests check each one is translated)."""
    return tuple(TEMPLATES.values()) + FOREIGN_TEXTS


def translate_error(message) -> str:
    """What to show the user for `message`, in the current language.

    A UserError or an engine Message is translated by its code, its parameters in turn; a
    Foreign text (a library's or the OS's wording) and an OSError by their exact words; anything
    else (a plain str: a defect's text, or a text the GUI has translated already) as it is."""
    if _current == DEFAULT_LANGUAGE or message is None:
        return "" if message is None else str(message)
    try:
        return _translated(message, 0)
    except Exception:  # a broken translation must never hide the message itself
        log.exception("translating the message %r failed", message)
        return str(message)


def _translated(value, depth: int) -> str:
    if isinstance(value, UserError):
        value = value.message
    if isinstance(value, Message) and depth <= _MAX_DEPTH:
        values = {name: _translated(param, depth + 1) for name, param in value.params.items()}
        template = TEMPLATES[value.code]
        try:
            return translate(ENGINE_CONTEXT, template).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a {field}: English is better
            log.warning("the translation of %r does not fit its fields", template)
            return template.format(**values)
    if isinstance(value, OSError):
        value = Foreign(value.strerror or str(value))
    if isinstance(value, Foreign):
        return translate(ENGINE_CONTEXT, str(value))  # Qt gives the English back when it has no translation
    return str(value)


# The gates' names, one home for every panel that names a gate block (weights, backprop).
GATE_NAMES = {
    "i": QT_TRANSLATE_NOOP("GateNames", "input gate"),
    "f": QT_TRANSLATE_NOOP("GateNames", "forget gate"),
    "g": QT_TRANSLATE_NOOP("GateNames", "candidate"),
    "o": QT_TRANSLATE_NOOP("GateNames", "output gate"),
    "r": QT_TRANSLATE_NOOP("GateNames", "reset gate"),
    "z": QT_TRANSLATE_NOOP("GateNames", "update gate"),
    "n": QT_TRANSLATE_NOOP("GateNames", "candidate"),
}


def gate_name(gate: str) -> str:
    """A gate's name ("forget gate") in the interface's language; `gate` as in engine.cell.GATES."""
    return QCoreApplication.translate("GateNames", GATE_NAMES[gate])
