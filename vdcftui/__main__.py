"""`python -m vdcftui` runs the command line."""

import sys

from vdcftui.cli import main

sys.exit(main())
