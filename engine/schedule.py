"""The order in which a valid computation visits the cells (layer, direction, t).

- Unidirectional nets go time-major, a wavefront up through the layers: at each t, layer 0, then
  layer 1, ... That is how the lesson draws it: "我" passes through every layer before "爱".
- Bidirectional nets go layer by layer, forward sweep then reverse sweep, because layer l+1 needs
  both directions of layer l at every t before it can start.

Stepping is moving a pointer along this list. Cells are also grouped for the coarse "one time
step" move: a group is one t across all layers (unidirectional) or one whole sweep of one layer
in one direction (bidirectional, where a time step is not a unit of the computation).
"""

from __future__ import annotations

from typing import NamedTuple


class Cell(NamedTuple):
    layer: int
    direction: int  # 0 forward, 1 reverse
    t: int  # position in the sequence (for the reverse direction too)


class Schedule:
    def __init__(self, seq_len: int, num_layers: int, num_directions: int):
        self.seq_len, self.num_layers, self.num_directions = seq_len, num_layers, num_directions
        self.time_major = num_directions == 1

    def __len__(self) -> int:
        return self.seq_len * self.num_layers * self.num_directions

    def cell(self, index: int) -> Cell:
        if not 0 <= index < len(self):
            raise IndexError(f"cell index {index} is outside 0..{len(self) - 1}")
        T, L = self.seq_len, self.num_layers
        if self.time_major:
            return Cell(index % L, 0, index // L)
        sweep, offset = divmod(index, T)
        layer, direction = divmod(sweep, self.num_directions)
        return Cell(layer, direction, offset if direction == 0 else T - 1 - offset)

    def index(self, layer: int, direction: int, t: int) -> int:
        """Inverse of `cell`: where (layer, direction, t) stands in the order."""
        T, L, D = self.seq_len, self.num_layers, self.num_directions
        if not (0 <= layer < L and 0 <= direction < D and 0 <= t < T):
            raise IndexError(f"no cell (layer={layer}, direction={direction}, t={t})")
        if self.time_major:
            return t * L + layer
        offset = t if direction == 0 else T - 1 - t
        return (layer * D + direction) * T + offset

    def __iter__(self):
        return (self.cell(i) for i in range(len(self)))

    def group_end(self, index: int) -> int:
        """One past the last cell of the group that cell `index` belongs to."""
        size = self.num_layers if self.time_major else self.seq_len
        return min((index // size + 1) * size, len(self))

    def computed_span(self, position: int, layer: int, direction: int) -> range:
        """The time steps of row (layer, direction) among the first `position` cells of the
        order: always one contiguous run, from t = 0 up (forward) or from t = T-1 down (reverse),
        because a row is swept in its own direction. The same answer as asking `index(...) <
        position` for every t, in O(1)."""
        T, L, D = self.seq_len, self.num_layers, self.num_directions
        if not (0 <= layer < L and 0 <= direction < D):
            raise IndexError(f"no row (layer={layer}, direction={direction})")
        position = max(0, min(position, len(self)))
        if self.time_major:  # every full time step holds each layer once, then a partial one
            done_steps, partial = divmod(position, L)
            return range(0, done_steps + (1 if layer < partial else 0))
        count = max(0, min(T, position - (layer * D + direction) * T))  # the row's own sweep
        return range(0, count) if direction == 0 else range(T - count, T)

    def previous_cell(self, cell: Cell) -> Cell | None:
        """The cell whose h_t is this cell's h_prev (None: h_prev comes from h0)."""
        step = 1 if cell.direction == 0 else -1
        t_prev = cell.t - step
        if 0 <= t_prev < self.seq_len:
            return Cell(cell.layer, cell.direction, t_prev)
        return None
