"""Named starting points, taken from the lesson (rnn-layer-lesson.zh.txt)."""

from __future__ import annotations

from dataclasses import dataclass

from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    config: RNNConfig


PRESETS = {
    p.name: p
    for p in (
        Preset(
            "text-woaini",
            '"我爱你": embedding 128 -> RNN with 4 neurons -> next-character head',
            RNNConfig(input_size=128, hidden_size=4, text="我爱你"),
        ),
        Preset(
            "tutorial-single",
            "the lesson's test01: nn.RNN(128, 256), input (1, 1, 128)",
            RNNConfig(input_size=128, hidden_size=256, seq_len=1, batch_size=1),
        ),
        Preset(
            "tutorial-batch",
            "the lesson's test02: nn.RNN(128, 256), a batch of 32: (1, 32, 128)",
            RNNConfig(input_size=128, hidden_size=256, seq_len=1, batch_size=32),
        ),
    )
}
DEFAULT_PRESET = "text-woaini"


def preset_config(name: str) -> RNNConfig:
    try:
        return PRESETS[name].config
    except KeyError:
        raise ConfigError("config.unknown_preset", name=repr(name), names=", ".join(PRESETS)) from None
