"""`python -m tensor_autograd.train`: train a model on the gender dataset.

The program lives in `tensor_autograd.cli.train` (the command-line programs sit apart
from the engine, in `cli/`); this module is its entry point, so the command stays
`python -m tensor_autograd.train`.
"""

from tensor_autograd.cli.train import main

if __name__ == "__main__":
    raise SystemExit(main())
