"""Cleaning the quirks of gender.csv and rejecting files that do not fit the schema."""

from __future__ import annotations

import re

import pytest

from tensor_autograd.data import ALL_COLUMNS, DataError, read_gender_csv

from .conftest import HEADER

GOOD_ROWS = (
    "male,32,175,70,Doctor,Master's Degree,Married,75000,Blue,",
    "female, 28, 165, 55, Nurse, Bachelor's Degree, Single, 52000, Green,",
    "male,45,182,88,Lawyer,Doctorate,Married,480000,Red,",
)


def test_names_and_values_are_stripped_and_the_trailing_empty_column_dropped(write_csv):
    frame = read_gender_csv(write_csv(HEADER, *GOOD_ROWS)).frame
    assert list(frame.columns) == list(ALL_COLUMNS)
    assert frame["Gender"].tolist() == ["male", "female", "male"]
    assert frame["Occupation"].tolist() == ["Doctor", "Nurse", "Lawyer"]
    assert frame["Age"].tolist() == [32, 28, 45]
    assert frame["Income (USD)"].dtype.kind == "i"


def test_header_without_trailing_comma_does_not_shift_columns(write_csv):
    header = HEADER.rstrip(",")
    frame = read_gender_csv(write_csv(header, *GOOD_ROWS)).frame
    assert frame["Gender"].tolist() == ["male", "female", "male"]


def test_duplicates_are_dropped_and_counted_even_when_spacing_differs(write_csv):
    respaced = GOOD_ROWS[0].replace(",", ", ")
    result = read_gender_csv(write_csv(HEADER, *GOOD_ROWS, GOOD_ROWS[1], respaced))
    assert result.duplicates == 2
    assert len(result.frame) == 3


def test_blank_lines_and_a_byte_order_mark_are_tolerated(tmp_path):
    path = tmp_path / "gender.csv"
    path.write_text("\ufeff" + HEADER + "\n" + GOOD_ROWS[0] + "\n\n" + GOOD_ROWS[1] + "\n", encoding="utf-8")
    frame = read_gender_csv(path).frame
    assert frame.columns[0] == "Gender" and len(frame) == 2


def test_gender_labels_are_case_insensitive(write_csv):
    frame = read_gender_csv(write_csv(HEADER, GOOD_ROWS[0].replace("male", "Male"))).frame
    assert frame["Gender"].tolist() == ["male"]


def test_missing_columns_are_named_with_the_columns_found(write_csv):
    path = write_csv("Gender, Age, Weight (kg),", "male, 30, 80,")
    with pytest.raises(DataError) as error:
        read_gender_csv(path)
    message = str(error.value)
    assert "missing column(s) ['Height (cm)', 'Income (USD)']" in message
    assert "columns found: ['Gender', 'Age', 'Weight (kg)']" in message
    assert str(path) in message


def test_a_non_numeric_value_is_reported_with_its_line_and_column(write_csv):
    rows = list(GOOD_ROWS)
    rows[2] = rows[2].replace("182", "tall")
    with pytest.raises(DataError, match=re.escape("column 'Height (cm)' holds the non-numeric value 'tall' on line 4")):
        read_gender_csv(write_csv(HEADER, *rows))


@pytest.mark.parametrize("text", ["inf", "-inf", "Infinity"])
def test_an_infinite_number_is_reported_with_its_line_and_column(write_csv, text):
    # pd.to_numeric parses these as numbers; let through, they would surface only as a NaN loss or
    # an uninformative error from the scaler, far from the line of the file that holds them.
    rows = list(GOOD_ROWS)
    rows[1] = rows[1].replace(" 28", f" {text}")
    expected = f"column 'Age' holds the infinite value {text!r} on line 3 (data row 2); expected a finite number"
    with pytest.raises(DataError, match=re.escape(expected)):
        read_gender_csv(write_csv(HEADER, *rows))


def test_an_empty_number_is_reported(write_csv):
    with pytest.raises(DataError, match=r"column 'Age' holds an empty value on line 2"):
        read_gender_csv(write_csv(HEADER, "male,,175,70,Doctor,Master's Degree,Married,75000,Blue,"))


def test_line_numbers_count_blank_lines(write_csv):
    rows = [GOOD_ROWS[0], "", GOOD_ROWS[1].replace("52000", "lots")]
    with pytest.raises(DataError, match=r"'lots' on line 4 \(data row 3\)"):
        read_gender_csv(write_csv(HEADER, *rows))


def test_an_unknown_gender_label_is_reported_with_the_expected_ones(write_csv):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1].replace("female", "F")]
    with pytest.raises(DataError, match=r"unknown label 'F' on line 3.*expected one of \['female', 'male'\]"):
        read_gender_csv(write_csv(HEADER, *rows))


def test_an_empty_file_is_rejected(tmp_path):
    path = tmp_path / "gender.csv"
    path.write_text("")
    with pytest.raises(DataError, match="is empty: it has no header"):
        read_gender_csv(path)


def test_a_header_without_rows_is_rejected(write_csv):
    with pytest.raises(DataError, match="is empty: it has a header but no data rows"):
        read_gender_csv(write_csv(HEADER, ""))


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        read_gender_csv(tmp_path / "nope.csv")


def test_a_folder_holding_gender_csv_is_accepted(write_csv, tmp_path):
    write_csv(HEADER, *GOOD_ROWS)
    assert len(read_gender_csv(tmp_path).frame) == 3


def test_a_binary_file_is_rejected_clearly(tmp_path):
    path = tmp_path / "gender.csv"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(DataError, match="not a UTF-8 text file"):
        read_gender_csv(path)


def test_a_row_with_more_values_than_columns_is_rejected_not_cut(write_csv):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1] + "surprise,extra"]
    expected = r"line 3 has 11 fields but the header names only 10 columns; extra values \[.extra.\]"
    with pytest.raises(DataError, match=expected):
        read_gender_csv(write_csv(HEADER, *rows))


def test_a_value_in_the_nameless_trailing_column_is_rejected(write_csv):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1] + "surprise,"]
    with pytest.raises(DataError, match=r"line 3 has the value 'surprise' in a column without a name \(position 10\)"):
        read_gender_csv(write_csv(HEADER, *rows))


def test_a_column_named_twice_is_rejected(write_csv):
    with pytest.raises(DataError, match=r"names the column\(s\) \['Age'\] more than once"):
        read_gender_csv(write_csv(HEADER + "Age,", GOOD_ROWS[0] + "33,"))


def test_a_named_but_empty_required_column_is_an_empty_value_not_a_missing_column(write_csv):
    rows = [row.replace("75000", "").replace("52000", "").replace("480000", "") for row in GOOD_ROWS]
    with pytest.raises(DataError, match=r"column 'Income \(USD\)' holds an empty value on line 2"):
        read_gender_csv(write_csv(HEADER, *rows))


def test_optional_text_columns_may_be_absent(write_csv):
    frame = read_gender_csv(write_csv("Gender,Age,Height (cm),Weight (kg),Income (USD)", "male,30,180,80,50000")).frame
    assert list(frame.columns) == ["Gender", "Age", "Height (cm)", "Weight (kg)", "Income (USD)"]
