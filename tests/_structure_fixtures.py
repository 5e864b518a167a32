"""Small reference structures for the structure-generation tests."""

import numpy as np

#: Diamond-cubic basis (fractional coordinates of the 8 atoms of the cubic cell).
DIAMOND_BASIS = np.array(
    [
        [0.0, 0.0, 0.0],
        [0.0, 0.5, 0.5],
        [0.5, 0.0, 0.5],
        [0.5, 0.5, 0.0],
        [0.25, 0.25, 0.25],
        [0.25, 0.75, 0.75],
        [0.75, 0.25, 0.75],
        [0.75, 0.75, 0.25],
    ]
)


def diamond_positions(cells: int = 2, a: float = 5.431):
    """Positions (Å) and box length of ``cells``³ cubic cells of diamond silicon."""
    grid = np.array([[i, j, k] for i in range(cells) for j in range(cells) for k in range(cells)])
    return (DIAMOND_BASIS[None] + grid[:, None]).reshape(-1, 3) * a, cells * a
