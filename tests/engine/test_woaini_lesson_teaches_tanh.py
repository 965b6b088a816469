"""The bundled "我爱你" lesson is trained, but not into saturation: the prediction is right with
a clear margin and the pre-activations stay mostly within ±3, so tanh still has something to
show (issue 12.9)."""

from pathlib import Path

import torch
from rnn_stepper.engine.lesson_file import open_lesson
from rnn_stepper.engine.simulation import Simulation

LESSON = Path(__file__).resolve().parents[2] / "resources" / "lessons" / "woaini.rnnlesson"


def test_the_lesson_predicts_ni_clearly_without_saturating():
    lesson = open_lesson(LESSON)
    simulation = Simulation.build(lesson.config, lesson.model)
    stepper = simulation.stepper
    stepper.run_to_end()
    pre = torch.stack([stepper.record(i).pre_activation[0] for i in range(len(stepper))])
    assert float((pre.abs() <= 3).float().mean()) >= 0.6  # mostly within ±3
    assert float(pre.abs().max()) < 5
    assert float((stepper.hidden.abs() > 0.999).float().mean()) < 0.25  # h_t is not all ±1
    after_woai = simulation.all_probabilities()[1, 0]
    tokens = lesson.model.vocab.tokens
    top = after_woai.sort(descending=True)
    assert tokens[int(top.indices[0])] == "你"
    assert float(top.values[0] - top.values[1]) > 0.5  # a clear margin
    notes = str(lesson.view.get("description", ""))
    assert "learning rate" in notes and "saturated" in notes  # the notes say how it was trained
