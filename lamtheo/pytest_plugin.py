"""Loaded by pytest before Django starts (`-p lamtheo.pytest_plugin` in pyproject.toml): test-only environment."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-long-enough-for-the-settings")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
# Tasks run on the spot; the tests of the queue itself start a real worker with the database backend.
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
# The embedded cache (files, shared by the processes of a host) in a directory of this test process: the tests of
# two xdist workers must not see, nor empty, each other's figures. Removed when the process ends.
if not os.environ.get("REDIS_URL"):
    import atexit
    import shutil
    import tempfile

    _cache_dir = tempfile.mkdtemp(prefix="lamtheo-test-cache-")
    os.environ["CACHE_DIR"] = _cache_dir
    atexit.register(shutil.rmtree, _cache_dir, ignore_errors=True)
