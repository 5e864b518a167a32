"""X-ray- and neutron-weighted targets: does fitting the right total build the right partials?

A measured PDF of a multi-species glass is X-ray- or neutron-weighted (Faber–Ziman); fitting
it as if it were number-weighted asks the generator for the wrong partials. Per case (the
references of ``bench_generate_fig2``: CuZr = 3 fresh Cu50Zr50 Mendelev-EAM samples, SiO2 =
snapshot samples 3–5, Vashishta), the target is the mean *weighted* total
Σ_α≤β w_αβ g_αβ(r) of the references (X-ray: f(0) = Z; neutron: coherent lengths b), computed
from their partials. The same generator (same budget, seed, prior) then fits it once with the
right ``weighting`` and once with ``weighting="number"`` (the mistake). Scored against the
references, never seen by the fit except through the target:

- ``err_total`` — RMSE of the structure's weighted total (the target's weighting) from the
  target, beside ``div_total``, the references' own diversity (mean RMSE of each from the
  mean of the others);
- ``err_<α-β>`` — RMSE of each partial g_αβ from the references' mean partial, beside
  ``div_<α-β>``; ``rel_<α-β>`` = err / div (1: as far as one reference is from the others);
- ``cn_<α-β>`` — partial coordination number, β neighbours of an α atom,
  4π c_β ρ ∫ r² g_αβ dr up to the first minimum of the references' mean partial (smoothed by
  a 0.12 Å Gaussian; ``cn_cut`` in the ``references`` row) (the number a
  scientist reads off a partial; a wrong weighting shifts peak *areas*);
- realism: mean coordination, the fraction of ideal coordination (SiO2: Si 4, O 2), energy
  under the system's potential (eV/atom, unrelaxed).

Rows: ``moves`` (the numba RMC kernel's moves/s, number-weighted and weighted histogram),
``guided-<prior>`` with ``weighting`` right (the target's) and wrong (``number``),
``rmc`` likewise, and ``references`` (each reference scored against the others' mean).

The ``q0`` rows measure the real-space X-ray approximation itself: the references' mean
partials are transformed to S_αβ(q) (0.05–``Q_MAX`` Å⁻¹), summed with the q-dependent X-ray
weights w_αβ(q) (the exact X-ray total), transformed back over the same q range and compared
with Σ w_αβ(0) g_αβ seen through the same q window (f(0) = Z), and with weights averaged over
the q range (``physics.xray.xray_weights``).

Run (each under 5 min; the machine is shared)::

    python -m benchmarks.bench_generate_weighting --case cuzr --target xray --rows q0 \
        references guided-potential rmc
    python -m benchmarks.bench_generate_weighting --merge   # -> results/generate_weighting.*
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

PARTS = Path(__file__).resolve().parent / "results" / "generate_weighting_rows"
RESULTS = Path(__file__).resolve().parent / "results"
#: Largest q (Å⁻¹) of the q = 0 approximation check (a typical synchrotron PDF: 20–25).
Q_MAX = 20.0


def _weighting(kind, species, atoms):
    from sklearn_rdf.generate._weighting import resolve_weighting

    symbols = np.array(atoms.get_chemical_symbols())
    counts = np.array([int(np.sum(symbols == s)) for s in species])
    return resolve_weighting(kind, list(species), counts)


def _partials(atoms, species, r) -> dict:
    import torch

    from sklearn_rdf.physics.differentiable import partial_pair_distributions

    symbols = atoms.get_chemical_symbols()
    types = np.array([species.index(s) for s in symbols])
    x = torch.as_tensor(np.asarray(atoms.positions, dtype=np.float64))
    with torch.no_grad():
        parts = partial_pair_distributions(x, np.diag(atoms.cell.array), r, types, len(species))
    return {f"{species[a]}-{species[b]}": g.numpy() for (a, b), g in parts.items()}


def _diversity(curves: np.ndarray) -> float:
    from sklearn_rdf.generate import SpectralTarget

    return SpectralTarget("g", np.arange(curves.shape[1]), curves.mean(0), curves).diversity


def _rmse(a, b) -> float:
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def setup(case_name: str, target: str) -> dict:
    """References, their partials, the weighted target and its diversity."""
    from benchmarks.bench_generate_fig2 import problem

    p = problem(case_name)
    case = p["case"]
    species = list(case.labels)
    r = p["r"]
    refs = p["reference_atoms"]
    weighting = _weighting(target, species, refs[0])
    w = weighting.real_space()
    parts = [_partials(a, species, r) for a in refs]
    pair_names = list(parts[0])
    totals = np.array([sum(w[k] * pt[k] for k in pair_names) for pt in parts])
    from sklearn_rdf.generate import first_minimum

    ref_partials = {k: np.array([pt[k] for pt in parts]) for k in pair_names}
    return {
        **p,
        "species": species,
        "weighting": weighting,
        "pair_weights": w,
        "pair_names": pair_names,
        "ref_partials": ref_partials,
        "cn_cut": {k: first_minimum(r, _smooth(v.mean(0))) for k, v in ref_partials.items()},
        "target_g": totals.mean(0),
        "ref_totals": totals,
    }


def _smooth(g, bins: float = 3.0) -> np.ndarray:
    """A Gaussian of ``bins`` bins over a partial (its counting noise makes false minima)."""
    k = np.exp(-0.5 * (np.arange(-12, 13) / bins) ** 2)
    return np.convolve(np.pad(g, 12, mode="edge"), k / k.sum(), mode="valid")


def _partial_cn(g, s, key) -> float:
    """β neighbours of an α atom (key "α-β"): 4π c_β ρ ∫_0^r_min r² g_αβ dr (bins, Å)."""
    r = s["r"]
    dr = r[1] - r[0]
    beta = s["species"].index(key.split("-")[1])
    c_beta = s["weighting"].concentrations[beta]
    inside = r < s["cn_cut"][key]
    return float(4 * np.pi * c_beta * s["density"] * np.sum(r[inside] ** 2 * g[inside]) * dr)


def _score(label, structures, s, extra) -> dict:
    from benchmarks.bench_generate_fig2 import _energy
    from sklearn_rdf.generate import realism_metrics

    case, r = s["case"], s["r"]
    row = {
        "case": s["name"],
        "target": s["target"],
        "method": label,
        "n_atoms": len(structures[0]),
    }
    w = s["pair_weights"]
    errs = {"total": []}
    for a in structures:
        pt = _partials(a, s["species"], r)
        errs["total"].append(_rmse(sum(w[k] * pt[k] for k in s["pair_names"]), s["target_g"]))
        for k in s["pair_names"]:
            errs.setdefault(k, []).append(_rmse(pt[k], s["ref_partials"][k].mean(0)))
            errs.setdefault(f"cn_{k}", []).append(_partial_cn(pt[k], s, k))
    row["err_total"] = round(float(np.mean(errs["total"])), 4)
    row["div_total"] = round(_diversity(s["ref_totals"]), 4)
    for k in s["pair_names"]:
        div = _diversity(s["ref_partials"][k])
        row[f"err_{k}"] = round(float(np.mean(errs[k])), 4)
        row[f"div_{k}"] = round(div, 4)
        row[f"rel_{k}"] = round(float(np.mean(errs[k])) / div, 2)
        row[f"cn_{k}"] = round(float(np.mean(errs[f"cn_{k}"])), 3)
        if len(structures) > 1:
            row[f"cn_{k}_sd"] = round(float(np.std(errs[f"cn_{k}"])), 3)
    metrics = [
        realism_metrics(a, r_cut=s["r_cut"], ideal_coordination=case.ideal, max_ring=0)
        for a in structures
    ]
    row["cn_mean"] = round(float(np.mean([m["cn_mean"] for m in metrics])), 3)
    if case.ideal is not None:
        row["frac_ideal"] = round(float(np.mean([m["frac_ideal"] for m in metrics])), 4)
    row["energy"] = round(float(np.mean([_energy(a, case) for a in structures])), 4)
    row["cpu_s"] = round(float(np.mean([a.info.get("cpu_s", 0.0) for a in structures])), 1)
    row.update(extra)
    row["measured"] = time.strftime("%Y-%m-%d %H:%M")
    return row


def _references_row(s) -> dict:
    """Each reference against the mean of the others (the diversity, as a method row)."""
    out = _score("references", s["reference_atoms"], s, {"weighting": "-"})
    out["cn_cut"] = {k: round(v, 2) for k, v in s["cn_cut"].items()}
    for key in [k for k in out if k.startswith("err_")]:
        out[key] = out[f"div_{key[4:]}"]
    for key in [k for k in out if k.startswith("rel_")]:
        out[key] = 1.0
    return out


def q0_rows(s) -> list[dict]:
    """Real-space X-ray total with f(0) = Z (or q-averaged weights) vs the exact one."""
    from sklearn_rdf.physics.transforms import trapezoid_weights
    from sklearn_rdf.physics.xray import xray_weights

    r, rho = s["r"], s["density"]
    species = s["species"]
    c = s["weighting"].concentrations
    q = np.arange(0.05, Q_MAX + 1e-9, 0.05)
    kr = np.sin(np.multiply.outer(q, r))
    to_q = kr * trapezoid_weights(r)  # ∫ dr
    to_r = kr.T * trapezoid_weights(q)  # ∫ dq
    mean = {k: v.mean(0) for k, v in s["ref_partials"].items()}
    # S_αβ(q) − 1 = (4πρ/q) ∫ r (g_αβ − 1) sin(qr) dr  (g_αα → (N_α − 1)/N_α: the offset is
    # each partial's own, identical in the exact and the approximate totals)
    s_minus_1 = {k: 4 * np.pi * rho * (to_q @ (r * (g - 1.0))) / q for k, g in mean.items()}
    from sklearn_rdf.generate._weighting import TotalWeighting

    exact_w = TotalWeighting("xray", species, c).at_q(q)
    w0 = TotalWeighting("xray", species, c).real_space()
    comp = dict(zip(species, c, strict=True))
    w_avg = xray_weights(comp, q)

    def back(sq_minus_1):  # g(r) − 1 = (1 / 2π²ρr) ∫ q (S − 1) sin(qr) dq over [0.05, Q_MAX]
        return (to_r @ (q * sq_minus_1)) / (2 * np.pi**2 * rho * r)

    exact = back(sum(exact_w[k] * s_minus_1[k] for k in mean))
    rows = []
    for label, w in (("q0: f(0) = Z", w0), ("q0: weights averaged over q", w_avg)):
        approx = back(sum(w[k] * s_minus_1[k] for k in mean))
        keep = r >= 1.0
        rows.append(
            {
                "case": s["name"],
                "target": "xray",
                "method": label,
                "err_total": round(_rmse(approx[keep], exact[keep]), 4),
                "max_abs": round(float(np.max(np.abs(approx - exact)[keep])), 4),
                # the largest difference over the height of the exact total's highest peak
                "max_rel_peak": round(
                    float(np.max(np.abs(approx - exact)[keep]) / np.max(exact[keep] + 1.0)), 4
                ),
                "div_total": round(_diversity(s["ref_totals"]), 4),
                "weights": {k: round(float(v), 4) for k, v in w.items()},
                "q_range": f"0.05-{Q_MAX:g}",
                "measured": time.strftime("%Y-%m-%d %H:%M"),
            }
        )
    return rows


def moves_row(s) -> dict:
    """Moves/s of the numba RMC kernel alone (compiled first), number vs weighted histogram.

    The first reference's coordinates, the target's r grid, 3 × 400k moves, best of 3 (the
    parent commit's kernel, without the weighted histogram, measured 236k on Cu–Zr).
    """
    import inspect

    from sklearn_rdf.generate import _rmc
    from sklearn_rdf.physics.differentiable import histogram_bins

    a = s["reference_atoms"][0]
    x0 = np.array(a.positions, float)
    L = float(a.cell.array[0, 0])
    types = np.array([s["species"].index(t) for t in a.get_chemical_symbols()], np.int64)
    r = s["r"]
    n = len(x0)
    edges, width = histogram_bins(r)
    vol = 4 / 3 * np.pi * (edges[1:] ** 3 - edges[:-1] ** 3)
    norm = 2 / (n * (n / L**3) * vol)
    kernel, backend = _rmc._kernel(True)
    assert "pair_w" in inspect.signature(_rmc._moves_python).parameters
    row = {"case": s["name"], "target": s["target"], "method": "moves", "backend": backend}
    weighted = np.array([[0.7, 1.0], [1.0, 1.34]])
    for kind, pw in (("number", np.ones((2, 2))), ("weighted", weighted)):
        rng = np.random.default_rng(0)

        def chunk(m, pw=pw, rng=rng):
            x = x0.copy()
            args = (x, np.zeros(r.size), norm, np.ones(r.size), L, float(edges[0]), width,
                    4.0, rng.integers(0, n, m),
                    rng.uniform(-0.3, 0.3, (m, 3)), rng.uniform(0, 1, m), np.full(m, 1e4),
                    types, pw)  # fmt: skip
            t = time.process_time()
            kernel(*args)
            return time.process_time() - t

        chunk(100)  # compile
        row[f"moves_per_s_{kind}"] = round(400000 / min(chunk(400000) for _ in range(3)))
    row["measured"] = time.strftime("%Y-%m-%d %H:%M")
    print(json.dumps(row), flush=True)
    return row


def _save(structures, name: str) -> None:
    """The generated structures as extended XYZ under the benchmark cache (to look at)."""
    from ase.io import write

    from benchmarks.bench_generate_fig2 import CACHE

    folder = CACHE / "weighting"
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / f"{name}.xyz", structures, format="extxyz")


def run_rows(case_name, target, rows, seed, budget, prior_weight) -> list[dict]:
    import torch

    torch.set_num_threads(1)
    from benchmarks.bench_generate_fig2 import PINNED
    from sklearn_rdf.generate import ReverseMonteCarlo, SpectrumGuidedGenerator

    s = setup(case_name, target)
    s["name"], s["target"] = case_name, target
    case = s["case"]
    comp = s["weighting"].concentrations
    base = dict(
        n_atoms=case.n_atoms,
        species=s["species"],
        composition=list(comp),
        density=s["density"],
        max_time=budget,
    )
    out = []
    for label in rows:
        if label == "q0":
            out += q0_rows(s)
        elif label == "moves":
            out.append(moves_row(s))
        elif label == "references":
            out.append(_references_row(s))
        elif label.startswith("guided-") or label == "rmc":
            for weighting in (target, "number"):
                t0 = time.process_time()
                extra = {"weighting": weighting, "budget_cpu_s": budget, "seed": seed}
                if label == "rmc":
                    est = ReverseMonteCarlo(**base, weighting=weighting, random_state=seed)
                    est.fit(s["r"], s["target_g"])
                    structures = est.sample(1)
                    extra["moves_per_s"] = round(est.last_stats_[0]["moves_per_s"])
                else:
                    prior = label.split("-", 1)[1]
                    kw = dict(base, **PINNED, relax_fraction=0.0, adf_cutoff=s["r_cut"])
                    kw.update(prior_weight=prior_weight)
                    if prior == "potential":
                        kw.update(prior="potential", prior_system=case.system)
                    est = SpectrumGuidedGenerator(**kw, weighting=weighting, random_state=seed)
                    est.fit(s["r"], s["target_g"])
                    structures = est.sample(1)
                    extra["steps"] = int(structures[0].info["n_steps"])
                    extra["prior_weight"] = prior_weight if prior != "none" else None
                _save(structures, f"{case_name}_{target}_{label}_{weighting}_s{seed}_b{budget:g}")
                out.append(_score(label, structures, s, extra))
                out[-1]["wall_total_s"] = round(time.process_time() - t0, 1)
                print(json.dumps(out[-1]), flush=True)
        else:
            raise ValueError(f"unknown row {label!r}")
    return out


_ORDER = ["moves", "references", "q0: f(0) = Z", "q0: weights averaged over q", "rmc",
          "guided-none", "guided-potential"]  # fmt: skip


def _cell(row, key) -> str:
    v = row.get(key, "")
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def merge() -> str:
    from benchmarks.harness import machine

    rows = []
    for path in sorted(PARTS.glob("*.json")):
        rows += json.loads(path.read_text())
    (RESULTS / "generate_weighting.json").write_text(
        json.dumps({"machine": machine(), "rows": rows}, indent=1)
    )
    lines = []
    for case in sorted({(r["case"], r["target"]) for r in rows}):
        sub = [r for r in rows if (r["case"], r["target"]) == case]
        sub.sort(key=lambda r: (_ORDER.index(r["method"]), r.get("seed", -1), r.get("weighting")))
        pairs = [k[4:] for k in sub[-1] if k.startswith("rel_")]
        head = ["method", "weighting", "seed", "err_total", "div_total"]
        head += [f"g {p} RMSE (×div)" for p in pairs] + [f"CN {p}" for p in pairs]
        tail = ["frac_ideal", "energy", "cpu_s", "max_abs", "max_rel_peak"]
        tail += ["moves_per_s_number", "moves_per_s_weighted", "measured"]
        tail = [c for c in tail if any(c in r for r in sub)]
        lines += [f"### {case[0]}, {case[1]}-weighted target", ""]
        lines.append("| " + " | ".join(head + tail) + " |")
        lines.append("|" + "---|" * len(head + tail))
        for r in sub:
            cells = [_cell(r, c) for c in head[:5]]
            for p in pairs:
                cells.append(
                    f"{r[f'err_{p}']:.3f} ({r[f'rel_{p}']:.2f}×)" if f"err_{p}" in r else ""
                )
            for p in pairs:
                cn = r.get(f"cn_{p}")
                sd = r.get(f"cn_{p}_sd")
                cells.append(
                    "" if cn is None else f"{cn:.2f}" + ("" if sd is None else f" ± {sd:.2f}")
                )
            cells += [_cell(r, c) for c in tail]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    text = "\n".join(lines)
    (RESULTS / "generate_weighting.md").write_text(
        "# Weighted targets (`benchmarks/bench_generate_weighting.py`)\n\n"
        "err_total: RMSE of the structure's weighted total from the target (div_total: the "
        "references' own diversity). Partial columns: RMSE of g_αβ from the references' mean "
        "partial (× the references' diversity of that partial); CN α-β: β neighbours of an α "
        "atom up to the references' first minimum (references: mean ± sd).\n\n" + text
    )
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_generate_weighting")
    parser.add_argument("--case", choices=("cuzr", "sio2"))
    parser.add_argument("--target", choices=("xray", "neutron"), default="xray")
    parser.add_argument("--rows", nargs="+", default=[])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, default=60.0, help="CPU s per replica")
    parser.add_argument("--prior-weight", type=float, default=0.45)
    parser.add_argument("--merge", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.merge:
        print(merge())
        return
    if not args.case or not args.rows:
        parser.error("--case and --rows are required (or --merge)")
    rows = run_rows(args.case, args.target, args.rows, args.seed, args.budget, args.prior_weight)
    PARTS.mkdir(parents=True, exist_ok=True)
    tag = f"{args.case}_{args.target}_{'_'.join(args.rows)}_s{args.seed}_b{args.budget:g}"
    (PARTS / f"{tag}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
