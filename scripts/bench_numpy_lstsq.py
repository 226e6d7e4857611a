#!/usr/bin/env python3
"""The numpy side of `budget bench regress`: the same workload (100,000 fits of n = 10, p = 3) with
numpy.linalg.lstsq in a Python loop (coefficients only), and statsmodels OLS with full statistics on a
sample of fits. Usage: python3 scripts/bench_numpy_lstsq.py [fits]"""
import sys
import time

import numpy as np

fits = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = np.random.default_rng(1)
datasets = []
for _ in range(1000):
    x = np.column_stack([np.ones(10), 10 * rng.random(10), 10 * rng.random(10)])
    y = 1 + 2 * x[:, 1] - x[:, 2] + rng.random(10) - 0.5
    datasets.append((x, y))

start = time.perf_counter()
for i in range(fits):
    x, y = datasets[i % 1000]
    np.linalg.lstsq(x, y, rcond=None)
elapsed = time.perf_counter() - start
print(f"numpy {np.__version__} lstsq, coefficients only: {fits:,} fits in {elapsed:.2f} s = {fits / elapsed:,.0f} fits/s")

try:
    import statsmodels.api as sm
    sample = min(fits, 5_000)
    start = time.perf_counter()
    for i in range(sample):
        x, y = datasets[i % 1000]
        r = sm.OLS(y, x).fit(method="qr")
        r.bse, r.tvalues, r.pvalues, r.conf_int(), r.rsquared_adj, r.fvalue, r.f_pvalue, r.llf, r.aic, r.bic, r.condition_number
    elapsed = time.perf_counter() - start
    print(f"statsmodels {sm.__version__} OLS with full statistics: {sample:,} fits in {elapsed:.2f} s = {sample / elapsed:,.0f} fits/s")
except ImportError:
    print("statsmodels not installed: pip install statsmodels")
