"""Update the Qt translation catalogue of the GUI from the sources and the TSV files.

    python tools/i18n.py           # lupdate → fill from TSVs → lrelease (writes .ts and .qm)
    python tools/i18n.py --check   # change nothing; exit 1 if the .ts is stale or incomplete

1. ``pyside6-lupdate`` collects every ``self.tr()`` / ``QCoreApplication.translate()`` /
   ``QT_TRANSLATE_NOOP`` string of ``kehu_desktop/views/**/*.py`` into
   ``resources/translations/kehu_zh_CN.ts`` (no source locations, sorted: small diffs).
2. Translations come from ``resources/translations/zh_CN/*.tsv``, one file per view module so
   several people can add translations without editing the same file. A TSV line is
   ``context<TAB>English source<TAB>Chinese``; ``\\n``, ``\\t`` and ``\\\\`` are escapes; lines
   starting with ``#`` and blank lines are ignored.
3. ``pyside6-lrelease`` compiles the ``.qm`` the app loads. Commit the .ts, the .qm and the TSVs.

Messages with no translation are listed and make the tool exit with status 1.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "kehu_desktop" / "views"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGE = "zh_CN"
TS_FILE = TRANSLATIONS / f"kehu_{LANGUAGE}.ts"
QM_FILE = TRANSLATIONS / f"kehu_{LANGUAGE}.qm"
TSV_DIR = TRANSLATIONS / LANGUAGE

Key = tuple[str, str]  # (context, source)
_PLACEHOLDER = re.compile(r"%\d")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\"}


def qt_tool(name: str) -> list[str]:
    """The command for a PySide6 tool (``lupdate``, ``lrelease``): the ``pyside6-*`` script next
    to the running Python, else on PATH, else through the PySide6 package itself."""
    bindir = Path(sys.executable).parent
    for candidate in (bindir / f"pyside6-{name}", bindir / f"pyside6-{name}.exe"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which(f"pyside6-{name}")
    if found:
        return [found]
    return [
        sys.executable,
        "-c",
        f"import sys; from PySide6.scripts.pyside_tool import {name}; sys.exit({name}())",
    ]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def escape_tsv(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


@dataclass
class Report:
    missing: list[Key] = field(default_factory=list)  # in the .ts, in no TSV
    stale: list[tuple[Path, Key]] = field(default_factory=list)  # in a TSV, not in the .ts
    problems: list[str] = field(default_factory=list)  # bad lines, clashes, placeholders

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problems


def read_tsvs(directory: Path = TSV_DIR) -> tuple[dict[Key, tuple[str, Path]], list[str]]:
    table: dict[Key, tuple[str, Path]] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                problems.append(f"{path.name}:{number}: expected 3 tab-separated columns")
                continue
            context, source, translation = (_unescape(p) for p in parts)
            key = (context, source)
            if key in table and table[key][0] != translation:
                problems.append(
                    f"{path.name}:{number}: {context} “{source}” is translated "
                    f"differently in {table[key][1].name}"
                )
            table[key] = (translation, path)
    return table, problems


def _check_message(key: Key, translation: str) -> list[str]:
    problems = []
    if sorted(_PLACEHOLDER.findall(key[1])) != sorted(_PLACEHOLDER.findall(translation)):
        problems.append(f"{key[0]} “{key[1]}”: placeholders differ in “{translation}”")
    if re.search(r"&[^&\s]", key[1].replace("&&", "")) and "&" not in translation:
        problems.append(f"{key[0]} “{key[1]}”: the keyboard accelerator (&) is lost")
    if not translation.strip():
        problems.append(f"{key[0]} “{key[1]}”: empty translation")
    return problems


def run_lupdate(ts_file: Path) -> None:
    sources = sorted(str(p) for p in SOURCES.rglob("*.py"))
    subprocess.run(
        [
            *qt_tool("lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            "-sort-messages",
            "-source-language",
            "en",
            "-target-language",
            LANGUAGE,
            *sources,
            "-ts",
            str(ts_file),
        ],
        check=True,
    )


def fill(ts_file: Path, tsv_dir: Path = TSV_DIR) -> Report:
    """Put every TSV translation into ``ts_file`` (rewritten in place)."""
    table, problems = read_tsvs(tsv_dir)
    report = Report(problems=problems)
    tree = ET.parse(ts_file)
    used: set[Key] = set()
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            key = (name, message.findtext("source", ""))
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            if key in table:
                used.add(key)
                translation.text = table[key][0]
                translation.attrib.pop("type", None)
                report.problems.extend(_check_message(key, table[key][0]))
            else:
                # The TSVs are the only source: a translation typed elsewhere (Linguist) is kept
                # as a hint but not shipped until it is in a TSV.
                translation.set("type", "unfinished")
                report.missing.append(key)
    report.stale = [(path, key) for key, (_t, path) in table.items() if key not in used]
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )
    return report


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([*qt_tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True)


def messages(ts_file: Path) -> dict[Key, tuple[str, str | None]]:
    """(context, source) → (translation, type) of a .ts file."""
    out: dict[Key, tuple[str, str | None]] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            t = message.find("translation")
            out[(name, message.findtext("source", ""))] = (
                (t.text or "") if t is not None else "",
                t.get("type") if t is not None else None,
            )
    return out


def build(ts_file: Path = TS_FILE, qm_file: Path | None = QM_FILE) -> Report:
    run_lupdate(ts_file)
    report = fill(ts_file)
    if qm_file is not None:
        run_lrelease(ts_file, qm_file)
    return report


def check() -> Report:
    """Rebuild into a temporary folder and compare with the committed .ts."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS_FILE.name
        if TS_FILE.exists():
            shutil.copy(TS_FILE, fresh)
        fresh_qm = Path(tmp) / QM_FILE.name
        report = build(fresh, fresh_qm)
        if not TS_FILE.exists() or messages(fresh) != messages(TS_FILE):
            report.problems.append(
                f"{TS_FILE.relative_to(ROOT)} is out of date: run python tools/i18n.py"
            )
        elif not QM_FILE.exists() or QM_FILE.read_bytes() != fresh_qm.read_bytes():
            report.problems.append(
                f"{QM_FILE.relative_to(ROOT)} does not match the .ts: run python tools/i18n.py"
            )
    return report


def print_report(report: Report) -> None:
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    for path, (context, source) in report.stale:
        print(f"unused: {path.name}: {context}\t{escape_tsv(source)}", file=sys.stderr)
    if report.missing:
        print(
            f"{len(report.missing)} message(s) need a translation; add TSV lines such as:",
            file=sys.stderr,
        )
        for context, source in report.missing:
            print(f"{context}\t{escape_tsv(source)}\t", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; fail if the catalogue is stale or incomplete",
    )
    args = parser.parse_args(argv)
    report = check() if args.check else build()
    print_report(report)
    if report.ok:
        total = len(messages(TS_FILE)) if TS_FILE.exists() else 0
        print(f"{TS_FILE.relative_to(ROOT)}: {total} messages, all translated")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
