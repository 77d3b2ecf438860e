"""The indicators keep no table: figures are computed from the apps' records and cached (freshness.py)."""
