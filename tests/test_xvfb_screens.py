"""Smoke test on a real X server: the real windows open and render Chinese with the shipped font.

Starts a private Xvfb (a free display chosen by Xvfb itself through ``-displayfd``) and runs
tests/xvfb_app_script.py in a subprocess with ``QT_QPA_PLATFORM=xcb``. Fontconfig in that
subprocess only sees DejaVu (no Chinese font at all), so every Chinese character on the
screenshots comes from resources/fonts. Screenshots go to artifacts/screens/xvfb-*.png.
Without Xvfb the test skips, except under ``CI=true`` where it fails.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ROOT / "artifacts" / "screens"
SCRIPT = Path(__file__).with_name("xvfb_app_script.py")
FIT_SCRIPT = Path(__file__).with_name("xvfb_fit_script.py")
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.xvfb

LATIN_ONLY_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def _latin_font_dir() -> Path | None:
    for candidate in (
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
    ):
        if Path(candidate).is_dir():
            return Path(candidate)
    return None


def _xvfb(size: str) -> Iterator[str]:
    """A private X server with one screen of ``size`` (e.g. "1366x768x24")."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if IN_CI:
            pytest.fail("CI=true but Xvfb is not installed: the screen smoke test must run")
        pytest.skip("Xvfb is not installed")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", size, "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 20)
        number = os.read(read_end, 64).decode().strip() if ready else ""
        if not number.isdigit():
            server.kill()
            _, err = server.communicate(timeout=10)
            pytest.fail(f"Xvfb did not start: {err.decode(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    yield from _xvfb("1400x900x24")


@pytest.fixture(scope="module")
def small_display() -> Iterator[str]:
    """The commonest branch PC screen."""
    yield from _xvfb("1366x768x24")


def _environment(display: str, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        KEHU_DATA_DIR=str(tmp_path / "data"),
        LANG="C.UTF-8",
    )
    env.pop("WAYLAND_DISPLAY", None)
    fonts = _latin_font_dir()
    if fonts is not None:  # no Chinese font on this "PC": only the one we ship
        conf = tmp_path / "fonts.conf"
        conf.write_text(
            LATIN_ONLY_FONTS.format(fonts=fonts, cache=tmp_path / "fc-cache"), encoding="utf-8"
        )
        env["FONTCONFIG_FILE"] = str(conf)
    return env


def is_blank(path: Path) -> bool:
    """A screenshot that is one colour (or nearly) shows nothing."""
    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not an image"
    colours = set()
    step_x, step_y = max(1, image.width() // 60), max(1, image.height() // 60)
    for y in range(0, image.height(), step_y):
        for x in range(0, image.width(), step_x):
            colours.add(image.pixel(x, y))
    return len(colours) < 8


def test_the_real_screens_open_and_render_chinese(display: str, tmp_path: Path) -> None:
    env = _environment(display, tmp_path)
    out = tmp_path / "screens"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(out), str(tmp_path / "work")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report["platform"] == "xcb"
    assert report["font_family"] == "WenQuanYi Micro Hei"
    assert report["app_font"] == "WenQuanYi Micro Hei"
    assert report["covers_chinese"] is True
    assert report["customers_listed"] > 0
    assert 0 < report["customers_found"] <= report["customers_listed"]
    expected = {
        "first-run",
        "first-run-setup",
        "sign-in",
        "main-customers",
        "main-customers-search",
        "main-customers-en",
    }
    assert expected <= set(report["screens"])

    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, path in report["screens"].items():
        png = Path(path)
        assert png.exists() and png.stat().st_size > 2000, name
        assert not is_blank(png), f"{name} is blank"
        shutil.copy(png, SCREENS / f"xvfb-{name}.png")


def test_the_program_fits_a_1366_by_768_screen(small_display: str, tmp_path: Path) -> None:
    """`kehu demo`, then the program as a user starts it, on the commonest branch PC screen: the
    sign-in lists the demo users; for the cashier and the sales manager, on every screen, the
    window, every toolbar action and the status bar are on the screen, nothing in an overflow."""
    result = subprocess.run(
        [sys.executable, str(FIT_SCRIPT), str(tmp_path / "screens"), str(tmp_path / "work")],
        env=_environment(small_display, tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["screen"] == [1366, 768]
    assert report["demo_users_listed"] is True
    assert set(report["roles"]) == {"cashier", "sales_manager"}
    for role, seen in report["roles"].items():
        assert seen["window_on_screen"], (role, seen["frame"], seen["available"])
        assert len(seen["screens"]) >= 5, role
        for key, screen in seen["screens"].items():
            assert screen["toolbar_on_screen"] and not screen["overflow"], (role, key, screen)
            assert screen["status_bar_on_screen"], (role, key, screen)
            assert screen["toolbar"][-1] == "刷新", (role, key)
            if key != "customers":
                assert "导出" not in screen["toolbar"], (role, key)
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, path in report["screens"].items():
        png = Path(path)
        assert png.exists() and not is_blank(png), name
        shutil.copy(png, SCREENS / f"xvfb-{name}.png")
