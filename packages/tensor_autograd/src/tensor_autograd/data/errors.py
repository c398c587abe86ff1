"""The two ways getting the data can fail: a file with bad contents, or a source we
cannot reach."""

from __future__ import annotations


class DataError(ValueError):
    """Data we cannot use: a file that does not match the expected schema (missing
    column, bad value, empty file...), or rows too few or too uniform for what is asked
    of them (a split, a batch with drop_last, a column to scale).

    It is a ``ValueError``, so code that already catches bad values catches it too:

    >>> try:
    ...     raise DataError("column 'Age' holds 'abc' on line 4")
    ... except ValueError as error:
    ...     print(error)
    column 'Age' holds 'abc' on line 4
    """


class DataSourceError(RuntimeError):
    """The requested source (the Kaggle dataset) could not be reached or did not hold
    the expected file.

    >>> isinstance(DataSourceError("offline"), RuntimeError)
    True
    """
