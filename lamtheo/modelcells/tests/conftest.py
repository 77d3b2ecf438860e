"""Model chi bộ are assessed on the indicators' small world (lamtheo/indicators/tests/conftest.py: meetings held with
and without the required item, attendance, registrations, work overdue), frozen at 20/03/2026."""

from lamtheo.indicators.tests.conftest import frozen, world  # noqa: F401 - the fixtures, shared
