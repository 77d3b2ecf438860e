"""Loaded by pytest before Django starts (`-p lamtheo.pytest_plugin` in pyproject.toml): test-only environment."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-long-enough-for-the-settings")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
# Tasks run on the spot; the tests of the queue itself start a real worker with the database backend.
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
