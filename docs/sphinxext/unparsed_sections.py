# Authors: The sklearn_penalized developers
# SPDX-License-Identifier: BSD-3-Clause
"""Warn about numpydoc sections that numpydoc did not recognise.

A section heading such as ``Attributes`` written without a blank line before
it is read by numpydoc as more text of the previous entry: the page then shows
the heading, its dashes (typeset as a long dash) and the whole section as one
paragraph, and no warning says so.  This extension looks at each docstring
after numpydoc has rewritten it and warns for any numpydoc heading still
followed by its underline.
"""
import inspect
import re

from sphinx.util import logging

logger = logging.getLogger(__name__)

SECTIONS = {
    "Parameters", "Returns", "Yields", "Receives", "Other Parameters",
    "Raises", "Warns", "Warnings", "See Also", "Notes", "References",
    "Examples", "Attributes", "Methods",
}


def _location_name(name, obj):
    # the name autodoc gives the docstring in its own messages
    # ("docstring of sklearn_penalized._lasso.Lasso")
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if module and qualname and inspect.isclass(obj):
        return f"{module}.{qualname}"
    return name


def _bare(line):
    """A line without indentation and without numpydoc's bold markup."""
    text = line.strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2]
    return text


def _check(app, what, name, obj, options, lines):
    # What is left of a section numpydoc did not parse: its heading and the
    # dashes under it, as they were or turned into entries of the section
    # before ("**Attributes**", "**----------**").
    texts = [_bare(line) for line in lines]
    for i, text in enumerate(texts):
        if not re.fullmatch(r"-{3,}", text):
            continue
        previous = [t for t in texts[:i] if t and t != ".."]
        if previous and previous[-1] in SECTIONS:
            title = previous[-1]
            try:
                source = inspect.getsourcefile(obj) or "<unknown>"
            except TypeError:
                source = "<unknown>"
            logger.warning(
                "%s:docstring of %s: numpydoc did not parse the section %r "
                "(is the blank line before it missing?)",
                source, _location_name(name, obj), title,
                type="numpydoc", subtype="section",
            )


def setup(app):
    # after numpydoc (priority 500), which consumes the sections it parses
    app.connect("autodoc-process-docstring", _check, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
