"""The shared modulus-10 (weights 2-1) check digit."""

import numpy as np
import pytest

from seiho.check_digits import modulus10_weight21, modulus10_weight21_array
from seiho.errors import SeihoError


def test_check_digit_worked_example_88134457():
    assert modulus10_weight21("8813445") == 7


def test_check_digit_array_matches_scalar():
    bodies = np.random.default_rng(7).integers(0, 10**6, size=500)
    expected = [modulus10_weight21(f"{body:06d}") for body in bodies]
    assert modulus10_weight21_array(bodies, 6).tolist() == expected


def test_check_digit_rejects_fullwidth_digits():
    with pytest.raises(SeihoError, match="半角数字"):
        modulus10_weight21("８８１３４４５")
