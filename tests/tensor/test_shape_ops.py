"""PyTorch's shape and indexing ops: squeeze, unsqueeze, flatten, permute, expand, repeat,
flip, pad, split, chunk, gather, masked_fill, one_hot and einsum — values against NumPy,
gradients against finite differences at first and second order."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tensor_autograd as ta
import tensor_autograd.functional as F
from tensor_autograd import Tensor, check_grads, grad

SETTINGS = settings(max_examples=15)
shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def test_squeeze_unsqueeze_flatten_permute_shapes():
    x = Tensor(data((2, 1, 3, 1)))
    assert x.squeeze().shape == (2, 3)
    assert x.squeeze(1).shape == (2, 3, 1)
    assert x.squeeze(0).shape == (2, 1, 3, 1)  # not size 1: left alone, as in PyTorch
    assert ta.squeeze(x, (1, 3)).shape == (2, 3)
    assert x.unsqueeze(0).shape == (1, 2, 1, 3, 1) and x.unsqueeze(-1).shape == (2, 1, 3, 1, 1)
    assert x.flatten().shape == (6,) and ta.flatten(x, 1, 2).shape == (2, 3, 1)
    assert Tensor(2.0).flatten().shape == (1,)
    assert x.permute(3, 2, 1, 0).shape == (1, 3, 1, 2)
    assert ta.permute(x, (1, 0, 2, 3)).shape == (1, 2, 3, 1)
    assert x.view(3, 2).shape == (3, 2)
    assert ta.transpose(x, 0, 2).shape == (3, 1, 2, 1) and x.transpose(0, 2).shape == (3, 1, 2, 1)


def test_shape_ops_refuse_bad_axes_clearly():
    x = Tensor(data((2, 3)))
    with pytest.raises(ValueError, match="dim 4 is out of range for 3 dimensions"):
        x.unsqueeze(4)
    with pytest.raises(ValueError, match="each of the 2 axes"):
        x.permute(0, 0)
    with pytest.raises(ValueError, match="start_dim 1 comes after end_dim 0"):
        x.flatten(1, 0)


@SETTINGS
@given(shape=shapes, seed=st.integers(0, 2**16))
def test_reshaping_ops_gradients(shape, seed):
    x = data(shape, seed)
    order = tuple(reversed(range(len(shape))))
    for f in (lambda t: t.unsqueeze(1 if t.ndim > 1 else 0) ** 2,
              lambda t: t.squeeze() * t.flatten().sum(),
              lambda t: t.permute(*order) ** 3,
              lambda t: t.flip(0) * t,
              lambda t: t.repeat(*([2] * t.ndim + [1])) ** 2,
              lambda t: t.expand(2, *t.shape) ** 2):
        check_grads(f, x, order=2)


def test_expand_repeat_flip_values():
    x = Tensor([[1.0], [2.0]])
    np.testing.assert_array_equal(x.expand(-1, 3).data, [[1, 1, 1], [2, 2, 2]])
    np.testing.assert_array_equal(x.expand(2, 2, 2).data, np.broadcast_to(x.data, (2, 2, 2)))
    np.testing.assert_array_equal(x.repeat(2, 3).data, np.tile(x.data, (2, 3)))
    np.testing.assert_array_equal(x.repeat(2, 1, 1).shape, (2, 2, 1))
    np.testing.assert_array_equal(ta.flip(Tensor(data((2, 3))), (0, 1)).data,
                                  data((2, 3))[::-1, ::-1])
    with pytest.raises(ValueError, match="only axes of size 1 can grow"):
        Tensor([1.0, 2.0]).expand(3)
    with pytest.raises(ValueError, match="one per axis"):
        x.repeat(2)


def test_repeat_sums_the_gradient_over_the_copies():
    x = Tensor([1.0, 2.0], requires_grad=True)
    x.repeat(3).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_pad_is_constant_padding_from_the_last_axis():
    x = Tensor(data((2, 3)))
    out = F.pad(x, (1, 2, 0, 1), value=-1.0)
    np.testing.assert_array_equal(out.data, np.pad(x.data, ((0, 1), (1, 2)), constant_values=-1))
    check_grads(lambda t: F.pad(t, (1, 1)) ** 2, x.data, order=2)
    with pytest.raises(NotImplementedError, match="constant"):
        F.pad(x, (1, 1), mode="reflect")
    with pytest.raises(ValueError, match="pairs"):
        F.pad(x, (1, 1, 1))


def test_split_and_chunk_cut_like_pytorch():
    x = Tensor(np.arange(10.0).reshape(5, 2), requires_grad=True)
    assert [p.shape for p in x.split(2)] == [(2, 2), (2, 2), (1, 2)]
    assert [p.shape for p in ta.split(x, [1, 4])] == [(1, 2), (4, 2)]
    assert [p.shape for p in x.split(1, dim=1)] == [(5, 1), (5, 1)]
    assert [p.shape for p in ta.chunk(Tensor(np.arange(5.0)), 3)] == [(2,), (2,), (1,)]
    assert [p.shape for p in Tensor(np.arange(6.0)).chunk(4)] == [(2,), (2,), (2,)]  # PyTorch
    a, b = x.chunk(2)
    ((a * 2).sum() + (b * 3).sum()).backward()
    np.testing.assert_array_equal(x.grad[:, 0], [2, 2, 2, 3, 3])
    with pytest.raises(ValueError, match="add up to 5"):
        x.split([2, 2])
    check_grads(lambda t: ta.cat([q * (i + 1) for i, q in enumerate(t.split(2))]) ** 2,
                x.data, order=2)


def test_gather_picks_along_a_dim_and_adds_repeated_gradients():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    index = np.array([[0, 0], [1, 0]])
    np.testing.assert_array_equal(x.gather(1, index).data, [[1.0, 1.0], [4.0, 3.0]])
    np.testing.assert_array_equal(ta.gather(x, 0, np.array([[1, 0]])).data, [[3.0, 2.0]])
    x.gather(1, index).sum().backward()
    np.testing.assert_array_equal(x.grad, [[2.0, 0.0], [1.0, 1.0]])
    check_grads(lambda t: t.gather(1, index) ** 2, x.data, order=2)
    with pytest.raises(TypeError, match="not a Tensor"):
        x.gather(1, Tensor([[0.0]]))
    with pytest.raises(ValueError, match="dimensions"):
        x.gather(1, np.array([0, 1]))
    with pytest.raises(IndexError, match=r"index 2 is out of range for dim 1 of size 2"):
        x.gather(1, np.array([[2]]))
    with pytest.raises(IndexError, match="index -1 is out of range"):
        x.gather(1, np.array([[-1]]))


def test_masked_fill():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    mask = np.array([True, False])
    out = x.masked_fill(mask, -np.inf)
    np.testing.assert_array_equal(out.data, [[-np.inf, 2.0], [-np.inf, 4.0]])
    (g,) = grad((x.masked_fill(mask, 0.0) * 3).sum(), x)
    np.testing.assert_array_equal(g.data, [[0.0, 3.0], [0.0, 3.0]])
    assert (ta.masked_fill(x, x > 2, 0.0).data == [[1, 2], [0, 0]]).all()
    with pytest.raises(TypeError, match="boolean"):
        x.masked_fill(np.array([1, 0]), 0.0)


def test_one_hot_returns_integer_rows():
    np.testing.assert_array_equal(F.one_hot(np.array([0, 2]), 3), [[1, 0, 0], [0, 0, 1]])
    assert F.one_hot(np.array([[1], [3]])).shape == (2, 1, 4)
    assert F.one_hot(np.array([1])).dtype == np.int64
    with pytest.raises(ValueError, match=r"\[0, 2\)"):
        F.one_hot(np.array([2]), 2)
    with pytest.raises(TypeError, match="integers"):
        F.one_hot(np.array([0.5]))


@pytest.mark.parametrize("equation, shapes_", [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 2)]),  # implicit output: 'ik'
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("i,j->ij", [(3,), (2,)]),
    ("ij,ij->", [(2, 3), (2, 3)]),
    ("ij->j", [(2, 3)]),
    ("ij,jk->i", [(2, 3), (3, 4)]),  # k appears only in the second operand
    ("...ij,...j->...i", [(2, 2, 3), (3,)]),  # broadcast batch axes
    ("ij,jk,kl->il", [(2, 3), (3, 2), (2, 2)]),
])
def test_einsum_values_and_gradients(equation, shapes_):
    arrays = [data(s, seed=i) for i, s in enumerate(shapes_)]
    np.testing.assert_allclose(ta.einsum(equation, *[Tensor(a) for a in arrays]).data,
                               np.einsum(equation, *arrays))
    check_grads(lambda *ts: ta.einsum(equation, *ts) ** 2, *arrays, order=2)


def test_einsum_errors_are_clear():
    a = Tensor(data((2, 2)))
    with pytest.raises(ValueError, match="repeats a letter"):
        ta.einsum("ii->i", a)
    with pytest.raises(ValueError, match="names 2 operands, got 1"):
        ta.einsum("ij,jk->ik", a)
    with pytest.raises(ValueError, match=r"einsum 'ij,jk->ik' on shapes \(2, 2\), \(3, 2\)"):
        ta.einsum("ij,jk->ik", a, Tensor(data((3, 2))))


def test_masked_fill_gradients_first_and_second_order():
    mask = np.array([[True, False, False], [False, True, False]])
    check_grads(lambda t: t.masked_fill(mask, 2.0) ** 3, data((2, 3)), order=2)
    value = Tensor(0.5, requires_grad=True)
    x = Tensor(data((2, 3)), requires_grad=True)
    gx, gv = grad((x.masked_fill(mask, value) * 2).sum(), [x, value])
    assert gv.item() == 4.0  # two filled places, each with gradient 2
    np.testing.assert_array_equal(gx.data, np.where(mask, 0.0, 2.0))


def test_dim_is_accepted_where_axis_is():
    x = Tensor(data((2, 3)))
    np.testing.assert_array_equal(F.softmax(x, dim=0).data, F.softmax(x, axis=0).data)
    np.testing.assert_array_equal(F.log_softmax(x, dim=0).data, F.log_softmax(x, 0).data)
    assert ta.stack([x, x], dim=1).shape == (2, 2, 3)
    assert ta.concatenate([x, x], dim=1).shape == ta.cat([x, x], 1).shape == (2, 6)
    with pytest.raises(TypeError, match="not both"):
        F.softmax(x, axis=0, dim=1)
    with pytest.raises(TypeError, match="not both"):
        ta.stack([x], axis=1, dim=1)


@st.composite
def einsum_case(draw):
    """Two operands over a few letters, each letter one size, and any output letters."""
    letters = "ijkl"
    sizes = {c: draw(st.integers(1, 3)) for c in letters}
    a = draw(st.lists(st.sampled_from(letters), min_size=0, max_size=3, unique=True))
    b = draw(st.lists(st.sampled_from(letters), min_size=0, max_size=3, unique=True))
    used = sorted(set(a) | set(b))
    out = draw(st.permutations(used).flatmap(
        lambda p: st.integers(0, len(p)).map(lambda n: p[:n])))
    equation = f"{''.join(a)},{''.join(b)}->{''.join(out)}"
    return equation, tuple(sizes[c] for c in a), tuple(sizes[c] for c in b)


@SETTINGS
@given(case=einsum_case(), seed=st.integers(0, 2**16))
def test_einsum_two_operand_forms_match_numpy_and_finite_differences(case, seed):
    equation, shape_a, shape_b = case
    a, b = data(shape_a, seed), data(shape_b, seed + 1)
    np.testing.assert_allclose(ta.einsum(equation, Tensor(a), Tensor(b)).data,
                               np.einsum(equation, a, b), atol=1e-12)
    check_grads(lambda x, y: ta.einsum(equation, x, y) ** 2, a, b, order=2)
