"""The datasets. MNIST-1D (`load_mnist1d`), generated offline, and the gender dataset:
loading (Kaggle, a local file, or the bundled SYNTHETIC sample), cleaning, min-max
scaling fitted on the training split, a seeded split, and mini-batches.

>>> from tensor_autograd.data import load_gender_data, prepare_task, DataLoader, REGRESS
>>> loaded = load_gender_data("synthetic")           # never touches the network
>>> loaded.is_synthetic
True
>>> prepared = prepare_task(loaded.frame, REGRESS, test_fraction=0.2, seed=0)
>>> x, y = next(iter(DataLoader(prepared.train, batch_size=16, shuffle=True, seed=0)))
>>> x.shape, y.shape
((16, 3), (16, 1))
"""

from tensor_autograd.data.batching import ArrayDataset, DataLoader
from tensor_autograd.data.errors import DataError, DataSourceError
from tensor_autograd.data.loading import (
    KAGGLE_DATASET,
    KAGGLE_FILE,
    KAGGLE_HANDLE,
    KAGGLE_VERSION,
    SOURCES,
    LoadedData,
    download_kaggle_csv,
    kaggle_cache_folder,
    load_gender_data,
    read_gender_csv,
    synthetic_csv_path,
)
from tensor_autograd.data.mnist1d import (
    MNIST1D,
    generate_mnist1d,
    load_mnist1d,
    mnist1d_cache_path,
)
from tensor_autograd.data.scaling import MinMaxScaler
from tensor_autograd.data.schema import (
    ALL_COLUMNS,
    GENDER_CODES,
    NUMERIC_COLUMNS,
    PLAUSIBLE_RANGES,
    REQUIRED_COLUMNS,
    clean_gender_frame,
)
from tensor_autograd.data.split import (
    kfold_indices,
    split_indices,
    train_test_split,
    validation_split,
)
from tensor_autograd.data.tasks import (
    CLASSIFY,
    REGRESS,
    TASKS,
    PreparedData,
    Task,
    encode,
    get_task,
    prepare_rows,
    prepare_task,
)

__all__ = [
    "ALL_COLUMNS",
    "CLASSIFY",
    "GENDER_CODES",
    "KAGGLE_DATASET",
    "KAGGLE_FILE",
    "KAGGLE_HANDLE",
    "KAGGLE_VERSION",
    "NUMERIC_COLUMNS",
    "PLAUSIBLE_RANGES",
    "REGRESS",
    "REQUIRED_COLUMNS",
    "SOURCES",
    "TASKS",
    "ArrayDataset",
    "DataError",
    "DataLoader",
    "DataSourceError",
    "LoadedData",
    "MNIST1D",
    "MinMaxScaler",
    "PreparedData",
    "Task",
    "clean_gender_frame",
    "download_kaggle_csv",
    "encode",
    "generate_mnist1d",
    "get_task",
    "kaggle_cache_folder",
    "kfold_indices",
    "load_gender_data",
    "prepare_rows",
    "load_mnist1d",
    "mnist1d_cache_path",
    "prepare_task",
    "read_gender_csv",
    "split_indices",
    "synthetic_csv_path",
    "train_test_split",
    "validation_split",
]
