"""A model, its inputs and a stepper over them: what the app and the commands work with.

Inputs are made as the lesson makes them: `torch.randn(seq_len, batch, input_size)` (or
batch-first) from the seed, or the embedding (or one-hot vectors) of the text's tokens; h0 is
zeros (the lesson's `torch.zeros`) or random from the seed, and so is an LSTM's c0. The user's own input tensor and h0
(`engine.user_inputs.UserInput`) replace them; unbatched (seq_len, input_size) input is stepped
as a batch of one and reported in nn.RNN's batch-less shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.model import StepperModel, build_model
from rnn_stepper.engine.stepper import Stepper
from rnn_stepper.engine.user_inputs import UserInput, check_h0, check_input, h0_name, input_name

# Inputs and h0 draw from their own seeded generators so that changing one option (say, h0)
# does not reshuffle the others.
_INPUT_STREAM, _H0_STREAM, _C0_STREAM = 1, 2, 3


@dataclass
class Simulation:
    config: RNNConfig
    model: StepperModel
    inputs: torch.Tensor  # exactly what is fed to nn.RNN, in its layout
    h0: torch.Tensor  # [L*D, B, H_out]
    token_ids: torch.Tensor | None  # [T] for text input
    stepper: Stepper
    user_input: UserInput | None = None  # the user's own input / h0 files, when given
    c0: torch.Tensor | None = None  # LSTM's initial cell state [L*D, B, H]; None for RNN and GRU

    @classmethod
    def build(
        cls, config: RNNConfig, model: StepperModel | None = None, user_input: UserInput | None = None
    ) -> Simulation:
        """Make inputs for `config` and a stepper; `model` (e.g. a loaded one) or a fresh one.
        `user_input` supplies the input tensor (config must then be tensor input of its
        sizes: `engine.user_inputs.config_for_input`) and/or h0."""
        model = model or build_model(config)
        with torch.no_grad():
            token_ids = None
            if user_input is not None and user_input.inputs is not None:
                if config.is_text:
                    raise ValueError("text input and an input tensor are exclusive (use config_for_input)")
                inputs = check_input(user_input.inputs, config, input_name(user_input.input_name))
                if inputs.dim() == 2:
                    inputs = inputs.unsqueeze(0 if config.batch_first else 1)  # a batch of one
            elif config.is_text:
                assert model.vocab is not None  # (a text model)
                token_ids = torch.tensor(model.vocab.encode(config.text), dtype=torch.long)
                inputs = _embedded(model, token_ids, config.batch_first)
            else:
                shape = (config.seq_len, config.batch_size, config.input_size)
                if config.batch_first:
                    shape = (config.batch_size, config.seq_len, config.input_size)
                inputs = torch.randn(
                    *shape, generator=_generator(config.seed, _INPUT_STREAM), dtype=config.torch_dtype
                )
            batch = inputs.shape[0 if config.batch_first else 1]
            h0_shape = (config.num_layers * config.num_directions, batch, config.output_size)
            unbatched = user_input is not None and user_input.unbatched
            if user_input is not None and user_input.h0 is not None:
                h0 = check_h0(user_input.h0, config, batch, unbatched, h0_name(user_input.h0_name))
                h0 = h0.unsqueeze(1) if unbatched else h0
            elif config.h0 == "random":
                h0 = torch.randn(
                    *h0_shape, generator=_generator(config.seed, _H0_STREAM), dtype=config.torch_dtype
                )
            else:
                h0 = torch.zeros(*h0_shape, dtype=config.torch_dtype)
            c0 = None
            if config.cell == "lstm":  # c0 follows the h0 option; an h0 file gives h0 only
                c0_shape = (h0_shape[0], batch, config.hidden_size)
                c0 = (
                    torch.randn(
                        *c0_shape, generator=_generator(config.seed, _C0_STREAM), dtype=config.torch_dtype
                    )
                    if config.h0 == "random" and not (user_input is not None and user_input.h0 is not None)
                    else torch.zeros(*c0_shape, dtype=config.torch_dtype)
                )
        stepper = Stepper(model.rnn, inputs, h0, config.tolerance, c0)
        return cls(config, model, inputs, h0, token_ids, stepper, user_input, c0)

    def recompute(self) -> None:
        """After the model's weights were changed in place (engine.weight_edits does it): the
        same `stepper` object recomputes every cell it had computed from the new weights, with
        the text's input vectors made again from the (perhaps edited) embedding. Nothing is replaced,
        so a script holding `simulation.stepper` keeps reading the edited model's numbers (a
        StepRecord it kept is a snapshot of the cell as it was)."""
        with torch.no_grad():
            if self.token_ids is not None:  # text: the inputs are the embedding's rows
                self.inputs = _embedded(self.model, self.token_ids, self.config.batch_first)
                self.stepper.recompute(self.inputs)
            else:
                self.stepper.recompute()

    @property
    def unbatched(self) -> bool:
        """The user gave (seq_len, input_size): nn.RNN then runs without a batch dimension."""
        return self.user_input is not None and self.user_input.unbatched

    def as_given(self, tensor: torch.Tensor, batch_axis: int) -> torch.Tensor:
        """`tensor` in the shape nn.RNN itself returns: without the batch axis for unbatched input."""
        return tensor.squeeze(batch_axis) if self.unbatched else tensor

    @property
    def seq_len(self) -> int:
        return self.stepper.T

    @property
    def batch_size(self) -> int:
        return self.stepper.B

    @property
    def tokens(self) -> list[str] | None:
        if self.token_ids is None or self.model.vocab is None:  # (text input has both)
            return None
        return [self.model.vocab.tokens[i] for i in self.token_ids.tolist()]

    def output_ready(self, t: int) -> bool:
        """Whether output[t] (the top layer, every direction) has been computed."""
        top = self.config.num_layers - 1
        return all(self.stepper.is_computed(top, d, t) for d in range(self.config.num_directions))

    @torch.no_grad()
    def output_at(self, t: int) -> torch.Tensor | None:
        """output[t] as [B, D*H_out] once it is computed, else None."""
        if not self.output_ready(t):
            return None
        s = self.stepper
        top = s.hidden[t, (s.L - 1) * s.D :]  # [D, B, H_out]
        return top.permute(1, 0, 2).reshape(s.B, s.D * s.H_out).clone()

    @torch.no_grad()
    def probabilities_at(self, t: int) -> torch.Tensor | None:
        """softmax(head(output[t])) as [B, out]: the next-token prediction after token t, or a
        classifier's class probabilities after reading t+1 steps (its running guess)."""
        if self.model.head is None:
            return None
        out = self.output_at(t)
        return None if out is None else torch.softmax(self.model.head(out), dim=-1)

    @torch.no_grad()
    def all_probabilities(self) -> torch.Tensor | None:
        """[T, B, out] for a finished run (the head applied to the assembled output)."""
        if self.model.head is None:
            return None
        out = self.stepper.output()
        if self.config.batch_first:
            out = out.transpose(0, 1)
        return torch.softmax(self.model.head(out), dim=-1)


def stream_seed(seed: int, stream: int) -> int:
    """The seed of one stream (inputs, h0) of a configuration's seed; the PyTorch code panel
    writes the same number so that its script draws the app's very inputs."""
    return seed * 1000 + stream


INPUT_STREAM, H0_STREAM, C0_STREAM = _INPUT_STREAM, _H0_STREAM, _C0_STREAM


def _embedded(model: StepperModel, token_ids: torch.Tensor, batch_first: bool) -> torch.Tensor:
    """A text's input vectors: its tokens' embedding rows as a batch of one, in nn.RNN's layout."""
    assert model.embedding is not None  # (a text model)
    inputs = model.embedding(token_ids).unsqueeze(1)  # [T, 1, E]
    if batch_first:
        inputs = inputs.transpose(0, 1)
    return inputs.contiguous()


def _generator(seed: int, stream: int) -> torch.Generator:
    return torch.Generator().manual_seed(stream_seed(seed, stream))
