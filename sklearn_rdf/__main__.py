"""``python -m sklearn_rdf`` runs the ``sklearn-rdf`` command line."""

import sys

from .cli import main

sys.exit(main())
