"""With the default settings, the linear model trained by gradient descent reaches the closed-form loss."""

from __future__ import annotations

import io

import pytest

from tensor_autograd.cli import train


@pytest.mark.parametrize("seed", ["0", "1"])
def test_default_linear_regression_is_within_one_percent_of_least_squares(seed):
    args = train.build_parser().parse_args(["--source", "synthetic", "--quiet", "--seed", seed])
    result = train.run(args, io.StringIO())
    closed_form = result.baseline["train_mse_scaled"]
    assert closed_form <= result.train_loss * (1 + 1e-6)  # least squares is the floor...
    assert result.train_loss <= closed_form * 1.01  # ...and gradient descent gets within 1 % of it

