"""`python main.py export` writes the PyTorch code panel's script, which rebuilds the exported
model and prints what the app shows (issue 12.5)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_export_writes_runnable_code_with_the_lessons_weights(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "main.py",
            "export",
            "--out",
            str(out),
            "--no-images",
            "--lesson",
            str(ROOT / "resources" / "lessons" / "woaini.rnnlesson"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    code_files = [p for p in out.iterdir() if p.suffix == ".py"]
    assert [p.name for p in code_files] == ["pytorch_code.py"]
    code = code_files[0].read_text(encoding="utf-8")
    assert "loaded from woaini.rnnlesson" in code
    for module in ("rnn = nn.RNN(", "embedding = nn.Embedding(", "head = nn.Linear("):
        assert module in code
    run = subprocess.run(
        [sys.executable, str(code_files[0])], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert "after '我爱' the model predicts '你'" in run.stdout  # the trained lesson's answer
