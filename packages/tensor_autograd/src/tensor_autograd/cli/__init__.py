"""The command-line programs: `train` (train a model on the gender dataset) and
`predict` (use a saved model). Run them as `python -m tensor_autograd.train` and
`python -m tensor_autograd.predict`: those two modules are tiny entry points that call
`cli.train.main` and `cli.predict.main`, kept so the commands stay short and unchanged.
They, the dataset (`data`) and the training loop (`training`) are the only modules that
import pandas, kagglehub, tqdm or matplotlib; the engine imports NumPy only.
"""
