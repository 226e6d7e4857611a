#!/usr/bin/env python3
"""Writes distributions_scipy.json: Student t and Fisher F reference values from SciPy, each
checked against an independent 50-digit mpmath computation.

Run from this directory:  python3 make_distribution_fixtures.py     (about 90 s)
Needs numpy, scipy and mpmath; the Swift tests (DistributionTests) only read the JSON.

Functions (SciPy's names and argument order):
    t.cdf, t.sf, t.ppf, t.isf            parameters [nu],     argument t or a probability
    f.cdf, f.sf, f.ppf, f.isf            parameters [d1, d2], argument F or a probability

Grid (the range a regression uses), plus a seeded random sample of the same ranges:
    nu, d1, d2 in [1, 1e6], integers and non-integers (1.5, 2.5, 7.3, and random ones);
    t in 0, +-[1e-3, 1e3];  F in [1e-6, 1e4];
    probabilities p (for ppf) and q (for isf) from 1e-300 up to 1 - 1e-12.

Each case stores
    "scipy": the SciPy value: scipy.stats.t.{cdf,sf,ppf,isf} and scipy.stats.f.{cdf,sf,ppf}.
             scipy.stats.f has no isf of its own: its generic isf computes ppf(1 - q), which
             rounds 1 - q and so loses all accuracy for small q (1e-12 -> ~1e-4 relative). The f.isf
             reference is therefore built from scipy.special (Boost's ibeta inverses) in the way
             that keeps x = d1 F/(d1 F + d2) or 1 - x (whichever is smaller) exact:
             x = betainccinv(d1/2, d2/2, q) when x <= 1/2, else 1 - x = betaincinv(d2/2, d1/2, q).
    "exact": the mpmath value (mp.dps = 50) rounded once to double. I_x(a, b) is evaluated with
             the standard continued fraction (Numerical Recipes' betacf, a different form from the
             Swift code's) at the exact rational x = nu/(nu + t^2) or d1 F/(d1 F + d2) of the
             double inputs, with the complement 1 - I computed directly as I_{1-x}(b, a) where it is
             the smaller side; quantiles are the roots of those, solved in log(argument) by
             bracketing plus the Illinois method to 1e-35. The continued fraction is checked against
             mpmath.betainc on a few small-parameter points before anything is written.
    "scipy_ok": false (the key is omitted when true) when SciPy's value differs from "exact" by more
             than 5e-13 relative. The Swift test asserts |swift - exact| <= 1e-12 |exact| for EVERY
             case and |swift - scipy| <= 1e-12 |scipy| for every case with scipy_ok (5e-13 leaves
             room for the Swift code's own error, observed <= 1.3e-13). The flagged cases (44 of
             2790, listed when this script runs) are where SciPy itself is wrong by more than that:
               - t.ppf/t.isf with small nu and tiny p: scipy.special.stdtrit is wrong, by orders of
                 magnitude or with the wrong sign (nu = 1.5, p = 1e-300: -8.2e153 instead of
                 -5.2e199; nu = 2.5 .. 10, p = 1e-300: +inf);
               - f.cdf/f.sf with one of d1, d2 = 1e6 and the other small: SciPy rounds
                 x = d1 F/(d1 F + d2) and then uses 1 - x, which costs up to ~2e-11 relative;
               - f.ppf with p ~ 1e-300: nan for small d1 (5, 7.3), errors of a few percent for
                 large d1; f.isf (from scipy.special) with q ~ 1e-300: inf or a few percent off.
             "scipy" is null where SciPy returned NaN or +-inf.

Limits of the grid (values that cannot be compared to 1e-12 relative in double precision):
    - results below 1e-300 are left out: they are subnormal or underflow to 0, where a Double has
      fewer than 52 significant bits (e.g. t.sf(1e3, nu = 1e3) ~ 1e-1500);
    - quantiles whose exact value is not representable (|value| > 1.8e308, e.g. f.isf(1e-200)
      with d2 = 1 is ~1e400; or below 1e-300, e.g. f.ppf(1e-300) with d1 = 1 is ~1e-600) are
      left out;
    - t.ppf(1/2) = t.isf(1/2) = 0 is kept and must be exactly 0.
    Nothing else is excluded: no region was found where the Swift code misses 1e-12 (worst
    ~1.3e-13, in tails below 1e-200; a few 1e-16 for values of moderate size).

Floats are written with repr(), which round-trips exactly.
"""
import json
import math
import platform

import mpmath as mp
import numpy as np
import scipy
import scipy.special as sc
import scipy.stats as st

mp.mp.dps = 50
HALF = mp.mpf(1) / 2
SMALLEST = 1e-300            # results below this are subnormal-ish: not compared
LARGEST = 1.7976931348623157e308
SCIPY_TOLERANCE = 5e-13      # scipy_ok threshold against the mpmath value

# ----------------------------------------------------------------------------- mpmath reference


def _betacf(a, b, x):
    """Continued fraction of I_x(a, b) (Numerical Recipes betacf), modified Lentz, mp arithmetic."""
    tiny = mp.mpf(10) ** -200
    eps = mp.mpf(10) ** -(mp.mp.dps - 3)
    qab, qap, qam = a + b, a + 1, a - 1
    c = mp.mpf(1)
    d = 1 - qab * x / qap
    d = 1 / (d if abs(d) >= tiny else tiny)
    h = d
    m = 1
    while True:
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            c = 1 + aa / c
            d = 1 / (d if abs(d) >= tiny else tiny)
            c = c if abs(c) >= tiny else tiny
            step = d * c
            h *= step
        if abs(step - 1) < eps:
            return h
        m += 1
        if m > 10 ** 7:
            raise RuntimeError("betacf did not converge")


def _front(a, b, x, y):
    """x^a y^b / B(a, b), y = 1 - x given separately (either may be far below 10^-50)."""
    return mp.exp(a * mp.log(x) + b * mp.log(y)
                  - (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)))


def ibeta(a, b, x, y):
    """I_x(a, b) for exact mp x and y = 1 - x."""
    a, b = mp.mpf(a), mp.mpf(b)
    if x <= 0:
        return mp.mpf(0)
    if y <= 0:
        return mp.mpf(1)
    if x < (a + 1) / (a + b + 2):
        return _front(a, b, x, y) * _betacf(a, b, x) / a
    return 1 - _front(b, a, y, x) * _betacf(b, a, y) / b


def ibetac(a, b, x, y):
    """1 - I_x(a, b), computed directly as I_y(b, a) on the small side."""
    return ibeta(b, a, y, x)


def _t_point(nu, t):
    nu, t = mp.mpf(nu), mp.mpf(t)
    return nu / (nu + t * t), t * t / (nu + t * t)


def _f_point(d1, d2, x):
    d1, d2, x = mp.mpf(d1), mp.mpf(d2), mp.mpf(x)
    return d1 * x / (d1 * x + d2), d2 / (d1 * x + d2)


def t_sf(nu, t):
    t = mp.mpf(t)
    if t == 0:
        return HALF
    tail = ibeta(mp.mpf(nu) / 2, HALF, *_t_point(nu, t)) / 2      # P(T > |t|)
    return tail if t > 0 else 1 - tail


def t_cdf(nu, t):
    return t_sf(nu, -mp.mpf(t))


def f_cdf(d1, d2, x):
    return ibeta(mp.mpf(d1) / 2, mp.mpf(d2) / 2, *_f_point(d1, d2, x))


def f_sf(d1, d2, x):
    return ibetac(mp.mpf(d1) / 2, mp.mpf(d2) / 2, *_f_point(d1, d2, x))


def _root_in_log(function, target, guess):
    """The v > 0 with function(v) = target for a monotone function, solved in s = log v."""
    log_target = mp.log(target)

    def h(s):
        value = function(mp.exp(s))
        return (mp.log(value) if value > 0 else mp.mpf(-10) ** 6) - log_target

    s0 = mp.log(guess)
    h0 = h(s0)
    step = mp.mpf(1) / 2
    s1 = s0 + step
    h1 = h(s1)
    if h1 * h0 > 0:   # expand in the downhill-of-|h| direction
        direction = 1 if abs(h1) < abs(h0) else -1
        s1, h1 = s0, h0
        for _ in range(80):
            step *= 2
            s_next = s0 + direction * step
            h_next = h(s_next)
            if h_next * h1 <= 0:
                s0, h0 = s1, h1
                s1, h1 = s_next, h_next
                break
            s1, h1 = s_next, h_next
        else:
            raise RuntimeError("no bracket")
    s = mp.findroot(h, (s0, s1), solver="illinois", tol=mp.mpf(10) ** -70, verify=False)
    return mp.exp(s)


def t_isf(nu, q, guess):
    q = mp.mpf(q)
    if q == HALF:
        return mp.mpf(0)
    if q < HALF:
        return _root_in_log(lambda t: t_sf(nu, t), q, guess)
    return -_root_in_log(lambda t: t_sf(nu, t), 1 - q, guess)


def t_ppf(nu, p, guess):
    return -t_isf(nu, p, guess)


def f_ppf(d1, d2, p, guess):
    p = mp.mpf(p)
    if p <= HALF:
        return _root_in_log(lambda x: f_cdf(d1, d2, x), p, guess)
    return _root_in_log(lambda x: f_sf(d1, d2, x), 1 - p, guess)


def f_isf(d1, d2, q, guess):
    q = mp.mpf(q)
    if q <= HALF:
        return _root_in_log(lambda x: f_sf(d1, d2, x), q, guess)
    return _root_in_log(lambda x: f_cdf(d1, d2, x), 1 - q, guess)


def self_check():
    for a, b, x in [(0.5, 0.5, 0.3), (3.65, 0.5, 0.9), (2.5, 7, 0.2), (50, 0.5, 0.999),
                    (1.25, 3.65, 0.7), (15, 15, 0.5), (0.5, 40, 1e-3)]:
        x = mp.mpf(x)
        assert abs(ibeta(a, b, x, 1 - x) / mp.betainc(a, b, 0, x, regularized=True) - 1) < 1e-40
        assert abs(ibetac(a, b, x, 1 - x) / mp.betainc(a, b, x, 1, regularized=True) - 1) < 1e-40

# ----------------------------------------------------------------------------- SciPy values


def scipy_value(function, parameters, argument):
    if function.startswith("t."):
        (nu,) = parameters
        method = {"t.cdf": st.t.cdf, "t.sf": st.t.sf, "t.ppf": st.t.ppf, "t.isf": st.t.isf}[function]
        return float(method(argument, nu))
    d1, d2 = parameters
    if function == "f.isf":
        a, b = d1 / 2, d2 / 2
        x = float(sc.betainccinv(a, b, argument))
        if x <= 0.5:
            return (d2 / d1) * (x / (1 - x)) if x < 1 else math.inf
        y = float(sc.betaincinv(b, a, argument))
        return (d2 / d1) * ((1 - y) / y) if y > 0 else math.inf
    method = {"f.cdf": st.f.cdf, "f.sf": st.f.sf, "f.ppf": st.f.ppf}[function]
    return float(method(argument, d1, d2))


def exact_value(function, parameters, argument, guess):
    if function == "t.cdf":
        return t_cdf(*parameters, argument)
    if function == "t.sf":
        return t_sf(*parameters, argument)
    if function == "f.cdf":
        return f_cdf(*parameters, argument)
    if function == "f.sf":
        return f_sf(*parameters, argument)
    solver = {"t.ppf": t_ppf, "t.isf": t_isf, "f.ppf": f_ppf, "f.isf": f_isf}[function]
    return solver(*parameters, argument, guess)

# ----------------------------------------------------------------------------- cases

NU = [1, 1.5, 2, 2.5, 3, 5, 7.3, 10, 30, 100, 1e3, 1e4, 1e5, 1e6]
T_POSITIVE = [1e-3, 0.1, 0.5, 1, 2, 3, 5, 10, 37, 100, 1e3]
T_SF = [0.0, 1e-3, 1, 2, 37, 1e3, -1, -37, -1e3]   # sf(t) is cdf(-t): fewer points needed
D1 = [1, 2.5, 5, 7.3, 30, 1e3, 1e6]
D2 = [1, 3, 7.3, 30, 1e3, 1e6]
F_VALUES = [1e-6, 1e-3, 0.1, 1, 1.1, 2, 5, 10, 100, 1e4]
P_T = [1e-300, 1e-200, 1e-100, 1e-20, 1e-12, 1e-6, 1e-3, 0.025, 0.1, 0.4, 0.5, 0.75, 0.975,
       0.999, 1 - 1e-6, 1 - 1e-12]
P_F = [1e-300, 1e-100, 1e-20, 1e-6, 0.05, 0.5, 0.95, 1 - 1e-6, 1 - 1e-12]
RANDOM_DRAWS = 50


def grid_cases():
    cases = []
    for nu in NU:
        for t in [0.0] + T_POSITIVE + [-t for t in T_POSITIVE]:
            cases.append(("t.cdf", [nu], t))
        for t in T_SF:
            cases.append(("t.sf", [nu], t))
        for p in P_T:
            cases.append(("t.ppf", [nu], p))
            cases.append(("t.isf", [nu], p))
    for d1 in D1:
        for d2 in D2:
            for x in F_VALUES:
                cases.append(("f.cdf", [d1, d2], x))
                cases.append(("f.sf", [d1, d2], x))
            for p in P_F:
                cases.append(("f.ppf", [d1, d2], p))
                cases.append(("f.isf", [d1, d2], p))
    return cases


def random_cases():
    rng = np.random.default_rng(20240611)

    def degrees():
        v = 10 ** rng.uniform(0, 6)
        return float(round(v, 1)) if rng.random() < 0.5 else float(v)

    def probability():
        return float(rng.uniform(0, 1)) if rng.random() < 0.3 else float(10 ** rng.uniform(-300, -0.31))

    cases = []
    for _ in range(RANDOM_DRAWS):
        nu = degrees()
        t = float(rng.choice([-1, 1]) * 10 ** rng.uniform(-3, 3))
        cases += [("t.cdf", [nu], t), ("t.sf", [nu], t),
                  ("t.ppf", [nu], probability()), ("t.isf", [nu], probability())]
        d1, d2 = degrees(), degrees()
        x = float(10 ** rng.uniform(-6, 4))
        cases += [("f.cdf", [d1, d2], x), ("f.sf", [d1, d2], x),
                  ("f.ppf", [d1, d2], probability()), ("f.isf", [d1, d2], probability())]
    return cases


def compact(value):
    """Integral values as JSON integers (shorter; decoded as Double all the same)."""
    return int(value) if float(value).is_integer() and abs(value) < 2 ** 53 else value


def main():
    self_check()
    records = []
    left_out = {"below 1e-300": 0, "not representable": 0}
    scipy_wrong = []
    for function, parameters, argument in grid_cases() + random_cases():
        reference = scipy_value(function, parameters, argument)
        guess = reference if math.isfinite(reference) and reference != 0 else 1.0
        exact = exact_value(function, parameters, argument, abs(guess))
        magnitude = abs(exact)
        if exact != 0 and magnitude < SMALLEST:
            left_out["below 1e-300" if function.endswith(("cdf", "sf")) else "not representable"] += 1
            continue
        if magnitude > LARGEST:
            left_out["not representable"] += 1
            continue
        exact_double = float(exact)
        record = {"fn": function, "df": [compact(v) for v in parameters], "x": compact(argument),
                  "scipy": reference if math.isfinite(reference) else None,   # null: NaN or inf
                  "exact": exact_double}
        if not math.isfinite(reference):
            error = math.inf
        elif exact != 0:
            error = abs(reference - exact_double) / magnitude
        else:
            error = 0.0 if reference == 0 else math.inf
        if not error <= SCIPY_TOLERANCE:
            record["scipy_ok"] = False
            scipy_wrong.append((error, function, parameters, argument, reference, exact_double))
        records.append(record)

    versions = {"scipy_version": scipy.__version__, "numpy_version": np.__version__,
                "mpmath_version": mp.__version__, "python_version": platform.python_version()}
    with open("distributions_scipy.json", "w") as out:
        out.write("{\n")
        for key, value in versions.items():
            out.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
        out.write(f'  "scipy_tolerance": {SCIPY_TOLERANCE!r},\n')
        out.write('  "cases": [\n')
        out.write(",\n".join("    " + json.dumps(r, separators=(",", ":")) for r in records))
        out.write("\n  ]\n}\n")

    print(f"{len(records)} cases written; left out: {left_out}")
    print(f"SciPy differs from the 50-digit value by more than {SCIPY_TOLERANCE:g} in "
          f"{len(scipy_wrong)} cases (scipy_ok = false); worst per function:")
    for function in sorted({w[1] for w in scipy_wrong}):
        worst = max((w for w in scipy_wrong if w[1] == function), key=lambda w: w[0])
        count = sum(1 for w in scipy_wrong if w[1] == function)
        print(f"  {function}: {count:3d} cases, worst {float(worst[0]):.2e} at df={worst[2]} "
              f"x={worst[3]!r}: scipy {worst[4]!r}, exact {worst[5]!r}")


if __name__ == "__main__":
    main()
