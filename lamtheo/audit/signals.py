"""`recorded`: sent once an action wrote its audit rows, with `models`, the kinds of record they are about. The
figures listen to it to know what changed (indicators.freshness)."""

from django.dispatch import Signal

recorded = Signal()
