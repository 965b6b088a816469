"""Every sentence the engine says to the user, by code: the one home of its English wording.

A code names one sentence; the template's {fields} are filled with the parameters the raise (or
the note) gives. The English template is also the key of its Chinese translation (context
"EngineMessages" in resources/translations/rnn_stepper_zh_CN.ts, fed there by
scripts/update_translations.py): rewording a template makes it untranslated until the .ts has the
new wording, and tests/engine/test_message_catalog.py and tests/gui/test_i18n_codes.py fail on a
code without a finished translation, a translation whose fields differ, a code nobody uses and a
raise without a code.

Field names starting with "msg" hold a message of their own (translated in turn); they keep the
names the translations were made with. This module is one long table, hence over 500 lines.
Standard library only.
"""

from __future__ import annotations

TEMPLATES: dict[str, str] = {
    # ---- files (engine/files.py) ----------------------------------------------------------------
    "file.cannot_write_folder": "cannot write into the folder {path}: {msg_error}",
    "file.cannot_write": "cannot write {path}: {msg_error}",
    "file.cannot_create_folder": "cannot create the folder {path}: {msg_error}",
    "file.not_regular_to_replace": "{path} is {msg_kind}, not a regular file; refusing to replace it",
    "file.not_regular_to_read": "{path} is not a regular file; only regular files are read",
    "file.not_regular_what": "{path} is {msg_kind}, not a {msg_what}; only regular files are read",
    "file.kind.folder": "a folder",
    "file.kind.device": "a device",
    "file.kind.fifo": "a named pipe (FIFO)",
    "file.kind.socket": "a socket",
    "file.kind.special": "a special file",
    "file.what.file": "file",
    "file.what.corpus": "corpus file",
    "file.what.vocabulary": "vocabulary file",
    "file.what.model": "model file",
    "file.what.lesson": "lesson file",
    "file.too_large": "the {msg_what} {path} is {size}; at most {limit} is read",
    "file.larger_than": "the {msg_what} {path} is larger than {limit}; at most that much is read",
    "file.cannot_read_what": "cannot read the {msg_what} {path}: {msg_error}",
    "file.missing": "there is no file {path}",
    "file.bad_name": "{name} is not a valid file name",
    "file.bad_name_utf8": "{name} is not a valid file name (it is not valid UTF-8)",
    "file.name_too_long": "the file name {name}… is too long ({size} bytes; at most {limit})",
    "file.folder_name_too_long": "the folder name {name}… is too long (at most 255 bytes)",
    "file.output_folder_empty": "the output folder is empty: name a folder (use . for the current one)",
    "file.not_a_folder": "{path} is a file, not a folder",
    "file.prefixed": "{path}: {message}",
    "file.cannot_read": "cannot read {path}: {msg_error}",
    "file.what.labels": "labels file",
    # ---- vocabularies and text (engine/vocab.py) ------------------------------------------------
    "vocab.not_utf8": "the {msg_file} {path} is not UTF-8 text",
    "vocab.empty_file": "the {msg_file} {path} is empty",
    "vocab.token_too_long": "the {msg_file} {path} has a token of {count} characters; a token has at most {limit}",
    "vocab.nested_too_deeply": "the {msg_file} {path} is nested too deeply to be a vocabulary",
    "vocab.not_json": "the {msg_file} {path} is not valid JSON",
    "vocab.list_not_of_strings": "the {msg_file} {path} is a JSON list, but not of strings",
    "vocab.object_not_a_mapping": "the {msg_file} {path} is a JSON object, but neither token -> id (whole numbers) "
    "nor id -> token",
    "vocab.ids_not_a_range": "the ids in the {msg_file} {path} must be 0 to {last}, each used once",
    "vocab.no_tokens": "the {msg_file} {path} holds no tokens (expected a JSON list or object)",
    "vocab.empty_line": "line {line} of the {msg_file} {path} is empty (write \\n for a newline token, \\s for a "
    "space)",
    "vocab.line_too_long": "line {line} of the {msg_file} {path} has {count} characters; a token has at most {limit}",
    "vocab.no_token": "a vocabulary needs at least one token",
    "vocab.duplicate": "the vocabulary lists {token} more than once",
    "vocab.stored_not_a_list": "the stored vocabulary must be a list of tokens, got {type}",
    "vocab.stored_token_not_text": "token {number} of the stored vocabulary is {value}, not a non-empty string",
    "vocab.stored_token_too_long": "token {number} of the stored vocabulary has {count} characters; a token has at "
    "most {limit}",
    "text.empty_one": "the text is empty: type at least one character",
    "text.empty_two": "the text is empty: type at least two characters",
    "text.unknown_characters": "{count} character(s) are not in the model's vocabulary: {chars}",
    # ---- configuration (engine/config.py, presets.py) -------------------------------------------
    "config.whole_number": "{name} must be a whole number, got {value}",
    "config.between": "{name} must be between {low} and {high}, got {value}",
    "config.true_or_false": "{name} must be true or false, got {value}",
    "config.one_of": "{name} must be one of {choices}, got {value}",
    "config.nonlinearity_rnn_only": "nonlinearity is an option of nn.RNN only: {module}'s gates use sigmoid and tanh, "
    "so it must stay tanh, got {value}",
    "config.proj_size_lstm_only": "proj_size is an option of nn.LSTM only (cell is {cell}), got {value}",
    "config.proj_size_range": "proj_size must be from 0 (no projection) up to hidden_size - 1 = {limit}, got {value}",
    "config.dropout": "dropout must be a number from 0 up to (not including) 1, got {value}",
    "config.text_not_a_string": "text must be a string, got {type}",
    "config.text_too_long": "text must be at most {limit} characters, got {count}",
    "config.text_batch": "text input uses one sequence, so batch_size must be 1, got {value}",
    "config.memory": "this configuration would need about {needed} GiB of memory (the limit is {limit} GiB); make "
    "hidden_size, num_layers, seq_len or batch_size smaller",
    "config.unknown_preset": "unknown preset {name}; choose one of: {names}",
    # ---- generating, backpropagation, comparing orders (generate.py, bptt.py, order_compare.py) ----
    "generate.needs_text_model": "generating text needs a text model (embedding -> RNN -> head)",
    "generate.steps": "the number of characters to generate must be a whole number from 1 to {high}, got {value}",
    "generate.temperature": "temperature must be a number from 0 (always the most probable character) to {high}, "
    "got {value}",
    "generate.seed": "seed must be a whole number >= 0, got {value}",
    "bptt.loss_step": "the loss step must be a time step from 0 to {high}, got {value}",
    "bptt.needs_target": "a loss through the head needs the target token",
    "bptt.last_has_no_next": "the last character (step {last}) has no next character to compare its prediction with: "
    "choose a step from 0 to {high}, or a target character",
    "bptt.target_one_token": "the target must be one token, got {value}",
    "bptt.target_id": "the target token id must be from 0 to {high}, got {value}",
    "bptt.no_memory_gate": "the plain RNN has no gate that keeps memory: its W_hh's spectral radius says it",
    "bptt.radius_below_one": "W_hh's spectral radius is {radius} < 1: going back in time each step multiplies the "
    "gradient by W_hh, so it tends to shrink (vanishing gradients){msg_and}.",
    "bptt.radius_above_one": "W_hh's spectral radius is {radius} > 1: going back in time each step multiplies the "
    "gradient by W_hh, so it can grow (exploding gradients), although{msg_although}.",
    "bptt.radius_one": "W_hh's spectral radius is exactly 1: the gradient neither shrinks nor grows through W_hh in "
    "the long run{msg_and}.",
    "bptt.and_tanh_slope": " and tanh's slope (1 - h², at most 1, small where |h| is near 1) shrinks them further",
    "bptt.and_relu_gate": " and relu passes a gradient only where the neuron is active (pre-activation > 0)",
    "bptt.tanh_slope": " tanh's slope (1 - h², at most 1, small where |h| is near 1) shrinks them further",
    "bptt.relu_gate": " relu passes a gradient only where the neuron is active (pre-activation > 0)",
    "bptt.lstm_memory": "Going back in time, the gradient along the cell state is multiplied only by the forget gate f "
    "at each step (no weight matrix, no squashing): the product of f over these {steps} steps is "
    "{value} (mean over the neurons), how much of c_0 is still in c_t and how much of dL/dc_t "
    "reaches back to it.",
    "bptt.gru_memory": "Going back in time, the gradient along h's direct path (h_t = (1 - z) * n + z * h_(t-1)) is "
    "multiplied only by the update gate z at each step: the product of z over these {steps} steps "
    "is {value} (mean over the neurons), how much of h_0 is kept in h_t along that path.",
    "order.needs_text": "comparing orders needs text input",
    "order.no_text": "type a reordered text to compare with",
    "order.token_count": "the reordered text must have as many tokens as the text ({count}), it has {given}",
    # ---- weight edits (engine/weight_edits.py): refusals, and the edits' names in Undo / Redo ----
    "edit.no_parameter": "there is no parameter {name}; choose one of: {names}",
    "edit.shape": "{name} has shape {shape}, the new values {shape2}",
    "edit.values_not_finite": "every new value must be a finite number (no inf or NaN)",
    "edit.value_not_finite": "a weight must be a finite number, got {value}",
    "edit.position_numbers": "the position in {name} must be {count} whole number(s), got {value}",
    "edit.position_outside": "position {index} on axis {axis} of {name} is outside 0..{last} (shape {shape})",
    "edit.set": "set {name}",
    "edit.reset_all": "reset every weight",
    # ---- the user's input and h0 tensors (engine/user_inputs.py) --------------------------------
    "input.missing": "there is no {msg_what} file {path}",
    "input.suffix": "the {msg_what} file {path} must be .npy or .pt, got {suffix}",
    "input.bad_npy": "the {msg_what} file {path} is not a readable .npy array: {detail}",
    "input.not_numbers": "the {msg_what} file {path} holds {dtype} values; numbers are needed",
    "input.not_one_tensor": "the {msg_what} file {path} holds {type}, not one tensor",
    "input.what.input": "input",
    "input.what.h0": "h0",
    "input.name.input": "the input",
    "input.name.h0": "h0",
    "input.name.input_file": "the input file {path}",
    "input.name.h0_file": "the h0 file {path}",
    "input.dimensions": "{msg_name} has shape {shape}: nn.RNN takes {layout} or, unbatched, (seq_len, input_size)",
    "input.features": "{msg_name} has {count} features per step (shape {shape}) but the model's input_size is {size}",
    "input.empty_batch": "{msg_name} has a batch of 0 sequences (shape {shape}): nothing to step",
    "input.no_steps": "{msg_name} has 0 time steps (shape {shape}): nothing to step",
    "input.too_many": "{msg_name} has {field} {value}; at most {high} is supported",
    "input.h0_shape_unbatched": "{msg_name} has shape {shape}; for unbatched input {module} needs {layout} = "
    "{expected}",
    "input.h0_shape": "{msg_name} has shape {shape}; for a batch of {batch} {module} needs {layout} = {expected}",
    "input.packed_sequence": "{msg_name} is a PackedSequence, which the stepper does not take: give the padded tensor "
    "(torch.nn.utils.rnn.pad_packed_sequence) and step each sequence's length",
    "input.not_a_tensor": "{msg_name} must be a tensor, got {type}",
    "input.not_real_dense": "{msg_name} must hold real numbers in a dense tensor, got {dtype} ({layout})",
    "input.not_finite": "{msg_name} contains NaN or infinite values",
    # ---- the stepper's own checks, for a caller from Python (engine/stepper.py) ------------------
    "stepper.c0_not_lstm": "c0 is LSTM's initial cell state; {module} has none",
    "stepper.packed_sequence": "{name} is a PackedSequence, which the stepper does not take: give the padded tensor "
    "(torch.nn.utils.rnn.pad_packed_sequence)",
    "stepper.not_a_tensor": "{name} must be a tensor, got {type}",
    "stepper.input_dimensions": "the input has shape {shape}; {module} takes 3 dimensions, or 2 unbatched (with a "
    "2-dimensional h0)",
    "stepper.input_empty": "the input has shape {shape}: a batch of 0 or 0 time steps, nothing to step",
    "stepper.input_features": "the input has {count} features per step but the {module}'s input_size is {size}",
    "stepper.state_shape": "{name} has shape {shape}, expected {expected}",
    # ---- training (engine/training.py) ----------------------------------------------------------
    "train.learning_rate": "the learning rate must be a number above 0 and at most {high} (try 0.01 to 0.05 with "
    "adam), got {value}",
    "train.clip": "clip (the largest gradient norm) must be a number >= 0 (0 = no clipping), got {value}",
    "train.nothing_to_learn": "there is nothing to learn: training needs at least one sentence of two or more "
    "characters (a character and the one that follows it)",
    "train.no_two_tokens": "there is nothing to learn: no sentence has two or more tokens",
    "train.text_too_long": "the training text has {count} characters; at most {limit} are supported",
    "train.no_sentences": "the corpus holds no sentences (every line is blank)",
    "train.corpus_is_folder": "{path} is a folder; give a text file with one sentence per line",
    "train.corpus_not_utf8": "{path} is not UTF-8 text",
    "train.needs_text_model": "training needs a text model (embedding -> RNN -> head); a random-tensor model has no "
    "characters to predict",
    "train.classifier": "training here predicts the next character; this model's head is a classifier of {count} "
    "classes",
    "train.unknown_characters": "{count} character(s) of the training text are not in the model's vocabulary: "
    "{chars}; train a new model to build a vocabulary from the text",
    "train.diverged": "{msg_what} became infinite or NaN in epoch {epoch}: lower the learning rate (now {rate}) or "
    "turn on gradient clipping; the model was put back to the end of epoch {previous}",
    "train.what.loss": "the loss",
    "train.what.gradient": "a gradient",
    "train.what.weight": "a weight",
    "train.out_is_folder": "--out {path} is a folder; give a file name such as {example}",
    "train.out_no_folder": "cannot write {path}: there is no folder {folder}",
    # ---- lesson files (engine/lesson_file.py) ---------------------------------------------------
    # (the step sizes are engine.lesson_file.STEP_SIZES, written out so that they are translated)
    "lesson.step_size_to_save": "the step size must be one of cell, time step, sub-operation, got {value}",
    "lesson.step_size": "step_size must be one of cell, time step, sub-operation, got {value}",
    "lesson.save_position": "the position must be between 0 and {total} (the number of cells), got {value}",
    "lesson.view_not_saved": "the lesson's view settings cannot be saved: {detail}",
    "lesson.text_too_long": "the lesson's text and notes are too long to save (over {limit} KiB)",
    "lesson.field_too_long": "the lesson's {key} has {count} characters; at most {limit} can be saved",
    "lesson.weights_too_big": "the model's weights take {size}; a lesson holds at most {limit} (a model this big can "
    "be saved as a model file)",
    "lesson.view_not_object": "'view' must be an object, got {type}",
    "lesson.position": "position must be a whole number from 0 to {total} (the number of cells), got {value}",
    "lesson.regenerated_differ": "the {msg_what} regenerated here differ from the ones the lesson was saved "
    "with{msg_versions}: the numbers shown will differ from the teacher's",
    "lesson.torch_versions": " (saved with PyTorch {saved}, this is {this})",
    "lesson.what.inputs": "inputs",
    "lesson.what.h0": "h0",
    "lesson.what.c0": "c0",
    "lesson.field_not_text": "the lesson's {key} is not text ({type}); it was left out",
    "lesson.field_cut": "the lesson's {key} has {count} characters; only the first {limit} are shown",
    "lesson.field_not_names": "the lesson's {key} is not a list of names; it was left out",
    "lesson.file_too_big": "{path} is {size}; a lesson file is at most {limit}",
    "lesson.not_a_lesson_file": "{path} is not a lesson file (a lesson is a zip archive with {json} and {weights})",
    "lesson.too_many_members": "{path} holds {count} files; a lesson holds {json} and {weights}",
    "lesson.member_twice": "{path} holds {name} more than once",
    "lesson.member_missing": "{path} is not a complete lesson: {name} is missing",
    "lesson.members_missing": "{path} is not a complete lesson: {name} and {name2} are missing",
    "lesson.damaged": "{path} is a damaged lesson file: {detail}",
    "lesson.member_too_big": "{name} would unpack to {size}, more than the {limit} a lesson may hold; refused",
    "lesson.member_unpacks_too_big": "{name} unpacks to more than {limit}; refused",
    "lesson.not_json": "{json} is not valid JSON: {msg_reason} at line {line}, column {column}",
    "lesson.nested_too_deeply": "{json} is nested too deeply to be a lesson",
    "lesson.number_too_long": "{json} holds a number too long to be any lesson value",
    "lesson.wrong_format": "{path} is not an RNN Stepper lesson ({json} does not say {format})",
    "lesson.version": "the lesson format version must be a whole number, got {value}",
    "lesson.newer": "{path} was made by a newer RNN Stepper (lesson format {version}; this version opens up to "
    "{newest}): update RNN Stepper to open it",
    "lesson.no_config": '{json} has no "config" object',
    "lesson.unknown_fields": "unknown configuration field(s) {names}",
    "lesson.invalid_config": "invalid configuration: {msg_inner}",
    "lesson.weight_missing": "{weights} has no {key}, which the configuration needs",
    "lesson.not_a_tensor": "{key} is not a tensor",
    "lesson.weight_not_float": "{key} holds {dtype} values; weights are floating-point numbers",
    "lesson.weight_shape": "the weights do not fit the configuration: {key} has shape {shape}, the configuration "
    "({msg_sizes}) needs {expected}",
    "lesson.weight_unused": "the weights do not fit the configuration: {json} has {key}{more}, which it does not use",
    "lesson.and_more": " and {count} more",
    "lesson.sizes": "{module}input_size {i}, hidden_size {h}, num_layers {l}{projection}{msg_bi}{msg_tokens}",
    "lesson.sizes_bidirectional": ", bidirectional",
    "lesson.sizes_tokens": ", {count} tokens",
    # ---- model files (engine/model_io.py): refusals ---------------------------------------------
    "model.empty_file": "{path} is empty (0 bytes)",
    "model.file_too_big": "{path} is {size}; a model file may be at most {limit}",
    "model.unreadable": "{path} is not a readable PyTorch file (it may be truncated or another format): {detail}",
    "model.unsafe_pickle": "refused to open {path}: it stores Python objects{what} that could only be rebuilt by "
    "running code from the file, which would be unsafe. Only weights are opened; save them "
    "with torch.save(model.state_dict(), path).",
    "model.key_not_a_name": "a state_dict's keys are parameter names, but one key is {type} {value}",
    "model.tensor_not_plain": "{key} {msg_problem}; only ordinary (dense, real) tensors of numbers can be opened",
    "model.problem.meta": "is a meta tensor (a shape without any values)",
    "model.problem.layout": "is a {layout} tensor",
    "model.problem.quantized": "is a quantized tensor",
    "model.problem.complex": "holds complex numbers",
    "model.no_weights": "{path} holds no weights (expected a state_dict of tensors, got {type})",
    "model.gated_nonlinearity": "{path} holds an {module}, whose gates fix their nonlinearities: the nonlinearity "
    "option is for nn.RNN only",
    "model.dtype": "weights of type {dtype} are not supported (float32 or float64 only)",
    "model.embedding_without_vocab": "{path} has an embedding of {count} tokens but no vocabulary: give a vocabulary "
    "file with {lines} tokens (one per line, or a JSON list or token -> id object)",
    "model.vocab_embedding_rows": "{msg_vocab} has {count} tokens but the embedding {key} in {path} has {rows} rows",
    "model.vocab_one_hot_size": "{msg_vocab} has {count} tokens but {path} has no embedding and its RNN reads "
    "input_size={size} features: one-hot input needs one token per feature",
    "model.vocab_file": "the vocabulary file {path}",
    "model.vocab_stored": "the vocabulary stored in {path}",
    "model.no_text_input": "{path} has no embedding and no vocabulary: its RNN reads vectors of {size} numbers, not "
    "text. Give a vocabulary of {size2} tokens to feed one-hot characters, or an input tensor "
    "file",
    "model.labels_without_head": "the labels file {labels} names {count} classes, but {path} has no linear head after "
    "its RNN to classify with",
    "model.labels_head_size": "the labels file {labels} names {count} classes but the head {key} in {path} has {out} "
    "outputs",
    "model.old_tutorial_cell": "{path} holds the older tutorial cell i2h/i2o over torch.cat((input, hidden)): it has "
    "no nonlinearity and its output reads the input directly, so it is not an nn.RNN. The "
    "newer tutorial's i2h, h2h, h2o (hidden = tanh(i2h(x) + h2h(hidden))) or nn.RNN + a "
    "linear layer can be opened",
    "model.no_rnn": "{path} contains no nn.RNN weights (no key ending in 'weight_ih_l0')",
    "model.several_rnns": "{path} contains several recurrent layers ({names}); only one nn.RNN is supported",
    "model.not_matrices": "{key} and {key2} must be matrices",
    "model.ih_does_not_fit": "{key} has shape {shape}, which does not fit hidden_size {hidden} from {key2} {shape2}",
    "model.layer_numbers": "the layers of {key} are not numbered {range}: {layers}",
    "model.several_roles": "several matrices could be the {msg_role} ({keys}); only embedding -> RNN -> one linear "
    "layer is supported",
    "model.role.embedding": "embedding",
    "model.role.head": "head",
    "model.key_missing": "{key} is missing",
    "model.key_shape": "{key} has shape {shape}, expected {expected}",
    # ---- model files: what opening one used, inferred and dropped (LoadedModel.notes) -----------
    "model.note.input_text": "input text: the vocabulary's first tokens {text} (give your own text to change it)",
    "model.note.used_rnn": "used: {module}{under}: input_size={i}, hidden_size={h}{projection}, {msg_layers}, "
    "{msg_dir}, bias={bias}, {dtype}",
    "model.note.under": " under {prefix}",
    "model.note.one_layer": "{count} layer",
    "model.note.layers": "{count} layers",
    "model.note.bidirectional": "bidirectional",
    "model.note.one_direction": "one direction",
    "model.note.nonlinearity": "nonlinearity {name} ({msg_why})",
    "model.nonlinearity_given": "given",
    "model.nonlinearity_recorded": "recorded in the file",
    "model.nonlinearity_default": "the default: a state_dict does not record it",
    "model.note.gates": "inferred: {module} from the {count} row blocks of weight_ih ({gates})",
    "model.note.vocab": "used: {msg_vocab} ({count} tokens)",
    "model.note.embedding": "used: embedding {key}: {count} tokens x {size}",
    "model.note.one_hot": "inferred: one-hot input (no embedding; input_size {size} = the vocabulary's size): x_t is "
    "1 at the token's id, 0 elsewhere",
    "model.note.tensor_input": "input: a tensor of {size} features per step (no embedding, no vocabulary)",
    "model.note.next_token_head": "used: head {keys}: next-token probabilities (softmax of the head)",
    "model.note.classifier": "inferred: classifier head {keys} with {count} classes",
    "model.note.labels_file": "class names from the labels file {path}",
    "model.note.labels_stored": "class names stored in the file",
    "model.note.classes_numbered": "classes numbered 0..{last} (give a labels file to name them)",
    "model.note.probabilities": "probabilities: the softmax of the head at every step (a LogSoftmax head gives the "
    "same)",
    "model.note.bidirectional_classifier": "the classifier reads output[t]; at the last step its reverse half has "
    "read only the last token (a model whose head reads h_n's two final "
    "states predicts differently)",
    "model.note.no_head": "no linear head after the RNN: no probabilities",
    "model.note.dropped": "dropped {count} other tensor(s): {keys}",
    "model.note.role_by_place": "inferred: {key} is the {msg_role} from its place before or after the RNN (its shape "
    "and name fit both)",
    "model.note.tutorial_cell": "inferred: {i2h} and {h2h} are one RNN cell, h_t = tanh(i2h(x_t) + h2h(h_(t-1))) as "
    "in the PyTorch name-classifier tutorial; its weights are nn.RNN's weight_ih_l0 and "
    "weight_hh_l0",
    # ---- the command line's own refusals (main.py) ----------------------------------------------
    "cli.text_and_random": "--text sets the sequence itself; --seq-len and --batch-size are for random input",
    "cli.input_and_other": "--input is the whole input; leave out {given}",
    "cli.h0": "--h0 must be zeros, random or a .npy/.pt file, got {value}",
    "cli.text_empty": "--text is empty: give at least one character",
    "cli.needs_load": "{option} goes with --load",
    "cli.option_does_not_fit": "{option} does not fit {path}: its weights have {field}={value}; leave the option out",
    "cli.model_reads_text": "{path} reads text (its vocabulary has {count} tokens): --seq-len and --batch-size are "
    "for random input; give --text, or --input FILE",
    "cli.step": "--step must be between 0 and {total} (the number of cells), got {value}",
    "cli.width": "--width must be between {low} and {high} pixels, got {value}",
    "cli.scale_or_width": "give --scale or --width, not both",
    "cli.lesson_and_config": "--lesson holds the configuration and weights; leave out {option}",
    "cli.empty_name": "{option} is empty: give a name",
    "cli.empty_path": "{option} is empty: give a path",
    "cli.not_utf8": "{option} is not valid UTF-8 text",
    "cli.figure_unknown_panel": "unknown panel {name} in --figure; choose from {names} (or all, or window)",
    "cli.figure_no_panel": "--figure needs at least one panel name",
    "cli.inputs_do_not_fit": "the input files do not fit the model",
    "cli.empty_image": "rendering {name} produced an empty image",
    # ---- images, figures and animations (gui/exporting/export.py, figure.py, animation.py) ----------------
    "export.image_too_large": "an image of {width} x {height} pixels is too large; choose a smaller width or scale",
    "export.png_failed": "the image could not be encoded as PNG",
    "export.wrong_suffix": "cannot export to {name}: choose a {formats} file name",
    "export.no_folder": "the folder {path} does not exist",
    "export.animation_no_panel": "choose at least one panel for the animation",
    "export.mp4_failed": "the MP4 encoder failed: {detail}",
    "export.animation_suffix": "an animation is saved as .gif or .mp4, not {name}",
    "export.mp4_needs_av": "MP4 needs the 'av' package (pip install av); save a .gif instead",
    "export.figure_no_panel": "choose at least one panel for the figure",
    "export.figure_suffix": "cannot export a figure to {name}: choose a .png, .svg or .pdf file name",
    # ---- a refusal the GUI has already put into the user's language (self.tr), or a message of
    # the engine it passes on: shown as it is, its {text} translated if it is a message
    "gui.as_given": "{text}",
    # ---- defects, as the session, the workers and the error reporter word them (gui/) -----------
    "defect.unexpected": "unexpected error: {detail}",
    "defect.training": "unexpected error while training: {detail}",
    "defect.uncaught": "Unexpected error: {detail}",
}


# Wording that is not ours but reaches the user inside our messages, wrapped in
# engine.messages.Foreign: the reasons of json (a lesson.json that does not parse), zlib and
# zipfile (a damaged lesson), torch.load and pickle (a damaged model file) and the operating system
# (strerror). Translated by exact text; a text not listed here is shown in English.
_ZLIB_REASONS = (
    "invalid code -- missing end-of-block",
    "invalid block type",
    "invalid stored block lengths",
    "too many length or distance symbols",
    "invalid code lengths set",
    "invalid bit length repeat",
    "invalid literal/lengths set",
    "invalid distances set",
    "invalid literal/length code",
    "invalid distance code",
    "invalid distance too far back",
    "incorrect header check",
    "incomplete or truncated stream",
)
FOREIGN_TEXTS: tuple[str, ...] = (
    # json.JSONDecodeError.msg
    "Expecting value",
    "Expecting property name enclosed in double quotes",
    "Expecting ',' delimiter",
    "Expecting ':' delimiter",
    "Extra data",
    "Unterminated string starting at",
    "Invalid control character at",
    "Invalid \\escape",
    "Invalid \\uXXXX escape",
    # zlib.error, as zipfile passes it on: Z_DATA_ERROR (-3) and Z_BUF_ERROR (-5)
    *(f"Error {code} while decompressing data: {reason}" for code in (-3, -5) for reason in _ZLIB_REASONS),
    # zipfile.BadZipFile and friends (a CRC error names the member: a lesson has two)
    "Bad CRC-32 for file 'lesson.json'",
    "Bad CRC-32 for file 'weights.pt'",
    "File is not a zip file",
    "Bad magic number for file header",
    "Truncated file header",
    "Compressed file ended before the end-of-stream marker was reached",
    # torch.load and pickle
    "PytorchStreamReader failed reading zip archive: failed finding central directory",
    "Ran out of input",
    # (torch 2.x appends advice to that one; the exact text of the version in requirements.txt)
    "PytorchStreamReader failed reading zip archive: failed finding central directory. This is an internal miniz "
    "error. If you are seeing this error, there is a high likelihood that your checkpoint file is corrupted. This can "
    "happen if the checkpoint was not saved properly, was transferred incorrectly, or the file was modified after "
    "saving.",
    # the operating system's strerror (and our own "permission denied" from os.access)
    "permission denied",
    "Permission denied",
    "No such file or directory",
    "Is a directory",
    "Read-only file system",
    "No space left on device",
)
