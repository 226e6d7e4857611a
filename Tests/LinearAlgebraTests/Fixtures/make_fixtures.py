#!/usr/bin/env python3
"""Writes lstsq_numpy.json: small deterministic least-squares problems solved by numpy.

Run from this directory:  python3 make_fixtures.py
The Swift tests (NumpyComparisonTests) read the JSON; numpy is NOT needed to run them.

Each case holds A (row-major, "a_rows"), b, and numpy.linalg.lstsq's solution (LAPACK
*gelsd, SVD based, rcond=None i.e. eps*max(m,n)), its rank and the residual sum of squares
||b - A x||^2. numpy only returns the residual for full-rank overdetermined problems, so it is
recomputed here as sum((b - A @ x)**2) in every case. Values are written with repr() (17
significant digits), so they round-trip exactly into IEEE doubles.

For full-rank cases the script also writes the EXACT least-squares solution of the stored
(double) data, computed in rational arithmetic (fractions.Fraction, normal equations solved by
exact Gaussian elimination) and rounded to double once at the end, plus numpy's relative error
against it. On the badly scaled case numpy's SVD solution is only good to ~1e-10 relative
(column scales span 1e-3..1e5, raw condition ~3e7), so the Swift test compares that case to the
exact solution, not to numpy.
"""
import json
import math
import platform
from fractions import Fraction

import numpy as np


def well_scaled_case():
    # 15 x 3, columns of comparable size (condition ~ 10): numpy's answer is accurate to ~1e-15.
    m = 15
    a = np.empty((m, 3))
    for i in range(m):
        t = (i + 1) / m
        a[i, 0] = 1.0
        a[i, 1] = 2.0 * t + 0.3 * math.sin(2.1 * (i + 1))
        a[i, 2] = math.exp(-t) + 0.2 * math.cos(1.1 * (i + 1))
    b = np.array([0.5 - 1.25 * a[i, 1] + 3.0 * a[i, 2] + 0.05 * math.sin(3.3 * (i + 1) + 1.0)
                  for i in range(m)])
    return "well_scaled_15x3", a, b


def full_rank_case():
    # 12 x 4, columns of very different scales (1, ~1e3, ~1e-3, ~1e5): exercises column scaling.
    m, n = 12, 4
    a = np.empty((m, n))
    for i in range(m):
        t = (i + 1) / m
        a[i, 0] = 1.0
        a[i, 1] = 1000.0 * math.sin(1.3 * (i + 1)) + 250.0 * t
        a[i, 2] = 0.001 * math.cos(0.7 * (i + 1) ** 1.5)
        a[i, 3] = 1.0e5 * (t * t - 0.4 * t) + 3.0e4 * math.sin(0.37 * (i + 1))
    x_true = np.array([1.5, -2.25e-3, 750.0, 4.0e-5])
    noise = np.array([0.01 * math.sin(2.9 * (i + 1) + 0.5) for i in range(m)])
    b = a @ x_true + noise
    return "full_rank_12x4_badly_scaled", a, b


def rank_deficient_case():
    # 10 x 4 with column 3 = column 0 + 2 * column 1: rank 3. The minimum-norm solution depends on
    # the norm used (numpy: unscaled; our solver: scaled columns), so only the rank, the residual sum
    # of squares and the fitted values A x (which are unique) are comparable.
    m = 10
    a = np.empty((m, 4))
    for i in range(m):
        a[i, 0] = 1.0
        a[i, 1] = float(i + 1)
        a[i, 2] = math.cos(0.9 * (i + 1))
    a[:, 3] = a[:, 0] + 2.0 * a[:, 1]
    b = np.array([3.0 + 0.5 * (i + 1) - 2.0 * math.cos(0.9 * (i + 1)) + 0.1 * math.sin(1.7 * (i + 1))
                  for i in range(m)])
    return "rank_deficient_10x4", a, b


def exact_solution(a, b):
    """Exact solution of min ||b - A x|| for full-column-rank A, via rational normal equations."""
    m, n = a.shape
    af = [[Fraction(float(v)) for v in row] for row in a]
    bf = [Fraction(float(v)) for v in b]
    g = [[sum(af[k][i] * af[k][j] for k in range(m)) for j in range(n)]
         + [sum(af[k][i] * bf[k] for k in range(m))] for i in range(n)]
    for i in range(n):
        p = next(k for k in range(i, n) if g[k][i] != 0)
        g[i], g[p] = g[p], g[i]
        for k in range(i + 1, n):
            f = g[k][i] / g[i][i]
            g[k] = [u - f * v for u, v in zip(g[k], g[i])]
    x = [Fraction(0)] * n
    for i in reversed(range(n)):
        x[i] = (g[i][n] - sum(g[i][j] * x[j] for j in range(i + 1, n))) / g[i][i]
    res = [bf[k] - sum(af[k][j] * x[j] for j in range(n)) for k in range(m)]
    return [float(v) for v in x], float(sum(r * r for r in res))


def solve(name, a, b):
    x, _, rank, sv = np.linalg.lstsq(a, b, rcond=None)
    r = b - a @ x
    extra = {}
    if rank == a.shape[1]:
        xe, rss_e = exact_solution(a, b)
        extra = {
            "exact_solution": xe,
            "exact_residual_sum_of_squares": rss_e,
            "numpy_max_relative_error_vs_exact": max(abs(u - v) / abs(v) for u, v in zip(x, xe)),
        }
    return {
        "name": name,
        "a_rows": [[float(v) for v in row] for row in a],
        "b": [float(v) for v in b],
        "solution": [float(v) for v in x],
        "fitted": [float(v) for v in a @ x],
        "rank": int(rank),
        "residual_sum_of_squares": float(r @ r),
        "singular_values": [float(v) for v in sv],
        "condition_number": float(sv[0] / sv[-1]) if sv[-1] > 0 else math.inf,
        **extra,
    }


def main():
    cases = [solve(*well_scaled_case()), solve(*full_rank_case()), solve(*rank_deficient_case())]
    doc = {
        "generator": "make_fixtures.py",
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "method": "numpy.linalg.lstsq(a, b, rcond=None)",
        "cases": cases,
    }
    # Infinity is not JSON; the rank-deficient condition number is replaced by null.
    for c in doc["cases"]:
        if math.isinf(c["condition_number"]):
            c["condition_number"] = None
    with open("lstsq_numpy.json", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
