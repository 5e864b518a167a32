"""
Simulated glasses
=================

The package ships a snapshot of glasses simulated with LAMMPS (melt–quench, then the dynamical
matrix): Kob–Andersen Lennard-Jones glasses in 3D and 2D (reduced units σ_AA, τ), amorphous Si
(Stillinger–Weber), Cu–Zr (EAM), vitreous SiO2 and amorphous SiC (r in Å, ν in THz). Each sample
has its total and partial g(r), S(q), the vibrational density of states (VDOS) and coordination
numbers; :func:`~sklearn_rdf.datasets.load_simulated_glasses` reads it without LAMMPS
(``sklearn_rdf.datasets.simulate``, extra ``simulate``, makes new ones).

Here: the spread of g(r) and of the VDOS within one system (disorder differs between samples:
each draws its density and quench rate), and how the energy of the 200 KA-3D glasses depends on
their quench rate and density. Reading only: under a second.
"""

# %%
# What is in the snapshot
# -----------------------
import matplotlib.pyplot as plt
import numpy as np

from sklearn_rdf.datasets import load_simulated_glasses
from sklearn_rdf.datasets.simulated import SIMULATED_SYSTEMS

for system in SIMULATED_SYSTEMS:
    data = load_simulated_glasses(system)
    print(
        f"{system:5s} {data.X.shape[0]:4d} samples, g(r) on {data.r.size} bins "
        f"(r in {data.units['r']}), VDOS on {data.freq.size} bins ({data.units['freq']})"
    )

# %%
# g(r) and VDOS of amorphous silicon
# ----------------------------------
si = load_simulated_glasses("a-si")
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for k in range(0, si.X.shape[0], 10):
    axes[0].plot(si.r, si.X[k], lw=1)
    axes[1].plot(si.freq, si.Y[k], lw=1)
axes[0].set(xlabel="r (Å)", ylabel="g(r)", title="a-Si: every 10th sample", xlim=(1.5, 8))
axes[1].set(xlabel=si.units["freq"], ylabel="VDOS (unit area)")
fig.tight_layout()
plt.show()

# %%
# Quench rate, density and energy, KA-3D
# --------------------------------------
# Slower quenches give more stable glasses (lower potential energy per atom); denser ones sit
# higher in energy. A least-squares fit of the energy on the density and log10 of the quench
# rate separates the two (``metadata`` holds one row per sample).
ka = load_simulated_glasses("ka3d")
meta, units = ka.metadata, ka.units
A = np.column_stack([np.ones(len(meta)), meta["density"], np.log10(meta["quench_rate"])])
coef, *_ = np.linalg.lstsq(A, meta["energy"], rcond=None)
print(
    f"energy ≈ {coef[0]:.3f} + {coef[1]:.3f} · density + {coef[2]:.3f} · log10(quench rate) "
    f"({units['energy']}; density in {units['density']}, quench rate in {units['quench_rate']})"
)
fig, ax = plt.subplots(figsize=(5.5, 3.8))
points = ax.scatter(meta["quench_rate"], meta["energy"], c=meta["density"], s=12)
ax.set(xscale="log", xlabel=f"quench rate ({units['quench_rate']})")
ax.set(ylabel=f"potential energy ({units['energy']})")
fig.colorbar(points, label=f"density ({units['density']})")
fig.tight_layout()
plt.show()
