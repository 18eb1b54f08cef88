"""Packaging: everything is declared in pyproject.toml except the package layout, which it cannot
express.

The read-only resources (font, translations, import templates) live in the top-level
``resources/`` folder of the repository, beside the package, where a checkout finds them. A wheel
must carry them inside the package, so this maps that folder to ``kehu_desktop.bundled``
(pyproject's ``packages.find`` cannot add a package from outside the package tree). At run time
``kehu_desktop.resources`` looks in ``kehu_desktop/bundled`` first, then in the checkout's folder.
tests/test_wheel.py builds the wheel, installs it in a fresh venv and runs it.

Folders without ``__init__.py`` (the migration scripts, the resource folders) are listed as
namespace packages so that setuptools ships their files without warning about them.
"""

from setuptools import find_namespace_packages
from setuptools import setup

RESOURCES = "resources"
BUNDLED = "kehu_desktop.bundled"
bundled = [BUNDLED] + [f"{BUNDLED}.{p}" for p in find_namespace_packages(where=RESOURCES)]

setup(
    packages=[
        *find_namespace_packages(
            include=["kehu_desktop", "kehu_desktop.*", "kehu_hq", "kehu_hq.*"],
            exclude=["*__pycache__"],
        ),
        *bundled,
    ],
    package_dir={BUNDLED: RESOURCES},
    package_data={
        "kehu_desktop.migrations": ["script.py.mako"],  # `alembic revision` needs it
        # Everything in resources/: the .ts/.tsv translation sources too (small, and they let an
        # installed copy be checked against the .qm).
        **{package: ["*"] for package in bundled},
    },
)
