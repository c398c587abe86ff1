"""Bad inputs an API review tried: each behaves as PyTorch 2.13 does (checked in it)."""

import numpy as np
import pytest

import tensor_autograd as ta
from tensor_autograd import Tensor, nn, no_grad, optim
from tensor_autograd import functional as F


# -- 1. augmented assignment is the in-place op ------------------------------------
@pytest.mark.parametrize(
    "op, expected",
    [("+=", [1.5, 2.5]), ("-=", [0.5, 1.5]), ("*=", [0.5, 1.0]), ("/=", [2.0, 4.0])],
)
def test_augmented_assignment_changes_the_tensor_in_place(op, expected):
    p = Tensor([1.0, 2.0], requires_grad=True)
    alias, data = p, p.data
    with no_grad():
        exec(f"p {op} 0.5", {}, scope := {"p": p})
    assert scope["p"] is alias and alias.data is data
    np.testing.assert_array_equal(alias.data, expected)
    assert alias._version == 1 and alias.is_leaf and alias.requires_grad


def test_sgd_loop_with_minus_equals_trains_the_parameters():
    model = nn.Linear(1, 1)
    before = model.weight.data.copy()
    x = Tensor([[1.0]], dtype=model.weight.dtype)
    loss = ((model(x) - 3.0) ** 2).sum()
    loss.backward()
    with no_grad():
        for p in model.parameters():
            p -= 0.1 * p.grad
    assert not np.array_equal(model.weight.data, before)


def test_augmented_assignment_on_a_leaf_requiring_grad_raises_outside_no_grad():
    p = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        p -= 1.0


def test_augmented_assignment_on_a_non_leaf_is_recorded():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 1.0
    alias = y
    y *= x  # y = x * x
    assert y is alias
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0])


# -- 2. a tensor is not a list of parameters; 0-d iteration; float/int; gradient= --
@pytest.mark.parametrize("shape", [(3, 2), ()])
def test_optimizer_given_one_tensor_raises_pytorchs_type_error(shape):
    w = Tensor(np.zeros(shape), requires_grad=True)
    with pytest.raises(TypeError, match="should be an iterable of Tensors or dicts"):
        optim.SGD(w, lr=0.1)


def test_iterating_a_0d_tensor_raises():
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        list(Tensor(1.0))
    rows = list(Tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert len(rows) == 2 and rows[1].shape == (2,)


def test_float_and_int_of_a_one_element_tensor():
    assert float(Tensor([[2.5]])) == 2.5 and int(Tensor(-2.7)) == -2
    with pytest.raises(ValueError, match="only one element tensors"):
        float(Tensor([1.0, 2.0]))


def test_backward_takes_pytorchs_keyword_gradient():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * 3).backward(gradient=Tensor([1.0, 10.0]))
    np.testing.assert_array_equal(x.grad, [3.0, 30.0])
    x.grad = None
    (x * 3).backward(grad=np.array([1.0, 1.0]))
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


# -- 3. a registered parameter is replaced only by a Parameter (or None) -----------
@pytest.mark.parametrize(
    "value, name",
    [(Tensor(np.zeros((1, 2), np.float32), requires_grad=True), "Tensor"), (5, "int")],
)
def test_assigning_a_non_parameter_over_a_parameter_raises(value, name):
    linear = nn.Linear(2, 1)
    weight = linear.weight
    message = f"cannot assign '{name}' as parameter 'weight'"
    with pytest.raises(TypeError, match=message):
        linear.weight = value
    assert linear.weight is weight and weight in linear.parameters()
    linear.weight = nn.Parameter(np.ones((1, 2), np.float32))  # allowed
    linear.bias = None  # allowed, as in PyTorch
    assert len(linear.parameters()) == 1


# -- 4. assigning .grad is checked -------------------------------------------------
def test_assigning_a_tensor_to_grad_stores_its_array():
    x = Tensor([1.0, 2.0], requires_grad=True)
    x.grad = Tensor([1.0, 1.0])
    assert type(x.grad) is np.ndarray
    (x * 3).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad, [4.0, 4.0])


def test_assigning_a_grad_of_the_wrong_shape_raises():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"different size: shape \(1,\) for a tensor "
                       r"of shape \(2,\)"):
        x.grad = np.array([1.0])
    with pytest.raises(RuntimeError, match="different type: int64"):
        x.grad = np.array([1, 2])
    with pytest.raises(TypeError, match="got list"):
        x.grad = [1.0, 2.0]
    assert x.grad is None
    x.grad = np.array([0.5, 0.5], dtype=np.float32)  # another float dtype: allowed
    x.grad = None


# -- 5. convolutions: one dtype, and an empty batch --------------------------------
@pytest.mark.parametrize("op, dims", [("conv1d", 1), ("conv2d", 2)])
def test_conv_with_mixed_dtypes_raises(op, dims):
    conv = getattr(ta.conv, op)
    x = Tensor(np.ones((1, 2) + (5,) * dims, np.float32))
    w = Tensor(np.ones((3, 2) + (3,) * dims, np.float64))
    with pytest.raises(TypeError, match=f"{op}: the operands have dtypes float32 and "
                       "float64"):
        conv(x, w)
    with pytest.raises(TypeError, match=op):
        conv(x, w.astype(np.float32), Tensor(np.zeros(3)))  # a float64 bias


@pytest.mark.parametrize("dims", [1, 2])
def test_conv_of_an_empty_batch_is_empty_and_has_a_backward(dims):
    conv = ta.conv.conv1d if dims == 1 else ta.conv.conv2d
    x = Tensor(np.zeros((0, 3) + (10,) * dims), requires_grad=True)
    w = Tensor(np.ones((4, 3) + (3,) * dims), requires_grad=True)
    b = Tensor(np.ones(4), requires_grad=True)
    y = conv(x, w, b, padding=1 if dims == 2 else 0)
    assert y.shape == (0, 4) + ((8,) if dims == 1 else (10, 10))
    y.sum().backward()
    assert x.grad.shape == x.shape
    np.testing.assert_array_equal(w.grad, np.zeros(w.shape))
    np.testing.assert_array_equal(b.grad, np.zeros(4))


def test_max_pool_of_an_empty_batch_has_a_backward():
    x = Tensor(np.zeros((0, 3, 10)), requires_grad=True)
    y = ta.conv.max_pool1d(x, 2)
    assert y.shape == (0, 3, 5)
    y.sum().backward()
    assert x.grad.shape == x.shape


# -- 6. integer parameters; a Function's forward returning a number ----------------
@pytest.mark.parametrize("data", [ta.tensor([1, 2]), np.array([True]), [1, 2]])
def test_a_parameter_of_integer_data_raises(data):
    with pytest.raises(TypeError, match="Only Tensors of floating point dtype can "
                       "require gradients"):
        nn.Parameter(data)
    assert nn.Parameter(data, dtype=np.float32).dtype == np.float32  # asked: converted
    assert nn.Parameter(data, requires_grad=False).dtype == np.float64


@pytest.mark.parametrize("value", [3, 2.5, np.array([1, 2])])
def test_a_function_whose_forward_returns_a_non_tensor_raises(value):
    class Constant(ta.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return value

        @staticmethod
        def backward(ctx, g):
            return g

    with pytest.raises(TypeError, match="Constant.forward returned a"):
        Constant.apply(Tensor([1.0], requires_grad=True))


def test_a_function_may_return_a_floating_numpy_array():
    class Double(ta.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x.data * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    x = Tensor([1.0, 2.0], requires_grad=True)
    Double.apply(x).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


# -- 7. BCE targets, dims out of range, Adam's betas -------------------------------
@pytest.mark.parametrize("bad", [2.0, -0.5, np.nan])
def test_binary_cross_entropy_checks_the_target_range(bad):
    with pytest.raises(ValueError, match="target should be between 0 and 1, got"):
        F.binary_cross_entropy(Tensor([0.5, 0.5]), Tensor([1.0, bad]))


DIM_MESSAGE = (r"{}: Dimension out of range \(expected to be in range of \[-2, 1\], "
               r"but got {}\) for a tensor of shape \(2, 3\)")


@pytest.mark.parametrize(
    "name, call, bad",
    [
        ("sum", lambda x: x.sum(dim=5), 5),
        ("mean", lambda x: x.mean(axis=(0, 5)), 5),
        ("max", lambda x: x.max(dim=-3), -3),
        ("min", lambda x: x.min(2), 2),
        ("softmax", lambda x: F.softmax(x, dim=2), 2),
        ("log_softmax", lambda x: F.log_softmax(x, dim=-3), -3),
    ],
)
def test_a_dim_out_of_range_is_named_with_the_op_and_shape(name, call, bad):
    with pytest.raises(IndexError, match=DIM_MESSAGE.format(name, bad)):
        call(Tensor(np.zeros((2, 3))))


@pytest.mark.parametrize("betas", [(0.9,), (0.9, 0.99, 0.999), 0.9])
def test_adam_betas_must_be_a_pair(betas):
    with pytest.raises(ValueError, match="betas must be a pair"):
        optim.Adam([Tensor([1.0], requires_grad=True)], betas=betas)
