"""`python -m handover` is the `handover` command line."""

import sys

from handover.cli import main

sys.exit(main())
