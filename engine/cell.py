"""One RNN cell in plain tensor ops, the lesson's formula written once:

    h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)        (or relu instead of tanh)

Shapes: x_t [B, input], h_prev [B, H], W_ih [H, input], W_hh [H, H], b_* [H].
"""

from __future__ import annotations

from typing import NamedTuple

import torch



def relu(x, out=None):
    """max(x, 0), like torch.relu but able to write into `out` (the stepper's hot loop does)."""
    return torch.clamp_min(x, 0.0, out=out)


ACTIVATIONS = {"tanh": torch.tanh, "relu": relu}


class CellTerms(NamedTuple):
    input_term: torch.Tensor  # W_ih x_t + b_ih
    recurrent_term: torch.Tensor  # W_hh h_{t-1} + b_hh
    pre_activation: torch.Tensor  # their sum
    h_t: torch.Tensor  # the nonlinearity applied to the sum


def input_term(x, weight_ih, bias_ih):
    """W_ih x + b_ih for a batch of row vectors x (works for [B, in] and [N, in] alike)."""
    return x @ weight_ih.t() if bias_ih is None else torch.addmm(bias_ih, x, weight_ih.t())


def recurrent_term(h_prev, weight_hh, bias_hh):
    return h_prev @ weight_hh.t() if bias_hh is None else torch.addmm(bias_hh, h_prev, weight_hh.t())


def cell_step(x_t, h_prev, weight_ih, weight_hh, bias_ih, bias_hh, nonlinearity="tanh") -> CellTerms:
    """Evaluate one cell and return every intermediate term (the calculation panel shows them)."""
    term_x = input_term(x_t, weight_ih, bias_ih)
    return finish_cell(term_x, h_prev, weight_hh, bias_hh, nonlinearity)


def finish_cell(term_x, h_prev, weight_hh, bias_hh, nonlinearity="tanh") -> CellTerms:
    """The rest of the cell once the input term is known (the stepper caches input terms)."""
    term_h = recurrent_term(h_prev, weight_hh, bias_hh)
    pre = term_x + term_h
    return CellTerms(term_x, term_h, pre, ACTIVATIONS[nonlinearity](pre))
