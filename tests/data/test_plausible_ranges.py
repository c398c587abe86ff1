"""Numbers outside the plausible ranges are rejected with their line, the same ranges `predict` uses."""

from __future__ import annotations

import pytest

from tensor_autograd.cli import predict
from tensor_autograd.data import PLAUSIBLE_RANGES, DataError, load_gender_data, read_gender_csv

HEADER = "Gender,Age,Height (cm),Weight (kg),Income (USD)"
GOOD = "female,30,165,60,40000"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("male,-40,175,70,50000", "column 'Age' holds -40 on line 3 (data row 2), outside the plausible range 0 to 130"),
        ("male,40,9000,70,50000", "column 'Height (cm)' holds 9000 on line 3 (data row 2), outside the plausible range 50 to 260"),
        ("male,40,175,0.5,50000", "column 'Weight (kg)' holds 0.5 on line 3"),
        ("male,40,175,70,1e308", "column 'Income (USD)' holds 1e+308 on line 3 (data row 2), outside the plausible range 0 to 1e+09"),
        ("male,40,175,70,-1", "column 'Income (USD)' holds -1 on line 3"),
    ],
)
def test_an_implausible_value_is_named_with_its_line(write_csv, row, expected):
    path = write_csv(HEADER, GOOD, row)
    with pytest.raises(DataError) as error:
        read_gender_csv(path)
    assert expected in str(error.value) and "is it a typo, or in another unit?" in str(error.value)


def test_the_ends_of_each_range_are_accepted(write_csv):
    low = "male," + ",".join(f"{PLAUSIBLE_RANGES[c][0]:g}" for c in ("Age", "Height (cm)", "Weight (kg)", "Income (USD)"))
    high = "male," + ",".join(f"{PLAUSIBLE_RANGES[c][1]:g}" for c in ("Age", "Height (cm)", "Weight (kg)", "Income (USD)"))
    assert len(read_gender_csv(write_csv(HEADER, low, high)).frame) == 2


def test_train_and_predict_share_one_set_of_ranges():
    assert predict.LIMITS is PLAUSIBLE_RANGES


def test_the_bundled_sample_is_plausible():
    frame = load_gender_data("synthetic").frame
    for column, (low, high) in PLAUSIBLE_RANGES.items():
        assert frame[column].between(low, high).all(), column
