"""开放日: validate 政府开放日 event records and publish them as a government-portal column."""

__version__ = "0.1.0"
