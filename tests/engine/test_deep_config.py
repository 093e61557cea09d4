"""DeepConfig validation and the synthetic data sets (torch-free parts of optim_lab.deep)."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from optim_lab.deep import DATASETS, DeepConfig, make_dataset
from optim_lab.deep.config import config_from_dict


@pytest.mark.parametrize(
    "field, value",
    [
        ("depth", 0), ("depth", 201), ("depth", 3.5), ("width", 3), ("width", 257),
        ("activation", "swish"), ("init", "orthogonal"), ("gain", 0.0), ("gain", -1.0),
        ("gain", math.nan), ("residual", "yes"), ("branch", "half"), ("norm", "group"),
        ("norm_position", "mid"), ("loss", "l1"), ("clip", -1.0), ("schedule", "cosine"),
        ("sharpness_every", -1), ("full_batch", 1),
        ("optimizer", "lbfgs"), ("lr", 0.0), ("lr", math.inf), ("momentum", 1.0),
        ("batch_size", 0), ("batch_size", 10_000), ("dataset", "mnist"), ("noise", -0.1),
        ("seed", -1), ("n_samples", 4),
    ],
)
def test_bad_field_raises_value_error_naming_it(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        DeepConfig(**{field: value})


def test_batchnorm_needs_two_rows_per_batch() -> None:
    with pytest.raises(ValueError, match="batch_size of at least 2"):
        DeepConfig(norm="batch", batch_size=1)
    assert DeepConfig(norm="batch", batch_size=1, full_batch=True).batch_rows == 512


def test_branch_scale_is_one_over_sqrt_depth_only_when_scaled() -> None:
    assert DeepConfig(depth=25, branch="scaled").branch_scale == pytest.approx(1 / 5)
    assert DeepConfig(depth=25, branch="zero_init").branch_scale == 1.0
    assert DeepConfig(depth=25, branch="unscaled").branch_scale == 1.0


def test_config_round_trips_through_dict_and_rejects_unknown_keys() -> None:
    c = DeepConfig(depth=7, activation="tanh", residual=True, lr=0.03)
    assert config_from_dict(c.to_dict()) == c
    with pytest.raises(ValueError, match="colour"):
        config_from_dict({**c.to_dict(), "colour": "red"})


def test_with_validates_changes() -> None:
    c = DeepConfig()
    assert c.with_(residual=True).residual is True
    with pytest.raises(ValueError, match="width"):
        c.with_(width=1)


@pytest.mark.parametrize("name", DATASETS)
def test_datasets_are_seeded_balanced_and_two_dimensional(name: str) -> None:
    X, y = make_dataset(name, 301, noise=0.1, seed=4)
    X2, y2 = make_dataset(name, 301, noise=0.1, seed=4)
    X3, _ = make_dataset(name, 301, noise=0.1, seed=5)
    assert X.shape == (301, 2) and X.dtype == np.float32 and y.dtype == np.int64
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, X3)
    classes = DeepConfig(dataset=name).n_classes
    assert set(np.unique(y)) == set(range(classes))
    counts = np.bincount(y, minlength=classes)
    assert counts.min() >= 301 / classes - 40  # every class well represented
    assert np.abs(X).max() < 3.0


def test_unknown_dataset_is_rejected() -> None:
    with pytest.raises(ValueError, match="dataset"):
        make_dataset("iris")


def test_importing_the_deep_package_and_cli_does_not_import_torch() -> None:
    code = (
        "import sys, optim_lab, optim_lab.deep, optim_lab.deep.cli, optim_lab.cli; "
        "optim_lab.deep.DeepConfig(depth=3); print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
