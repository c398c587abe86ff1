"""Feature encoding and preparing a task: which columns, Gender as 0/1, scalers fitted on training rows only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tensor_autograd.data import (
    CLASSIFY,
    REGRESS,
    DataError,
    encode,
    get_task,
    load_gender_data,
    prepare_task,
    split_indices,
)


@pytest.fixture(scope="module")
def frame():
    return load_gender_data("synthetic").frame


def test_the_tasks_columns():
    assert REGRESS.features == ("Gender", "Age", "Height (cm)") and REGRESS.target == "Income (USD)"
    assert CLASSIFY.features == ("Age", "Height (cm)", "Weight (kg)", "Income (USD)") and CLASSIFY.target == "Gender"
    assert get_task("regress") is REGRESS
    with pytest.raises(ValueError, match=r"unknown task 'cluster'; expected one of \['regress', 'classify'\]"):
        get_task("cluster")


def test_gender_is_female_0_male_1(frame):
    x, _ = encode(frame, REGRESS)
    assert np.array_equal(x[:, 0], (frame["Gender"] == "male").to_numpy(float))
    _, y = encode(frame, CLASSIFY)
    assert set(y.ravel().tolist()) == {0.0, 1.0}


def test_scalers_are_fitted_on_the_training_rows_only(frame):
    prepared = prepare_task(frame, REGRESS, test_fraction=0.2, seed=3)
    assert prepared.train.x.min() == 0.0 and prepared.train.x.max() == 1.0
    assert prepared.train.y.min() == 0.0 and prepared.train.y.max() == 1.0
    x, y = encode(frame, REGRESS)
    train_rows, _ = split_indices(len(frame), 0.2, seed=3)
    assert np.array_equal(prepared.x_scaler.minimum, x[train_rows].min(axis=0))
    assert np.array_equal(prepared.y_scaler.maximum, y[train_rows].max(axis=0))
    # The scalers bring predictions back to dollars.
    income = prepared.y_scaler.inverse_transform(prepared.train.y.astype(np.float64))
    np.testing.assert_allclose(np.sort(income.ravel()), np.sort(y[train_rows].ravel()), rtol=1e-6)


def test_prepare_is_reproducible_and_depends_on_the_seed(frame):
    a, b = prepare_task(frame, REGRESS, seed=5), prepare_task(frame, REGRESS, seed=5)
    assert np.array_equal(a.test.x, b.test.x) and np.array_equal(a.train.y, b.train.y)
    assert not np.array_equal(a.test.x, prepare_task(frame, REGRESS, seed=6).test.x)


def test_classification_keeps_a_0_1_target(frame):
    prepared = prepare_task(frame, CLASSIFY, seed=0)
    assert prepared.y_scaler is None
    assert set(np.unique(prepared.train.y).tolist()) == {0.0, 1.0}
    assert prepared.train.x.shape[1] == 4 and prepared.x_scaler.names == list(CLASSIFY.features)


def test_a_classifier_needs_both_classes_in_the_data(frame):
    men = frame[frame["Gender"] == "male"]
    with pytest.raises(DataError, match=r"cannot train a classifier: every row's Gender is 'male'; it needs rows of both"):
        prepare_task(men, CLASSIFY)


def test_a_classifier_needs_both_classes_in_the_training_rows(frame):
    # Three men and a woman: with seed 1 the split puts the woman in the test row.
    rows = frame[frame["Gender"] == "male"].head(3)
    tiny = pd.concat([rows, frame[frame["Gender"] == "female"].head(1)], ignore_index=True)
    seed = next(s for s in range(100) if split_indices(4, 0.25, s)[1].tolist() == [3])
    with pytest.raises(DataError, match=rf"the 3 training rows of the split with seed={seed} are all 'male'"):
        prepare_task(tiny, CLASSIFY, test_fraction=0.25, seed=seed)
