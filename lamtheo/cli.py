"""The `lamtheo` console script: every Django management command with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lamtheo", *sys.argv[1:]])


if __name__ == "__main__":
    main()
