"""The modulus-10 check digit (weights 2 and 1 from the right) of Japanese claim numbers.

厚生労働省 sets this rule for 保険者番号, 公費負担者番号 and 受給者番号
(quoted, with the worked example 88134457, in 東京都's press release of
2024-10-03 on a wrong 負担者番号). The same arithmetic, over a different span,
fits every code in the national list of 医療機関コード.

Starting from the last digit, the digits are multiplied by 2, 1, 2, 1, ….
A two-digit product counts as the sum of its digits. The check digit is 10
minus the last digit of the total, or 0 when that last digit is 0. This is
the Luhn algorithm.

The import checks numbers with it, and the demo generator makes numbers with it.
"""

import numpy as np

from seiho.errors import SeihoError


def modulus10_weight21(body: str) -> int:
    """Return the check digit of the digit string ``body``."""
    if not body.isascii() or not body.isdigit():
        raise SeihoError(f"検証番号を計算できません。「{body}」に半角数字以外の文字があります。半角数字だけを指定してください。", f"non-digit body {body!r}")

    total = 0
    for position, character in enumerate(reversed(body)):
        product = int(character) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10

    return (10 - total % 10) % 10


def modulus10_weight21_array(bodies: np.ndarray, width: int) -> np.ndarray:
    """Return the check digit of each integer in ``bodies``, read as ``width`` digits with leading zeros."""
    remaining = np.asarray(bodies, dtype=np.int64).copy()
    total = np.zeros(remaining.shape, dtype=np.int64)

    for position in range(width):
        digit = remaining % 10
        remaining //= 10
        product = digit * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10

    return (10 - total % 10) % 10
