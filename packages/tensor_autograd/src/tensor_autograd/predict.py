"""`python -m tensor_autograd.predict`: use a saved model.

The program lives in `tensor_autograd.cli.predict` (the command-line programs sit apart
from the engine, in `cli/`); this module is its entry point, so the command stays
`python -m tensor_autograd.predict`.
"""

from tensor_autograd.cli.predict import main

if __name__ == "__main__":
    raise SystemExit(main())
