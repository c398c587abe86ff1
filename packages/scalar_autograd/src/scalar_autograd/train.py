"""`python -m scalar_autograd.train`: fit y = x − 1 with `Value` and SGD.

The program lives in `scalar_autograd.cli.train` (the command-line programs sit apart
from the engine, in `cli/`); this module is its entry point, so the command stays
`python -m scalar_autograd.train`.
"""

from scalar_autograd.cli.train import main

if __name__ == "__main__":
    raise SystemExit(main())
