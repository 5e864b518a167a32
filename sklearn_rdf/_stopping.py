"""Stopping a training loop: the package's own early stops, kept apart from a user's interrupt.

skorch's ``NeuralNet.partial_fit`` wraps its fit loop in ``try: ... except KeyboardInterrupt:
pass`` (skorch's own ``EarlyStopping`` raises ``KeyboardInterrupt`` to stop), so a user's
Ctrl-C during training would end ``fit`` as if training had finished. This module keeps the two
apart, without subclassing skorch:

- :class:`StopTraining` is what the package's callbacks raise to end training early
  (:class:`~sklearn_rdf._training.NonFiniteGuard`, LinearSPR's duality-gap test). It is not a
  ``KeyboardInterrupt``: skorch lets it through, and :func:`~sklearn_rdf._training.fit_net`
  catches it and ends training as skorch would (``on_train_end``).
- :class:`EpochCounter`, the last callback of every net :func:`~sklearn_rdf._training.make_net`
  builds, counts the epochs that ran to their end. When ``net.fit`` returns with fewer epochs
  than ``max_epochs`` and no :class:`StopTraining` was raised, the loop was left by a
  ``KeyboardInterrupt`` that skorch swallowed; :func:`raise_if_interrupted` raises it again.

A callback that stops training must therefore raise :class:`StopTraining`, never
``KeyboardInterrupt`` (which now means "the user interrupted").
"""

from __future__ import annotations

from skorch.callbacks import Callback

__all__ = ["EpochCounter", "StopTraining", "raise_if_interrupted"]


class StopTraining(Exception):
    """Raised by the package's callbacks to end training early (never a KeyboardInterrupt)."""


class EpochCounter(Callback):
    """Count the training epochs that ran to their end (``epochs_done_``)."""

    def initialize(self):
        self.epochs_done_ = 0
        return self

    def on_train_begin(self, net, **kwargs):
        self.epochs_done_ = 0

    def on_epoch_end(self, net, **kwargs):
        self.epochs_done_ += 1


def raise_if_interrupted(net, stopped: bool) -> None:
    """Raise ``KeyboardInterrupt`` when ``net.fit`` returned early without :class:`StopTraining`.

    ``stopped`` tells whether the package's own :class:`StopTraining` ended the loop.
    """
    counter = dict(getattr(net, "callbacks_", ())).get("epoch_counter")
    if counter is None or stopped:
        return
    if counter.epochs_done_ < net.max_epochs:
        raise KeyboardInterrupt(
            f"training interrupted after {counter.epochs_done_} of {net.max_epochs} epochs"
        )
