"""A user's Ctrl-C stops the work and propagates; the package's own early stops differ from it.

skorch's ``partial_fit`` swallows ``KeyboardInterrupt``; these tests send a real SIGINT to a
process that is fitting (or running ``sklearn-rdf benchmark``) and check that the interrupt
reaches the caller (``KeyboardInterrupt``; exit status 130 from the command line) and that the
output folder holds nothing new.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from skorch.callbacks import Callback
from torch import nn

from sklearn_rdf._output import read_manifest
from sklearn_rdf._stopping import StopTraining
from sklearn_rdf._training import fit_net, loss_history, make_net

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals (SIGINT)")
X = np.linspace(-1, 1, 40)[:, None]
Y = np.sin(3 * X)


def _env() -> dict:
    env = dict(os.environ, PYTHONUNBUFFERED="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


def _sigint_default() -> None:
    """In the child, before Python starts: SIGINT back to its default action. A process
    started in the background by a non-interactive shell (as CI may run the suite) inherits
    SIGINT ignored, and Python then installs no KeyboardInterrupt handler at all."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt_when(proc: subprocess.Popen, marker: str, delay: float, timeout: float = 120):
    """Wait for ``marker`` on the process's stdout, wait ``delay`` s, send SIGINT; return
    (stdout seen before, the rest of stdout, stderr)."""
    seen = []
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        seen.append(line)
        if marker in line:
            break
        assert time.monotonic() < deadline, "marker never printed"
    else:
        raise AssertionError(f"the process ended before printing {marker!r}: {seen}")
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    try:
        rest, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        rest, err = proc.communicate()
        raise AssertionError(f"the process ran on for {timeout} s after SIGINT: {err}") from None
    return "".join(seen), rest, err


_FIT_SCRIPT = """
import numpy as np, torch
torch.set_num_threads(1)
from sklearn_rdf import {cls}
r = np.linspace(1.0, 10.0, 60)
G = np.sin(2 * r) * np.exp(-0.1 * r)
est = {cls}({params})
# A short fit first: imports and one-off set-up are done, so the SIGINT below lands in
# skorch's training loop (where skorch catches KeyboardInterrupt), not before it.
{cls}({params}).set_params(**{short}).fit(r, G)
print("fitting", flush=True)
try:
    est.fit(r, G)
except KeyboardInterrupt:
    print("KeyboardInterrupt raised", flush=True)
else:
    print("fit returned", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "cls, params, short",
    [
        # the paper's 20,000 epochs (≈ 11 s on the idle machine: a swallowed interrupt returns)
        ("RBFNetRegressor", "max_epochs=20_000, random_state=0", "{'max_epochs': 2}"),
        (
            "WaveletRDFRegressor",
            "structure_factor=(np.linspace(0.5, 8, 80), np.sin(np.linspace(0.5, 8, 80))), "
            "rounds=[{'max_epochs': 20_000}, {'max_epochs': 20_000}]",
            "{'rounds': [{'max_epochs': 2}]}",
        ),
    ],
)
def test_sigint_during_fit_raises_keyboard_interrupt(cls, params, short):
    proc = subprocess.Popen(
        [sys.executable, "-c", _FIT_SCRIPT.format(cls=cls, params=params, short=short)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=REPO,
        preexec_fn=_sigint_default,
    )
    _, rest, err = _interrupt_when(proc, "fitting", delay=1.0)
    assert "KeyboardInterrupt raised" in rest, (rest, err)
    assert "fit returned" not in rest


@pytest.mark.slow
@pytest.mark.parametrize("n_jobs", ["1", "2"])
def test_sigint_stops_the_benchmark_with_130_and_writes_nothing(tmp_path, n_jobs):
    out = tmp_path / "results"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sklearn_rdf", "benchmark", "--quick", "--n-jobs", n_jobs,
         "--out", str(out), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=tmp_path,
        preexec_fn=_sigint_default,
    )  # fmt: skip
    # "Benchmark on ..." is printed just before the first fits (the ablation's Adam runs).
    seen, rest, err = _interrupt_when(proc, "Benchmark on", delay=0.5)
    assert proc.returncode == 130, (seen, rest, err)
    assert "interrupted" in err and "Traceback" not in err
    assert "Wrote" not in rest
    # Either nothing new, or (had the run finished first) a complete manifest-listed set.
    if out.exists():
        read_manifest(out)
    assert [p.name for p in tmp_path.iterdir()] in ([], ["results"])


class _Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))

    def forward(self, x):
        return self.net(x)


class _RaiseAt(Callback):
    """A skorch callback that raises ``exc`` at the end of epoch ``epoch``."""

    def __init__(self, epoch, exc):
        self.epoch, self.exc = epoch, exc

    def on_epoch_end(self, net, **kwargs):
        if len(net.history) == self.epoch:
            raise self.exc


def _net(callback):
    return make_net(
        _Tiny, criterion=nn.MSELoss, max_epochs=50, lr=0.01, callbacks=[("stop", callback)]
    )


def test_a_keyboard_interrupt_inside_skorchs_loop_reaches_the_caller():
    net = _net(_RaiseAt(3, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt, match="after 2 of 50 epochs"):
        fit_net(net, X, Y, random_state=0)


def test_the_packages_own_stop_ends_training_quietly():
    net = _net(_RaiseAt(3, StopTraining()))
    fit_net(net, X, Y, random_state=0)
    assert len(net.history) == 3
    assert loss_history(net).shape == (3,)
    # on_train_end ran (as skorch runs it after its own stop): the guard released its buffers.
    assert dict(net.callbacks_)["nonfinite_guard"]._good is None


def test_a_keyboard_interrupt_in_a_continued_round_reaches_the_caller():
    # ONNE's macrostate stream trains in rounds (continue_net → skorch's partial_fit, which
    # swallows KeyboardInterrupt): a Ctrl-C in a later round must not end fit() as if done.
    from sklearn_rdf._training_rounds import continue_net

    net = make_net(
        _Tiny, criterion=nn.MSELoss, max_epochs=4, lr=0.01,
        callbacks=[("stop", _RaiseAt(6, KeyboardInterrupt()))],
    )  # fmt: skip
    fit_net(net, X, Y, random_state=0)
    with pytest.raises(KeyboardInterrupt, match="after 1 of 4 epochs"):
        continue_net(net, X, Y, epochs=4, random_state=1)


def test_the_packages_own_stop_ends_a_continued_round_quietly():
    from sklearn_rdf._training_rounds import continue_net

    net = make_net(
        _Tiny, criterion=nn.MSELoss, max_epochs=4, lr=0.01,
        callbacks=[("stop", _RaiseAt(6, StopTraining()))],
    )  # fmt: skip
    fit_net(net, X, Y, random_state=0)
    continue_net(net, X, Y, epochs=4, random_state=1)  # StopTraining must not escape
    assert len(net.history) == 6


def test_a_non_finite_loss_in_a_continued_round_warns_and_keeps_finite_parameters():
    import torch

    from sklearn_rdf._training import NonFiniteLossWarning
    from sklearn_rdf._training_rounds import continue_net

    net = make_net(_Tiny, criterion=nn.MSELoss, max_epochs=3, lr=0.01)
    fit_net(net, X, Y, random_state=0)
    y_bad = np.array(Y, dtype=np.float64, copy=True)
    y_bad[0] = np.nan
    with pytest.warns(NonFiniteLossWarning, match="NaN or inf"):
        continue_net(net, X, y_bad, epochs=3, random_state=1)
    assert all(bool(torch.isfinite(p).all()) for p in net.module_.parameters())
