"""Min-max scaling: the round trip, saving it with a model, and its errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tensor_autograd.data import MinMaxScaler


def test_training_rows_land_in_the_unit_interval_and_test_rows_may_not():
    train = np.array([[20.0, 160.0], [40.0, 190.0], [30.0, 175.0]])
    scaler = MinMaxScaler(["Age", "Height (cm)"]).fit(train)
    scaled = scaler.transform(train)
    assert scaled.min(axis=0).tolist() == [0.0, 0.0] and scaled.max(axis=0).tolist() == [1.0, 1.0]
    assert scaler.transform([[50.0, 160.0]]).tolist() == [[1.5, 0.0]]  # not clipped


@given(arrays(np.float64, st.tuples(st.integers(2, 8), st.integers(1, 4)), elements=st.floats(-1e6, 1e6)))
def test_inverse_transform_undoes_transform(values):
    values[0] = values[1] + 1.0  # no constant column
    scaler = MinMaxScaler().fit(values)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(values)), values, rtol=1e-9, atol=1e-6)


def test_float32_stays_float32_and_integers_become_float64():
    scaler = MinMaxScaler().fit(np.array([[1], [3]]))
    assert scaler.transform(np.array([[2]], dtype=np.float32)).dtype == np.float32
    assert scaler.transform(np.array([[2]])).dtype == np.float64


def test_to_dict_is_json_and_from_dict_round_trips():
    scaler = MinMaxScaler(["Income (USD)"]).fit([[30_000], [500_000]])
    state = json.loads(json.dumps(scaler.to_dict()))
    again = MinMaxScaler.from_dict(state)
    assert again.names == ["Income (USD)"]
    assert again.inverse_transform([[0.5]]).tolist() == [[265_000.0]]


def test_a_constant_column_is_named():
    with pytest.raises(ValueError, match=r"column 'Gender' is constant .*every value is 1"):
        MinMaxScaler(["Age", "Gender"]).fit([[30, 1], [40, 1]])


def test_using_it_before_fit_is_an_error():
    scaler = MinMaxScaler(["Age"])
    for method in (scaler.transform, scaler.inverse_transform):
        with pytest.raises(RuntimeError, match=r"called before fit\(\)"):
            method([[1.0]])
    with pytest.raises(RuntimeError, match="before fit"):
        scaler.to_dict()


def test_shape_errors():
    scaler = MinMaxScaler(["a", "b"]).fit([[0, 0], [1, 1]])
    with pytest.raises(ValueError, match=r"expects 2 column\(s\)"):
        scaler.transform([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="expects a 2-D table"):
        scaler.transform([1.0, 2.0])
    with pytest.raises(ValueError, match="zero rows"):
        MinMaxScaler().fit(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        MinMaxScaler().fit([[0.0], [np.nan]])


def test_a_corrupt_saved_scaler_is_rejected():
    with pytest.raises(ValueError, match="not a saved MinMaxScaler"):
        MinMaxScaler.from_dict({"minimum": [0.0]})
    with pytest.raises(ValueError, match="every maximum above its minimum"):
        MinMaxScaler.from_dict({"names": None, "minimum": [1.0], "maximum": [1.0]})
    with pytest.raises(ValueError, match="2 names for 1 columns"):
        MinMaxScaler.from_dict({"names": ["a", "b"], "minimum": [0.0], "maximum": [1.0]})
