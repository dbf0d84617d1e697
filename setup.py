"""Build hook: the wheel carries the suite's run-time data (features, steps, profiles, schemas,
the root conftest and the pytest configuration) inside the package, as harness/_project/, so
`pip install` of the wheel runs `ssf-conformance run` outside this repository
(harness/suite/profiles.py finds PROJECT_ROOT there when there is no checkout around it).
Everything else is declared in pyproject.toml."""
from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PROJECT_DATA = ("features", "steps", "profiles", "schemas")
PROJECT_FILES = ("conftest.py", "pyproject.toml")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


class BuildWithProjectData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "harness" / "_project"
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name in PROJECT_DATA:
            shutil.copytree(ROOT / name, target / name, ignore=IGNORED)
        for name in PROJECT_FILES:
            shutil.copy2(ROOT / name, target / name)


setup(cmdclass={"build_py": BuildWithProjectData})
