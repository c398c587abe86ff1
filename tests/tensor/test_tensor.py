"""The Tensor itself: construction, dtype rules, properties, and what it refuses."""

import numpy as np
import pytest

from tensor_autograd import Tensor


def test_floating_dtypes_are_kept_and_arrays_not_copied():
    for dtype in (np.float16, np.float32, np.float64):
        array = np.arange(3, dtype=dtype)
        t = Tensor(array)
        assert t.dtype == dtype
        assert t.data is array  # no needless copy


@pytest.mark.parametrize("data", [[1, 2], np.array([1, 2], dtype=np.int32), [True, False], 3, True])
def test_integers_and_bools_become_float64(data):
    assert Tensor(data).dtype == np.float64


def test_python_floats_and_lists_are_float64_and_dtype_converts():
    assert Tensor(2.5).dtype == np.float64
    assert Tensor([[1.0, 2.0]]).shape == (1, 2)
    assert Tensor([1, 2], dtype=np.float32).dtype == np.float32
    assert Tensor(np.float32(1.0)).dtype == np.float32


@pytest.mark.parametrize("data, dtype", [(["a"], None), ([1 + 2j], None), ([1.0], np.int64)])
def test_non_real_or_non_floating_data_is_refused(data, dtype):
    with pytest.raises(TypeError, match="Tensor"):
        Tensor(data, dtype=dtype)


def test_properties():
    x = Tensor(np.zeros((2, 3), dtype=np.float32), requires_grad=True)
    assert x.shape == (2, 3) and x.ndim == 2 and x.dtype == np.float32 and len(x) == 2
    assert x.requires_grad and x.grad is None
    assert x.T.shape == (3, 2)
    assert x.numpy() is x.data
    with pytest.raises(TypeError, match="0-d"):
        len(Tensor(1.0))


def test_item_needs_exactly_one_element():
    assert Tensor([[3.5]]).item() == 3.5
    assert isinstance(Tensor(np.float32(2)).item(), float)
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        Tensor([1.0, 2.0]).item()


def test_detach_shares_data_but_not_the_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.data is y.data
    assert not (d * x).detach().requires_grad


def test_repr_shows_dtype_and_requires_grad():
    assert repr(Tensor([1.0, 2.0])) == "Tensor([1., 2.])"
    assert repr(Tensor([1.0], dtype=np.float32, requires_grad=True)) == (
        "Tensor([1.], dtype=float32, requires_grad=True)"
    )


def test_item_assignment_writes_in_place_as_in_pytorch():
    x = Tensor([1.0, 2.0])
    data = x.data
    x[0] = 5.0
    assert x.data is data and data.tolist() == [5.0, 2.0] and x._version == 1


def test_operations_with_unsupported_types_say_so():
    with pytest.raises(TypeError, match="cannot combine a Tensor with str"):
        Tensor([1.0]) + "a"


def test_ops_always_produce_arrays_never_numpy_scalars():
    x = Tensor(2.0, requires_grad=True)
    for y in (x * 3, x.exp(), x.sum(), Tensor([1.0, 2.0]).sum(), Tensor([1.0, 2.0]).max()):
        assert type(y.data) is np.ndarray


def test_truth_value_is_the_single_elements_and_ambiguous_otherwise():
    assert bool(Tensor(2.0)) and not Tensor([[0.0]]) and bool(Tensor([-1.0], requires_grad=True))
    for data in ([1.0, 1.0], [], [[0.0, 0.0]]):
        with pytest.raises(RuntimeError, match=r"the truth value of a tensor with \d elements .* is ambiguous"):
            bool(Tensor(data))
