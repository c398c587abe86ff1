"""`python -m scalar_autograd.bench`: runs `scalar_autograd.bench.main`."""

import sys

from scalar_autograd.bench import main

if __name__ == "__main__":
    sys.exit(main())
