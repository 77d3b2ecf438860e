"""The `lamtheo` console script: every Django management command with the project's settings.

A setting missing or malformed (no SECRET_KEY with DEBUG off, DEBUG=maybe) stops every command with one line
saying what to set, instead of a traceback or a command that runs half configured.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - reading one setting loads them all
    except ImproperlyConfigured as error:
        sys.stderr.write(f"lamtheo: {error}\n")
        sys.exit(2)
    execute_from_command_line(["lamtheo", *sys.argv[1:]])


if __name__ == "__main__":
    main()
