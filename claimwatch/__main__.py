"""``python -m claimwatch`` is the ``claimwatch`` command."""

import sys

from claimwatch.cli import main

sys.exit(main())
