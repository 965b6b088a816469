#!/usr/bin/env python3
"""Extract the GUI's strings into the Chinese translation file and compile it.

    python scripts/update_translations.py                 # extract, compile, list what is untranslated
    python scripts/update_translations.py --check         # ... and fail if anything is untranslated
    python scripts/update_translations.py --export-todo todo.json   # the untranslated strings, to translate
    python scripts/update_translations.py --import-json done.json   # fill them in, then compile

resources/translations/rnn_stepper_zh_CN.ts is the source of truth for the translations. This
script runs `pyside6-lupdate` over gui/**/*.py and over the engine's message catalogue (the
templates of engine/message_catalog.py and the library wordings it knows, written for lupdate as
QT_TRANSLATE_NOOP("EngineMessages", ...) lines into a temporary file, since the engine has no Qt),
which adds new strings (as "unfinished"), keeps
every existing translation and drops strings no longer in the code (-no-obsolete); then
`pyside6-lrelease` compiles the .qm that gui/i18n.py loads (finished translations only). It never
changes a finished translation: --import-json only fills strings that have none yet.

The JSON of --export-todo / --import-json is {"Context": {"English source": "translation"}}; the
context is the class name for self.tr(...), or the first argument of
QCoreApplication.translate / QT_TRANSLATE_NOOP. Translate placeholders ({0}, {name}, {1:.2f})
and HTML tags as they are, and keep menu accelerators as "文件(&F)".
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGE = "zh_CN"
TS_FILE = TRANSLATIONS / f"rnn_stepper_{LANGUAGE}.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
HEADER = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
ENGINE_CONTEXT = "EngineMessages"  # gui.i18n.ENGINE_CONTEXT (the script does not import Qt)


def source_files() -> list[Path]:
    """Every GUI module (the engine's messages come from its catalogue: `engine_catalogue_source`)."""
    return sorted((ROOT / "gui").rglob("*.py"))


def engine_catalogue_source() -> str:
    """Python source that lupdate reads: one QT_TRANSLATE_NOOP("EngineMessages", text) per English
    template of the engine's message catalogue and per foreign wording it translates."""
    sys.path.insert(0, str(ROOT))  # the checkout's rnn_stepper/ (a script's path is scripts/)
    try:
        from rnn_stepper.engine.message_catalog import FOREIGN_TEXTS, TEMPLATES
    finally:
        sys.path.pop(0)
    texts = dict.fromkeys([*TEMPLATES.values(), *FOREIGN_TEXTS])
    return "".join(f'QT_TRANSLATE_NOOP("{ENGINE_CONTEXT}", {_python_literal(text)})\n' for text in texts)


def _python_literal(text: str) -> str:
    """`text` as a double-quoted Python string literal, as lupdate reads them."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (it provides {name})")
    return found


def run_lupdate(ts: Path = TS_FILE) -> None:
    ts.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    with tempfile.TemporaryDirectory(prefix="rnn-stepper-lupdate-") as folder:
        catalogue = Path(folder) / "engine_messages.py"
        catalogue.write_text(engine_catalogue_source(), encoding="utf-8")
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *files,
                str(catalogue),
                "-ts",
                str(ts.relative_to(ROOT)),
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "en",
                "-target-language",
                LANGUAGE,
            ],
            cwd=ROOT,
            check=True,
        )


def run_lrelease(ts: Path = TS_FILE, qm: Path = QM_FILE) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-nounfinished", "-removeidentical", str(ts), "-qm", str(qm)], check=True
    )


def messages(ts: Path = TS_FILE):
    """(context, source, translation element) for every message of the .ts file."""
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message.findtext("source"), message.find("translation")


def is_finished(translation) -> bool:
    return (
        translation is not None
        and translation.get("type") not in ("unfinished", "vanished", "obsolete")
        and bool((translation.text or "").strip())
    )


def untranslated(ts: Path = TS_FILE) -> dict[str, dict[str, str]]:
    todo: dict[str, dict[str, str]] = {}
    for context, source, translation in messages(ts):
        if not is_finished(translation):
            todo.setdefault(context, {})[source] = (translation.text or "") if translation is not None else ""
    return todo


def import_json(path: Path, ts: Path = TS_FILE) -> int:
    """Fill untranslated messages from `path`; finished ones are left alone. Returns how many."""
    given = json.loads(path.read_text(encoding="utf-8"))
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = given.get(name, {}).get(message.findtext("source"))
            if text and translation is not None and not is_finished(translation):
                translation.text = text
                translation.attrib.pop("type", None)
                filled += 1
    ts.write_text(HEADER + ET.tostring(tree.getroot(), encoding="unicode") + "\n", encoding="utf-8")
    return filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a string has no translation")
    parser.add_argument("--export-todo", type=Path, help="write the untranslated strings to this JSON file")
    parser.add_argument("--import-json", type=Path, help="fill untranslated strings from this JSON file")
    args = parser.parse_args(argv)

    run_lupdate()
    if args.import_json:
        print(f"filled {import_json(args.import_json)} translation(s) from {args.import_json}")
        run_lupdate()  # lupdate's own formatting again
    run_lrelease()
    todo = untranslated()
    count = sum(len(v) for v in todo.values())
    if args.export_todo:
        args.export_todo.write_text(json.dumps(todo, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {count} untranslated string(s) to {args.export_todo}")
    for context, sources in todo.items():
        for source in sources:
            print(f"untranslated: [{context}] {source!r}")
    print(f"{TS_FILE.relative_to(ROOT)}: {count} untranslated; compiled {QM_FILE.relative_to(ROOT)}")
    return 1 if args.check and count else 0


if __name__ == "__main__":
    sys.exit(main())
