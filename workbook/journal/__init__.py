"""The journal: entries and their checks, the SQLite store, timeline reads, import and export,
settings, saved forms, and the anonymous share files a group combines. No HTML, no widgets."""
