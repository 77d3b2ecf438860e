"""Loaded by pytest before Django starts (`-p lamtheo.pytest_plugin` in pyproject.toml): test-only environment."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ["TASKS_INLINE"] = "1"
