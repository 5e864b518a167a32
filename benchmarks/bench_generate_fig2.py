"""GLASS's Fig. 2 beyond the a-Si headline (issue 12): KA 3-D, CuZr, SiO2, other targets, OOD.

Every *case* is one target: the mean spectra of a few held-out reference structures (melt-quench
MD with the system's own potential, :mod:`sklearn_rdf.datasets.simulate`), their spread as the
diversity of ΔED = error − diversity, and the structures the learned prior is trained on (never
the references). Spectra: number-weighted total g(r) (plain histogram), S(q) (exact k-vector
sum) and the bond-angle distribution (neighbours within the first minimum of the target g).

Cases
-----
``a-si``          the headline target of ``bench_generate`` (snapshot samples 40–49; prior on
                  0–39): extra rows only (RMC from a liquid, S(q)- and g + ADF-guided).
``a-si@0.048``,   out of distribution in density: 4 fresh Vink-SW samples at 0.048 / 0.052
``a-si@0.052``    atoms/Å³ (the snapshot, and so the prior's training set, spans
                  0.0483–0.0504); prior trained on snapshot samples 0–39 (at ≈ 0.049).
``ka3d``          Kob–Andersen 80:20 (LJ units, σ_AA; labelled Ar/Ne because the generators
                  take element symbols): the 10 snapshot samples nearest the median density
                  are the references, the other 190 train the prior.
``cuzr``          Cu50Zr50 (Mendelev EAM): 3 fresh samples; prior on the 12 snapshot samples
                  (x_Cu 0.36–0.59, none at 0.50 exactly).
``cuzr@Cu64``     Cu64Zr36, a composition absent from training (x_Cu ≤ 0.59 there).
``sio2``          vitreous SiO2 (Vashishta 1990): snapshot samples 3–5 are the references,
                  0–2 train the prior.

Rows: ``references``, ``random`` (uniform positions), ``rmc`` (random hard-core start),
``rmc_liquid`` (RMC from a liquid of the same potential, the melt stage of a fresh sample,
rescaled to the target box), ``none`` / ``potential`` / ``learned`` (g(r) guidance without prior,
with the system's potential through LAMMPS, with the learned score prior), ``unconditional``
(the learned prior alone), and for a-Si ``S`` (S(q) guidance alone), ``gadf`` (g + ADF, no
prior), ``gadf_learned`` (g + ADF with the learned prior). One replica per row unless
``--seeds`` says otherwise; budget ``--budget`` CPU s per replica (``time.process_time``).

Run (one case at a time; the machine is shared)::

    python -m benchmarks.bench_generate_fig2 --case ka3d --rows references random rmc \
        rmc_liquid none potential learned unconditional
    python -m benchmarks.bench_generate --merge   # all parts -> results/generate.{json,md}
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import time
from pathlib import Path

import numpy as np

PARTS = Path(__file__).resolve().parent / "results" / "generate_rows"
CACHE = Path(os.environ.get("SKLEARN_RDF_BENCH_CACHE", "/tmp/sklearn_rdf_bench_cache"))
#: Weight of the learned prior's energy per atom (as in bench_generate).
LEARNED_WEIGHT = 0.1
#: The generator settings of every row (main's defaults at a78a94f, when they were measured),
#: pinned so that later changes of the defaults do not change what these commands run.
#: Rows with the learned prior: ``learned`` and ``unconditional`` as first measured (soft core
#: weight 1, 12 × 50 Langevin steps), ``learned_core10`` and ``unconditional_24x200`` with the
#: generator's settings for ``prior="learned"`` since 2026-12-01 15:50.
LEARNED_ROWS = (
    "learned",
    "gadf_learned",
    "unconditional",
    "learned_core10",
    "unconditional_24x200",
)
PINNED = dict(prior_weight=0.45, sigma_start=0.2, sigma_end=0.05, learning_rate=0.02)


@dataclasses.dataclass
class Case:
    system: str  # the simulated-glass system (potential, MD protocol)
    labels: tuple  # element symbols given to the generators, in the system's species order
    n_atoms: int
    dr: float  # g(r) bin width
    q: np.ndarray
    ideal: object  # ideal coordination (int or {label: int}) or None
    max_ring: int
    overrides: dict | None = None  # state point of fresh references
    n_fresh: int = 0  # fresh references (0: snapshot samples ``reference_rows``)
    reference_rows: tuple = ()
    train_rows: tuple = ()
    generator: dict = dataclasses.field(default_factory=dict)
    r_cut: float | None = None  # neighbour cut-off; default the first minimum of the target g
    note: str = ""


def _cases() -> dict:
    q_a = np.arange(1.05, 12.0, 0.1)
    asi = dict(
        system="a-si",
        labels=("Si",),
        n_atoms=216,
        dr=0.04,
        q=q_a,
        ideal=4,
        max_ring=8,
        train_rows=tuple(range(40)),
        r_cut=2.85,  # as the headline rows (and one learned prior for every a-Si case)
    )
    cuzr = dict(
        system="cuzr",
        labels=("Cu", "Zr"),
        n_atoms=256,
        dr=0.04,
        q=q_a,
        ideal=None,
        max_ring=0,
        n_fresh=3,
        train_rows=tuple(range(12)),
        generator=dict(prior_n_iter=2000),  # 6000 DSM iterations would take 380 CPU s
    )
    return {
        "a-si": Case(**asi, reference_rows=tuple(range(40, 50)), note="headline target"),
        "a-si@0.048": Case(
            **asi,
            overrides={"density": 0.048},
            n_fresh=4,
            note="density 0.048 (training 0.0483-0.0504)",
        ),
        "a-si@0.052": Case(
            **asi,
            overrides={"density": 0.052},
            n_fresh=4,
            note="density 0.052 (training 0.0483-0.0504)",
        ),
        "ka3d": Case(
            system="ka3d",
            labels=("Ar", "Ne"),
            n_atoms=256,
            dr=0.02,
            q=np.arange(3.1, 20.0, 0.2),
            ideal=None,
            max_ring=0,
            # 800 DSM iterations: ~27 neighbours within the prior's 1.75 σ make one iteration
            # 14x as costly as a-Si's (6000 would take 920 CPU s)
            generator=dict(sigma_start=0.1, sigma_end=0.025, learning_rate=0.01, prior_n_iter=800),
            r_cut=1.4,  # the total g's first minimum (an A-B shoulder fools the automatic one)
            note="LJ units (σ_AA, ε_AA); σ and step scaled by 1/2.35 from a-Si",
        ),
        "cuzr": Case(
            **cuzr, overrides={"fractions": (0.5, 0.5)}, note="Cu50Zr50 (training x_Cu 0.36-0.59)"
        ),
        "cuzr@Cu64": Case(
            **cuzr,
            overrides={"fractions": (0.64, 0.36)},
            note="Cu64Zr36, absent from training (x_Cu <= 0.59)",
        ),
        "sio2": Case(
            system="sio2",
            labels=("Si", "O"),
            n_atoms=384,
            dr=0.04,
            q=q_a,
            ideal={"Si": 4, "O": 2},
            max_ring=8,
            reference_rows=(3, 4, 5),
            train_rows=(0, 1, 2),
            r_cut=2.0,  # g = 0 from 1.8 to 2.4 Å; the automatic 1.72 cuts the Si-O tail
            note="Vashishta 1990; references 3 of the 6 snapshot samples",
        ),
    }


def _to_atoms(positions, types, box, labels, info=None):
    from sklearn_rdf.generate import to_atoms

    return to_atoms(np.asarray(positions, float), box, [labels[t] for t in types], info)


def _snapshot_atoms(case: Case, rows) -> list:
    from sklearn_rdf.datasets import load_simulated_structures

    d = load_simulated_structures(case.system)
    where = {int(k): i for i, k in enumerate(d.index)}
    missing = [k for k in rows if k not in where]
    if missing:
        raise ValueError(f"{case.system}: snapshot rows {missing} have no shipped coordinates")
    return [
        _to_atoms(d.positions[where[k]], d.types[where[k]], d.box[where[k]], case.labels)
        for k in rows
    ]


def _cached(name: str, make):
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}.npz"
    if path.exists():
        with np.load(path) as f:
            return {k: f[k] for k in f.files}
    out = make()
    np.savez(path, **out)
    return out


def _fresh(case: Case, k: int, liquid: bool = False) -> dict:
    """Fresh sample ``k`` of the case's state point (indices from 1000; 2000 for liquids)."""
    from sklearn_rdf.datasets.simulate.coordinates import liquid_coordinates, sample_coordinates

    tag = "_".join(f"{a}{np.round(b, 4)}" for a, b in sorted((case.overrides or {}).items()))
    kind = "liquid" if liquid else "glass"
    index = (2000 if liquid else 1000) + k

    def make():
        t0 = time.process_time()
        fn = liquid_coordinates if liquid else sample_coordinates
        s = fn(case.system, index, overrides=case.overrides)
        return {
            "positions": s["positions"],
            "types": s["types"],
            "box": s["box"],
            "cpu_s": np.array(time.process_time() - t0),
        }

    return _cached(f"{case.system}_{tag}_{kind}_{index}", make)


def problem(name: str) -> dict:
    """Targets, references, training structures and the scorer's inputs of one case."""
    from sklearn_rdf.generate import first_minimum, structure_spectra

    case = _cases()[name]
    if name == "a-si":  # exactly the headline problem (stored g rebinned; same S, ADF grids)
        from benchmarks.bench_generate import problem as headline

        p = headline()
        p["case"], p["r_cut"] = case, 2.85
        return p
    if case.n_fresh:
        refs = []
        for k in range(case.n_fresh):
            s = _fresh(case, k)
            refs.append(_to_atoms(s["positions"], s["types"], s["box"], case.labels))
    else:
        refs = _snapshot_atoms(case, case.reference_rows)
    train = list(case.train_rows)
    if name == "ka3d":  # references: the 10 samples nearest the median density
        from sklearn_rdf.datasets import load_simulated_structures

        d = load_simulated_structures("ka3d")
        rho = case.n_atoms / np.prod(d.box, axis=1)
        order = np.argsort(np.abs(rho - np.median(rho)), kind="stable")
        ref_rows = sorted(int(d.index[i]) for i in order[:10])
        train = sorted(int(k) for k in d.index if int(k) not in ref_rows)
        refs = _snapshot_atoms(case, ref_rows)
    train_atoms = _snapshot_atoms(case, train)
    L_min = min(float(np.min(np.diag(a.cell.array))) for a in refs)
    r = np.arange(case.dr / 2, 0.5 * L_min - case.dr, case.dr)
    cap = {"a-si": 8.0, "ka3d": 2.9, "cuzr": 7.5, "sio2": 8.5}[case.system]
    r = r[r + case.dr / 2 <= cap]
    g_refs = np.array([structure_spectra(a, g=r)["g"] for a in refs])
    r_cut = case.r_cut or first_minimum(r, g_refs.mean(0))
    theta = np.arange(0.5, 180.0, 1.0)
    curves = [structure_spectra(a, S=case.q, adf=theta, adf_cutoff=r_cut) for a in refs]
    ref_S = np.array([c["S"] for c in curves])
    ref_adf = np.array([c["adf"] for c in curves])
    q = case.q
    # q bins without k-vectors in some box: keep the uniform grid from the last of them on
    bad = np.flatnonzero(~np.all(np.isfinite(ref_S), axis=0))
    first = 0 if bad.size == 0 else int(bad[-1]) + 1
    q, ref_S = q[first:], ref_S[:, first:]
    return {
        "case": case,
        "r": r,
        "g": g_refs.mean(0),
        "q": q,
        "S": ref_S.mean(0),
        "theta": theta,
        "adf": ref_adf.mean(0),
        "references": {"g": g_refs, "S": ref_S, "adf": ref_adf},
        "reference_atoms": refs,
        "train_atoms": train_atoms,
        "density": float(np.mean([len(a) / a.get_volume() for a in refs])),
        "r_cut": r_cut,
    }


def _energy(atoms, case: Case) -> float:
    from sklearn_rdf.generate import LammpsPotential

    symbols = atoms.get_chemical_symbols()
    types = np.array([case.labels.index(s) for s in symbols])
    pot = LammpsPotential(case.system, types, np.diag(atoms.cell.array))
    try:
        energy, _ = pot.energy_forces(atoms.positions)
    finally:
        pot.close()
    return energy / len(atoms)


def _evaluate(label, structures, scorer, p, extra) -> dict:
    from sklearn_rdf.generate import realism_metrics, summarise_realism

    case = p["case"]
    errors = scorer.spectral_errors(structures)
    metrics = []
    for a in structures:
        m = realism_metrics(
            a, r_cut=p["r_cut"], ideal_coordination=case.ideal, max_ring=case.max_ring
        )
        m["energy"] = _energy(a, case)
        metrics.append(m)
    real = summarise_realism(metrics)
    row = {
        "benchmark": p["name"],
        "method": label,
        "n_replicas": len(structures),
        "n_atoms": len(structures[0]),
    }
    for m, v in errors.items():
        row[f"dED_{m}"] = round(v["delta_ed"], 4)
        row[f"err_{m}"] = round(v["error"], 4)
        row[f"div_{m}"] = round(v["diversity"], 4)
    keys = [
        "frac_ideal",
        "cn_mean",
        "adf_peak",
        "adf_spread",
        "rings_3",
        "rings_4",
        "crystallinity",
        "energy",
    ]
    for key in keys:
        if key in real:
            row[key] = round(float(real[key]), 4)
            if len(structures) > 1:
                row[f"{key}_sd"] = round(float(real[f"{key}_sd"]), 4)
    row["cpu_s"] = round(float(np.mean([a.info.get("cpu_s", 0.0) for a in structures])), 1)
    row.update(extra)
    row["measured"] = time.strftime("%Y-%m-%d")
    return row


def _learned_model(p, est_kw, seed):
    """The learned prior of the case's training set (trained once, cached on disk)."""
    import torch

    from sklearn_rdf.generate import SpectrumGuidedGenerator

    src = Path(__file__).resolve().parents[1] / "sklearn_rdf" / "generate" / "_score_prior.py"
    case = p["case"]
    key = hashlib.sha1(
        json.dumps(
            [
                case.system,
                sorted(len(a) for a in p["train_atoms"]),
                len(p["train_atoms"]),
                round(p["r_cut"], 4),
                seed,
                est_kw.get("prior_n_iter", 6000),
            ]
        ).encode()
        + src.read_bytes()
    ).hexdigest()[:12]
    path = CACHE / f"prior_{case.system}_{key}.pt"
    if path.exists():
        blob = torch.load(path, weights_only=False)
        return blob["model"], blob["train_cpu_s"]
    est = SpectrumGuidedGenerator(
        **est_kw, prior="learned", adf_cutoff=p["r_cut"], random_state=seed
    )
    t0 = time.process_time()
    _fit(est, p, training_structures=p["train_atoms"])
    train_cpu = round(time.process_time() - t0, 1)
    CACHE.mkdir(parents=True, exist_ok=True)
    torch.save({"model": est.score_model_, "train_cpu_s": train_cpu}, path)
    return est.score_model_, train_cpu


def _fit(est, p, **kw):
    return est.fit(
        p["r"],
        p["g"],
        q=p["q"],
        S=p["S"],
        theta=p["theta"],
        adf=p["adf"],
        references=p["references"],
        **kw,
    )


def run_rows(name, rows, seeds, budget):
    import torch

    torch.set_num_threads(1)
    from sklearn_rdf.generate import ReverseMonteCarlo, SpectrumGuidedGenerator

    p = problem(name)
    p["name"] = name
    case = p["case"]
    species = list(case.labels)
    comp = np.bincount(
        [case.labels.index(s) for s in p["reference_atoms"][0].get_chemical_symbols()],
        minlength=len(species),
    ) / len(p["reference_atoms"][0])
    base = dict(
        n_atoms=case.n_atoms,
        species=species,
        composition=list(comp),
        density=p["density"],
        max_time=budget,
    )
    base.update(PINNED)
    if "relax_fraction" in SpectrumGuidedGenerator().get_params():
        base["relax_fraction"] = 0.0  # no end relaxation, as when the rows were measured
    base.update(case.generator)
    scorer = _fit(SpectrumGuidedGenerator(**base, adf_cutoff=p["r_cut"]), p)
    out = []
    for label in rows:
        t0 = time.process_time()
        extra = {"budget_cpu_s": budget, "note": case.note}
        if label == "references":
            structures = p["reference_atoms"]
            extra["budget_cpu_s"] = 0
        elif label == "random":
            rng = np.random.default_rng(0)
            L = scorer.box_length_
            types = np.repeat(np.arange(len(species)), scorer.counts_)
            structures = [
                _to_atoms(
                    rng.uniform(0, L, (types.size, 3)), types, [L] * 3, case.labels, {"cpu_s": 0.0}
                )
                for _ in seeds
            ]
            extra["budget_cpu_s"] = 0
        elif label in ("rmc", "rmc_liquid"):
            rmc_kw = {
                k: v
                for k, v in base.items()
                if k in ("n_atoms", "species", "composition", "density", "max_time")
            }
            est = ReverseMonteCarlo(**rmc_kw, random_state=seeds[0]).fit(
                p["r"], p["g"], references=p["references"]
            )
            start = None
            if label == "rmc_liquid":
                liquids = [_fresh(case, k, liquid=True) for k in range(len(seeds))]
                start = [
                    _to_atoms(s["positions"], s["types"], s["box"], case.labels) for s in liquids
                ]
                extra["start_cpu_s"] = round(float(np.mean([s["cpu_s"] for s in liquids])), 1)
            structures = est.sample(len(seeds), start=start)
            extra["moves_per_s"] = round(
                float(np.mean([s["moves_per_s"] for s in est.last_stats_]))
            )
        elif label in ("none", "potential", "S", "gadf"):
            kw = dict(base, adf_cutoff=p["r_cut"])
            if label == "potential":
                kw.update(prior="potential", prior_system=case.system)
            if label == "S":
                kw["target_weights"] = {"g": 0.0, "S": 1.0}
            if label == "gadf":
                kw["target_weights"] = {"g": 1.0, "adf": 1.0}
            est = _fit(SpectrumGuidedGenerator(**kw, random_state=seeds[0]), p)
            structures = est.sample(len(seeds))
            extra["steps"] = int(np.mean([a.info["n_steps"] for a in structures]))
            if label == "potential":
                extra["prior_weight"] = est.prior_weight
            extra["sigma_start"] = est.sigma_start
        elif label in LEARNED_ROWS:
            model, train_cpu = _learned_model(p, base, seeds[0])
            kw = dict(base, adf_cutoff=p["r_cut"])
            if label == "gadf_learned":
                kw["target_weights"] = {"g": 1.0, "adf": 1.0}
            if label == "learned_core10":  # the generator's soft core for prior="learned" now
                from sklearn_rdf.generate._generator import LEARNED_CORE_WEIGHT

                kw["core_weight"] = LEARNED_CORE_WEIGHT
            else:  # as first measured (sample resolves core_weight=None with prior="learned")
                kw["core_weight"] = 1.0
            est = _fit(SpectrumGuidedGenerator(**kw, random_state=seeds[0]), p)
            # the cached prior of the same training set, instead of training it again
            est.set_params(prior="learned", prior_weight=LEARNED_WEIGHT)
            est.score_model_ = model
            extra.update(train_cpu_s=train_cpu, n_train=len(p["train_atoms"]))
            if label == "unconditional":
                structures = est.sample_prior(len(seeds), steps_per_level=50, n_levels=12)
                extra["budget_cpu_s"] = "12 levels x 50 steps"
            elif label == "unconditional_24x200":  # sample_prior's schedule now
                structures = est.sample_prior(len(seeds), steps_per_level=200, n_levels=24)
                extra["budget_cpu_s"] = "24 levels x 200 steps"
            else:
                structures = est.sample(len(seeds))
                extra["steps"] = int(np.mean([a.info["n_steps"] for a in structures]))
                extra["prior_weight"] = LEARNED_WEIGHT
        else:
            raise ValueError(f"unknown row {label!r}")
        out.append(_evaluate(label, structures, scorer, p, extra))
        out[-1]["wall_total_s"] = round(time.process_time() - t0, 1)
        print(json.dumps(out[-1]), flush=True)
    return out


#: Columns of the compact tables of docs/generate.md (label, key, format).
_COLUMNS = [
    ("method", "method", "{}"),
    ("ΔED g", "dED_g", "{:+.3f}"),
    ("ΔED S", "dED_S", "{:+.3f}"),
    ("ΔED ADF", "dED_adf", "{:+.4f}"),
    ("g RMSE", "err_g", "{:.3f}"),
    ("ideal CN", "frac_ideal", "{:.1%}"),
    ("CN", "cn_mean", "{:.2f}"),
    ("ADF peak", "adf_peak", "{:.1f}"),
    ("ADF spread", "adf_spread", "{:.1f}"),
    ("3-rings", "rings_3", "{:.3f}"),
    ("4-rings", "rings_4", "{:.3f}"),
    ("E/atom", "energy", "{:.4g}"),
    ("CPU s", "cpu_s", "{:g}"),
]


def table(case: str) -> str:
    """The compact Markdown table of one case's rows (from the parts written so far)."""
    rows = []
    for path in sorted(PARTS.glob("fig2_*.json")):
        rows += [r for r in json.loads(path.read_text()) if r.get("benchmark") == case]
    order = [
        "references",
        "random",
        "rmc",
        "rmc_liquid",
        "none",
        "S",
        "gadf",
        "potential",
        "learned",
        "gadf_learned",
        "learned_core10",
        "unconditional",
        "unconditional_24x200",
    ]
    rows.sort(key=lambda r: order.index(r["method"]) if r["method"] in order else len(order))
    cols = [c for c in _COLUMNS if any(c[1] in r for r in rows)]
    out = ["| " + " | ".join(c[0] for c in cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        cells = []
        for _, key, fmt in cols:
            v = r.get(key)
            cell = "" if v is None else fmt.format(v)
            if key == "cpu_s" and r.get("train_cpu_s"):
                cell += f" (+{r['train_cpu_s']:g} training)"
            if key == "cpu_s" and r.get("start_cpu_s"):
                cell += f" (+{r['start_cpu_s']:g} liquid MD)"
            cells.append(cell)
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_generate_fig2")
    parser.add_argument("--case", required=True, choices=list(_cases()))
    parser.add_argument("--rows", nargs="+", default=[])
    parser.add_argument("--table", action="store_true", help="print the case's compact table")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--budget", type=float, default=60.0, help="CPU s per replica")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if args.table:
        print(table(args.case))
        return
    if not args.rows:
        parser.error("--rows is required (or --table)")
    rows = run_rows(args.case, args.rows, args.seeds, args.budget)
    PARTS.mkdir(parents=True, exist_ok=True)
    tag = "fig2_" + args.case.replace("@", "_at_") + "_" + "_".join(args.rows)
    (PARTS / f"{tag}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
