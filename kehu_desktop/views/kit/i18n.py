"""The user-interface language: Qt translators, the shipped CJK font and the stored choice.

Source strings in views are English (the glossary words of domain.md); the shipped
``resources/translations/kehu_zh_CN.qm`` turns them into Chinese, which is the default. Qt's own
``qtbase_zh_CN.qm`` translates the standard buttons (OK, Cancel...). Messages raised by services
are rendered by :mod:`kehu_desktop.domain.messages`, switched here at the same time so both
speak one language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QLibraryInfo
from PySide6.QtCore import QLocale
from PySide6.QtCore import QSettings
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFont
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from kehu_desktop.domain import messages
from kehu_desktop.domain.roles import Role
from kehu_desktop.resources import font_path
from kehu_desktop.resources import resources_dir


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate knows
    """Mark ``source`` for translation in ``context``; translated where it is shown."""
    return source


DEFAULT_LANGUAGE = "zh_CN"
#: language code -> name shown in the language choice, written in that language on purpose
LANGUAGES: dict[str, str] = {"zh_CN": "中文（简体）", "en": "English"}
LANGUAGE_KEY = "ui/language"
ORGANIZATION = "kehu"
APPLICATION = "kehu-desktop"

# English source strings; the zh_CN catalogue gives domain.roles.ROLE_NAMES_ZH (a test checks).
ROLE_LABELS: dict[Role, str] = {
    Role.CASHIER: QT_TRANSLATE_NOOP("Roles", "Cashier"),
    Role.CLERK: QT_TRANSLATE_NOOP("Roles", "Clerk"),
    Role.ACCOUNTANT: QT_TRANSLATE_NOOP("Roles", "Accountant"),
    Role.SALES_REP: QT_TRANSLATE_NOOP("Roles", "Sales rep"),
    Role.DRIVER: QT_TRANSLATE_NOOP("Roles", "Driver"),
    Role.SALES_MANAGER: QT_TRANSLATE_NOOP("Roles", "Sales manager"),
    Role.BRANCH_GM: QT_TRANSLATE_NOOP("Roles", "Branch GM"),
    Role.MARKETING_DIRECTOR: QT_TRANSLATE_NOOP("Roles", "Marketing director"),
    Role.REGIONAL_MANAGER: QT_TRANSLATE_NOOP("Roles", "Regional manager"),
    Role.MARKETING_HEAD: QT_TRANSLATE_NOOP("Roles", "Marketing head"),
    Role.FINANCE: QT_TRANSLATE_NOOP("Roles", "Finance"),
    Role.ADMIN: QT_TRANSLATE_NOOP("Roles", "Administrator"),
}

# Installed translators must stay referenced, or Python frees them while Qt still uses them.
_installed: list[QTranslator] = []


def role_label(role: Role | str) -> str:
    """The role's name in the UI language; an unknown code is shown as it is."""
    try:
        source = ROLE_LABELS[Role(role)]
    except ValueError:
        return str(role)
    return QCoreApplication.translate("Roles", source)


def app_settings() -> QSettings:
    """Per-user window state and UI language (business settings live in the database)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def stored_language() -> str:
    value = str(app_settings().value(LANGUAGE_KEY, DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def store_language(language: str) -> None:
    settings = app_settings()
    settings.setValue(LANGUAGE_KEY, language if language in LANGUAGES else DEFAULT_LANGUAGE)
    settings.sync()


def translations_dir() -> Path:
    return resources_dir() / "translations"


def install_language(language: str) -> bool:
    """Install the translators for ``language`` (replacing earlier ones) and switch the service
    messages too. Returns False when the app's own catalogue could not be loaded."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    messages.set_language(language)
    if language == "en":
        QLocale.setDefault(QLocale("en_US"))
        return True
    QLocale.setDefault(QLocale("zh_CN"))
    ok = True
    own = QTranslator(app)
    if own.load(f"kehu_{language}", str(translations_dir())):
        app.installTranslator(own)
        _installed.append(own)
    else:
        ok = False
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
    return ok


def install_font(app: QApplication) -> str | None:
    """Register the shipped WenQuanYi Micro Hei and make it the application font, so Chinese
    renders on a PC without any Chinese font. Returns the family, or None if it failed."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    proportional = [f for f in families if "Mono" not in f]
    if not proportional:
        return None
    family = proportional[0]
    font = QFont(app.font())
    font.setFamilies([family])
    # Chinese at 9 pt is hard to read for a cashier at a counter; 10 pt is the floor.
    if font.pointSize() > 0 and font.pointSize() < 10:
        font.setPointSize(10)
    app.setFont(font)
    return family
