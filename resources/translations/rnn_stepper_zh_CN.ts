<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Configuration panel (presets, sizes, text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset button (Home)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step back button (←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step button (→)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play / pause button (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run to end button (End)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step size choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch element choice</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Export animation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include this panel; several panels are stacked in each frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The .gif file to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ms per step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long each step stays on screen (from the playback speed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GIF animation (*.gif)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackpropPanel</name>
    <message>
        <source>Loss at step t* =</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time step whose prediction is scored; the gradients flow back from there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follow the step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t* = the time step of the cell being stepped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the backward pass now (large networks are not recomputed automatically)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One cell further back, away from the loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One cell towards the loss again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neuron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input j</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neuron i</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>h_prev j</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hover a heatmap cell to read its value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‖∂L/∂h&lt;sub&gt;t&lt;/sub&gt;‖ going back from t*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gradient norm (log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time step t  ·  colour: ‖∂L/∂h&lt;sub&gt;t&lt;/sub&gt;‖ (log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backprop panel: {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer {0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This network is large: press Compute for the backward pass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L = −log p(“{0}” | “{1}”) = {2:.4f} (p = {3:.3f}): the prediction after step {4}, scored against the next character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L = ½‖output[{0}]‖² = {1:.4f} (no head: a stand-in loss, so that gradients can flow back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tanh is saturated there (h = ±1, so tanh′ = 1 − h² = 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relu is off there (pre ≤ 0, so relu′ = 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;{1} cell(s) get a gradient of exactly 0: {2} upstream, so nothing flows back; they are drawn at {3:g}.&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;{1} cell(s) have an infinite or NaN gradient (it exploded beyond what float numbers hold); they are left out of the plot.&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backward step {0} of {1}: &lt;b&gt;layer {2} {3}, t = {4}&lt;/b&gt;{5}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>∂L/∂{0} share  ‖·‖ = {1:.3g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer {0}&apos;s h&lt;sub&gt;t&lt;/sub&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;This cell&apos;s share of the weight gradients&lt;/b&gt; (summed over every cell, they make the gradient the optimizer uses): ∂L/∂W&lt;sub&gt;ih&lt;/sub&gt; += ∂L/∂pre ⊗ {0}, ∂L/∂W&lt;sub&gt;hh&lt;/sub&gt; += ∂L/∂pre ⊗ h&lt;sub&gt;prev&lt;/sub&gt;; blue negative, red positive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the loss at t* (through the head)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the loss at t*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing from above (the loss reads only output[t*])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from layer {0} above (its ∂L/∂x)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handed to h0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handed to the cell at {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>∂L/∂h&lt;sub&gt;t&lt;/sub&gt; from the next time step: W&lt;sub&gt;hh&lt;/sub&gt;ᵀ ∂L/∂pre&lt;sub&gt;{0}&lt;/sub&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;∂L/∂h&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; = the sum of both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W&lt;sub&gt;hh&lt;/sub&gt;ᵀ ∂L/∂pre = ∂L/∂h&lt;sub&gt;{0}&lt;/sub&gt;, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>∂L/∂b&lt;sub&gt;ih&lt;/sub&gt; = ∂L/∂b&lt;sub&gt;hh&lt;/sub&gt; (this cell&apos;s share)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>∂L/∂{0}[{1}, {2}] share = {3:.4g}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassroomDialog</name>
    <message>
        <source>Classroom mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide what students should not use or see. Everything comes back when classroom mode is turned off (here, or with {0}). Lessons saved while it is on open in classroom mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Controls to hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panels to hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show every control and panel again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassroomMode</name>
    <message>
        <source>&amp;Classroom mode…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose controls and panels to hide from students</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classroom mode &amp;on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn classroom mode on or off with the last choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classroom mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some controls or panels are hidden. View → Classroom mode… or {0} turns it off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classroom mode: {0} control(s) and {1} panel(s) hidden</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfigPanel</name>
    <message>
        <source>The loaded weights were replaced by new random ones: {0} changes the model. Reopen the file (File → Open recent) to get them back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineMessages</name>
    <message>
        <source>{name} must be a whole number, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be between {low} and {high}, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be true or false, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be one of {choices}, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dropout must be a number from 0 up to (not including) 1, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text must be a string, got {type}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text must be at most {limit} characters, got {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text input uses one sequence, so batch_size must be 1, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this configuration would need about {needed} GiB of memory (the limit is {limit} GiB); make hidden_size, num_layers, seq_len or batch_size smaller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown preset {name}; choose one of: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a vocabulary needs at least one token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the vocabulary lists {token} more than once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text is empty: type at least one character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text is empty: type at least two characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the vocabulary file {path}: {msg_error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the vocabulary file {path} is not UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line {line} of the vocabulary file {path} is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the vocabulary file {path} is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} character(s) are not in the model&apos;s vocabulary: {chars}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused to open {path}: it stores Python objects{what} that could only be rebuilt by running code from the file, which would be unsafe. Only weights are opened; save them with torch.save(model.state_dict(), path).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no file {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is empty (0 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is not a readable PyTorch file (it may be truncated or another format): {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} holds no weights (expected a state_dict of tensors, got {type})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weights of type {dtype} are not supported (float32 or float64 only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} has an embedding of {count} tokens but no vocabulary: give a vocabulary file with {lines} lines, one token per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the vocabulary has {count} tokens but the embedding {key} has {rows} rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} contains no nn.RNN weights (no key ending in &apos;weight_ih_l0&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} contains several recurrent layers ({names}); only one nn.RNN is supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} holds {msg_kind} ({key} has {rows} rows = {factor} x hidden_size {hidden}); only plain nn.RNN is supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a GRU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an LSTM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{key} and {key2} must be matrices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{key} has shape {shape}, which does not fit hidden_size {hidden} from {key2} {shape2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the layers of {key} are not numbered {range}: {layers}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the head {key} predicts {count} tokens but the embedding {key2} has {rows}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{key} is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{key} has shape {shape}, expected {expected}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input text: the vocabulary&apos;s first tokens {text} (give your own text to change it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is not a lesson file (a lesson is a zip archive with {json} and {weights})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is a damaged lesson file: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} was made by a newer RNN Stepper (lesson format {version}; this version opens up to {newest}): update RNN Stepper to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is not an RNN Stepper lesson ({json} does not say {format})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid configuration: {msg_inner}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the learning rate must be a number above 0 and at most {high} (try 0.01 to 0.05 with adam), got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clip (the largest gradient norm) must be a number &gt;= 0 (0 = no clipping), got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is nothing to learn: training needs at least one sentence of two or more characters (a character and the one that follows it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is nothing to learn: no sentence has two or more tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the training text has {count} characters; at most {limit} are supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the corpus holds no sentences (every line is blank)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is larger than {limit} MiB; use a smaller corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is a folder; give a text file with one sentence per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is not UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training needs a text model (embedding -&gt; RNN -&gt; head); a random-tensor model has no characters to predict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} character(s) of the training text are not in the model&apos;s vocabulary: {chars}; train a new model to build a vocabulary from the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{msg_what} became infinite or NaN in epoch {epoch}: lower the learning rate (now {rate}) or turn on gradient clipping; the model was put back to the end of epoch {previous}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generating text needs a text model (embedding -&gt; RNN -&gt; head)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the number of characters to generate must be a whole number from 1 to {high}, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temperature must be a number from 0 (always the most probable character) to {high}, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed must be a whole number &gt;= 0, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a weight must be a finite number, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every new value must be a finite number (no inf or NaN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the loss step must be a time step from 0 to {high}, got {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last character (step {last}) has no next character to compare its prediction with: choose a step from 0 to {high}, or a target character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W_hh&apos;s spectral radius is {radius} &lt; 1: going back in time each step multiplies the gradient by W_hh, so it tends to shrink (vanishing gradients){msg_and}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W_hh&apos;s spectral radius is {radius} &gt; 1: going back in time each step multiplies the gradient by W_hh, so it can grow (exploding gradients), although{msg_although}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W_hh&apos;s spectral radius is exactly 1: the gradient neither shrinks nor grows through W_hh in the long run{msg_and}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and tanh&apos;s slope (1 - h², at most 1, small where |h| is near 1) shrinks them further</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and relu passes a gradient only where the neuron is active (pre-activation &gt; 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tanh&apos;s slope (1 - h², at most 1, small where |h| is near 1) shrinks them further</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> relu passes a gradient only where the neuron is active (pre-activation &gt; 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write into the folder {path}: {msg_error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the folder {path}: {msg_error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write {path}: {msg_error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read {path}: {msg_error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a valid file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} is a file, not a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the folder {path} does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an image of {width} x {height} pixels is too large; choose a smaller width or scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the image could not be encoded as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot export to {name}: choose a .png or .svg file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an animation is saved as .gif, not {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the animation has no frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such file or directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Is a directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only file system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No space left on device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected error while training: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected error: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: {message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorDialogPresenter</name>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}

({1} errors so far; this is the latest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RNN Stepper keeps running, but what is on screen may be incomplete. The details were written to:
{0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Export &amp;panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy panel image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;all panels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every panel as PNG and SVG into a folder, the step in the names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;focused panel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;data (CSV, .npy)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export a&amp;nimation (GIF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the {0} image to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export all panels into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {n} files into {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export data into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {n} data files into {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rendering the animation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Animation cancelled; nothing was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0} ({1} frames)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportImageDialog</name>
    <message>
        <source>Export {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to write; .png for a picture, .svg for a vector drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the file with a file dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG resolution (an SVG is resolution-free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>&amp;Open lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lesson file: a whole session saved by a teacher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the weights of a trained nn.RNN (a state_dict .pt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this session (model, step, view) as a lesson file for students</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is no longer there; it was removed from the recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RNN Stepper lesson (*.rnnlesson);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its configuration could not be used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} already exists. Replace it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is a folder: add a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the lesson {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved with it: the configuration and weights, step {0} of {1}, step size &apos;{2}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden panels: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every panel shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>classroom mode on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model could not be used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {0}. What was read from it:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GeneratePanel</name>
    <message>
        <source>The model has changed since this text was generated: generate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model writes: it predicts a character, takes it as the next input, and repeats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text the model reads first (every character must be in its vocabulary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many characters to generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed gives the same text (above temperature 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0: always the most probable character (greedy). Above 0: sampled from softmax(logits / T); higher T flattens the distribution, so rarer characters come up more often.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the characters with the model being stepped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step prefix + generated text with this model, from the first cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probability of each chosen character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0:.2f} (greedy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating needs a text model (characters → embedding → RNN → head): choose text input in the Configuration panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate panel: {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Generate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An untrained model writes noise: train it first (Train panel).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greedy: always the most probable character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sampled at temperature {0:.2f}, seed {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LearnActions</name>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset &amp;weights to initial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put every weight back to its value before the first edit (itself undoable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a weight in the Weights panel to edit it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the running model&apos;s weights (a PyTorch state_dict, opened again with File → Open model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is being trained: let the training finish, or cancel it, before editing weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New value of {0}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undid {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redid {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: the weights are back to where they started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch state_dict (*.pt *.pth);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the model to {0} (open it with File → Open model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonNotesDock</name>
    <message>
        <source>Lesson notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the lesson&apos;s notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonSupport</name>
    <message>
        <source>Lesson: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the lesson: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loading PyTorch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>→ step · ← back · Space play/pause · Home reset · End run to end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cell 0 / {0} · not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cell {0} / {1} · layer {2} {3} · t = {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · batch {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing computed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stage {0} / {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ matches nn.RNN (max |Δ| = {0:.1e} ≤ {1:g})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ differs from nn.RNN (max |Δ| = {0:.1e} &gt; {1:g})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not available ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the window (the layout is remembered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About RNN Stepper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the interface in this language (remembered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cell on screen: its layer, direction (→ forward, ← reverse) and time step t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stepper&apos;s h_t for this cell compared with torch.nn.RNN&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start:
{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {0} panel could not be created:
{1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the {0} panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Controls toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put every panel back in its default place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration not applied: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is being trained: let the training finish, or cancel it, before switching the language.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The translation could not be loaded; the language stays as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Watch a recurrent neural network compute, one cell at a time, checked against &lt;code&gt;torch.nn.RNN&lt;/code&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About RNN Stepper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;They work anywhere in the window, except that a text or number field keeps the keys it needs for typing (Space types a space there).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenModelDialog</name>
    <message>
        <source>Open model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a .pt file saved with torch.save(model.state_dict(), …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A state_dict: a bare nn.RNN, or embedding → RNN → linear. Files that would run code when opened are refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: one token per line, line N = token id N−1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needed for a text model whose file does not carry its vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as recorded in the file (else tanh)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A state_dict does not say which nonlinearity the RNN used; choose the one it was trained with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, text models: the characters to feed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left empty: the current text if the vocabulary can spell it, else the vocabulary&apos;s first tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sizes, layers and direction are read from the weights. Sequence length, batch size, seed and h0 stay as they are now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nonlinearity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch weights (*.pt *.pth *.bin *.ckpt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary (*.txt *.vocab);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>Unrolled network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calculation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaveLessonDialog</name>
    <message>
        <source>Save lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lesson file to write (.rnnlesson is added if missing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. 我爱你: one cell, three time steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional notes shown to students when they open the lesson, e.g. what to look for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RNN Stepper lesson (*.rnnlesson)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SizeChooser</name>
    <message>
        <source>Scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiply the panel&apos;s on-screen size (sharper, not blurrier)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An exact width in pixels; the height follows the panel&apos;s shape</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StageNames</name>
    <message>
        <source>sum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonlinearity → h_t</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Style</name>
    <message>
        <source>one cell, reused at every time step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>choose a corpus file (one sentence per line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch 0 / {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training on {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming from epoch {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {0} / {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the model to predict the next character: after “我爱” comes “你”. The other panels follow the model while it learns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on one text, read as one sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on a text file with one sentence per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text to learn (follows the text being stepped until you type here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A UTF-8 text file, one sentence per line (the bundled one: 60 short Chinese sentences)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a corpus file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>continue from the current weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On: train the model being stepped now (train again to train more). Off, or when its vocabulary lacks characters of the training text: new random weights, and a vocabulary made from the training text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes over the training text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far each step moves the weights (try 0.01 to 0.05 with Adam, 0.1 to 1 with SGD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam adapts the step per weight; SGD moves every weight by learning rate × gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient clipping: the largest gradient norm per step (keeps exploding gradients in check); 0 = off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed for the order of the sentences (new weights come from the configuration&apos;s seed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start training with these settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after the current epoch; Resume goes on from there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go on training from where it was paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after the current epoch and keep the model of the last completed epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not trained yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs done and the time spent training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A logarithmic loss axis shows the late, small improvements too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other panels follow the model while training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the model being trained in every panel, {0} times a second at most; off: only when training stops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (mean cross-entropy per character)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus: one sentence per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pausing after this epoch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling after this epoch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New random weights: the current model does not know {0} of the characters ({1}). </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New random weights: the current model has no characters (random tensor input). </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} sentences (a vocabulary of {1} characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {0} / {1} · {2:.1f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training: epoch {0} of {1}, loss {2:.4f}, gradient norm {3:.3g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused after epoch {0} of {1}. Step through the model as it is now; Resume goes on with epoch {2}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not trained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The model after epoch {0} is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after epoch {0} of {1}. The model is the one after epoch {0} (every weight from that completed epoch), and stepping now uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {0} / {1} · {2:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trained {0} epochs in {1:.2f} s: loss {2:.3f} → {3:.4f}. Stepping now uses the trained weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> After “{0}” it predicts “{1}” (p = {2:.2f}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingRun</name>
    <message>
        <source>the trainer could not be made</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeightsPanel</name>
    <message>
        <source>input j</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reverse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no bias (bias=False)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hover a cell to read its value; click to select its neuron; double-click to edit the weight.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which layer&apos;s parameters to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which direction&apos;s parameters to show (reverse exists only in a bidirectional RNN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neuron i</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Restored the last configuration; the weights of {0} are not kept between runs (File → Recent reopens it)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
