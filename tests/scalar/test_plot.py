"""Loss-curve pictures."""

import pytest

from scalar_autograd.cli.plot import loss_curve_figure, loss_curve_png, save_loss_curve


def test_png_bytes_and_file(tmp_path):
    png = loss_curve_png([4.0, 2.0, 1.0])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    path = save_loss_curve([4.0, 2.0, 1.0], tmp_path / "loss.png")
    assert path.read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in path.parent.iterdir()] == ["loss.png"]  # no temp file left


def test_log_scale_only_for_positive_losses():
    assert loss_curve_figure([1.0, 0.1]).axes[0].get_yscale() == "log"
    assert loss_curve_figure([1.0, 0.0]).axes[0].get_yscale() == "linear"


def test_empty_losses_are_refused():
    with pytest.raises(ValueError, match="no losses to plot"):
        loss_curve_png([])
