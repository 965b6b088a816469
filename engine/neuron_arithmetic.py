"""One neuron's arithmetic in one cell, written out so a student can check it by hand:

    h_t[i] = f( W_ih[i,:]·x_t + b_ih[i] + W_hh[i,:]·h_{t-1} + b_hh[i] )

Each dot product is a sum of products w_j * v_j; at H = 1024 there are too many to print, so
the largest contributions (by |w_j * v_j|) are named and the rest are summed. The numbers are
recomputed here from the same weights and the record's x_t and h_{t-1}, in float64, so the
panel can show them beside the stepper's own (the two agree to within rounding).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from rnn_stepper.engine.model import param_name
from rnn_stepper.engine.stepper import StepRecord

TOP_CONTRIBUTIONS = 3  # products named per dot product; the rest are shown as one sum


@dataclass(frozen=True, slots=True)
class Contribution:
    index: int  # j: the column of the weight row, the element of the vector it multiplies
    weight: float  # W[i, j]
    value: float  # x_t[j] or h_{t-1}[j]
    product: float  # weight * value


@dataclass(frozen=True, slots=True)
class DotProduct:
    total: float  # W[i,:]·v
    largest: tuple[Contribution, ...]  # the largest |products|, largest first
    rest: float  # total minus the named products
    length: int  # number of products in the sum
    all_zero_input: bool  # v is all zeros (h0 = zeros): the sum is 0 whatever the weights


@dataclass(frozen=True, slots=True)
class NeuronArithmetic:
    neuron: int
    input_dot: DotProduct  # W_ih[i,:]·x_t
    recurrent_dot: DotProduct  # W_hh[i,:]·h_{t-1}
    bias_ih: float | None  # None when the model has no bias
    bias_hh: float | None
    pre_activation: float  # the sum of the four
    nonlinearity: str
    h_t: float  # f(pre_activation)


def dot_product(row: torch.Tensor, vector: torch.Tensor, top: int = TOP_CONTRIBUTIONS) -> DotProduct:
    row, vector = row.detach().double(), vector.detach().double()
    products = row * vector
    total = float(products.sum())
    all_zero = bool((vector == 0).all())
    # Naming products of a zero vector (h0 = zeros) would only list zeros: none are named.
    k = 0 if all_zero else min(top, products.numel())
    order = torch.topk(products.abs(), k).indices.tolist() if k else []
    largest = tuple(Contribution(j, float(row[j]), float(vector[j]), float(products[j])) for j in order)
    rest = total - sum(c.product for c in largest)
    return DotProduct(total, largest, rest, products.numel(), all_zero)


@torch.no_grad()
def neuron_arithmetic(rnn: nn.RNN, record: StepRecord, batch: int, neuron: int,
                      top: int = TOP_CONTRIBUTIONS) -> NeuronArithmetic:
    """The selected neuron's arithmetic for `record`'s cell and batch element `batch`."""
    layer, direction = record.layer, record.direction
    w_ih = getattr(rnn, param_name("weight_ih", layer, direction))
    w_hh = getattr(rnn, param_name("weight_hh", layer, direction))
    b_ih = getattr(rnn, param_name("bias_ih", layer, direction), None) if rnn.bias else None
    b_hh = getattr(rnn, param_name("bias_hh", layer, direction), None) if rnn.bias else None
    input_dot = dot_product(w_ih[neuron], record.x_t[batch], top)
    recurrent_dot = dot_product(w_hh[neuron], record.h_prev[batch], top)
    bias_ih = None if b_ih is None else float(b_ih[neuron])
    bias_hh = None if b_hh is None else float(b_hh[neuron])
    pre = input_dot.total + recurrent_dot.total + (bias_ih or 0.0) + (bias_hh or 0.0)
    h_t = float(torch.tanh(torch.tensor(pre, dtype=torch.float64))) if rnn.nonlinearity == "tanh" else max(pre, 0.0)
    return NeuronArithmetic(neuron, input_dot, recurrent_dot, bias_ih, bias_hh, pre, rnn.nonlinearity, h_t)
