"""Load a script of bench/ as a module, so tests can call its main() at a tiny size."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from directory.config import PROJECT_ROOT


def load_bench(name: str) -> ModuleType:
    """bench/NAME.py, imported afresh."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", PROJECT_ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
