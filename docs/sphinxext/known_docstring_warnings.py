# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Temporarily tolerate listed warnings from listed docstrings, and no other.

``conf.py`` sets ``known_docstring_warnings`` to a list of
``(object, message)`` pairs: a warning is dropped only when it comes from the
docstring of exactly that object (its full dotted name, as autodoc reports
it) and its text contains ``message``.  Every other warning, from the same
docstring or elsewhere, still fails ``sphinx-build -W``.

The list is meant to be empty: an entry stands for a docstring being fixed in
another change.  So that no entry outlives its fix, each one must still match
a warning: at the end of a full build an entry that matched nothing is itself
reported as a warning ("remove it"), which fails ``-W``.
"""
import logging
import re

from sphinx.util import logging as sphinx_logging

logger = sphinx_logging.getLogger(__name__)

_DOCSTRING_OF = re.compile(r"docstring of ([\w.]+?)(?::|\s|$)")


def _location_text(record):
    location = getattr(record, "location", None)
    if location is None:
        return ""
    if isinstance(location, tuple):
        return str(location[0])
    source = getattr(location, "source", None)  # a docutils node
    return str(source if source is not None else location)


class _KnownWarningFilter(logging.Filter):
    def __init__(self, entries):
        super().__init__()
        self.entries = [(obj, msg) for obj, msg in entries]
        self.matched = {entry: 0 for entry in self.entries}

    def filter(self, record):
        if record.levelno < logging.WARNING:
            return True
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        # autodoc and docutils name the docstring in the location
        # ("<file>:docstring of <object>"), unparsed_sections in the message
        match = _DOCSTRING_OF.search(_location_text(record)) or _DOCSTRING_OF.search(
            message
        )
        if match is None:
            return True
        for obj, msg in self.entries:
            # the object must match exactly, not as a prefix of a longer name
            if match.group(1) == obj and msg in message:
                self.matched[(obj, msg)] += 1
                return False
        return True


def _install(app, config):
    # "-D known_docstring_warnings=" on the command line empties the list
    # (Sphinx passes it as [""]): keep only (object, message) pairs
    entries = [
        tuple(entry) for entry in config.known_docstring_warnings
        if isinstance(entry, (list, tuple)) and len(entry) == 2
    ]
    if not entries:
        return
    filt = _KnownWarningFilter(entries)
    app._known_docstring_filter = filt
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        # first, before Sphinx counts the record as a warning
        handler.filters.insert(0, filt)


def _note_read(app, env, docnames):
    # an incremental build reads only the changed documents, where an entry
    # may legitimately match nothing: check the entries after full reads only
    app._known_docstring_full_read = set(docnames) >= set(env.found_docs)


def _report(app, exception):
    filt = getattr(app, "_known_docstring_filter", None)
    if filt is None or exception is not None:
        return
    if not getattr(app, "_known_docstring_full_read", False):
        return
    for (obj, msg), count in filt.matched.items():
        if count == 0:
            logger.warning(
                "known_docstring_warnings: (%r, %r) matched no warning; the "
                "docstring is fixed, remove the entry from conf.py",
                obj, msg,
            )


def setup(app):
    app.add_config_value("known_docstring_warnings", [], "env")
    app.connect("config-inited", _install)
    app.connect("env-before-read-docs", _note_read)
    app.connect("build-finished", _report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
