"""Subcommands of the ``sklearn-rdf`` command line, one module each (see :mod:`sklearn_rdf.cli`)."""
