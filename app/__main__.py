"""``python -m vidimo`` is the same as the ``vidimo`` command."""
import sys

from vidimo.cli import main

sys.exit(main())
