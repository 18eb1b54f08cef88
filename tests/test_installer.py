"""Issue 10, installers: what the PyInstaller bundle carries, checked without building it.

installer/bundle.py lists the bundle's data files and modules for installer/kehu-desktop.spec;
these tests hold the lists to the source tree (every resource, every migration script, every
module the program imports by name) and check that the frozen program looks where the bundle
puts them. Building and running the bundle is .ci/run's job (installer/smoke-test.sh).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

import kehu_desktop
from kehu_desktop import resources
from kehu_desktop.cli import main as kehu

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"


def load_bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kehu_installer_bundle", INSTALLER / "bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = load_bundle()


def source_files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def bundled(datas: list[tuple[str, str]]) -> dict[str, Path]:
    """Destination path inside the bundle → source file."""
    return {f"{dest}/{Path(source).name}": Path(source) for source, dest in datas}


def test_every_resource_goes_where_resources_dir_finds_it_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = bundled(bundle.datas(ROOT))
    expected = {
        f"kehu_desktop/bundled/{p.relative_to(ROOT / 'resources').as_posix()}": p
        for p in source_files(ROOT / "resources")
    }
    assert expected.items() <= inside.items()
    # Lay the bundle's data out as PyInstaller does and look through the frozen program's eyes.
    for dest, source in inside.items():
        (tmp_path / dest).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / dest).write_bytes(source.read_bytes())
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_dir() == tmp_path / "kehu_desktop" / "bundled"
    assert resources.font_path().read_bytes() == resources_font_in_checkout().read_bytes()
    assert resources.icon_path().is_file()
    assert (resources.resources_dir() / "translations" / "kehu_zh_CN.qm").is_file()


def resources_font_in_checkout() -> Path:
    return ROOT / "resources" / "fonts" / resources.FONT_FILE_NAME


def test_every_migration_script_keeps_its_package_relative_path() -> None:
    """kehu_desktop.migrations reads env.py and versions/*.py beside its own __file__, which a
    frozen module has under sys._MEIPASS: the scripts must be there, as files."""
    inside = bundled(bundle.datas(ROOT))
    migrations = ROOT / "kehu_desktop" / "migrations"
    scripts = {p for p in source_files(migrations) if p != migrations / "__init__.py"}
    assert migrations / "env.py" in scripts and migrations / "script.py.mako" in scripts
    assert len([p for p in scripts if p.parent.name == "versions"]) >= 18
    for path in scripts:
        assert inside[path.relative_to(ROOT).as_posix()] == path


def test_hidden_imports_name_every_module_imported_by_name() -> None:
    modules = set(bundle.hiddenimports(ROOT))
    # importlib.import_module targets: the GUI (desktop.py), the screens (main window), the CLI.
    assert "kehu_desktop.views.shell.app" in modules
    assert "kehu_desktop.cli.slips" in modules
    assert "kehu_desktop.migrations" in modules
    assert "alembic.op" in modules
    assert "_rl_accel" in modules  # ReportLab's C accelerator, imported through exec
    assert not any(m.startswith("kehu_desktop.migrations.") for m in modules)
    for path in (ROOT / "kehu_desktop").rglob("*.py"):
        if "migrations" not in path.parts:
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            assert name.removesuffix(".__init__") in modules
    assert "kehu_hq" in bundle.EXCLUDES


def test_the_spec_builds_from_the_lists_and_both_programs() -> None:
    spec = (INSTALLER / "kehu-desktop.spec").read_text(encoding="utf-8")
    for used in ("bundle.datas(ROOT)", "bundle.hiddenimports(ROOT)", "bundle.EXCLUDES"):
        assert used in spec
    assert dict(bundle.PROGRAMS) == {"kehu-desktop": False, "kehu": True}
    launcher = (INSTALLER / "launcher.py").read_text(encoding="utf-8")
    assert 'name == "kehu"' in launcher


def test_the_version_has_one_place(capsys: pytest.CaptureFixture[str]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "kehu_desktop.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", kehu_desktop.__version__)
    with pytest.raises(SystemExit) as ended:
        kehu(["--version"])
    assert ended.value.code == 0
    assert capsys.readouterr().out.strip() == f"kehu {kehu_desktop.__version__}"


def test_the_linux_package_files_agree() -> None:
    linux = INSTALLER / "linux"
    entry = (linux / "kehu-desktop.desktop").read_text(encoding="utf-8")
    assert "\nExec=kehu-desktop\n" in entry and "\nIcon=kehu-desktop\n" in entry
    assert "Name[zh_CN]=客户管理" in entry
    control = (linux / "control").read_text(encoding="utf-8")
    for placeholder in ("@VERSION@", "@ARCH@", "@SIZE@"):
        assert placeholder in control
    build = (INSTALLER / "build-linux.sh").read_text(encoding="utf-8")
    assert "/opt/kehu-desktop/kehu" in build and "kehu-desktop.desktop" in build
    png = resources.icon_path()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (png.parent / "kehu-desktop.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


@pytest.mark.skipif(sys.platform == "win32", reason="bash scripts")
def test_the_shell_scripts_parse() -> None:
    for script in ("build-linux.sh", "smoke-test.sh", "linux/postinst", "linux/postrm"):
        path = INSTALLER / script
        shell = "bash" if path.suffix == ".sh" else "sh"
        subprocess.run([shell, "-n", str(path)], check=True)


def test_the_windows_installer_and_workflow_agree_with_the_bundle() -> None:
    """On paper only (no Windows here): the names the Inno Setup script and the workflow use."""
    iss = (INSTALLER / "windows" / "kehu-desktop.iss").read_text(encoding="utf-8")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.MULTILINE)  # upgrades in place
    assert "DefaultDirName={autopf}" in iss and "PrivilegesRequired=admin" in iss
    assert '#define Bundle "..\\..\\dist\\kehu-desktop"' in iss
    assert "{commonappdata}" in iss and "uninsneveruninstall" in iss
    assert 'ValueName: "KEHU_DATA_DIR"' in iss  # what kehu_desktop.config reads
    assert "{app}\\kehu-desktop.exe" in iss
    workflow = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    assert "installer\\kehu-desktop.spec" in workflow
    assert "installer\\windows\\kehu-desktop.iss" in workflow
    assert workflow.count("installer\\smoke-test.ps1") == 2  # the bundle built, then installed
    smoke = (INSTALLER / "smoke-test.ps1").read_text(encoding="utf-8")
    assert "pdf_font_embedded.py" in smoke and (INSTALLER / "pdf_font_embedded.py").is_file()
