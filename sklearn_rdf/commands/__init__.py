"""Subcommands of the ``sklearn-rdf`` command line, one module each (see ``cli.py``)."""
