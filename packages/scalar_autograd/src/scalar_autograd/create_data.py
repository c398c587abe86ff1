"""`python -m scalar_autograd.create_data`: write the y = x − 1 data set.

The program lives in `scalar_autograd.cli.create_data` (the command-line programs sit
apart from the engine, in `cli/`); this module is its entry point, so the command stays
`python -m scalar_autograd.create_data`.
"""

from scalar_autograd.cli.create_data import main

if __name__ == "__main__":
    raise SystemExit(main())
