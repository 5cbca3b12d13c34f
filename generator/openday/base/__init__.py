"""Helpers that know nothing of events: work spread over the cores, results kept per object."""
