"""`python -m tensor_autograd.bench`: restarts with one BLAS thread, then runs
`tensor_autograd.bench.main` (see the package's docstring)."""

import sys

from tensor_autograd.bench import _restart_with_one_thread, main

if __name__ == "__main__":
    _restart_with_one_thread()
    sys.exit(main())
