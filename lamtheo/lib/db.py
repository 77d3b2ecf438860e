"""Database expressions with no domain knowledge, the same on SQLite and PostgreSQL."""

import datetime

from django.db.models import DateTimeField, Func
from django.utils import timezone


class DayEnd(Func):
    """The moment the local day of a date column ends (its next midnight in the project's time zone), to compare a
    moment with a date without a function call per row (`done_at__date` is a Python function on SQLite). On SQLite,
    whose moments are UTC text, by the zone's offset: the project's zone, Asia/Ho_Chi_Minh, has no summer time."""

    output_field = DateTimeField()

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        offset = datetime.datetime(2000, 1, 1, tzinfo=timezone.get_current_timezone()).utcoffset()
        seconds = int((datetime.timedelta(days=1) - offset).total_seconds())
        return f"datetime({sql}, '{seconds:+d} seconds')", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"((({sql})::timestamp + interval '1 day') AT TIME ZONE %s)", [
            *params,
            timezone.get_current_timezone_name(),
        ]
