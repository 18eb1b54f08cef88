"""The built wheel works on its own: installed into a fresh venv outside the checkout, `kehu demo`
builds a branch and a slip renders to PDF with the shipped font embedded; Qt finds the shipped
translations and font.

How the fresh venv gets its dependencies. Installing PySide6 & co. from the index on every run
would take minutes, and the point here is the wheel, not pip's resolver. So the venv is made
without them, the wheel is installed with ``--no-deps``, and a ``.pth`` file then adds a folder
of links to the dev venv's installed third-party packages, leaving out everything of this
project there (its editable-install finder and ``.pth``, its ``.dist-info``): nothing can
import ``kehu_desktop`` from the checkout, and the test checks that the code and the resources
that ran are the ones inside the new venv. The wheel itself is built by pip as a user would
(``pip wheel --no-deps``, isolated build: setuptools comes from the package index, as for
``./dev.sh``), from a copy of the files a source distribution holds, so that neither an old
``build/`` folder nor anything outside those files can leak into it.

Marked ``wheel`` (it takes about half a minute): CI runs it with everything else;
``-m "not wheel"`` leaves it out of a quick local run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.skipif(os.name != "posix", reason="links the dev venv's packages with symlinks"),
]

ROOT = Path(__file__).resolve().parents[1]
#: What the build reads: pyproject.toml and setup.py name nothing else.
SOURCE = ("pyproject.toml", "setup.py", "README.md", "kehu_desktop", "kehu_hq", "resources")
#: Entries of the dev venv's site-packages that belong to this project, not to a dependency.
OURS = re.compile(r"^(__editable__|kehu_desktop|kehu_hq|kehu-desktop)|\.pth$", re.IGNORECASE)


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    python: Path
    kehu: Path
    env: dict[str, str]
    work: Path

    def run(self, argv: Sequence[str | Path], timeout: int = 300, stdin: str = "") -> str:
        done = subprocess.run(
            [str(a) for a in argv],
            env=self.env,
            cwd=self.work,  # not the checkout: its folder must not be importable
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"{argv}\n{done.stdout}\n{done.stderr}"
        return done.stdout


def _build_wheel(tmp: Path) -> Path:
    source = tmp / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "bundled")
    for name in SOURCE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    dist = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), "."],
        cwd=source,
        check=True,
        timeout=600,
    )
    (wheel,) = dist.glob("kehu_desktop-*.whl")
    return wheel


def _dependencies_without_this_project(tmp: Path) -> Path:
    """A folder of links to the dev venv's third-party packages (see the module docstring)."""
    deps = tmp / "deps"
    deps.mkdir()
    for folder in map(Path, site.getsitepackages()):
        for entry in folder.iterdir():
            if not OURS.search(entry.name) and not (deps / entry.name).exists():
                (deps / entry.name).symlink_to(entry)
    return deps


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(tmp)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dev venv's pip installs into the new venv (which has none): the wheel alone, and
    # before the dependencies are linked in, so pip sees an empty environment.
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
        + ["--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=300,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = _dependencies_without_this_project(tmp)
    (Path(purelib) / "kehu_test_dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KEHU_"))}
    env |= {"KEHU_DATA_DIR": str(tmp / "data"), "QT_QPA_PLATFORM": "offscreen"}
    work = tmp / "work"
    work.mkdir()
    return Installed(wheel, venv, python, venv / "bin" / "kehu", env, work)


def test_the_wheel_carries_the_resources(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for path in ROOT.joinpath("resources").rglob("*"):
        if path.is_file():
            relative = path.relative_to(ROOT / "resources").as_posix()
            assert f"kehu_desktop/bundled/{relative}" in names
    for path in ROOT.joinpath("kehu_desktop").rglob("*.py"):
        assert path.relative_to(ROOT).as_posix() in names  # migration scripts included
    assert "kehu_desktop/migrations/script.py.mako" in names


def test_the_installed_code_and_resources_are_the_wheels(installed: Installed) -> None:
    out = installed.run(
        [
            installed.python,
            "-c",
            "import json, kehu_desktop, kehu_desktop.resources as r\n"
            "print(json.dumps({'code': kehu_desktop.__file__, 'resources': str(r.resources_dir()),"
            " 'font': r.font_path().is_file()}))",
        ]
    )
    print(out)  # shown with -s: where the code and the resources came from
    found = json.loads(out)
    venv = installed.venv.resolve()
    assert Path(found["code"]).resolve().is_relative_to(venv), found
    assert Path(found["resources"]).resolve().is_relative_to(venv), found
    assert not Path(found["code"]).resolve().is_relative_to(ROOT)
    assert found["font"]


def test_kehu_demo_and_a_slip_pdf_with_the_font_embedded(installed: Installed) -> None:
    assert installed.kehu.read_text().startswith(f"#!{installed.python}")  # the venv's own
    out = installed.run([installed.kehu, "demo", "--customers", "20"])
    assert "演示分支已建立" in out
    slips = json.loads(installed.run([installed.kehu, "slip", "list", "--json"]))
    assert slips, "the demo branch has no slips"
    pdf = installed.work / "slip.pdf"
    # Through the console script's own entry point, reporting which package ran it.
    installed.run(
        [
            installed.python,
            "-c",
            "import atexit, sys, kehu_desktop\n"
            "atexit.register(lambda: print('RAN', kehu_desktop.__file__))\n"
            "from kehu_desktop.cli import main\n"
            "sys.exit(main())",
            "slip",
            "pdf",
            slips[0]["number"],
            "-o",
            pdf,
            # saving a slip makes a copy: a role that may print (issue 11), not the administrator
            "--user",
            "accountant",
            "--password-stdin",
        ],
        stdin="demo1234\n",
    )
    reader = PdfReader(pdf)
    assert slips[0]["number"] in reader.pages[0].extract_text()
    fonts = 0
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiMicroHei.*", str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded, a subset
            fonts += 1
    assert fonts


@pytest.mark.gui  # the Qt-free run's venv has no Qt to link in
def test_qt_finds_the_shipped_translations_and_font(installed: Installed) -> None:
    out = installed.run(
        [
            installed.python,
            "-c",
            "import json\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "from PySide6.QtWidgets import QApplication\n"
            "from kehu_desktop.views.kit.i18n import install_font, install_language\n"
            "app = QApplication([])\n"
            "print(json.dumps({'language': install_language('zh_CN'), 'font': install_font(app),"
            " 'cancel': QCoreApplication.translate('MessageBoxWords', 'Cancel')}))",
        ]
    )
    found = json.loads(out)
    assert found["language"] is True, "the .qm catalogue was not found in the installed package"
    assert found["cancel"] == "取消"
    assert found["font"] and "WenQuanYi" in found["font"]
