"""The demo's literal data (texts of documents, lists of words it draws from), one YAML file per subject."""

import functools
from pathlib import Path

import yaml

HERE = Path(__file__).parent


@functools.cache
def load(name: str):
    """The contents of `name`.yaml in this folder (read once per process)."""
    with (HERE / f"{name}.yaml").open(encoding="utf-8") as data:
        return yaml.safe_load(data)
