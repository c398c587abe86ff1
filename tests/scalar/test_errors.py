"""Bad input to the engine fails loudly, naming the value and what was expected."""

import math
from fractions import Fraction

import pytest

from scalar_autograd.engine import Value


@pytest.mark.parametrize(
    "bad, named",
    [("3", "str '3'"), (None, "NoneType None"), (1 + 2j, "complex (1+2j)"),
     ([1.0], "list [1.0]"), (True, "bool True")],
)
def test_value_rejects_non_numbers(bad, named):
    with pytest.raises(TypeError, match="real number") as info:
        Value(bad)
    assert named in str(info.value)


@pytest.mark.parametrize("good", [3, -2.5, Fraction(1, 4), math.nan, math.inf])
def test_value_accepts_real_numbers_as_floats(good):
    v = Value(good)
    assert type(v.data) is float
    assert v.data == float(good) or math.isnan(v.data)


@pytest.mark.parametrize(
    "expression",
    [
        lambda v: v + "a",
        lambda v: "a" + v,
        lambda v: v - None,
        lambda v: None - v,
        lambda v: v * [1],
        lambda v: v / "2",
        lambda v: "2" / v,
        lambda v: v ** "2",
        lambda v: "2" ** v,
        lambda v: v + True,
        lambda v: v ** True,
        lambda v: v * (1 + 1j),
    ],
)
def test_unsupported_operands_raise_pythons_type_error(expression):
    with pytest.raises(TypeError):
        expression(Value(1.0))


@pytest.mark.parametrize("method", ["__add__", "__radd__", "__sub__", "__rsub__", "__mul__",
                                    "__rmul__", "__truediv__", "__rtruediv__", "__pow__", "__rpow__"])
def test_operators_return_not_implemented_for_other_types(method):
    assert getattr(Value(1.0), method)("x") is NotImplemented


def test_unsupported_operand_message_is_pythons():
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+: 'Value' and 'str'"):
        Value(1.0) + "a"


@pytest.mark.parametrize("x", [0.0, -1.0, -1e-300])
def test_log_of_non_positive(x):
    with pytest.raises(ValueError, match=r"log of a non-positive value: ") as info:
        Value(x).log()
    assert repr(x) in str(info.value)


def test_log_of_nan_is_refused_too():
    with pytest.raises(ValueError, match="non-positive"):
        Value(math.nan).log()


@pytest.mark.parametrize("exponent", [0.5, 1 / 3, -1.5, Value(0.5)])
def test_fractional_power_of_negative_base(exponent):
    with pytest.raises(ValueError, match="fractional power of a negative base") as info:
        Value(-8.0) ** exponent
    assert "-8.0" in str(info.value)


def test_integer_power_of_negative_base_is_fine():
    assert (Value(-2.0) ** 3).data == -8.0
    assert (Value(-2.0) ** -2).data == 0.25


def test_value_exponent_needs_a_positive_base_for_its_gradient():
    with pytest.raises(ValueError, match="needs a base > 0"):
        Value(-2.0) ** Value(2.0)


@pytest.mark.parametrize(
    "expression",
    [
        lambda: Value(1.0) / 0,
        lambda: Value(1.0) / Value(0.0),
        lambda: 1 / Value(0.0),
        lambda: Value(1.0) / -0.0,
    ],
)
def test_division_by_zero(expression):
    with pytest.raises(ZeroDivisionError, match=r"division by zero: 1\.0 / -?0\.0"):
        expression()


@pytest.mark.parametrize(
    "expression", [lambda: Value(0.0) ** -1, lambda: Value(0.0) ** -0.5, lambda: Value(0.0) ** Value(-1.0)]
)
def test_zero_to_a_negative_power(expression):
    with pytest.raises(ZeroDivisionError, match="zero to a negative power"):
        expression()


def test_repr_shows_data_grad_and_op():
    a = Value(2)
    assert repr(a) == "Value(data=2.0, grad=0.0)"
    b = a * 3
    b.backward()
    assert repr(b) == "Value(data=6.0, grad=1.0, op='*')"
    assert repr(a) == "Value(data=2.0, grad=3.0)"


def test_values_have_no_instance_dict():
    with pytest.raises(AttributeError):
        Value(1.0).label = "x"
