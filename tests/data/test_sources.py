"""Where the data comes from: Kaggle through kagglehub's real cache lookup, a local file, or the
bundled synthetic sample — and what happens when Kaggle cannot be reached. No test touches the network."""

from __future__ import annotations

import shutil

import kagglehub
import pytest

from tensor_autograd.data import (
    KAGGLE_HANDLE,
    DataError,
    DataSourceError,
    kaggle_cache_folder,
    load_gender_data,
    synthetic_csv_path,
)

from .conftest import HEADER

ROWS = (
    "male,32,175,70,Doctor,Master's Degree,Married,75000,Blue,",
    " female, 28, 165, 55, Nurse, Bachelor's Degree, Single, 52000, Green,",
    "male,32,175,70,Doctor,Master's Degree,Married,75000,Blue,",
)


def lay_out_kaggle_cache(cache, text):
    """Put gender.csv where kagglehub puts a finished download of the pinned version."""
    folder = cache / "datasets" / "muhammadtalharasool" / "simple-gender-classification" / "versions" / "1"
    folder.mkdir(parents=True)
    (folder / "gender.csv").write_text(text, encoding="utf-8")
    # kagglehub trusts a cached folder only next to its completion marker.
    (cache / "datasets" / "muhammadtalharasool" / "simple-gender-classification" / "1.complete").touch()
    return folder


def test_the_handle_is_version_pinned():
    assert KAGGLE_HANDLE == "muhammadtalharasool/simple-gender-classification/versions/1"


def test_cache_folder_follows_kagglehub_cache(kaggle_cache):
    expected = kaggle_cache / "datasets" / "muhammadtalharasool" / "simple-gender-classification" / "versions" / "1"
    assert kaggle_cache_folder() == expected


def test_a_cached_copy_is_served_by_kagglehub_without_network(kaggle_cache):
    folder = lay_out_kaggle_cache(kaggle_cache, "\n".join([HEADER, *ROWS]) + "\n")
    assert folder == kaggle_cache_folder()
    # kagglehub's own code path, with every network call failing (no_network): a cache hit.
    assert kagglehub.dataset_download(KAGGLE_HANDLE) == str(folder)
    for source in ("auto", "kaggle"):
        loaded = load_gender_data(source)
        assert loaded.source == "kaggle" and not loaded.is_synthetic
        assert loaded.path == folder / "gender.csv"
        assert len(loaded.frame) == 2 and loaded.duplicates == 1
        assert KAGGLE_HANDLE in loaded.description and "SYNTHETIC" not in loaded.description


def test_a_cache_without_completion_marker_is_not_trusted(kaggle_cache):
    folder = lay_out_kaggle_cache(kaggle_cache, "\n".join([HEADER, *ROWS]) + "\n")
    (folder.parent.parent / "1.complete").unlink()  # an interrupted download
    with pytest.raises(DataSourceError):
        load_gender_data("kaggle")


def test_offline_cache_miss_auto_falls_back_to_the_synthetic_sample_and_says_so(kaggle_cache):
    loaded = load_gender_data("auto")
    assert loaded.source == "synthetic" and loaded.is_synthetic
    assert loaded.path == synthetic_csv_path()
    assert loaded.fallback_reason is not None and "ConnectionError" in loaded.fallback_reason
    assert "SYNTHETIC" in loaded.description and "Kaggle was unreachable" in loaded.description
    assert "SYNTHETIC" in loaded.summary()


def test_offline_cache_miss_with_source_kaggle_fails_explaining_what_was_tried_and_how_to_fix_it(kaggle_cache):
    with pytest.raises(DataSourceError) as error:
        load_gender_data("kaggle")
    message = str(error.value)
    assert f"kagglehub.dataset_download({KAGGLE_HANDLE!r})" in message  # what was tried
    assert str(kaggle_cache_folder()) in message  # where the cache would be
    assert "ConnectionError" in message  # why it failed
    for fix in ("internet", "--data PATH", "--source auto", "API token"):
        assert fix in message


def test_any_kagglehub_failure_counts_as_unreachable(monkeypatch):
    def unauthenticated(handle, *args, **kwargs):
        raise PermissionError(f"401 for {handle}")

    monkeypatch.setattr(kagglehub, "dataset_download", unauthenticated)
    assert load_gender_data("auto").is_synthetic
    with pytest.raises(DataSourceError, match="PermissionError: 401"):
        load_gender_data("kaggle")


def test_a_download_without_gender_csv_is_reported(monkeypatch, tmp_path):
    (tmp_path / "other.csv").write_text("a,b\n")
    monkeypatch.setattr(kagglehub, "dataset_download", lambda handle, *a, **k: str(tmp_path))
    with pytest.raises(DataSourceError, match=r"no gender.csv in .*files found: \['other.csv'\]"):
        load_gender_data("kaggle")


def test_synthetic_source_never_calls_kagglehub(monkeypatch):
    monkeypatch.setattr(kagglehub, "dataset_download", lambda *a, **k: pytest.fail("network path taken"))
    loaded = load_gender_data("synthetic")
    assert loaded.is_synthetic and loaded.fallback_reason is None
    assert "SYNTHETIC" in loaded.description and "unreachable" not in loaded.description


def test_a_local_file_wins_and_is_labelled_as_such(monkeypatch, write_csv):
    monkeypatch.setattr(kagglehub, "dataset_download", lambda *a, **k: pytest.fail("network path taken"))
    path = write_csv(HEADER, *ROWS, name="mine.csv")
    loaded = load_gender_data(path=path)
    assert loaded.source == "file" and loaded.path == path and str(path) in loaded.description
    assert not loaded.is_synthetic


def test_a_local_folder_is_searched_for_gender_csv(kaggle_cache, tmp_path):
    folder = lay_out_kaggle_cache(kaggle_cache, "\n".join([HEADER, *ROWS]) + "\n")
    copy = tmp_path / "download"
    shutil.copytree(folder, copy)
    assert load_gender_data(path=copy).path == copy / "gender.csv"


def test_a_missing_local_file_is_not_replaced_by_synthetic_data(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_gender_data(path=tmp_path / "missing.csv")


def test_bad_source_arguments(tmp_path):
    expected = r"unknown data source 'web'; expected one of \['auto', 'kaggle', 'synthetic'\]"
    with pytest.raises(ValueError, match=expected):
        load_gender_data("web")
    with pytest.raises(ValueError, match="either a data file"):
        load_gender_data("kaggle", path=tmp_path / "x.csv")
