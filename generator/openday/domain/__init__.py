"""The event format's meaning: vocabularies, times, the frozen model, policies, working
days and deadlines, the catalog and the figures derived from it, the public URL scheme
and the Markdown subset, and the problems every stage reports in. Pure: no files, no
engine."""
