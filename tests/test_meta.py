"""Meta-tests: settings documented, criteria documented and tested, spiders import."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import crawler.spiders
from directory.config import PROJECT_ROOT, VARIABLES
from scoring.criteria import CRITERIA


def test_every_setting_is_in_env_example_and_readme() -> None:
    example = (PROJECT_ROOT / ".env.example").read_text()
    readme = (PROJECT_ROOT / "README.md").read_text()
    for name in VARIABLES:
        assert f"{name}=" in example, name
        assert f"`{name}`" in readme, name


def test_every_criterion_is_documented_and_cited() -> None:
    keys = [c.key for c in CRITERIA]
    assert len(keys) == len(set(keys))
    for criterion in CRITERIA:
        assert criterion.title and criterion.question and len(criterion.description) > 100, criterion.key
        assert criterion.sources, criterion.key


def test_every_criterion_declares_its_own_version() -> None:
    for criterion in CRITERIA:
        declared = vars(type(criterion)).get("version")
        assert isinstance(declared, int) and declared >= 1, criterion.key


def test_every_criterion_has_tests() -> None:
    tests = "\n".join(p.read_text() for p in (PROJECT_ROOT / "tests" / "scoring").glob("test_*.py"))
    for criterion in CRITERIA:
        assert criterion.key in tests or criterion.fact in tests, criterion.key


def test_every_spider_imports_and_is_named_after_its_file() -> None:
    for module_info in pkgutil.iter_modules(crawler.spiders.__path__):
        module = importlib.import_module(f"crawler.spiders.{module_info.name}")
        spiders = [v for v in vars(module).values() if getattr(v, "name", None) == module_info.name]
        assert spiders, module_info.name


def test_sample_pages_all_say_they_are_fictional() -> None:
    pages = list((PROJECT_ROOT / "data" / "sample_web").rglob("*.html"))
    assert len(pages) >= 12 * 3
    for page in pages:
        assert "fictional" in page.read_text(encoding="utf-8").lower(), page


def test_readme_has_exactly_the_two_setup_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_no_network_urls_in_templates_or_static() -> None:
    for path in list((PROJECT_ROOT / "web").rglob("*.html")) + list((PROJECT_ROOT / "web").rglob("*.css")):
        text = path.read_text()
        assert "http://" not in text and "https://" not in text, Path(path).name


def test_readme_how_we_grade_is_generated_from_the_criteria() -> None:
    from scoring.docs import render_readme

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert render_readme(readme) == readme, "run `python -m scoring.docs` to regenerate the README section"
