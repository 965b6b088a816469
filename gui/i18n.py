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

The engine has no Qt and raises English `UserError` messages. `translate_engine_message` turns
the common ones into translatable templates through a table of regular expressions; a message it
does not know passes through unchanged, so a new engine message is never lost, only untranslated.

Only PySide6, the standard library and engine.localized_text (standard library only) are imported: the window installs the language before its
first paint, while PyTorch is still loading.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from rnn_stepper.engine.localized_text import DEFAULT_LANGUAGE  # the sources' language (a standard-library module)

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
    """"zh_CN", "zh-Hans-CN", "zh_TW.UTF-8" -> "zh_CN" (the Chinese we have); anything else "en"."""
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


# ---- engine messages -----------------------------------------------------------------------------
#
# (pattern, template): the pattern's named groups fill the template's {fields}. A pattern of None
# means the template itself, matched exactly. Groups whose name starts with "msg" hold a message
# of their own (an OS error, a nested refusal, a phrase) and are translated in turn. Order
# matters: the first match wins, so specific patterns come before general ones. The templates
# repeat the engine's wording; keep them in step when an engine message changes.

_PATH = r"(?P<path>.+)"
_ENGINE_RULES: tuple[tuple[str | None, str], ...] = (
    # -- configuration (engine/config.py) and the other settings checked the same way
    (r"^(?P<name>\w+) must be a whole number, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{name} must be a whole number, got {value}")),
    (r"^(?P<name>\w+) must be between (?P<low>\S+) and (?P<high>\S+), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{name} must be between {low} and {high}, got {value}")),
    (r"^(?P<name>\w+) must be true or false, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{name} must be true or false, got {value}")),
    # the cell's own options (the configuration panel's cell and proj_size fields)
    (r"^proj_size must be from 0 \(no projection\) up to hidden_size - 1 = (?P<limit>\S+), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "proj_size must be from 0 (no projection) up to hidden_size - 1 = {limit}, "
                                         "got {value}")),
    (r"^proj_size is an option of nn\.LSTM only \(cell is (?P<cell>\w+)\), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "proj_size is an option of nn.LSTM only (cell is {cell}), got {value}")),
    (r"^nonlinearity is an option of nn\.RNN only: (?P<module>nn\.LSTM|nn\.GRU)'s gates use sigmoid and tanh, "
     r"so it must stay tanh, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "nonlinearity is an option of nn.RNN only: {module}'s gates use sigmoid "
                                         "and tanh, so it must stay tanh, got {value}")),
    # the step sizes are words a lesson file holds: named before the general "must be one of" below
    (r"^step_size must be one of cell, time step, sub-operation, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "step_size must be one of cell, time step, sub-operation, got {value}")),
    (r"^the step size must be one of cell, time step, sub-operation, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the step size must be one of cell, time step, sub-operation, got {value}")),
    (r"^(?P<name>\w+) must be one of (?P<choices>.+), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{name} must be one of {choices}, got {value}")),
    (r"^dropout must be a number from 0 up to \(not including\) 1, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "dropout must be a number from 0 up to (not including) 1, got {value}")),
    (r"^text must be a string, got (?P<type>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "text must be a string, got {type}")),
    (r"^text must be at most (?P<limit>\d+) characters, got (?P<count>\d+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "text must be at most {limit} characters, got {count}")),
    (r"^text input uses one sequence, so batch_size must be 1, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "text input uses one sequence, so batch_size must be 1, got {value}")),
    (r"^this configuration would need about (?P<needed>\S+) GiB of memory \(the limit is (?P<limit>\S+) GiB\); "
     r"make hidden_size, num_layers, seq_len or batch_size smaller$",
     QT_TRANSLATE_NOOP("EngineMessages", "this configuration would need about {needed} GiB of memory (the limit is "
                                         "{limit} GiB); make hidden_size, num_layers, seq_len or batch_size smaller")),
    (r"^unknown preset (?P<name>.+); choose one of: (?P<names>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "unknown preset {name}; choose one of: {names}")),
    # -- text and vocabulary (engine/vocab.py)
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a vocabulary needs at least one token")),
    (r"^the vocabulary lists (?P<token>.+) more than once$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary lists {token} more than once")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the text is empty: type at least one character")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the text is empty: type at least two characters")),
    (r"^cannot read the vocabulary file (?P<path>.+): (?P<msg_error>[^:]+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "cannot read the vocabulary file {path}: {msg_error}")),
    (r"^the vocabulary file (?P<path>.+) is not UTF-8 text$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary file {path} is not UTF-8 text")),
    (r"^line (?P<line>\d+) of the vocabulary file (?P<path>.+) is empty \(write \\n for a newline token, \\s for a "
     r"space\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "line {line} of the vocabulary file {path} is empty (write \\n for a newline "
                                         "token, \\s for a space)")),
    (r"^the vocabulary file (?P<path>.+) is not valid JSON$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary file {path} is not valid JSON")),
    (r"^the vocabulary file (?P<path>.+) is a JSON list, but not of strings$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary file {path} is a JSON list, but not of strings")),
    (r"^the vocabulary file (?P<path>.+) is a JSON object, but neither token -> id \(whole numbers\) nor id -> token$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary file {path} is a JSON object, but neither token -> id "
                                         "(whole numbers) nor id -> token")),
    (r"^the ids in the vocabulary file (?P<path>.+) must be 0 to (?P<last>\d+), each used once$",
     QT_TRANSLATE_NOOP("EngineMessages", "the ids in the vocabulary file {path} must be 0 to {last}, each used once")),
    (r"^the vocabulary file (?P<path>.+) holds no tokens \(expected a JSON list or object\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary file {path} holds no tokens (expected a JSON list or object)")),
    (r"^the vocabulary file (?P<path>.+) is empty$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary file {path} is empty")),
    (r"^(?P<count>\d+) character\(s\) are not in the model's vocabulary: (?P<chars>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{count} character(s) are not in the model's vocabulary: {chars}")),
    # -- model files (engine/model_io.py)
    (r"^refused to open (?P<path>.+?): it stores Python objects(?P<what>(?: \([^)]*\))?) that could only be "
     r"rebuilt by running code from the file, which would be unsafe\. Only weights are opened; save them with "
     r"torch\.save\(model\.state_dict\(\), path\)\.$",
     QT_TRANSLATE_NOOP("EngineMessages", "refused to open {path}: it stores Python objects{what} that could only be "
                                         "rebuilt by running code from the file, which would be unsafe. Only weights "
                                         "are opened; save them with torch.save(model.state_dict(), path).")),
    (r"^there is no file (?P<path>.+)$", QT_TRANSLATE_NOOP("EngineMessages", "there is no file {path}")),
    (rf"^{_PATH} is empty \(0 bytes\)$", QT_TRANSLATE_NOOP("EngineMessages", "{path} is empty (0 bytes)")),
    (rf"^{_PATH} is not a readable PyTorch file \(it may be truncated or another format\): (?P<detail>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is not a readable PyTorch file (it may be truncated or another "
                                         "format): {detail}")),
    (rf"^{_PATH} holds no weights \(expected a state_dict of tensors, got (?P<type>\w+)\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} holds no weights (expected a state_dict of tensors, got {type})")),
    (r"^weights of type (?P<dtype>\S+) are not supported \(float32 or float64 only\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "weights of type {dtype} are not supported (float32 or float64 only)")),
    (rf"^{_PATH} has an embedding of (?P<count>\d+) tokens but no vocabulary: give a vocabulary file with "
     r"(?P<lines>\d+) tokens \(one per line, or a JSON list or token -> id object\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} has an embedding of {count} tokens but no vocabulary: give a "
                                         "vocabulary file with {lines} tokens (one per line, or a JSON list or "
                                         "token -> id object)")),
    (r"^the vocabulary file (?P<vocab>.+) has (?P<count>\d+) tokens but the embedding (?P<key>'[^']*') in "
     r"(?P<path>.+) has (?P<rows>\d+) rows$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary file {vocab} has {count} tokens but the embedding {key} in "
                                         "{path} has {rows} rows")),
    (r"^the vocabulary file (?P<vocab>.+) has (?P<count>\d+) tokens but (?P<path>.+) has no embedding and its RNN "
     r"reads input_size=(?P<size>\d+) features: one-hot input needs one token per feature$",
     QT_TRANSLATE_NOOP("EngineMessages", "the vocabulary file {vocab} has {count} tokens but {path} has no embedding "
                                         "and its RNN reads input_size={size} features: one-hot input needs one "
                                         "token per feature")),
    (rf"^{_PATH} has no embedding and no vocabulary: its RNN reads vectors of (?P<size>\d+) numbers, not text\. "
     r"Give a vocabulary of (?P<size2>\d+) tokens to feed one-hot characters, or an input tensor file$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} has no embedding and no vocabulary: its RNN reads vectors of {size} "
                                         "numbers, not text. Give a vocabulary of {size2} tokens to feed one-hot "
                                         "characters, or an input tensor file")),
    (r"^the labels file (?P<labels>.+) names (?P<count>\d+) classes, but (?P<path>.+) has no linear head after its "
     r"RNN to classify with$",
     QT_TRANSLATE_NOOP("EngineMessages", "the labels file {labels} names {count} classes, but {path} has no linear "
                                         "head after its RNN to classify with")),
    (r"^the labels file (?P<labels>.+) names (?P<count>\d+) classes but the head (?P<key>'[^']*') in (?P<path>.+) "
     r"has (?P<out>\d+) outputs$",
     QT_TRANSLATE_NOOP("EngineMessages", "the labels file {labels} names {count} classes but the head {key} in "
                                         "{path} has {out} outputs")),
    (r"^several matrices could be the (?P<msg_role>embedding|head) \((?P<keys>.+)\); only embedding -> RNN -> one "
     r"linear layer is supported$",
     QT_TRANSLATE_NOOP("EngineMessages", "several matrices could be the {msg_role} ({keys}); only embedding -> RNN "
                                         "-> one linear layer is supported")),
    (rf"^{_PATH} holds the older tutorial cell i2h/i2o over torch\.cat\(\(input, hidden\)\): it has no "
     r"nonlinearity and its output reads the input directly, so it is not an nn\.RNN\. The newer tutorial's "
     r"i2h, h2h, h2o \(hidden = tanh\(i2h\(x\) \+ h2h\(hidden\)\)\) or nn\.RNN \+ a linear layer can be opened$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} holds the older tutorial cell i2h/i2o over torch.cat((input, "
                                         "hidden)): it has no nonlinearity and its output reads the input directly, "
                                         "so it is not an nn.RNN. The newer tutorial's i2h, h2h, h2o (hidden = "
                                         "tanh(i2h(x) + h2h(hidden))) or nn.RNN + a linear layer can be opened")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "embedding")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "head")),
    # -- the user's own input and h0 files (engine/user_inputs.py)
    (r"^there is no (?P<msg_what>input|h0) file (?P<path>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "there is no {msg_what} file {path}")),
    (r"^the (?P<msg_what>input|h0) file (?P<path>.+) must be \.npy or \.pt, got (?P<suffix>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the {msg_what} file {path} must be .npy or .pt, got {suffix}")),
    (r"^the (?P<msg_what>input|h0) file (?P<path>.+) is not a readable \.npy array: (?P<detail>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the {msg_what} file {path} is not a readable .npy array: {detail}")),
    (r"^the (?P<msg_what>input|h0) file (?P<path>.+) holds (?P<type>\S+), not one tensor$",
     QT_TRANSLATE_NOOP("EngineMessages", "the {msg_what} file {path} holds {type}, not one tensor")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "input")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "h0")),
    (r"^(?P<msg_name>.+) has (?P<count>\d+) features per step \(shape (?P<shape>\([^)]*\))\) but the model's input_size "
     r"is (?P<size>\d+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{msg_name} has {count} features per step (shape {shape}) but the model's "
                                         "input_size is {size}")),
    (r"^(?P<msg_name>.+) has a batch of 0 sequences \(shape (?P<shape>\([^)]*\))\): nothing to step$",
     QT_TRANSLATE_NOOP("EngineMessages", "{msg_name} has a batch of 0 sequences (shape {shape}): nothing to step")),
    (r"^(?P<msg_name>.+) has 0 time steps \(shape (?P<shape>\([^)]*\))\): nothing to step$",
     QT_TRANSLATE_NOOP("EngineMessages", "{msg_name} has 0 time steps (shape {shape}): nothing to step")),
    (r"^(?P<msg_name>.+) has shape (?P<shape>\([^)]*\)); for unbatched input nn\.RNN needs "
     r"(?P<layout>\(.*\)) = (?P<expected>\([^)]*\))$",
     QT_TRANSLATE_NOOP("EngineMessages", "{msg_name} has shape {shape}; for unbatched input nn.RNN needs {layout} = "
                                         "{expected}")),
    (r"^(?P<msg_name>.+) has shape (?P<shape>\([^)]*\)); for a batch of (?P<batch>\d+) nn\.RNN needs "
     r"(?P<layout>\(.*\)) = (?P<expected>\([^)]*\))$",
     QT_TRANSLATE_NOOP("EngineMessages", "{msg_name} has shape {shape}; for a batch of {batch} nn.RNN needs "
                                         "{layout} = {expected}")),
    (r"^the input file (?P<path>.+)$", QT_TRANSLATE_NOOP("EngineMessages", "the input file {path}")),
    (r"^the h0 file (?P<path>.+)$", QT_TRANSLATE_NOOP("EngineMessages", "the h0 file {path}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the input")),
    (r"^(?P<msg_name>.+) contains NaN or infinite values$",
     QT_TRANSLATE_NOOP("EngineMessages", "{msg_name} contains NaN or infinite values")),
    (rf"^{_PATH} contains no nn\.RNN weights \(no key ending in 'weight_ih_l0'\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} contains no nn.RNN weights (no key ending in 'weight_ih_l0')")),
    (rf"^{_PATH} contains several recurrent layers \((?P<names>.+)\); only one nn\.RNN is supported$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} contains several recurrent layers ({names}); only one nn.RNN is "
                                         "supported")),
    (rf"^{_PATH} holds (?P<msg_kind>a GRU|an LSTM) \((?P<key>'[^']*') has (?P<rows>\d+) rows = (?P<factor>\d+) x "
     r"hidden_size (?P<hidden>\d+)\); only plain nn\.RNN is supported$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} holds {msg_kind} ({key} has {rows} rows = {factor} x hidden_size "
                                         "{hidden}); only plain nn.RNN is supported")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a GRU")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "an LSTM")),
    (rf"^{_PATH} holds an (?P<module>nn\.LSTM|nn\.GRU), whose gates fix their nonlinearities: the nonlinearity "
     r"option is for nn\.RNN only$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} holds an {module}, whose gates fix their nonlinearities: the "
                                         "nonlinearity option is for nn.RNN only")),
    (r"^(?P<key>'[^']*') and (?P<key2>'[^']*') must be matrices$",
     QT_TRANSLATE_NOOP("EngineMessages", "{key} and {key2} must be matrices")),
    (r"^(?P<key>'[^']*') has shape (?P<shape>\([^)]*\)), which does not fit hidden_size (?P<hidden>\d+) from "
     r"(?P<key2>'[^']*') (?P<shape2>\([^)]*\))$",
     QT_TRANSLATE_NOOP("EngineMessages", "{key} has shape {shape}, which does not fit hidden_size {hidden} from "
                                         "{key2} {shape2}")),
    (r"^the layers of (?P<key>'[^']*') are not numbered (?P<range>\S+): (?P<layers>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the layers of {key} are not numbered {range}: {layers}")),
    (r"^(?P<key>'[^']*') is missing$", QT_TRANSLATE_NOOP("EngineMessages", "{key} is missing")),
    (r"^(?P<key>'[^']*') has shape (?P<shape>\([^)]*\)), expected (?P<expected>\([^)]*\))$",
     QT_TRANSLATE_NOOP("EngineMessages", "{key} has shape {shape}, expected {expected}")),
    (r"^input text: the vocabulary's first tokens (?P<text>.+) \(give your own text to change it\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "input text: the vocabulary's first tokens {text} (give your own text to "
                                         "change it)")),
    # -- what opening a model used, inferred and dropped (engine/model_io.py's notes)
    (r"^used: nn\.RNN under (?P<prefix>'[^']*'): input_size=(?P<i>\d+), hidden_size=(?P<h>\d+), (?P<l>\d+) "
     r"layers?, (?P<msg_dir>bidirectional|one direction), bias=(?P<bias>True|False), (?P<dtype>\w+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "used: nn.RNN under {prefix}: input_size={i}, hidden_size={h}, {l} "
                                         "layer(s), {msg_dir}, bias={bias}, {dtype}")),
    (r"^used: nn\.RNN: input_size=(?P<i>\d+), hidden_size=(?P<h>\d+), (?P<l>\d+) layers?, "
     r"(?P<msg_dir>bidirectional|one direction), bias=(?P<bias>True|False), (?P<dtype>\w+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "used: nn.RNN: input_size={i}, hidden_size={h}, {l} layer(s), {msg_dir}, "
                                         "bias={bias}, {dtype}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "bidirectional")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "one direction")),
    (r"^nonlinearity (?P<name>\w+) \((?P<msg_why>given|recorded in the file|the default: a state_dict does not "
     r"record it)\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "nonlinearity {name} ({msg_why})")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "given")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "recorded in the file")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the default: a state_dict does not record it")),
    (r"^used: the vocabulary file (?P<path>.+) \((?P<count>\d+) tokens\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "used: the vocabulary file {path} ({count} tokens)")),
    (r"^used: the vocabulary stored in (?P<path>.+) \((?P<count>\d+) tokens\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "used: the vocabulary stored in {path} ({count} tokens)")),
    (r"^used: embedding (?P<key>'[^']*'): (?P<count>\d+) tokens x (?P<size>\d+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "used: embedding {key}: {count} tokens x {size}")),
    (r"^inferred: one-hot input \(no embedding; input_size (?P<size>\d+) = the vocabulary's size\): x_t is 1 at the "
     r"token's id, 0 elsewhere$",
     QT_TRANSLATE_NOOP("EngineMessages", "inferred: one-hot input (no embedding; input_size {size} = the "
                                         "vocabulary's size): x_t is 1 at the token's id, 0 elsewhere")),
    (r"^input: a tensor of (?P<size>\d+) features per step \(no embedding, no vocabulary\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "input: a tensor of {size} features per step (no embedding, no vocabulary)")),
    (r"^used: head (?P<keys>.+): next-token probabilities \(softmax of the head\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "used: head {keys}: next-token probabilities (softmax of the head)")),
    (r"^inferred: classifier head (?P<keys>.+) with (?P<count>\d+) classes$",
     QT_TRANSLATE_NOOP("EngineMessages", "inferred: classifier head {keys} with {count} classes")),
    (r"^class names from the labels file (?P<path>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "class names from the labels file {path}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "class names stored in the file")),
    (r"^classes numbered 0\.\.(?P<last>\d+) \(give a labels file to name them\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "classes numbered 0..{last} (give a labels file to name them)")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "probabilities: the softmax of the head at every step (a LogSoftmax "
                                               "head gives the same)")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the classifier reads output[t]; at the last step its reverse half "
                                               "has read only the last token (a model whose head reads h_n's two "
                                               "final states predicts differently)")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "no linear head after the RNN: no probabilities")),
    (r"^dropped (?P<count>\d+) other tensor\(s\): (?P<keys>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "dropped {count} other tensor(s): {keys}")),
    (r"^inferred: (?P<key>'[^']*') is the (?P<msg_role>embedding|head) from its place before or after the RNN "
     r"\(its shape and name fit both\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "inferred: {key} is the {msg_role} from its place before or after the RNN "
                                         "(its shape and name fit both)")),
    (r"^inferred: (?P<i2h>'[^']*') and (?P<h2h>'[^']*') are one RNN cell, h_t = tanh\(i2h\(x_t\) \+ "
     r"h2h\(h_\(t-1\)\)\) as in the PyTorch name-classifier tutorial; its weights are nn\.RNN's weight_ih_l0 and "
     r"weight_hh_l0$",
     QT_TRANSLATE_NOOP("EngineMessages", "inferred: {i2h} and {h2h} are one RNN cell, h_t = tanh(i2h(x_t) + "
                                         "h2h(h_(t-1))) as in the PyTorch name-classifier tutorial; its weights are "
                                         "nn.RNN's weight_ih_l0 and weight_hh_l0")),
    # -- what opening a lesson noticed (engine/lesson_file.py, Lesson.notes), and saving one
    (r"^the (?P<msg_what>inputs|h0) regenerated here differ from the ones the lesson was saved "
     r"with(?P<msg_versions>(?: \(saved with PyTorch \S+, this is \S+\))?): the numbers shown will differ "
     r"from the teacher's$",
     QT_TRANSLATE_NOOP("EngineMessages", "the {msg_what} regenerated here differ from the ones the lesson was "
                                         "saved with{msg_versions}: the numbers shown will differ from the "
                                         "teacher's")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "inputs")),
    (r"^ \(saved with PyTorch (?P<saved>\S+), this is (?P<this>\S+)\)$",
     QT_TRANSLATE_NOOP("EngineMessages", " (saved with PyTorch {saved}, this is {this})")),
    (r"^the lesson's text and notes are too long to save \(over (?P<limit>\d+) KiB\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the lesson's text and notes are too long to save (over {limit} KiB)")),
    # -- weight edits' names (engine/weight_edits.py), shown in Edit → Undo/Redo and the status bar
    (r"^set (?P<name>[\w.]+)$", QT_TRANSLATE_NOOP("EngineMessages", "set {name}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "reset every weight")),
    (r"^there is no parameter (?P<name>'[^']*'); choose one of: (?P<names>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "there is no parameter {name}; choose one of: {names}")),
    (r"^(?P<name>[\w.]+) has shape (?P<shape>\([^)]*\)), the new values (?P<shape2>\([^)]*\))$",
     QT_TRANSLATE_NOOP("EngineMessages", "{name} has shape {shape}, the new values {shape2}")),
    # -- backpropagation's target (engine/bptt.py)
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a loss through the head needs the target token")),
    (r"^the target must be one token, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the target must be one token, got {value}")),
    (r"^the target token id must be from 0 to (?P<high>\d+), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the target token id must be from 0 to {high}, got {value}")),
    # -- lesson files (engine/lesson_file.py), the main refusals
    (rf"^{_PATH} is not a lesson file \(a lesson is a zip archive with (?P<json>\S+) and (?P<weights>\S+)\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is not a lesson file (a lesson is a zip archive with {json} and "
                                         "{weights})")),
    (rf"^{_PATH} is a damaged lesson file: (?P<detail>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is a damaged lesson file: {detail}")),
    (rf"^{_PATH} was made by a newer RNN Stepper \(lesson format (?P<version>\d+); this version opens up to "
     r"(?P<newest>\d+)\): update RNN Stepper to open it$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} was made by a newer RNN Stepper (lesson format {version}; this "
                                         "version opens up to {newest}): update RNN Stepper to open it")),
    (rf"^{_PATH} is not an RNN Stepper lesson \((?P<json>\S+) does not say (?P<format>.+)\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is not an RNN Stepper lesson ({json} does not say {format})")),
    (r"^invalid configuration: (?P<msg_inner>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "invalid configuration: {msg_inner}")),
    # -- training (engine/training.py)
    (r"^the learning rate must be a number above 0 and at most (?P<high>\S+) \(try 0\.01 to 0\.05 with adam\), "
     r"got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the learning rate must be a number above 0 and at most {high} (try 0.01 to "
                                         "0.05 with adam), got {value}")),
    (r"^clip \(the largest gradient norm\) must be a number >= 0 \(0 = no clipping\), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "clip (the largest gradient norm) must be a number >= 0 (0 = no clipping), "
                                         "got {value}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "there is nothing to learn: training needs at least one sentence of two "
                                               "or more characters (a character and the one that follows it)")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "there is nothing to learn: no sentence has two or more tokens")),
    (r"^the training text has (?P<count>\d+) characters; at most (?P<limit>\d+) are supported$",
     QT_TRANSLATE_NOOP("EngineMessages", "the training text has {count} characters; at most {limit} are supported")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the corpus holds no sentences (every line is blank)")),
    (rf"^{_PATH} is larger than (?P<limit>\d+) MiB; use a smaller corpus$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is larger than {limit} MiB; use a smaller corpus")),
    (rf"^{_PATH} is a folder; give a text file with one sentence per line$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is a folder; give a text file with one sentence per line")),
    (rf"^{_PATH} is not UTF-8 text$", QT_TRANSLATE_NOOP("EngineMessages", "{path} is not UTF-8 text")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "training needs a text model (embedding -> RNN -> head); a "
                                               "random-tensor model has no characters to predict")),
    (r"^(?P<count>\d+) character\(s\) of the training text are not in the model's vocabulary: (?P<chars>.+); "
     r"train a new model to build a vocabulary from the text$",
     QT_TRANSLATE_NOOP("EngineMessages", "{count} character(s) of the training text are not in the model's "
                                         "vocabulary: {chars}; train a new model to build a vocabulary from the "
                                         "text")),
    (r"^(?P<msg_what>the loss|a gradient|a weight) became infinite or NaN in epoch (?P<epoch>\d+): lower the "
     r"learning rate \(now (?P<rate>\S+)\) or turn on gradient clipping; the model was put back to the end of "
     r"epoch (?P<previous>\d+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{msg_what} became infinite or NaN in epoch {epoch}: lower the learning rate "
                                         "(now {rate}) or turn on gradient clipping; the model was put back to the "
                                         "end of epoch {previous}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the loss")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a gradient")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a weight")),
    # -- generating, weight edits, backpropagation
    (None, QT_TRANSLATE_NOOP("EngineMessages", "generating text needs a text model (embedding -> RNN -> head)")),
    (r"^training here predicts the next character; this model's head is a classifier of (?P<count>\d+) classes$",
     QT_TRANSLATE_NOOP("EngineMessages", "training here predicts the next character; this model's head is a "
                                         "classifier of {count} classes")),
    (r"^the number of characters to generate must be a whole number from 1 to (?P<high>\d+), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the number of characters to generate must be a whole number from 1 to "
                                         "{high}, got {value}")),
    (r"^temperature must be a number from 0 \(always the most probable character\) to (?P<high>\S+), "
     r"got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "temperature must be a number from 0 (always the most probable character) "
                                         "to {high}, got {value}")),
    (r"^seed must be a whole number >= 0, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "seed must be a whole number >= 0, got {value}")),
    (r"^a weight must be a finite number, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "a weight must be a finite number, got {value}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "every new value must be a finite number (no inf or NaN)")),
    (r"^the loss step must be a time step from 0 to (?P<high>\d+), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the loss step must be a time step from 0 to {high}, got {value}")),
    (r"^the last character \(step (?P<last>\d+)\) has no next character to compare its prediction with: choose a "
     r"step from 0 to (?P<high>-?\d+), or a target character$",
     QT_TRANSLATE_NOOP("EngineMessages", "the last character (step {last}) has no next character to compare its "
                                         "prediction with: choose a step from 0 to {high}, or a target character")),
    (r"^W_hh's spectral radius is (?P<radius>\S+) < 1: going back in time each step multiplies the gradient by "
     r"W_hh, so it tends to shrink \(vanishing gradients\)(?P<msg_and>.*)\.$",
     QT_TRANSLATE_NOOP("EngineMessages", "W_hh's spectral radius is {radius} < 1: going back in time each step "
                                         "multiplies the gradient by W_hh, so it tends to shrink (vanishing "
                                         "gradients){msg_and}.")),
    (r"^W_hh's spectral radius is (?P<radius>\S+) > 1: going back in time each step multiplies the gradient by "
     r"W_hh, so it can grow \(exploding gradients\), although(?P<msg_although>.*)\.$",
     QT_TRANSLATE_NOOP("EngineMessages", "W_hh's spectral radius is {radius} > 1: going back in time each step "
                                         "multiplies the gradient by W_hh, so it can grow (exploding gradients), "
                                         "although{msg_although}.")),
    (r"^W_hh's spectral radius is exactly 1: the gradient neither shrinks nor grows through W_hh in the long "
     r"run(?P<msg_and>.*)\.$",
     QT_TRANSLATE_NOOP("EngineMessages", "W_hh's spectral radius is exactly 1: the gradient neither shrinks nor grows "
                                         "through W_hh in the long run{msg_and}.")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", " and tanh's slope (1 - h², at most 1, small where |h| is near 1) "
                                               "shrinks them further")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", " and relu passes a gradient only where the neuron is active "
                                               "(pre-activation > 0)")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", " tanh's slope (1 - h², at most 1, small where |h| is near 1) "
                                               "shrinks them further")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", " relu passes a gradient only where the neuron is active "
                                               "(pre-activation > 0)")),
    # the memory gate of an LSTM / GRU, in place of the spectral radius (engine/bptt.py's explain_gate_memory)
    (r"^Going back in time, the gradient along the cell state is multiplied only by the forget gate f at each "
     r"step \(no weight matrix, no squashing\): the product of f over these (?P<steps>\d+) steps is "
     r"(?P<value>\S+) \(mean over the neurons\), how much of c_0 is still in c_t and how much of dL/dc_t reaches "
     r"back to it\.$",
     QT_TRANSLATE_NOOP("EngineMessages", "Going back in time, the gradient along the cell state is multiplied only by "
                                         "the forget gate f at each step (no weight matrix, no squashing): the product "
                                         "of f over these {steps} steps is {value} (mean over the neurons), how much "
                                         "of c_0 is still in c_t and how much of dL/dc_t reaches back to it.")),
    (r"^Going back in time, the gradient along h's direct path \(h_t = \(1 - z\) \* n \+ z \* h_\(t-1\)\) is "
     r"multiplied only by the update gate z at each step: the product of z over these (?P<steps>\d+) steps is "
     r"(?P<value>\S+) \(mean over the neurons\), how much of h_0 is kept in h_t along that path\.$",
     QT_TRANSLATE_NOOP("EngineMessages", "Going back in time, the gradient along h's direct path (h_t = (1 - z) * n + "
                                         "z * h_(t-1)) is multiplied only by the update gate z at each step: the "
                                         "product of z over these {steps} steps is {value} (mean over the neurons), "
                                         "how much of h_0 is kept in h_t along that path.")),
    # -- files (engine/files.py, gui/export.py)
    (r"^cannot write into the folder (?P<path>.+): (?P<msg_error>[^:]+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "cannot write into the folder {path}: {msg_error}")),
    (r"^cannot create the folder (?P<path>.+): (?P<msg_error>[^:]+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "cannot create the folder {path}: {msg_error}")),
    (r"^cannot write (?P<path>.+): (?P<msg_error>[^:]+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "cannot write {path}: {msg_error}")),
    (r"^cannot read (?P<path>.+): (?P<msg_error>[^:]+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "cannot read {path}: {msg_error}")),
    (r"^(?P<name>.+) is not a valid file name$", QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a valid file name")),
    (rf"^{_PATH} is a file, not a folder$", QT_TRANSLATE_NOOP("EngineMessages", "{path} is a file, not a folder")),
    (r"^the folder (?P<path>.+) does not exist$", QT_TRANSLATE_NOOP("EngineMessages", "the folder {path} does not exist")),
    (r"^an image of (?P<width>\d+) x (?P<height>\d+) pixels is too large; choose a smaller width or scale$",
     QT_TRANSLATE_NOOP("EngineMessages", "an image of {width} x {height} pixels is too large; choose a smaller width "
                                         "or scale")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the image could not be encoded as PNG")),
    (r"^cannot export to (?P<name>.+): choose a \.png or \.svg file name$",
     QT_TRANSLATE_NOOP("EngineMessages", "cannot export to {name}: choose a .png or .svg file name")),
    (r"^an animation is saved as \.gif, not (?P<name>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "an animation is saved as .gif, not {name}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "the animation has no frames")),
    (r"^cannot export to (?P<name>.+): choose a (?P<formats>\.\w+(?:, \.\w+)* or \.\w+) file name$",
     QT_TRANSLATE_NOOP("EngineMessages", "cannot export to {name}: choose a {formats} file name")),
    (r"^cannot export a figure to (?P<name>.+): choose a \.png, \.svg or \.pdf file name$",
     QT_TRANSLATE_NOOP("EngineMessages", "cannot export a figure to {name}: choose a .png, .svg or .pdf file name")),
    (r"^an animation is saved as \.gif or \.mp4, not (?P<name>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "an animation is saved as .gif or .mp4, not {name}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "MP4 needs the 'av' package (pip install av); save a .gif instead")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "choose at least one panel for the figure")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "choose at least one panel for the animation")),
    # -- hostile and odd input (issue 10: engine/files.py, model_io.py, lesson_file.py, vocab.py)
    (rf"^{_PATH} is (?P<msg_kind>a folder|a device|a named pipe \(FIFO\)|a socket|a special file), not a regular "
     r"file; refusing to replace it$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is {msg_kind}, not a regular file; refusing to replace it")),
    (rf"^{_PATH} is (?P<msg_kind>a folder|a device|a named pipe \(FIFO\)|a socket|a special file), not a "
     r"(?P<msg_what>file|corpus file|vocabulary file|model file|lesson file); only regular files are read$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is {msg_kind}, not a {msg_what}; only regular files are read")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a folder")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a device")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a named pipe (FIFO)")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a socket")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "a special file")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "file")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "corpus file")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "vocabulary file")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "model file")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "lesson file")),
    (r"^the (?P<msg_what>file|corpus file|vocabulary file|model file|lesson file) (?P<path>.+) is (?P<size>[\d.]+ "
     r"(?:bytes|MiB|GiB)); at most (?P<limit>.+) is read$",
     QT_TRANSLATE_NOOP("EngineMessages", "the {msg_what} {path} is {size}; at most {limit} is read")),
    (r"^the (?P<msg_what>file|corpus file|vocabulary file|model file|lesson file) (?P<path>.+) is larger than "
     r"(?P<limit>.+); at most that much is read$",
     QT_TRANSLATE_NOOP("EngineMessages", "the {msg_what} {path} is larger than {limit}; at most that much is read")),
    (rf"^{_PATH} is (?P<size>[\d.]+ (?:bytes|MiB|GiB)); a model file may be at most (?P<limit>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is {size}; a model file may be at most {limit}")),
    (rf"^{_PATH} is (?P<size>[\d.]+ (?:bytes|MiB|GiB)); a lesson file is at most (?P<limit>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is {size}; a lesson file is at most {limit}")),
    (r"^the file name (?P<name>.+)… is too long \((?P<size>\d+) bytes; at most (?P<limit>\d+)\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the file name {name}… is too long ({size} bytes; at most {limit})")),
    (r"^(?P<name>.+) is not a valid file name \(it is not valid UTF-8\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a valid file name (it is not valid UTF-8)")),
    (r"^line (?P<line>\d+) of the vocabulary file (?P<path>.+) has (?P<count>\d+) characters; a token has at most "
     r"(?P<limit>\d+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "line {line} of the vocabulary file {path} has {count} characters; a token "
                                         "has at most {limit}")),
    (r"^the stored vocabulary must be a list of tokens, got (?P<type>\w+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the stored vocabulary must be a list of tokens, got {type}")),
    (r"^token (?P<number>\d+) of the stored vocabulary is (?P<value>.+), not a non-empty string$",
     QT_TRANSLATE_NOOP("EngineMessages", "token {number} of the stored vocabulary is {value}, not a non-empty string")),
    (r"^token (?P<number>\d+) of the stored vocabulary has (?P<count>\d+) characters; a token has at most "
     r"(?P<limit>\d+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "token {number} of the stored vocabulary has {count} characters; a token has "
                                         "at most {limit}")),
    (r"^a state_dict's keys are parameter names, but one key is (?P<type>\w+) (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "a state_dict's keys are parameter names, but one key is {type} {value}")),
    (r"^(?P<key>'.*') (?P<msg_problem>is a meta tensor \(a shape without any values\)|is a \w+ tensor|"
     r"is a quantized tensor|holds complex numbers); only ordinary \(dense, real\) tensors of numbers can be opened$",
     QT_TRANSLATE_NOOP("EngineMessages", "{key} {msg_problem}; only ordinary (dense, real) tensors of numbers can be "
                                         "opened")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "is a meta tensor (a shape without any values)")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "is a quantized tensor")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "holds complex numbers")),
    (r"^is a (?P<layout>\w+) tensor$", QT_TRANSLATE_NOOP("EngineMessages", "is a {layout} tensor")),
    (r"^(?P<key>'.*') holds (?P<dtype>\S+) values; weights are floating-point numbers$",
     QT_TRANSLATE_NOOP("EngineMessages", "{key} holds {dtype} values; weights are floating-point numbers")),
    (r"^(?P<json>\S+) is nested too deeply to be a lesson$",
     QT_TRANSLATE_NOOP("EngineMessages", "{json} is nested too deeply to be a lesson")),
    (r"^(?P<json>\S+) holds a number too long to be any lesson value$",
     QT_TRANSLATE_NOOP("EngineMessages", "{json} holds a number too long to be any lesson value")),
    (r"^(?P<json>\S+) has no \"config\" object$",
     QT_TRANSLATE_NOOP("EngineMessages", "{json} has no \"config\" object")),
    (r"^'view' must be an object, got (?P<type>\w+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "'view' must be an object, got {type}")),
    (r"^position must be a whole number from 0 to (?P<total>\d+) \(the number of cells\), got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "position must be a whole number from 0 to {total} (the number of cells), "
                                         "got {value}")),
    (r"^the weights do not fit the configuration: (?P<json>\S+) has (?P<key>'[^']*')(?P<more>.*), which it does "
     r"not use$",
     QT_TRANSLATE_NOOP("EngineMessages", "the weights do not fit the configuration: {json} has {key}{more}, which it "
                                         "does not use")),
    (r"^the lesson's (?P<key>\w+) has (?P<count>\d+) characters; only the first (?P<limit>\d+) are shown$",
     QT_TRANSLATE_NOOP("EngineMessages", "the lesson's {key} has {count} characters; only the first {limit} are "
                                         "shown")),
    (r"^the lesson's (?P<key>\w+) is not text \((?P<type>\w+)\); it was left out$",
     QT_TRANSLATE_NOOP("EngineMessages", "the lesson's {key} is not text ({type}); it was left out")),
    (r"^the lesson's (?P<key>\w+) is not a list of names; it was left out$",
     QT_TRANSLATE_NOOP("EngineMessages", "the lesson's {key} is not a list of names; it was left out")),
    (r"^the lesson's (?P<key>\w+) has (?P<count>\d+) characters; at most (?P<limit>\d+) can be saved$",
     QT_TRANSLATE_NOOP("EngineMessages", "the lesson's {key} has {count} characters; at most {limit} can be saved")),
    (r"^the model's weights take (?P<size>.+); a lesson holds at most (?P<limit>.+) \(a model this big can be "
     r"saved as a model file\)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the model's weights take {size}; a lesson holds at most {limit} (a model "
                                         "this big can be saved as a model file)")),
    (r"^(?P<name>\S+) would unpack to (?P<size>.+), more than the (?P<limit>.+) a lesson may hold; refused$",
     QT_TRANSLATE_NOOP("EngineMessages", "{name} would unpack to {size}, more than the {limit} a lesson may hold; "
                                         "refused")),
    (r"^(?P<name>\S+) unpacks to more than (?P<limit>.+); refused$",
     QT_TRANSLATE_NOOP("EngineMessages", "{name} unpacks to more than {limit}; refused")),
    # -- more lesson refusals (engine/lesson_file.py): the archive's members, the format, the weights
    (rf"^{_PATH} holds (?P<count>\d+) files; a lesson holds (?P<json>\S+) and (?P<weights>\S+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} holds {count} files; a lesson holds {json} and {weights}")),
    (rf"^{_PATH} holds (?P<name>\S+) more than once$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} holds {name} more than once")),
    (rf"^{_PATH} is not a complete lesson: (?P<name>\S+) is missing$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is not a complete lesson: {name} is missing")),
    (rf"^{_PATH} is not a complete lesson: (?P<name>\S+) and (?P<name2>\S+) are missing$",
     QT_TRANSLATE_NOOP("EngineMessages", "{path} is not a complete lesson: {name} and {name2} are missing")),
    (r"^the lesson format version must be a whole number, got (?P<value>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "the lesson format version must be a whole number, got {value}")),
    (r"^unknown configuration field\(s\) (?P<names>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "unknown configuration field(s) {names}")),
    (r"^(?P<weights>\S+) has no (?P<key>'[^']*'), which the configuration needs$",
     QT_TRANSLATE_NOOP("EngineMessages", "{weights} has no {key}, which the configuration needs")),
    (r"^(?P<key>'.*') is not a tensor$", QT_TRANSLATE_NOOP("EngineMessages", "{key} is not a tensor")),
    (r"^the weights do not fit the configuration: (?P<key>'[^']*') has shape (?P<shape>\([^)]*\)), the "
     r"configuration \((?P<msg_sizes>[^)]*)\) needs (?P<expected>\([^)]*\))$",
     QT_TRANSLATE_NOOP("EngineMessages", "the weights do not fit the configuration: {key} has shape {shape}, the "
                                         "configuration ({msg_sizes}) needs {expected}")),
    (r"^input_size (?P<i>\d+), hidden_size (?P<h>\d+), num_layers (?P<l>\d+)(?P<msg_bi>(?:, bidirectional)?), "
     r"(?P<count>\d+) tokens$",
     QT_TRANSLATE_NOOP("EngineMessages", "input_size {i}, hidden_size {h}, num_layers {l}{msg_bi}, {count} tokens")),
    (r"^input_size (?P<i>\d+), hidden_size (?P<h>\d+), num_layers (?P<l>\d+)(?P<msg_bi>(?:, bidirectional)?)$",
     QT_TRANSLATE_NOOP("EngineMessages", "input_size {i}, hidden_size {h}, num_layers {l}{msg_bi}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", ", bidirectional")),
    (r"^ and (?P<count>\d+) more$", QT_TRANSLATE_NOOP("EngineMessages", " and {count} more")),
    # lesson.json that Python's json module cannot parse: its reasons, as json words them
    (r"^(?P<json>\S+) is not valid JSON: (?P<msg_reason>.+) at line (?P<line>\d+), column (?P<column>\d+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "{json} is not valid JSON: {msg_reason} at line {line}, column {column}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Expecting value")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Expecting property name enclosed in double quotes")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Expecting ',' delimiter")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Expecting ':' delimiter")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Extra data")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Unterminated string starting at")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Invalid control character at")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Invalid \\escape")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Invalid \\uXXXX escape")),
    # the {detail} of a damaged lesson (zipfile, zlib) or an unreadable model file (torch.load)
    (r"^Error (?P<code>-?\d+) while decompressing data: (?P<msg_reason>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "Error {code} while decompressing data: {msg_reason}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid code -- missing end-of-block")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid block type")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid stored block lengths")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "too many length or distance symbols")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid code lengths set")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid bit length repeat")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid literal/lengths set")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid distances set")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid literal/length code")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid distance code")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "invalid distance too far back")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "incorrect header check")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "incomplete or truncated stream")),
    (r"^Bad CRC-32 for file (?P<name>'[^']*')$",
     QT_TRANSLATE_NOOP("EngineMessages", "Bad CRC-32 for file {name}")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "File is not a zip file")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Bad magic number for file header")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Truncated file header")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Compressed file ended before the end-of-stream marker was reached")),
    (r"^PytorchStreamReader failed reading zip archive: failed finding central directory(?:\..*)?$",
     QT_TRANSLATE_NOOP("EngineMessages", "PytorchStreamReader failed reading zip archive: failed finding central "
                                         "directory")),
    (r"^PytorchStreamReader failed reading file (?P<name>\S+): invalid header or archive is corrupted$",
     QT_TRANSLATE_NOOP("EngineMessages", "PytorchStreamReader failed reading file {name}: invalid header or archive "
                                         "is corrupted")),
    (r"^invalid load key, (?P<key>'.*')\.$", QT_TRANSLATE_NOOP("EngineMessages", "invalid load key, {key}.")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Ran out of input")),
    # -- operating-system errors (strerror) inside the messages above
    (None, QT_TRANSLATE_NOOP("EngineMessages", "permission denied")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Permission denied")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "No such file or directory")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Is a directory")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "Read-only file system")),
    (None, QT_TRANSLATE_NOOP("EngineMessages", "No space left on device")),
    # -- defects, as the session and the error reporter word them
    (r"^unexpected error while training: (?P<detail>.+)$",
     QT_TRANSLATE_NOOP("EngineMessages", "unexpected error while training: {detail}")),
    (r"^unexpected error: (?P<detail>.+)$", QT_TRANSLATE_NOOP("EngineMessages", "unexpected error: {detail}")),
    (r"^Unexpected error: (?P<detail>.+)$", QT_TRANSLATE_NOOP("EngineMessages", "Unexpected error: {detail}")),
)
# "{path}: {message}": the engine prefixes many refusals with the file they are about.
_PREFIXED = QT_TRANSLATE_NOOP("EngineMessages", "{path}: {message}")
_MAX_DEPTH = 3  # nested messages: "path: invalid configuration: hidden_size must be ..."
# Fields named before "msg" fields existed whose text may be a known message too (a library's
# reason for a damaged file, " and 2 more"); translated when known, kept as they are otherwise.
_TRANSLATED_FIELDS = {"detail", "more"}


@lru_cache(maxsize=1)
def _compiled_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern if pattern is not None else "^" + re.escape(template) + "$", re.DOTALL),
                  template) for pattern, template in _ENGINE_RULES)


def engine_templates() -> tuple[str, ...]:
    """Every English template of the table (tests check each one is translated)."""
    return tuple(template for _pattern, template in _ENGINE_RULES) + (_PREFIXED,)


def translate_engine_message(text: str) -> str:
    """An English message from the engine in the current language; unknown messages unchanged."""
    if not isinstance(text, str) or not text or _current == DEFAULT_LANGUAGE:
        return text
    try:
        return _translate_message(text, 0)
    except Exception:  # a broken translation must never hide the message itself
        log.exception("translating the message %r failed", text)
        return text


def _translate_message(text: str, depth: int, prefixes: bool = True) -> str:
    for pattern, template in _compiled_rules():
        match = pattern.match(text)
        if match is None:
            continue
        values = {name: _translate_message(value, depth + 1)
                  if (name.startswith("msg") or name in _TRANSLATED_FIELDS) and depth < _MAX_DEPTH
                  else value for name, value in match.groupdict().items()}
        return _fill(template, values)
    if prefixes and depth < _MAX_DEPTH:
        # "{path}: {message}". The path may hold ": " itself, so a split whose rest is a known
        # message as it stands wins over one whose rest is again "something: message".
        colons = [i for i in range(len(text)) if text.startswith(": ", i) and i > 0]
        for nested in (False, True):
            for colon in colons:
                rest = text[colon + 2:]
                translated = _translate_message(rest, depth + 1, prefixes=nested)
                if translated != rest:
                    return _fill(_PREFIXED, {"path": text[:colon], "message": translated})
    return text


def _fill(template: str, values: dict[str, str]) -> str:
    translated = translate(ENGINE_CONTEXT, template)
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that lost a {field}: English is better than nothing
        log.warning("the translation of %r does not fit its fields", template)
        return template.format(**values)


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
