"""Reading an import file (.csv or .xlsx) into rows of cells.

Whatever goes wrong with the file itself (missing, a folder, locked, empty, another format renamed,
damaged, an unknown encoding) is refused with one catalogue message in the user's language
(:class:`FileRefused`); the English texts of the OS, zipfile, openpyxl and csv never reach the
user. docs/import-template.md lists the cases.
"""

from __future__ import annotations

import csv
import errno
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SUFFIXES = (".csv", ".xlsx")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip file (an .xlsx is one), or an empty zip
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 (.xls) and encrypted workbooks


class FileRefused(Exception):
    """The file cannot be read at all: ``code`` and ``params`` of its one catalogue message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def read_rows(path: Path) -> list[Sequence[object]]:
    """Every row of a .csv file or of the first sheet of an .xlsx file, cells as stored; the list
    index + 1 is the row number Excel and WPS show."""
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileRefused("import.format", suffix=path.suffix or path.name)
    if not data:
        raise FileRefused("import.empty_file", file=path.name)
    return _xlsx_rows(data, path.name) if suffix == ".xlsx" else _csv_rows(data, path.name)


def _read_bytes(path: Path) -> bytes:
    name = path.name or str(path)
    # Checked before reading: Windows refuses to open a folder with "permission denied".
    if path.is_dir():
        raise FileRefused("import.is_directory", file=name)
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise FileRefused("import.missing_file", file=name) from exc
    except IsADirectoryError as exc:
        raise FileRefused("import.is_directory", file=name) from exc
    except PermissionError as exc:
        # Also what Windows says when Excel or WPS holds the file open (a sharing violation).
        raise FileRefused("import.locked", file=name) from exc
    except OSError as exc:
        reason = errno.errorcode.get(exc.errno or 0, str(exc.errno or "?"))
        raise FileRefused("import.os_error", file=name, errno=reason) from exc


def _xlsx_rows(data: bytes, name: str) -> list[Sequence[object]]:
    if data.startswith(_OLE2):
        raise FileRefused("import.xlsx_is_ole", file=name)
    if not data.startswith(_ZIP):
        raise FileRefused("import.not_xlsx", file=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:  # a truncated download or copy
        raise FileRefused("import.damaged_xlsx", file=name) from exc
    if "xl/workbook.xml" not in members:  # a .docx, a .zip... given the .xlsx name
        raise FileRefused("import.not_xlsx", file=name)
    import openpyxl  # here, not at the top: the CLI and the GUI start faster without it

    try:
        # data_only: a formula's cached value, not its text. Values come as typed in the cell,
        # so a credit code that Excel turned into a number is seen as a number and reported.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return list(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()
    except Exception as exc:  # broken XML or parts fail in many ways, all meaning the same
        raise FileRefused("import.damaged_xlsx", file=name) from exc


def decode_csv(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM) or GBK/GB18030, the two encodings Chinese Excel writes.

    UTF-8 is tried first and strictly: GBK text is almost never valid UTF-8, while UTF-8 text
    often decodes as (wrong) GB18030. NUL bytes mean UTF-16 or a binary file: refused.
    """
    if data.startswith(_ZIP) or data.startswith(_OLE2):
        raise FileRefused("import.csv_is_workbook", file=name)
    if b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise FileRefused("import.encoding")


def _csv_rows(data: bytes, name: str) -> list[Sequence[object]]:
    text = decode_csv(data, name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",\t;").delimiter
    except csv.Error:  # one column, or nothing to go on: the standard comma
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:  # e.g. a cell over csv's size limit: an unclosed quote
        raise FileRefused("import.csv_damaged", file=name, row=reader.line_num) from exc
