"""The demo's few weak chi bộ: where its problems fall.

A real province has a few weak cells that miss a meeting now and then, whose secretary enters records late, whose
members are slow to register and attend less; the other chi bộ almost never. Every part of the demo asks the same
`is_weak`, so the attention lists name the same few chi bộ for each problem instead of a different random set.
The draw is its own generator seeded by the unit, so the rest of the demo is the same whatever it decides.
"""

import random

WEAK_SHARE = 0.07  # of the chi bộ: about 38 of the default demo's 547


def is_weak(unit_id: int) -> bool:
    return random.Random(unit_id * 7919).random() < WEAK_SHARE
