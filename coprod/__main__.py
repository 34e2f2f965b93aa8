import sys

from coprod.cli import main

sys.exit(main())
