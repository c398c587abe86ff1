"""The command-line programs and what only they use: `train` (fit y = x − 1 with SGD),
`create_data` (write the data set), `data` (the CSV file's reading and writing) and
`plot` (the loss curve, with matplotlib). Run them as `python -m scalar_autograd.train`
and `python -m scalar_autograd.create_data`: those two modules are tiny entry points
that call `cli.train.main` and `cli.create_data.main`, kept so the commands stay short
and unchanged. The engine (`engine`, `nn`, `optim`, ...) imports only the standard
library.
"""
