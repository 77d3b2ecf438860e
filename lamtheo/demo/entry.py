"""When the demo's records were entered: a few days after they happened, as a secretary does, a few per cent late.

A meeting or a study session is recorded by the chi bộ's secretary on the evening or in the days after it. Lateness
is a habit of a few secretaries, not a lottery: the secretaries of the weak chi bộ (lamtheo.demo.weak) enter a good
share of their records weeks later (after the grace the completeness figures allow), the others almost never, so about 2–3% of records are late
and a year's attention list names a few dozen chi bộ, not half of them. Nothing is entered after the demo's "now"
(its today, in the morning). The draws use their own random generators, seeded per unit and per record, so the rest
of the demo is the same whatever this module decides.
"""

import contextlib
import datetime
import random

from lamtheo.demo.weak import is_weak

LATE_SHARE = {
    True: 0.35,
    False: 0.003,
}  # records entered after the grace (completeness.GRACE_DAYS): weak chi bộ, others
USUAL_DELAYS_HOURS = (2, 4, 20, 26, 30, 44, 50, 70, 96)  # the same evening, the next day, within four days
LATE_DAYS = (12, 40)  # a late record: this many days after the event


def entered_at(
    happened: datetime.datetime, *, unit_id: int, key: int, now: datetime.datetime
) -> datetime.datetime:
    """When `unit_id`'s record of something that `happened` was entered; `key` seeds the draw for the record."""
    slow = is_weak(unit_id)
    rng = random.Random(key)
    if rng.random() < LATE_SHARE[slow]:
        delay = datetime.timedelta(days=rng.randint(*LATE_DAYS), hours=rng.randint(0, 10))
    else:
        delay = datetime.timedelta(hours=rng.choice(USUAL_DELAYS_HOURS), minutes=rng.randint(0, 59))
    return max(happened, min(happened + delay, now))


@contextlib.contextmanager
def as_entered(model):
    """While the demo writes `model`'s rows, their `created_at` and `updated_at` are the ones it sets (the day the
    record was entered), not the moment the demo runs."""
    fields = [model._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (now, now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = now, now_add
