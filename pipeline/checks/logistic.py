"""L2-regularised logistic regression fitted by Newton's method with conjugate gradients (numpy).

No randomness: from zero weights, the same data gives the same optimum, so a retrained model file
is the shipped one. The features are binary and sparse (a few dozen of a few thousand per unit),
so the design matrix is kept as the column indices of its ones: products are gathers and
`bincount` sums, which are fast and always add in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Binary:
    """A 0/1 matrix: for each row, the columns holding a one."""

    rows: NDArray[np.int64]  # row of each one
    cols: NDArray[np.int64]  # column of each one
    starts: NDArray[np.int64]  # where each row's ones start in `cols`
    shape: tuple[int, int]

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[int]], width: int) -> Binary:
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        cols = np.array([c for r in rows for c in sorted(r)], dtype=np.int64)
        row_ids = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        return cls(row_ids, cols, starts, (len(rows), width))

    def take(self, mask: NDArray[np.bool_]) -> Binary:
        """The rows where `mask` is true."""
        kept = np.flatnonzero(mask)
        lengths = np.diff(np.append(self.starts, len(self.cols)))
        rows = [self.cols[self.starts[i] : self.starts[i] + lengths[i]].tolist() for i in kept]
        return Binary.from_rows(rows, self.shape[1])

    def dot(self, v: Array) -> Array:
        """X·v."""
        return np.bincount(self.rows, weights=v[self.cols], minlength=self.shape[0]).astype(float)

    def tdot(self, u: Array) -> Array:
        """Xᵀ·u."""
        return np.bincount(self.cols, weights=u[self.rows], minlength=self.shape[1]).astype(float)


def sigmoid(z: Array) -> Array:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0))), dtype=np.float64)


def fit(x: Binary, y: Array, l2: float, iterations: int = 50) -> tuple[Array, float]:
    """Weights and bias minimising the log loss plus l2/2·|w|² (the bias is not penalised)."""
    n, d = x.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(iterations):
        p = sigmoid(x.dot(w) + b)
        gw = x.tdot(p - y) + l2 * w
        gb = float(np.sum(p - y))
        if np.sqrt(gw @ gw + gb * gb) < 1e-6 * max(1, n):
            break
        s = p * (1.0 - p) + 1e-12
        dw, db = _newton_step(x, s, l2, gw, gb)
        step = 1.0
        current = _loss(x, y, w, b, l2)
        while step > 1e-4 and _loss(x, y, w - step * dw, b - step * db, l2) > current:
            step /= 2  # Newton overshoots only far from the optimum; halve until the loss drops
        w, b = w - step * dw, b - step * db
    return w, b


def _loss(x: Binary, y: Array, w: Array, b: float, l2: float) -> float:
    z = x.dot(w) + b
    return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * (w @ w))


def _newton_step(
    x: Binary, s: Array, l2: float, gw: Array, gb: float, iterations: int = 200
) -> tuple[Array, float]:
    """Solve H·v = g with conjugate gradients, H = Xᵀ diag(s) X + l2·I (bias row unpenalised)."""

    def hessian(vw: Array, vb: float) -> tuple[Array, float]:
        u = s * (x.dot(vw) + vb)
        return x.tdot(u) + l2 * vw, float(np.sum(u)) + 1e-9 * vb

    vw, vb = np.zeros_like(gw), 0.0
    rw, rb = gw.copy(), gb
    pw, pb = rw.copy(), rb
    rr = float(rw @ rw) + rb * rb
    target = 1e-20 + 1e-12 * rr
    for _ in range(iterations):
        hw, hb = hessian(pw, pb)
        alpha = rr / (float(pw @ hw) + pb * hb)
        vw, vb = vw + alpha * pw, vb + alpha * pb
        rw, rb = rw - alpha * hw, rb - alpha * hb
        new = float(rw @ rw) + rb * rb
        if new < target:
            break
        pw, pb = rw + (new / rr) * pw, rb + (new / rr) * pb
        rr = new
    return vw, vb
