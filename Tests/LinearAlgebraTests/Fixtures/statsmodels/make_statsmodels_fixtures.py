#!/usr/bin/env python3
"""Writes statsmodels reference fixtures (OLS / WLS) for the Swift regression engine.

Run from this directory:  python3 make_statsmodels_fixtures.py
Needs: numpy, scipy, statsmodels (pip install statsmodels). Deterministic: no randomness, rows
are ordered by an explicit sort key, and the only subsampling is "every k-th row" of that order.

Input: ../../../../Scenarios/san-diego-budget-vs-actuals.csv (relative to this script)
  columns dept_name, dept_group, fiscal_year, account_type, budget_amount, actual_amount.
  A "series" is one (dept_group, dept_name, account_type); rows with an empty account_type are
  dropped. For a row of fiscal year t, the "previous year" is the row of the SAME series with
  fiscal_year == t - 1 (exactly; a gap in the series means no lag for that row).

Cases (one JSON each):
  sandiego_ols.json          OLS  y = log B_t ; X = [1, log B_{t-1}, A_{t-1}/B_{t-1}, fiscal_year]
                             account_type in (Personnel, Non-Personnel), 2012 <= t <= 2023,
                             B_t > 0, A_t > 0, B_{t-1} > 0, A_{t-1} > 0.
  sandiego_wls.json          same design, WLS with weights w = 1 / h where h = number of fiscal
                             years of the series present in the CSV strictly before t (any
                             amounts, including non-positive ones). h >= 1 because t-1 exists.
  lagged_log_budget_ols.json OLS  y = log B_t ; X = [1, log B_{t-1}, A_{t-1}/B_{t-1}], all account
                             types, same positivity filter (B_t, A_t, B_{t-1}, A_{t-1} > 0), any
                             year (the CSV has no positive actuals after 2023, so t is 2012..2023).
  no_intercept_ols.json      case 3 without the constant column (statsmodels: uncentered R^2).
  aliased_ols.json           case 3 with log B_{t-1} appended again (exact duplicate, column 3).
                             statsmodels fit(method="pinv") of the 4-column design, plus the
                             "expected" fit (R's lm convention: the later duplicate is aliased,
                             reported as NA, and the model is fitted without it) = statsmodels
                             fit(method="qr") of the 3-column design.

Row order: sorted by (account_type, dept_group, dept_name, fiscal_year) with Python string order.
Cases 3-5 share the same rows. If a JSON would be larger than ~400 KB, the case's rows are
subsampled as "keep rows whose 0-based position in that order is divisible by k" with the
smallest k that fits (recorded as selection.subsample_every_kth, with n before/after).

Every float is written with Python's repr (shortest round-trip), so it parses back to the same
IEEE double. Non-finite values (none expected) would be written as null.

Besides the statsmodels results, each fit also carries "params_exact": the exact least-squares
(or weighted least-squares, with the stored double weights) solution of the stored double data,
computed with rational arithmetic (normal equations solved by exact elimination) and rounded to
double once; "params_max_rel_err_vs_exact" tells how accurate statsmodels' QR answer is (the
raw fiscal_year column makes case 1/2 badly conditioned on purpose).
"""
import hashlib
import json
import math
import os
import platform
import sys
from fractions import Fraction

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
CSV_REL = os.path.join("..", "..", "..", "..", "Scenarios", "san-diego-budget-vs-actuals.csv")
CSV_PATH = os.path.normpath(os.path.join(HERE, CSV_REL))
MAX_BYTES = 400 * 1024
ALPHA = 0.05

VERSIONS = {
    "python": platform.python_version(),
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "statsmodels": statsmodels.__version__,
}


# ----------------------------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------------------------
def read_csv():
    import csv

    with open(CSV_PATH, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        if r["account_type"] == "":
            continue
        out.append({
            "dept_name": r["dept_name"],
            "dept_group": r["dept_group"],
            "account_type": r["account_type"],
            "fiscal_year": int(r["fiscal_year"]),
            "budget": float(r["budget_amount"]),
            "actual": float(r["actual_amount"]),
        })
    return out, len(rows)


def lagged_rows(data):
    """All rows that have a previous-year row in the same series, with lag fields + history."""
    by_key = {}
    years = {}
    for r in data:
        key = (r["dept_group"], r["dept_name"], r["account_type"])
        if (key, r["fiscal_year"]) in by_key:
            raise ValueError("duplicate (series, year): %r" % ((key, r["fiscal_year"]),))
        by_key[(key, r["fiscal_year"])] = r
        years.setdefault(key, set()).add(r["fiscal_year"])
    out = []
    for (key, t), r in by_key.items():
        prev = by_key.get((key, t - 1))
        if prev is None:
            continue
        history = sum(1 for yr in years[key] if yr < t)
        out.append(dict(r, budget_prev=prev["budget"], actual_prev=prev["actual"],
                        history_years=history))
    out.sort(key=lambda r: (r["account_type"], r["dept_group"], r["dept_name"], r["fiscal_year"]))
    return out


def positive(r):
    return r["budget"] > 0 and r["actual"] > 0 and r["budget_prev"] > 0 and r["actual_prev"] > 0


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def fl(x):
    x = float(x)
    return x if math.isfinite(x) else None


def fl_list(a):
    return [fl(v) for v in np.asarray(a, dtype=float).ravel()]


def rows_list(a):
    return [fl_list(row) for row in np.asarray(a, dtype=float)]


def exact_ls(X, y, w=None):
    """Exact (W)LS solution of the stored doubles via rational normal equations; None if singular."""
    n, k = X.shape
    Xf = [[Fraction(float(v)) for v in row] for row in X]
    yf = [Fraction(float(v)) for v in y]
    wf = [Fraction(1)] * n if w is None else [Fraction(float(v)) for v in w]
    A = [[sum(wf[i] * Xf[i][a] * Xf[i][b] for i in range(n)) for b in range(k)] for a in range(k)]
    c = [sum(wf[i] * Xf[i][a] * yf[i] for i in range(n)) for a in range(k)]
    M = [A[a] + [c[a]] for a in range(k)]
    for col in range(k):
        piv = next((r for r in range(col, k) if M[r][col] != 0), None)
        if piv is None:
            return None
        M[col], M[piv] = M[piv], M[col]
        for r in range(k):
            if r != col and M[r][col] != 0:
                f = M[r][col] / M[col][col]
                M[r] = [M[r][j] - f * M[col][j] for j in range(k + 1)]
    return [float(M[a][k] / M[a][a]) for a in range(k)]


def new_rows(X, names):
    """Last row of X, and the same row with log_budget_lag (all copies) +0.5 and -0.5."""
    last = np.array(X[-1], dtype=float)
    idx = [j for j, nm in enumerate(names) if nm.startswith("log_budget_lag")]
    up, down = last.copy(), last.copy()
    for j in idx:
        up[j] = last[j] + 0.5
        down[j] = last[j] - 0.5
    return np.vstack([last, up, down])


def prediction_block(res, Xnew, weights=None):
    pr = res.get_prediction(Xnew, weights=weights)
    sf = pr.summary_frame(alpha=ALPHA)
    out = {
        "X_new": rows_list(Xnew),
        "alpha": ALPHA,
        "weights": None if weights is None else fl_list(weights),
    }
    for col in ["mean", "mean_se", "mean_ci_lower", "mean_ci_upper", "obs_ci_lower", "obs_ci_upper"]:
        out[col] = fl_list(sf[col].to_numpy())
    out["obs_se"] = fl_list(pr.se_obs)
    return out


def results_block(res, X, y, w=None, with_exact=True):
    ci = np.asarray(res.conf_int(alpha=ALPHA))
    model = res.model
    out = {
        "n": fl(res.nobs),
        "rank": int(model.rank),
        "n_columns": int(X.shape[1]),
        "k_constant": int(res.k_constant),
        "df_model": fl(res.df_model),
        "df_resid": fl(res.df_resid),
        "params": fl_list(res.params),
        "bse": fl_list(res.bse),
        "tvalues": fl_list(res.tvalues),
        "pvalues": fl_list(res.pvalues),
        "conf_int": {"alpha": ALPHA, "low": fl_list(ci[:, 0]), "high": fl_list(ci[:, 1])},
        "cov_params": rows_list(res.cov_params()),
        "ssr": fl(res.ssr),
        "scale": fl(res.scale),
        "residual_std_error": fl(math.sqrt(res.scale)),
        "centered_tss": fl(res.centered_tss),
        "uncentered_tss": fl(res.uncentered_tss),
        "ess": fl(res.ess),
        "rsquared": fl(res.rsquared),
        "rsquared_adj": fl(res.rsquared_adj),
        "fvalue": fl(res.fvalue),
        "f_pvalue": fl(res.f_pvalue),
        "llf": fl(res.llf),
        "aic": fl(res.aic),
        "bic": fl(res.bic),
        "condition_number": fl(res.condition_number),
        "eigenvals": fl_list(res.eigenvals),
        "fittedvalues": fl_list(res.fittedvalues),
        "resid": fl_list(res.resid),
    }
    # Independent checks of the condition number definition (see FORMULAS.md).
    wx = model.wexog
    sv = np.linalg.svd(wx, compute_uv=False)
    ev = np.linalg.eigvalsh(wx.T @ wx)
    out["condition_number_checks"] = {
        "svd_of_whitened_exog_smax_over_smin": fl(sv.max() / sv.min()),
        "sqrt_eigvalsh_of_wexogT_wexog_ratio": fl(math.sqrt(ev.max() / ev.min())) if ev.min() > 0 else None,
        "note": "statsmodels uses the singular values saved by fit(): svd(R) for method='qr', "
                "svd(wexog) for method='pinv'; eigenvals = sv**2; condition_number = "
                "sqrt(eigenvals.max()/eigenvals.min()) = smax/smin of the WHITENED exog "
                "(sqrt(w)*X for WLS).",
    }
    if with_exact:
        ex = exact_ls(X, y, w)
        out["params_exact"] = ex
        if ex is not None:
            p = np.asarray(res.params, dtype=float)
            e = np.asarray(ex)
            out["params_max_rel_err_vs_exact"] = fl(np.max(np.abs(p - e) / np.abs(e)))
    return out


def to_json(obj, ind=0):
    """Dicts one key per line; flat lists on one line; lists of lists one row per line."""
    pad = " " * ind
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [pad + " " + json.dumps(k) + ": " + to_json(v, ind + 1) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and obj and all(isinstance(v, list) for v in obj):
        rows = [pad + " " + json.dumps(v, separators=(",", ":"), allow_nan=False) for v in obj]
        return "[\n" + ",\n".join(rows) + "\n" + pad + "]"
    return json.dumps(obj, separators=(",", ":"), allow_nan=False)


def dump(name, doc):
    path = os.path.join(HERE, name)
    text = to_json(doc)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    return path, len(text) + 1


def fit_with_size_limit(build, rows):
    """build(rows_subset, k) -> (name, doc); try k = 1, 2, 3, ... until the JSON fits."""
    k = 1
    while True:
        sub = [r for i, r in enumerate(rows) if i % k == 0]
        name, doc = build(sub, k, len(rows))
        text = to_json(doc)
        if len(text) + 1 <= MAX_BYTES:
            return dump(name, doc), len(sub), k
        k += 1


def common_header(case, description, selection, model, method):
    with open(CSV_PATH, "rb") as fh:
        sha = hashlib.sha256(fh.read()).hexdigest()
    return {
        "case": case,
        "description": description,
        "generator": "Tests/LinearAlgebraTests/Fixtures/statsmodels/make_statsmodels_fixtures.py",
        "versions": VERSIONS,
        "source": {"csv": "Scenarios/san-diego-budget-vs-actuals.csv", "sha256": sha},
        "selection": selection,
        "model": model,
        "method": method,
        "float_format": "Python repr (shortest round-trip double); non-finite -> null",
    }


def design(rows, cols):
    f = {
        "const": lambda r: 1.0,
        "log_budget_lag": lambda r: math.log(r["budget_prev"]),
        "exec_rate_lag": lambda r: r["actual_prev"] / r["budget_prev"],
        "fiscal_year": lambda r: float(r["fiscal_year"]),
        "log_budget_lag_dup": lambda r: math.log(r["budget_prev"]),
    }
    X = np.array([[f[c](r) for c in cols] for r in rows], dtype=float)
    y = np.array([math.log(r["budget"]) for r in rows], dtype=float)
    return X, y


def selection_doc(rule, n_before, k, n_after):
    return {
        "rule": rule,
        "row_order": "sorted by (account_type, dept_group, dept_name, fiscal_year), Python string order",
        "n_rows_eligible": n_before,
        "subsample_every_kth": k,
        "subsample_rule": "keep rows whose 0-based position in row_order is divisible by k (k=1: all rows)",
        "n_rows_used": n_after,
    }


COL_DOC = {
    "const": "1",
    "log_budget_lag": "log(budget_amount of fiscal_year t-1, same series)",
    "exec_rate_lag": "actual_amount_{t-1} / budget_amount_{t-1}",
    "fiscal_year": "fiscal_year t, raw (e.g. 2019); badly scaled on purpose",
    "log_budget_lag_dup": "exact duplicate of log_budget_lag",
}


def row_ids(rows):
    return [[r["dept_group"], r["dept_name"], r["account_type"], r["fiscal_year"]] for r in rows]


# ----------------------------------------------------------------------------------------------
# cases
# ----------------------------------------------------------------------------------------------
def main():
    data, n_csv = read_csv()
    lag = lagged_rows(data)
    written = []

    # --- cases 1 and 2 ------------------------------------------------------------------------
    rows12 = [r for r in lag if positive(r) and r["account_type"] in ("Personnel", "Non-Personnel")
              and 2012 <= r["fiscal_year"] <= 2023]
    cols12 = ["const", "log_budget_lag", "exec_rate_lag", "fiscal_year"]
    rule12 = ("account_type in (Personnel, Non-Personnel); 2012 <= fiscal_year <= 2023; "
              "budget_t > 0, actual_t > 0; previous-year (t-1) row of the same "
              "(dept_group, dept_name, account_type) exists with budget > 0 and actual > 0")

    def build_ols1(sub, k, n_before):
        X, y = design(sub, cols12)
        res = sm.OLS(y, X).fit(method="qr")
        doc = common_header("sandiego_ols", "OLS of log budget on lagged log budget, lagged "
                            "execution rate and raw fiscal year (with intercept)",
                            selection_doc(rule12, n_before, k, len(sub)), "OLS", "qr")
        doc.update({
            "call": 'sm.OLS(y, X).fit(method="qr")',
            "y_definition": "log(budget_amount_t)",
            "column_names": cols12,
            "column_definitions": {c: COL_DOC[c] for c in cols12},
            "row_ids_columns": ["dept_group", "dept_name", "account_type", "fiscal_year"],
            "row_ids": row_ids(sub),
            "X": rows_list(X),
            "y": fl_list(y),
            "weights": None,
            "results": results_block(res, X, y),
            "prediction": prediction_block(res, new_rows(X, cols12)),
            "prediction_note": "X_new rows: last row of X; same with log_budget_lag + 0.5; "
                               "same with log_budget_lag - 0.5. summary_frame(alpha=0.05).",
        })
        return "sandiego_ols.json", doc

    written.append(("sandiego_ols.json",) + fit_with_size_limit(build_ols1, rows12))

    def build_wls2(sub, k, n_before):
        X, y = design(sub, cols12)
        w = np.array([1.0 / r["history_years"] for r in sub])
        res = sm.WLS(y, X, weights=w).fit(method="qr")
        doc = common_header("sandiego_wls", "WLS version of sandiego_ols (same rows and design)",
                            selection_doc(rule12, n_before, k, len(sub)), "WLS", "qr")
        doc.update({
            "call": 'sm.WLS(y, X, weights=w).fit(method="qr")',
            "y_definition": "log(budget_amount_t)",
            "column_names": cols12,
            "column_definitions": {c: COL_DOC[c] for c in cols12},
            "weights_definition": "w = 1 / h, h = number of distinct fiscal years of the same "
                                  "(dept_group, dept_name, account_type) series present in the CSV "
                                  "with fiscal_year < t (rows with any amounts count); h >= 1. "
                                  "Weights are precision weights: Var(e_i) = sigma^2 / w_i.",
            "history_years": [r["history_years"] for r in sub],
            "row_ids_columns": ["dept_group", "dept_name", "account_type", "fiscal_year"],
            "row_ids": row_ids(sub),
            "X": rows_list(X),
            "y": fl_list(y),
            "weights": fl_list(w),
            "results": results_block(res, X, y, w),
            "results_note": "fittedvalues and resid are UNWEIGHTED (y - X b); ssr, scale, llf, "
                            "rsquared use the whitened residuals sqrt(w)*(y - X b). See FORMULAS.md.",
            "prediction": prediction_block(res, new_rows(X, cols12)),
            "prediction_note": "get_prediction(X_new) with weights=None: obs interval uses "
                               "var_resid = scale (i.e. weight 1 for the new observation).",
            "prediction_with_weights": prediction_block(
                res, new_rows(X, cols12), weights=np.full(3, w[-1])),
            "prediction_with_weights_note": "get_prediction(X_new, weights=[w_last]*3) where w_last "
                                            "is the weight of the last data row: obs interval uses "
                                            "var_resid = scale / w. Mean interval is unchanged.",
        })
        return "sandiego_wls.json", doc

    written.append(("sandiego_wls.json",) + fit_with_size_limit(build_wls2, rows12))

    # --- cases 3, 4, 5 share rows (and the same subsample factor) -----------------------------
    rows3 = [r for r in lag if positive(r)]
    rule3 = ("all account types (empty account_type dropped); any fiscal year; budget_t > 0, "
             "actual_t > 0; previous-year (t-1) row of the same (dept_group, dept_name, "
             "account_type) exists with budget > 0 and actual > 0")
    cols3 = ["const", "log_budget_lag", "exec_rate_lag"]
    cols4 = ["log_budget_lag", "exec_rate_lag"]
    cols5 = ["const", "log_budget_lag", "exec_rate_lag", "log_budget_lag_dup"]

    def build_case3(sub, k, n_before):
        X, y = design(sub, cols3)
        res = sm.OLS(y, X).fit(method="qr")
        doc = common_header("lagged_log_budget_ols", "OLS of log budget on lagged log budget and "
                            "lagged execution rate, all account types (with intercept)",
                            selection_doc(rule3, n_before, k, len(sub)), "OLS", "qr")
        doc.update({
            "call": 'sm.OLS(y, X).fit(method="qr")',
            "y_definition": "log(budget_amount_t)",
            "column_names": cols3,
            "column_definitions": {c: COL_DOC[c] for c in cols3},
            "X": rows_list(X),
            "y": fl_list(y),
            "weights": None,
            "results": results_block(res, X, y),
            "prediction": prediction_block(res, new_rows(X, cols3)),
            "prediction_note": "X_new rows: last row of X; same with log_budget_lag + 0.5; "
                               "same with log_budget_lag - 0.5.",
        })
        return "lagged_log_budget_ols.json", doc

    def build_case4(sub, k, n_before):
        X, y = design(sub, cols4)
        res = sm.OLS(y, X).fit(method="qr")
        doc = common_header("no_intercept_ols", "lagged_log_budget_ols without the intercept",
                            selection_doc(rule3, n_before, k, len(sub)), "OLS", "qr")
        doc.update({
            "call": 'sm.OLS(y, X).fit(method="qr")  # no constant column; k_constant = 0',
            "y_definition": "log(budget_amount_t)",
            "column_names": cols4,
            "column_definitions": {c: COL_DOC[c] for c in cols4},
            "X": rows_list(X),
            "y": fl_list(y),
            "weights": None,
            "results": results_block(res, X, y),
            "results_note": "k_constant = 0: rsquared = 1 - ssr/uncentered_tss (sum y^2), "
                            "rsquared_adj = 1 - n/df_resid*(1-R2), df_model = rank = 2, "
                            "fvalue = ((uncentered_tss-ssr)/df_model)/(ssr/df_resid), "
                            "aic/bic count k = df_model + 0 = 2.",
            "prediction": prediction_block(res, new_rows(X, cols4)),
            "prediction_note": "X_new rows: last row of X; same with log_budget_lag + 0.5; "
                               "same with log_budget_lag - 0.5.",
        })
        return "no_intercept_ols.json", doc

    def build_case5(sub, k, n_before):
        X, y = design(sub, cols5)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SingularMatrixWarning is expected here
            res_pinv = sm.OLS(y, X).fit(method="pinv")
        keep = [0, 1, 2]
        Xk = X[:, keep]
        res_qr = sm.OLS(y, Xk).fit(method="qr")
        Xnew = new_rows(X, cols5)  # both copies of log_budget_lag shifted by +-0.5
        exp_res = results_block(res_qr, Xk, y)
        doc = common_header("aliased_ols", "lagged_log_budget_ols with an exact duplicate of "
                            "log_budget_lag appended as column 3 (rank-deficient design)",
                            selection_doc(rule3, n_before, k, len(sub)), "OLS", "pinv + qr")
        doc.update({
            "y_definition": "log(budget_amount_t)",
            "column_names": cols5,
            "column_definitions": {c: COL_DOC[c] for c in cols5},
            "X": rows_list(X),
            "y": fl_list(y),
            "weights": None,
            "aliased": [3],
            "aliased_names": ["log_budget_lag_dup"],
            "expected": {
                "what": "R lm() convention and what the Swift engine must match: pivoting keeps "
                        "the first of linearly dependent columns; the later duplicate (0-based "
                        "column 3) is aliased, its coefficient/bse/t/p reported as NA (null here), "
                        "and every other statistic is that of the fit WITHOUT column 3. "
                        "rank = 3 of 4 columns, df_model = 2, df_resid = n - 3.",
                "call": 'sm.OLS(y, X[:, [0, 1, 2]]).fit(method="qr")',
                "drop_columns": [3],
                "aliased": [3],
                "kept_columns": keep,
                "kept_column_names": [cols5[j] for j in keep],
                "rank": int(res_qr.model.rank),
                "n_columns_full_design": 4,
                "params_full_with_na": fl_list(res_qr.params) + [None],
                "bse_full_with_na": fl_list(res_qr.bse) + [None],
                "tvalues_full_with_na": fl_list(res_qr.tvalues) + [None],
                "pvalues_full_with_na": fl_list(res_qr.pvalues) + [None],
                "results": exp_res,
                "prediction": prediction_block(res_qr, Xnew[:, keep]),
                "prediction_note": "X_new = the 4-column X_new of fit_pinv with column 3 dropped "
                                   "(last row of X; log_budget_lag +0.5; -0.5). Because column 3 "
                                   "duplicates column 1 in X_new too, predictions are identical to "
                                   "the pinv fit's up to rounding.",
            },
            "fit_pinv": {
                "call": 'sm.OLS(y, X).fit(method="pinv")  # pinv_extended, rcond=1e-15',
                "note": "Minimum-norm solution: the log_budget_lag effect is split equally between "
                        "columns 1 and 3. rank = 3 via np.linalg.matrix_rank(diag(singular values)). "
                        "condition_number uses ALL singular values incl. the ~0 one, so it is huge "
                        "and meaningless (or null if exactly infinite). params_exact is null "
                        "(singular normal equations).",
                "results": results_block(res_pinv, X, y, with_exact=False),
                "prediction": prediction_block(res_pinv, Xnew),
            },
        })
        return "aliased_ols.json", doc

    # choose one k for cases 3-5: the smallest that makes all three fit.
    k = 1
    while True:
        sub = [r for i, r in enumerate(rows3) if i % k == 0]
        docs = [b(sub, k, len(rows3)) for b in (build_case3, build_case4, build_case5)]
        sizes = [len(to_json(d)) + 1 for _, d in docs]
        if max(sizes) <= MAX_BYTES:
            for name, d in docs:
                path, size = dump(name, d)
                written.append((name, (path, size), len(sub), k))
            break
        k += 1

    for name, (path, size), n, kk in written:
        print("%-28s rows=%5d every_kth=%d  %7d bytes" % (name, n, kk, size))
    print("versions:", VERSIONS)
    print("csv rows:", n_csv)


if __name__ == "__main__":
    sys.exit(main())
