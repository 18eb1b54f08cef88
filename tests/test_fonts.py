"""The bundled CJK font: where it is found, that it registers once, and glyph coverage checks."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from kehu_desktop import resources
from kehu_desktop.printing import fonts
from kehu_desktop.printing.fonts import CJK_FONT_NAME
from kehu_desktop.printing.fonts import missing_glyphs
from kehu_desktop.printing.fonts import register_cjk_font


def test_resources_dir_is_the_top_level_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    repo = Path(__file__).resolve().parents[1]
    assert resources.resources_dir() == repo / "resources"
    assert resources.font_path() == repo / "resources" / "fonts" / "wqy-microhei.ttc"
    assert resources.font_path().is_file()


def test_resources_dir_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path))
    assert resources.resources_dir() == tmp_path
    assert resources.font_path() == tmp_path / "fonts" / "wqy-microhei.ttc"
    monkeypatch.setenv(resources.RESOURCES_ENV, "")  # empty means "not set"
    assert resources.resources_dir().name == "resources"


def test_an_installed_package_uses_its_bundled_copy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Installed from the wheel, the resources are kehu_desktop/bundled (setup.py), even where a
    stray ``resources`` folder of some other package sits beside it in site-packages."""
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    site_packages = tmp_path / "site-packages"
    package = site_packages / "kehu_desktop"
    (package / "bundled" / "fonts").mkdir(parents=True)
    (site_packages / "resources" / "fonts").mkdir(parents=True)
    shutil.copy(resources.__file__, package / "resources.py")
    spec = importlib.util.spec_from_file_location("installed_resources", package / "resources.py")
    assert spec is not None and spec.loader is not None
    installed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installed)
    assert installed.resources_dir() == package / "bundled"
    assert installed.font_path() == package / "bundled" / "fonts" / "wqy-microhei.ttc"


def test_register_is_idempotent_and_registers_micro_hei() -> None:
    assert register_cjk_font() == CJK_FONT_NAME
    assert register_cjk_font() == CJK_FONT_NAME
    font = pdfmetrics.getFont(CJK_FONT_NAME)
    assert font.face.name == b"WenQuanYiMicroHei"  # subfont 0, not the Mono face


def test_missing_font_file_gives_an_actionable_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "_registered", False)
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError, match="wqy-microhei.ttc"):
        register_cjk_font()


def test_covered_text_has_no_missing_glyphs() -> None:
    assert missing_glyphs("客户增减变动表 SH-CF-2026-000012（增）：、—　第1页\n") == set()


def test_missing_glyphs_can_fail() -> None:
    assert missing_glyphs("😀") == {"😀"}
    assert missing_glyphs("客户😀A\U0002a6a5") == {"😀", "\U0002a6a5"}  # emoji, CJK ext. B


def test_reportlab_draws_with_its_c_accelerator() -> None:
    """``reportlab[accel]`` is a dependency: without rl_accel, ReportLab silently falls back to
    pure Python for number formatting and stream encoding, and a slip takes about twice as
    long (docs/bench.md)."""
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str.__module__ == "_rl_accel"
