"""One neuron's arithmetic in one cell, written out so a student can check it by hand:

    h_t[i] = f( W_ih[i,:]·x_t + b_ih[i] + W_hh[i,:]·h_{t-1} + b_hh[i] )

and for a gated cell (engine/cell.py has the formulas) each gate's row of every weight block,
then LSTM's c_t[i] = f·c_{t-1} + i·g and h_t[i] = o·tanh(c_t) (and the projection), or GRU's
n[i] = tanh(W_in x + b_in + r·(W_hn h + b_hn)) and h_t[i] = (1 - z)·n + z·h_{t-1}, with what the
gates did to the neuron in words (`gate_effects`).

Each dot product is a sum of products w_j * v_j; at H = 1024 there are too many to print, so
the largest contributions (by |w_j * v_j|) are named and the rest are summed. The numbers are
recomputed here from the same weights and the record's x_t and h_{t-1}, in float64, so the
panel can show them beside the stepper's own (the two agree to within rounding).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.model import PROJECTION_KIND, param_name
from rnn_stepper.engine.stepper import StepRecord
from torch import nn

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
def neuron_arithmetic(
    rnn: nn.RNN, record: StepRecord, batch: int, neuron: int, top: int = TOP_CONTRIBUTIONS
) -> NeuronArithmetic:
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
    h_t = (
        float(torch.tanh(torch.tensor(pre, dtype=torch.float64)))
        if rnn.nonlinearity == "tanh"
        else max(pre, 0.0)
    )
    return NeuronArithmetic(neuron, input_dot, recurrent_dot, bias_ih, bias_hh, pre, rnn.nonlinearity, h_t)


# A gate value at or above this counts as open: the words "kept", "written", "kept the old state"
# describe a gate past its midpoint (sigmoid(0) = 0.5); the numbers beside them say by how much.
GATE_OPEN = 0.5
# The words for what the gates did to one neuron (the GUI translates them).
KEPT, FORGOTTEN, WRITTEN, NOT_WRITTEN = "kept", "forgotten", "written", "not written"
KEPT_OLD, TOOK_CANDIDATE = "kept the old state", "took the candidate"
ACTIVATION_OF_GATE = {
    "i": "sigmoid",
    "f": "sigmoid",
    "g": "tanh",
    "o": "sigmoid",
    "r": "sigmoid",
    "z": "sigmoid",
    "n": "tanh",
}


def gate_effects(cell: str, gates) -> list[tuple[str, ...]]:
    """What the gates did to each neuron, in words: LSTM (kept | forgotten: f against GATE_OPEN,
    written | not written: i); GRU (kept the old state | took the candidate: z). `gates` maps a
    gate name to its values for one batch element ([H] tensors or arrays)."""
    if cell == "lstm":
        f, i = gates["f"], gates["i"]
        return [
            (
                KEPT if float(f[k]) >= GATE_OPEN else FORGOTTEN,
                WRITTEN if float(i[k]) >= GATE_OPEN else NOT_WRITTEN,
            )
            for k in range(len(f))
        ]
    if cell == "gru":
        return [(KEPT_OLD if float(z) >= GATE_OPEN else TOOK_CANDIDATE,) for z in gates["z"]]
    return []


@dataclass(frozen=True, slots=True)
class GateArithmetic:
    """One gate's value for one neuron: activation(W_i?[i,:]·x_t + b_i?[i] + r·(W_h?[i,:]·h + b_h?[i]))
    with `reset` r only for GRU's candidate n (None elsewhere: the plain sum)."""

    gate: str
    input_dot: DotProduct  # W_i?[i,:]·x_t
    recurrent_dot: DotProduct  # W_h?[i,:]·h_{t-1}
    bias_ih: float | None
    bias_hh: float | None
    reset: float | None
    pre_activation: float
    activation: str  # "sigmoid" or "tanh"
    value: float

    @property
    def input_total(self) -> float:
        return self.input_dot.total + (self.bias_ih or 0.0)

    @property
    def recurrent_total(self) -> float:
        return self.recurrent_dot.total + (self.bias_hh or 0.0)


@dataclass(frozen=True, slots=True)
class GatedNeuronArithmetic:
    neuron: int
    cell: str  # "lstm" or "gru"
    gates: tuple[GateArithmetic, ...]  # in PyTorch's block order
    h_prev: float  # h_{t-1}[i] (GRU's blend reads it; with proj_size not per neuron: NaN)
    effects: tuple[str, ...]  # gate_effects for this neuron
    c_prev: float | None = None  # LSTM
    c_t: float | None = None
    tanh_c: float | None = None
    h_unprojected: float | None = None  # LSTM: o·tanh(c_t)[i]
    h_t: float | None = None  # the neuron's h_t (LSTM without projection, GRU)
    projection_row: int | None = None  # LSTM with proj_size: the h_t element shown, k
    projection: DotProduct | None = None  # W_hr[k,:]·(o·tanh(c_t))

    def gate(self, name: str) -> GateArithmetic:
        return next(g for g in self.gates if g.gate == name)


def _sigmoid(v: float) -> float:
    return float(torch.sigmoid(torch.tensor(v, dtype=torch.float64)))


def _tanh(v: float) -> float:
    return float(torch.tanh(torch.tensor(v, dtype=torch.float64)))


@torch.no_grad()
def gated_neuron_arithmetic(
    rnn: nn.RNNBase, record: StepRecord, batch: int, neuron: int, top: int = TOP_CONTRIBUTIONS
) -> GatedNeuronArithmetic:
    """The selected neuron's arithmetic in a gated cell, recomputed in float64 from the module's
    weights and the record's x_t, h_{t-1} (and c_{t-1}); the gates in PyTorch's block order."""
    layer, direction, H = record.layer, record.direction, rnn.hidden_size
    cell = record.cell_type

    def weights(kind):
        return (
            getattr(rnn, param_name(kind, layer, direction), None)
            if rnn.bias or kind.startswith("weight")
            else None
        )

    w_ih, w_hh, b_ih, b_hh = (weights(kind) for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
    x, h = record.x_t[batch], record.h_prev[batch]
    gates: list[GateArithmetic] = []
    values: dict[str, float] = {}
    for k, name in enumerate(GATES[cell]):
        row = k * H + neuron
        input_dot, recurrent_dot = dot_product(w_ih[row], x, top), dot_product(w_hh[row], h, top)
        bias_ih = None if b_ih is None else float(b_ih[row])
        bias_hh = None if b_hh is None else float(b_hh[row])
        reset = values["r"] if name == "n" else None
        recurrent = recurrent_dot.total + (bias_hh or 0.0)
        pre = input_dot.total + (bias_ih or 0.0) + (recurrent if reset is None else reset * recurrent)
        value = _tanh(pre) if ACTIVATION_OF_GATE[name] == "tanh" else _sigmoid(pre)
        values[name] = value
        gates.append(
            GateArithmetic(
                name, input_dot, recurrent_dot, bias_ih, bias_hh, reset, pre, ACTIVATION_OF_GATE[name], value
            )
        )
    projected = record.h_unprojected is not None
    h_prev = float("nan") if projected else float(h[neuron])
    effects = gate_effects(cell, {name: [v] for name, v in values.items()})[0]
    if cell == "gru":
        n, z = values["n"], values["z"]
        return GatedNeuronArithmetic(
            neuron, cell, tuple(gates), h_prev, effects, h_t=(1 - z) * n + z * h_prev
        )
    assert record.c_prev is not None  # (an LSTM record: GRU returned above)
    c_prev = float(record.c_prev[batch, neuron])
    c_t = values["f"] * c_prev + values["i"] * values["g"]
    tanh_c = _tanh(c_t)
    unprojected = values["o"] * tanh_c
    if not projected:
        return GatedNeuronArithmetic(
            neuron, cell, tuple(gates), h_prev, effects, c_prev, c_t, tanh_c, unprojected, unprojected
        )
    # h_t = W_hr (o·tanh(c_t)) mixes every neuron: its element k = min(i, proj_size - 1) is shown,
    # from the record's whole o·tanh(c_t) (this neuron's share is one of the products).
    assert record.h_unprojected is not None  # (projected)
    w_hr = getattr(rnn, param_name(PROJECTION_KIND, layer, direction))
    k = min(neuron, w_hr.shape[0] - 1)
    projection = dot_product(w_hr[k], record.h_unprojected[batch], top)
    return GatedNeuronArithmetic(
        neuron, cell, tuple(gates), h_prev, effects, c_prev, c_t, tanh_c, unprojected, None, k, projection
    )
