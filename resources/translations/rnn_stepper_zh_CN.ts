<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Include this panel: the network follows the current cell on top, the others below it</source>
        <translation>包含此面板：网络在上方跟随当前单元，其他面板在下方</translation>
    </message>
    <message>
        <source>The file to write: .gif (plays everywhere) or .mp4 (smaller, sharper); frames are at most {0} px on a side</source>
        <translation>要写入的文件：.gif（到处都能播放）或 .mp4（更小、更清晰）；每帧每边最多 {0} 像素</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source> ms per step</source>
        <translation> 毫秒/步</translation>
    </message>
    <message>
        <source>How long each step stays on screen (from the playback speed)</source>
        <translation>每一步在画面上停留多久（取自播放速度）</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>GIF animation (*.gif);;MP4 video (*.mp4)</source>
        <translation>GIF 动画 (*.gif);;MP4 视频 (*.mp4)</translation>
    </message>
</context>
<context>
    <name>BackpropPanel</name>
    <message>
        <source>Loss at step t* =</source>
        <translation>损失所在时间步 t* =</translation>
    </message>
    <message>
        <source>The time step whose prediction is scored; the gradients flow back from there</source>
        <translation>对这个时间步的预测计算损失；梯度从这里往回传播</translation>
    </message>
    <message>
        <source>follow the step</source>
        <translation>跟随当前单步</translation>
    </message>
    <message>
        <source>t* = the time step of the cell being stepped</source>
        <translation>t* = 正在计算的单元所在的时间步</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Run the backward pass now (large networks are not recomputed automatically)</source>
        <translation>立即运行反向传播（大型网络不会自动重新计算）</translation>
    </message>
    <message>
        <source>One cell further back, away from the loss</source>
        <translation>再往回走一个单元，远离损失</translation>
    </message>
    <message>
        <source>One cell towards the loss again</source>
        <translation>朝损失方向返回一个单元</translation>
    </message>
    <message>
        <source>neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>input j</source>
        <translation>输入 j</translation>
    </message>
    <message>
        <source>neuron i</source>
        <translation>神经元 i</translation>
    </message>
    <message>
        <source>h_prev j</source>
        <translation>h_prev j</translation>
    </message>
    <message>
        <source>Hover a heatmap cell to read its value.</source>
        <translation>把鼠标移到热力图的格子上即可读取数值。</translation>
    </message>
    <message>
        <source>‖∂L/∂h&lt;sub&gt;t&lt;/sub&gt;‖ going back from t*</source>
        <translation>从 t* 往回的 ‖∂L/∂h&lt;sub&gt;t&lt;/sub&gt;‖</translation>
    </message>
    <message>
        <source>gradient norm (log)</source>
        <translation>梯度范数（对数）</translation>
    </message>
    <message>
        <source>time step t  ·  colour: ‖∂L/∂h&lt;sub&gt;t&lt;/sub&gt;‖ (log)</source>
        <translation>时间步 t  ·  颜色：‖∂L/∂h&lt;sub&gt;t&lt;/sub&gt;‖（对数）</translation>
    </message>
    <message>
        <source>‖∂L/∂h&lt;sub&gt;t&lt;/sub&gt;‖, ‖∂L/∂c&lt;sub&gt;t&lt;/sub&gt;‖ (dashed) back from t*</source>
        <translation>从 t* 往回的 ‖∂L/∂h&lt;sub&gt;t&lt;/sub&gt;‖、‖∂L/∂c&lt;sub&gt;t&lt;/sub&gt;‖（虚线）</translation>
    </message>
    <message>
        <source>layer {0} {1}</source>
        <translation>第 {0} 层 {1}</translation>
    </message>
    <message>
        <source>layer {0} {1}, c&lt;sub&gt;t&lt;/sub&gt;</source>
        <translation>第 {0} 层 {1}，c&lt;sub&gt;t&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>L{0} {1}</source>
        <translation>第{0}层 {1}</translation>
    </message>
    <message>
        <source>This network is large: press Compute for the backward pass.</source>
        <translation>这个网络很大：请按“计算”运行反向传播。</translation>
    </message>
    <message>
        <source>L = −log p(“{0}” | “{1}”) = {2:.4f} (p = {3:.3f}): the prediction after step {4}, scored against the next character.</source>
        <translation>L = −log p(“{0}” | “{1}”) = {2:.4f}（p = {3:.3f}）：第 {4} 步之后的预测与下一个字符比较得到的损失。</translation>
    </message>
    <message>
        <source>L = ½‖output[{0}]‖² = {1:.4f} (no head: a stand-in loss, so that gradients can flow back).</source>
        <translation>L = ½‖output[{0}]‖² = {1:.4f}（没有输出层：这是一个替代损失，让梯度能够往回传播）。</translation>
    </message>
    <message>
        <source>the gates are saturated there (a slope of 0 at 0 or 1)</source>
        <translation>门在那里已经饱和（在 0 或 1 处斜率为 0）</translation>
    </message>
    <message>
        <source>tanh is saturated there (h = ±1, so tanh′ = 1 − h² = 0)</source>
        <translation>tanh 在那里已经饱和（h = ±1，所以 tanh′ = 1 − h² = 0）</translation>
    </message>
    <message>
        <source>relu is off there (pre ≤ 0, so relu′ = 0)</source>
        <translation>relu 在那里处于关闭状态（pre ≤ 0，所以 relu′ = 0）</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;{1} cell(s) get a gradient of exactly 0: {2} upstream, so nothing flows back; they are drawn at {3:g}.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;有 {1} 个单元的梯度恰好为 0：上游{2}，所以没有梯度传回来；图中把它们画在 {3:g} 处。&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;{1} cell(s) have an infinite or NaN gradient (it exploded beyond what float numbers hold); they are left out of the plot.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;有 {1} 个单元的梯度为无穷大或 NaN（梯度爆炸，超出了浮点数能表示的范围）；图中没有画出它们。&lt;/span&gt;</translation>
    </message>
    <message>
        <source>backward step {0} of {1}: &lt;b&gt;layer {2} {3}, t = {4}&lt;/b&gt;{5}</source>
        <translation>反向第 {0} 步（共 {1} 步）：&lt;b&gt;第 {2} 层 {3}，t = {4}&lt;/b&gt;{5}</translation>
    </message>
    <message>
        <source>∂L/∂{0} share  ‖·‖ = {1:.3g}</source>
        <translation>本单元对 ∂L/∂{0} 的贡献  ‖·‖ = {1:.3g}</translation>
    </message>
    <message>
        <source>layer {0}&apos;s h&lt;sub&gt;t&lt;/sub&gt;</source>
        <translation>第 {0} 层的 h&lt;sub&gt;t&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;This cell&apos;s share of the weight gradients&lt;/b&gt; (summed over every cell, they make the gradient the optimizer uses): ∂L/∂W&lt;sub&gt;ih&lt;/sub&gt; += ∂L/∂pre ⊗ {0}, ∂L/∂W&lt;sub&gt;hh&lt;/sub&gt; += ∂L/∂pre ⊗ h&lt;sub&gt;prev&lt;/sub&gt;; blue negative, red positive.</source>
        <translation>&lt;b&gt;本单元对权重梯度的贡献&lt;/b&gt;（把所有单元的贡献加起来，就是优化器使用的梯度）：∂L/∂W&lt;sub&gt;ih&lt;/sub&gt; += ∂L/∂pre ⊗ {0}，∂L/∂W&lt;sub&gt;hh&lt;/sub&gt; += ∂L/∂pre ⊗ h&lt;sub&gt;prev&lt;/sub&gt;；蓝色为负，红色为正。</translation>
    </message>
    <message>
        <source>&lt;b&gt;This cell&apos;s share of the weight gradients&lt;/b&gt;, one block of rows per gate ({0}; the same for W&lt;sub&gt;hh&lt;/sub&gt;): ∂L/∂W&lt;sub&gt;ih&lt;/sub&gt; += ∂L/∂pre ⊗ {1}, ∂L/∂W&lt;sub&gt;hh&lt;/sub&gt; += ∂L/∂(W&lt;sub&gt;hh&lt;/sub&gt;h&lt;sub&gt;prev&lt;/sub&gt; + b&lt;sub&gt;hh&lt;/sub&gt;) ⊗ h&lt;sub&gt;prev&lt;/sub&gt;; blue negative, red positive.</source>
        <translation>&lt;b&gt;本单元对权重梯度的贡献&lt;/b&gt;，每个门占一块行（{0}；W&lt;sub&gt;hh&lt;/sub&gt; 同理）：∂L/∂W&lt;sub&gt;ih&lt;/sub&gt; += ∂L/∂pre ⊗ {1}，∂L/∂W&lt;sub&gt;hh&lt;/sub&gt; += ∂L/∂(W&lt;sub&gt;hh&lt;/sub&gt;h&lt;sub&gt;prev&lt;/sub&gt; + b&lt;sub&gt;hh&lt;/sub&gt;) ⊗ h&lt;sub&gt;prev&lt;/sub&gt;；蓝色为负，红色为正。</translation>
    </message>
    <message>
        <source>Projection: ∂L/∂W&lt;sub&gt;hr&lt;/sub&gt; share ‖·‖ = {0:.3g}.</source>
        <translation>投影：∂L/∂W&lt;sub&gt;hr&lt;/sub&gt; 的贡献 ‖·‖ = {0:.3g}。</translation>
    </message>
    <message>
        <source>from the loss at t* (through the head)</source>
        <translation>来自 t* 处的损失（经过输出层）</translation>
    </message>
    <message>
        <source>from the loss at t*</source>
        <translation>来自 t* 处的损失</translation>
    </message>
    <message>
        <source>nothing from above (the loss reads only output[t*])</source>
        <translation>上方没有传来梯度（损失只读取 output[t*]）</translation>
    </message>
    <message>
        <source>from layer {0} above (its ∂L/∂x)</source>
        <translation>来自上方的第 {0} 层（它的 ∂L/∂x）</translation>
    </message>
    <message>
        <source>handed to h0</source>
        <translation>传给 h0</translation>
    </message>
    <message>
        <source>handed to the cell at {0}</source>
        <translation>传给 {0} 处的单元</translation>
    </message>
    <message>
        <source>∂L/∂h&lt;sub&gt;t&lt;/sub&gt; from the next time step: W&lt;sub&gt;hh&lt;/sub&gt;ᵀ ∂L/∂pre&lt;sub&gt;{0}&lt;/sub&gt;</source>
        <translation>来自下一个时间步的 ∂L/∂h&lt;sub&gt;t&lt;/sub&gt;：W&lt;sub&gt;hh&lt;/sub&gt;ᵀ ∂L/∂pre&lt;sub&gt;{0}&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;∂L/∂h&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; = the sum of both</source>
        <translation>&lt;b&gt;∂L/∂h&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; = 两者之和</translation>
    </message>
    <message>
        <source>W&lt;sub&gt;hh&lt;/sub&gt;ᵀ ∂L/∂pre = ∂L/∂h&lt;sub&gt;{0}&lt;/sub&gt;, {1}</source>
        <translation>W&lt;sub&gt;hh&lt;/sub&gt;ᵀ ∂L/∂pre = ∂L/∂h&lt;sub&gt;{0}&lt;/sub&gt;，{1}</translation>
    </message>
    <message>
        <source>∂L/∂b&lt;sub&gt;ih&lt;/sub&gt; = ∂L/∂b&lt;sub&gt;hh&lt;/sub&gt; (this cell&apos;s share)</source>
        <translation>∂L/∂b&lt;sub&gt;ih&lt;/sub&gt; = ∂L/∂b&lt;sub&gt;hh&lt;/sub&gt;（本单元的贡献）</translation>
    </message>
    <message>
        <source>∂L/∂h&lt;sub&gt;t&lt;/sub&gt; from the next time step (what the cell at {0} handed back)</source>
        <translation>来自下一个时间步的 ∂L/∂h&lt;sub&gt;t&lt;/sub&gt;（{0} 处的单元传回来的）</translation>
    </message>
    <message>
        <source>∂L/∂c&lt;sub&gt;t&lt;/sub&gt; from the next time step: ∂L/∂c&lt;sub&gt;{0}&lt;/sub&gt; ⊙ f&lt;sub&gt;{0}&lt;/sub&gt;</source>
        <translation>来自下一个时间步的 ∂L/∂c&lt;sub&gt;t&lt;/sub&gt;：∂L/∂c&lt;sub&gt;{0}&lt;/sub&gt; ⊙ f&lt;sub&gt;{0}&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;∂L/∂c&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; = that + through h&lt;sub&gt;t&lt;/sub&gt;: {0} ⊙ o ⊙ (1 − tanh²(c&lt;sub&gt;t&lt;/sub&gt;))</source>
        <translation>&lt;b&gt;∂L/∂c&lt;sub&gt;t&lt;/sub&gt;&lt;/b&gt; = 上一项 + 经过 h&lt;sub&gt;t&lt;/sub&gt; 的部分：{0} ⊙ o ⊙ (1 − tanh²(c&lt;sub&gt;t&lt;/sub&gt;))</translation>
    </message>
    <message>
        <source>∂L/∂c&lt;sub&gt;t&lt;/sub&gt; ⊙ f = ∂L/∂c&lt;sub&gt;{0}&lt;/sub&gt;, {1}</source>
        <translation>∂L/∂c&lt;sub&gt;t&lt;/sub&gt; ⊙ f = ∂L/∂c&lt;sub&gt;{0}&lt;/sub&gt;，{1}</translation>
    </message>
    <message>
        <source>handed to c0</source>
        <translation>传给 c0</translation>
    </message>
    <message>
        <source>W&lt;sub&gt;hh&lt;/sub&gt;ᵀ ∂L/∂(W&lt;sub&gt;hh&lt;/sub&gt;h&lt;sub&gt;t−1&lt;/sub&gt; + b&lt;sub&gt;hh&lt;/sub&gt;) + ∂L/∂h&lt;sub&gt;t&lt;/sub&gt; ⊙ z (z&apos;s direct path) = ∂L/∂h&lt;sub&gt;{0}&lt;/sub&gt;, {1}</source>
        <translation>W&lt;sub&gt;hh&lt;/sub&gt;ᵀ ∂L/∂(W&lt;sub&gt;hh&lt;/sub&gt;h&lt;sub&gt;t−1&lt;/sub&gt; + b&lt;sub&gt;hh&lt;/sub&gt;) + ∂L/∂h&lt;sub&gt;t&lt;/sub&gt; ⊙ z（z 的直通路径）= ∂L/∂h&lt;sub&gt;{0}&lt;/sub&gt;，{1}</translation>
    </message>
    <message>
        <source>∂L/∂{0}[{1}, {2}] share = {3:.4g}</source>
        <translation>本单元对 ∂L/∂{0}[{1}, {2}] 的贡献 = {3:.4g}</translation>
    </message>
</context>
<context>
    <name>CalculationPanel</name>
    <message>
        <source>&lt;p style=&apos;font-size:13pt&apos;&gt;&lt;b&gt;Press Space or Step (→) to compute the first cell.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Each cell takes the input at one time step, x&lt;sub&gt;t&lt;/sub&gt;, and the previous hidden state h&lt;sub&gt;t−1&lt;/sub&gt;, and computes the new hidden state h&lt;sub&gt;t&lt;/sub&gt;. The same weights are reused at every time step: that reuse is what makes the network recurrent.&lt;/p&gt;&lt;p&gt;This panel will show every term of the formula with its real numbers, and check the result against PyTorch&apos;s own &lt;code&gt;nn.RNN&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;font-size:13pt&apos;&gt;&lt;b&gt;按空格键或“单步”（→）计算第一个单元。&lt;/b&gt;&lt;/p&gt;&lt;p&gt;每个单元接收一个时间步的输入 x&lt;sub&gt;t&lt;/sub&gt; 和上一个隐藏状态 h&lt;sub&gt;t−1&lt;/sub&gt;，计算出新的隐藏状态 h&lt;sub&gt;t&lt;/sub&gt;。每个时间步都重复使用同一组权重：正是这种复用让网络成为“循环”网络。&lt;/p&gt;&lt;p&gt;本面板会用真实数值展示公式的每一项，并与 PyTorch 自带的 &lt;code&gt;nn.RNN&lt;/code&gt; 的结果进行核对。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>the input term</source>
        <translation>输入项</translation>
    </message>
    <message>
        <source>the recurrent term</source>
        <translation>循环项</translation>
    </message>
    <message>
        <source>their sum</source>
        <translation>两者之和</translation>
    </message>
    <message>
        <source>the nonlinearity</source>
        <translation>非线性激活</translation>
    </message>
    <message>
        <source>The RNN cell&apos;s formula (the same for every cell; only the numbers change)</source>
        <translation>RNN 单元的公式（每个单元都相同，只有数值不同）</translation>
    </message>
    <message>
        <source>The selected neuron&apos;s arithmetic: choose a neuron in the table below, a weights row, the hidden-state panel or the network</source>
        <translation>所选神经元的完整算式：在下方表格、权重的某一行、隐藏状态面板或网络中选择神经元</translation>
    </message>
    <message>
        <source>neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>the selected neuron</source>
        <translation>选中的神经元</translation>
    </message>
    <message>
        <source>Every value</source>
        <translation>全部数值</translation>
    </message>
    <message>
        <source>Bars</source>
        <translation>柱状图</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>Order matters</source>
        <translation>顺序很重要</translation>
    </message>
    <message>
        <source>The largest |difference| between this stepper&apos;s h_t and nn.RNN&apos;s value for the same cell, over every neuron and batch element</source>
        <translation>对同一个单元，本程序算出的 h_t 与 nn.RNN 的值之间最大的 |差值|（遍历所有神经元和批次元素）</translation>
    </message>
    <message>
        <source>the check against nn.RNN comes with h&lt;sub&gt;t&lt;/sub&gt;</source>
        <translation>算出 h&lt;sub&gt;t&lt;/sub&gt; 后再与 nn.RNN 核对</translation>
    </message>
    <message>
        <source>x&lt;sub&gt;t&lt;/sub&gt; at t = {t} is row {row} of the embedding table: the vector of the token {token} (outlined). It is the x&lt;sub&gt;t&lt;/sub&gt; column of Every value.</source>
        <translation>t = {t} 时的 x&lt;sub&gt;t&lt;/sub&gt; 是嵌入表的第 {row} 行：词元 {token} 的向量（已框出）。它就是“全部数值”中的 x&lt;sub&gt;t&lt;/sub&gt; 一列。</translation>
    </message>
    <message>
        <source>This cell is in layer {layer}: its x&lt;sub&gt;t&lt;/sub&gt; is the layer below&apos;s output, not an embedding row. Layer 0 read row {row} (token {token}, outlined) at t = {t}.</source>
        <translation>这个单元在第 {layer} 层：它的 x&lt;sub&gt;t&lt;/sub&gt; 是下一层的输出，而不是嵌入表的某一行。第 0 层在 t = {t} 时读取的是第 {row} 行（词元 {token}，已框出）。</translation>
    </message>
    <message>
        <source>the input this cell reads (the embedding of its token, or the layer below)</source>
        <translation>这个单元读取的输入（其词元的嵌入，或下一层的输出）</translation>
    </message>
    <message>
        <source>the hidden state this cell reads (h0 for the first cell of a sweep)</source>
        <translation>这个单元读取的隐藏状态（一次扫描的第一个单元读取 h0）</translation>
    </message>
    <message>
        <source>the sum of the two terms, before the nonlinearity</source>
        <translation>两项之和，尚未经过非线性函数</translation>
    </message>
    <message>
        <source>the new hidden state, computed with plain tensor operations</source>
        <translation>新的隐藏状态，用普通张量运算算出</translation>
    </message>
    <message>
        <source>nn.RNN&apos;s own h_t for the same cell</source>
        <translation>nn.RNN 自己为同一单元算出的 h_t</translation>
    </message>
    <message>
        <source>showing all {n} values as bars, one per neuron; dots on h&lt;sub&gt;t&lt;/sub&gt; are nn.RNN&apos;s values; the green line marks neuron {i}, the selected one</source>
        <translation>以柱状图显示全部 {n} 个值，每个神经元一根柱；h&lt;sub&gt;t&lt;/sub&gt; 上的圆点是 nn.RNN 的值；绿线标出选中的神经元 {i}</translation>
    </message>
    <message>
        <source>showing all {n} values as bars, one per neuron; the green line marks neuron {i}, the selected one</source>
        <translation>以柱状图显示全部 {n} 个值，每个神经元一根柱；绿线标出选中的神经元 {i}</translation>
    </message>
    <message>
        <source>one number per neuron; &lt;b&gt;&lt;u&gt;bold&lt;/u&gt;&lt;/b&gt;: neuron {i}, the selected one</source>
        <translation>每个神经元一个数；&lt;b&gt;&lt;u&gt;加粗&lt;/u&gt;&lt;/b&gt;：选中的神经元 {i}</translation>
    </message>
    <message>
        <source>h0 = zeros, so every product is 0</source>
        <translation>h0 = 全零，所以每个乘积都是 0</translation>
    </message>
    <message>
        <source>{v} is all zeros</source>
        <translation>{v} 全为零</translation>
    </message>
    <message>
        <source>{n} products; largest: {named}</source>
        <translation>{n} 个乘积；最大的几个：{named}</translation>
    </message>
    <message>
        <source>the other {n}: {sum}</source>
        <translation>其余 {n} 个之和：{sum}</translation>
    </message>
    <message>
        <source>neuron {i}</source>
        <translation>神经元 {i}</translation>
    </message>
    <message>
        <source>layer {layer}, reverse, t = {t}</source>
        <translation>第 {layer} 层，反向，t = {t}</translation>
    </message>
    <message>
        <source>layer {layer}, forward, t = {t}</source>
        <translation>第 {layer} 层，正向，t = {t}</translation>
    </message>
    <message>
        <source>(token {token})</source>
        <translation>（词元 {token}）</translation>
    </message>
    <message>
        <source>batch element {b} of {n}</source>
        <translation>批次元素 {b} / {n}</translation>
    </message>
    <message>
        <source>cell {i} of {n}</source>
        <translation>单元 {i} / {n}</translation>
    </message>
    <message>
        <source>part {stage} of {full}: {title}</source>
        <translation>第 {stage} 部分（共 {full} 部分）：{title}</translation>
    </message>
    <message>
        <source>(x&lt;sub&gt;t&lt;/sub&gt; = one-hot of “{token}”, so this is column {id} of W&lt;sub&gt;ih&lt;/sub&gt;)</source>
        <translation>（x&lt;sub&gt;t&lt;/sub&gt; = “{token}”的独热向量，所以这一项就是 W&lt;sub&gt;ih&lt;/sub&gt; 的第 {id} 列）</translation>
    </message>
    <message>
        <source>(x&lt;sub&gt;t&lt;/sub&gt; = layer {layer}&apos;s output at t, both directions)</source>
        <translation>（x&lt;sub&gt;t&lt;/sub&gt; = 第 {layer} 层在 t 时刻的输出，两个方向）</translation>
    </message>
    <message>
        <source>(x&lt;sub&gt;t&lt;/sub&gt; = layer {layer}&apos;s output at t)</source>
        <translation>（x&lt;sub&gt;t&lt;/sub&gt; = 第 {layer} 层在 t 时刻的输出）</translation>
    </message>
    <message>
        <source>({previous} = h0, the initial hidden state)</source>
        <translation>（{previous} = h0，初始隐藏状态）</translation>
    </message>
    <message>
        <source>(the reverse direction reads right to left)</source>
        <translation>（反向从右往左读）</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>和</translation>
    </message>
    <message>
        <source>{f}(sum) = h&lt;sub&gt;t&lt;/sub&gt;</source>
        <translation>{f}(和) = h&lt;sub&gt;t&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>nn.RNN&apos;s h&lt;sub&gt;t&lt;/sub&gt; for the same cell</source>
        <translation>nn.RNN 对同一单元算出的 h&lt;sub&gt;t&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>✗ cannot compare with nn.RNN: NaN or infinite values</source>
        <translation>✗ 无法与 nn.RNN 比较：存在 NaN 或无穷大的值</translation>
    </message>
    <message>
        <source>✓ matches nn.RNN</source>
        <translation>✓ 与 nn.RNN 一致</translation>
    </message>
    <message>
        <source>✗ differs from nn.RNN</source>
        <translation>✗ 与 nn.RNN 不一致</translation>
    </message>
    <message>
        <source>the pre-activations of the gates</source>
        <translation>各个门的激活前的值</translation>
    </message>
    <message>
        <source>the gates</source>
        <translation>各个门</translation>
    </message>
    <message>
        <source>the new cell state</source>
        <translation>新的细胞状态</translation>
    </message>
    <message>
        <source>the new hidden state</source>
        <translation>新的隐藏状态</translation>
    </message>
    <message>
        <source>the projection</source>
        <translation>投影</translation>
    </message>
    <message>
        <source>the reset gate</source>
        <translation>重置门</translation>
    </message>
    <message>
        <source>the update gate</source>
        <translation>更新门</translation>
    </message>
    <message>
        <source>the candidate</source>
        <translation>候选值</translation>
    </message>
    <message>
        <source>the blend</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>forgotten</source>
        <translation>遗忘</translation>
    </message>
    <message>
        <source>written</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>not written</source>
        <translation>未写入</translation>
    </message>
    <message>
        <source>kept the old state</source>
        <translation>保留了旧状态</translation>
    </message>
    <message>
        <source>took the candidate</source>
        <translation>采用了候选值</translation>
    </message>
    <message>
        <source>input gate: how much of g is written</source>
        <translation>输入门：把多少 g 写入细胞状态</translation>
    </message>
    <message>
        <source>forget gate: how much of c&lt;sub&gt;t−1&lt;/sub&gt; is kept</source>
        <translation>遗忘门：保留多少 c&lt;sub&gt;t−1&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>candidate: what may be written</source>
        <translation>候选值：可能写入的新内容</translation>
    </message>
    <message>
        <source>output gate: how much of tanh(c&lt;sub&gt;t&lt;/sub&gt;) is shown</source>
        <translation>输出门：输出多少 tanh(c&lt;sub&gt;t&lt;/sub&gt;)</translation>
    </message>
    <message>
        <source>reset gate: how much of the history enters n</source>
        <translation>重置门：有多少历史进入 n</translation>
    </message>
    <message>
        <source>update gate: how much of h&lt;sub&gt;t−1&lt;/sub&gt; is kept</source>
        <translation>更新门：保留多少 h&lt;sub&gt;t−1&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>candidate: the proposed new state</source>
        <translation>候选值：提出的新状态</translation>
    </message>
    <message>
        <source>memory {kept}: f = {f}; g {written}: i = {i}</source>
        <translation>记忆{kept}：f = {f}；g {written}：i = {i}</translation>
    </message>
    <message>
        <source>the projection mixes all {n} neurons into h_t&apos;s {m} numbers</source>
        <translation>投影把全部 {n} 个神经元混合成 h_t 的 {m} 个数</translation>
    </message>
    <message>
        <source>f ≥ 0.5: {kept} of {n} neurons kept their memory, {forgot} forgot it; i ≥ 0.5: {written} had g written in</source>
        <translation>f ≥ 0.5：{n} 个神经元中有 {kept} 个保留了记忆，{forgot} 个遗忘了；i ≥ 0.5：{written} 个写入了 g</translation>
    </message>
    <message>
        <source>z ≥ 0.5: {kept} of {n} neurons kept the old state, {took} took the candidate</source>
        <translation>z ≥ 0.5：{n} 个神经元中有 {kept} 个保留了旧状态，{took} 个采用了候选值</translation>
    </message>
    <message>
        <source>{gate} before {f}</source>
        <translation>{gate}（{f} 之前）</translation>
    </message>
    <message>
        <source>{gate} pre</source>
        <translation>{gate} 激活前</translation>
    </message>
</context>
<context>
    <name>ClassroomDialog</name>
    <message>
        <source>Classroom mode</source>
        <translation>课堂模式</translation>
    </message>
    <message>
        <source>Hide what students should not use or see. Everything comes back when classroom mode is turned off (here, or with {0}). Lessons saved while it is on open in classroom mode.</source>
        <translation>隐藏学生不应使用或看到的内容。关闭课堂模式后（在这里，或按 {0}），一切都会恢复。在课堂模式下保存的课程，打开时也处于课堂模式。</translation>
    </message>
    <message>
        <source>Controls to hide</source>
        <translation>要隐藏的控件</translation>
    </message>
    <message>
        <source>Panels to hide</source>
        <translation>要隐藏的面板</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Show every control and panel again</source>
        <translation>重新显示所有控件和面板</translation>
    </message>
</context>
<context>
    <name>ClassroomMode</name>
    <message>
        <source>Configuration panel (presets, sizes, text)</source>
        <translation>配置面板（预设、尺寸、文本）</translation>
    </message>
    <message>
        <source>Reset button (Home)</source>
        <translation>重置按钮（Home）</translation>
    </message>
    <message>
        <source>Step back button (←)</source>
        <translation>后退一步按钮（←）</translation>
    </message>
    <message>
        <source>Step button (→)</source>
        <translation>单步按钮（→）</translation>
    </message>
    <message>
        <source>Play / pause button (Space)</source>
        <translation>播放 / 暂停按钮（空格键）</translation>
    </message>
    <message>
        <source>Run to end button (End)</source>
        <translation>运行到结尾按钮（End）</translation>
    </message>
    <message>
        <source>Speed slider</source>
        <translation>速度滑块</translation>
    </message>
    <message>
        <source>Timeline slider</source>
        <translation>时间线滑块</translation>
    </message>
    <message>
        <source>Step size choice</source>
        <translation>步长选择</translation>
    </message>
    <message>
        <source>Batch element choice</source>
        <translation>批量样本选择</translation>
    </message>
    <message>
        <source>&amp;Classroom mode…</source>
        <translation>课堂模式(&amp;C)…</translation>
    </message>
    <message>
        <source>Choose controls and panels to hide from students</source>
        <translation>选择要对学生隐藏的控件和面板</translation>
    </message>
    <message>
        <source>Classroom mode &amp;on</source>
        <translation>开启课堂模式(&amp;O)</translation>
    </message>
    <message>
        <source>Turn classroom mode on or off with the last choice</source>
        <translation>按上次的选择开启或关闭课堂模式</translation>
    </message>
    <message>
        <source>Classroom mode</source>
        <translation>课堂模式</translation>
    </message>
    <message>
        <source>Some controls or panels are hidden. View → Classroom mode… or {0} turns it off.</source>
        <translation>部分控件或面板已隐藏。用“视图 → 课堂模式…”或按 {0} 可以关闭课堂模式。</translation>
    </message>
    <message>
        <source>Classroom mode: {0} control(s) and {1} panel(s) hidden</source>
        <translation>课堂模式：已隐藏 {0} 个控件和 {1} 个面板</translation>
    </message>
</context>
<context>
    <name>CodePanel</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>已复制 ✓</translation>
    </message>
    <message>
        <source>tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>dimensions</source>
        <translation>各维含义</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The name used in the code above</source>
        <translation>上面代码中使用的名称</translation>
    </message>
    <message>
        <source>The tensor&apos;s shape, as print(x.shape) shows it</source>
        <translation>张量的形状，与 print(x.shape) 显示的一样</translation>
    </message>
    <message>
        <source>What each dimension means (the lesson: seq_len = sentence length, batch = how many sequences, input_size = numbers per time step)</source>
        <translation>每一维的含义（课程中：seq_len = 句子长度，batch = 序列个数，input_size = 每个时间步的数值个数）</translation>
    </message>
    <message>
        <source>Where the values come from, or how much of the tensor the stepper has computed</source>
        <translation>数值的来源，或本程序已经算出了张量的多少</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard, to paste into a .py file or a notebook</source>
        <translation>把代码复制到剪贴板，可粘贴到 .py 文件或笔记本中</translation>
    </message>
    <message>
        <source>Save code…</source>
        <translation>保存代码…</translation>
    </message>
    <message>
        <source>Save the code as a .py file (the same text as Copy, with the weights file it loads, for a large model)</source>
        <translation>把代码保存为 .py 文件（和复制的文字相同；大模型还会在旁边保存它要读入的权重文件）</translation>
    </message>
    <message>
        <source>Runnable PyTorch code for the current configuration (read-only)</source>
        <translation>当前配置的可运行 PyTorch 代码（只读）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shapes&lt;/b&gt; of the tensors in this simulation</source>
        <translation>本次模拟中各张量的&lt;b&gt;形状&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Save the PyTorch code</source>
        <translation>保存 PyTorch 代码</translation>
    </message>
    <message>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>Saved: {files}</source>
        <translation>已保存：{files}</translation>
    </message>
    <message>
        <source>Weights: a fresh initialisation from the seed (torch.manual_seed above).</source>
        <translation>权重：由随机种子新初始化（见上面的 torch.manual_seed）。</translation>
    </message>
    <message>
        <source>Weights: the app&apos;s own ({origin}), written into the code.</source>
        <translation>权重：应用当前使用的权重（{origin}），已直接写进代码。</translation>
    </message>
    <message>
        <source>Weights: the app&apos;s own ({origin}), loaded from {file}, which Save code writes beside the script.</source>
        <translation>权重：应用当前使用的权重（{origin}），从 {file} 加载；“保存代码”会把该文件写在脚本旁边。</translation>
    </message>
    <message>
        <source>input tensor → nn.RNN → nn.Linear classifier</source>
        <translation>输入张量 → nn.RNN → nn.Linear 分类器</translation>
    </message>
    <message>
        <source>vocabulary → one-hot → nn.RNN → nn.Linear classifier → softmax</source>
        <translation>词表 → 独热向量 → nn.RNN → nn.Linear 分类器 → softmax</translation>
    </message>
    <message>
        <source>vocabulary → nn.Embedding → nn.RNN → nn.Linear classifier → softmax</source>
        <translation>词表 → nn.Embedding → nn.RNN → nn.Linear 分类器 → softmax</translation>
    </message>
    <message>
        <source>vocabulary → one-hot → nn.RNN → nn.Linear head → softmax</source>
        <translation>词表 → 独热向量 → nn.RNN → nn.Linear 输出层 → softmax</translation>
    </message>
    <message>
        <source>vocabulary → nn.Embedding → nn.RNN → nn.Linear head → softmax</source>
        <translation>词表 → nn.Embedding → nn.RNN → nn.Linear 输出头 → softmax</translation>
    </message>
    <message>
        <source>nn.RNN on a random input tensor, as in the lesson</source>
        <translation>nn.RNN 作用于随机输入张量，与课程中一样</translation>
    </message>
    <message>
        <source>&lt;b&gt;Runnable PyTorch&lt;/b&gt; for this configuration: {pipeline}</source>
        <translation>当前配置的&lt;b&gt;可运行 PyTorch 代码&lt;/b&gt;：{pipeline}</translation>
    </message>
    <message>
        <source>your file</source>
        <translation>你的文件</translation>
    </message>
    <message>
        <source>embeddings</source>
        <translation>词嵌入</translation>
    </message>
    <message>
        <source>one-hot</source>
        <translation>独热向量</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>{ready}/{total} steps</source>
        <translation>{ready}/{total} 个时间步</translation>
    </message>
    <message>
        <source>at the end</source>
        <translation>最后得到</translation>
    </message>
</context>
<context>
    <name>ConfigPanel</name>
    <message>
        <source>(custom)</source>
        <translation>（自定义）</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>random tensor</source>
        <translation>随机张量</translation>
    </message>
    <message>
        <source>Load a ready-made configuration from the lesson</source>
        <translation>载入课程中现成的配置</translation>
    </message>
    <message>
        <source>Text: characters → embedding → RNN (batch of 1). Random tensor: torch.randn(seq_len, batch, input_size), as in the lesson</source>
        <translation>文本：字符 → 词嵌入 → RNN（批量大小为 1）。随机张量：torch.randn(seq_len, batch, input_size)，与课程中一样</translation>
    </message>
    <message>
        <source>The characters fed to the RNN, one token per character (press Enter to apply)</source>
        <translation>送入 RNN 的字符，每个字符是一个词元（按回车键应用）</translation>
    </message>
    <message>
        <source>input_size: length of each x_t (the embedding size for text input)</source>
        <translation>input_size：每个 x_t 的长度（文本输入时即词嵌入维度）</translation>
    </message>
    <message>
        <source>The recurrent module: nn.RNN (one tanh or relu layer), nn.LSTM (gates i, f, g, o and a cell state c_t) or nn.GRU (gates r, z, n)</source>
        <translation>循环模块：nn.RNN（一层 tanh 或 relu）、nn.LSTM（门 i、f、g、o 和细胞状态 c_t）或 nn.GRU（门 r、z、n）</translation>
    </message>
    <message>
        <source>proj_size (nn.LSTM only): h_t = W_hr (o * tanh(c_t)) has proj_size numbers instead of hidden_size; 0 = no projection</source>
        <translation>proj_size（仅 nn.LSTM）：h_t = W_hr (o * tanh(c_t)) 有 proj_size 个数，而不是 hidden_size 个；0 = 不投影</translation>
    </message>
    <message>
        <source>hidden_size: number of neurons in h_t</source>
        <translation>hidden_size：h_t 中神经元的个数</translation>
    </message>
    <message>
        <source>num_layers: stacked RNN layers; layer l+1 reads layer l&apos;s h_t</source>
        <translation>num_layers：堆叠的 RNN 层数；第 l+1 层读取第 l 层的 h_t</translation>
    </message>
    <message>
        <source>nonlinearity: tanh squashes to (−1, 1); relu keeps positives</source>
        <translation>nonlinearity：激活函数；tanh 把值压缩到 (−1, 1)，relu 只保留正值</translation>
    </message>
    <message>
        <source>bias: add b_ih and b_hh</source>
        <translation>bias：加上偏置 b_ih 和 b_hh</translation>
    </message>
    <message>
        <source>batch_first: input laid out as (batch, seq, feature) instead of (seq, batch, feature)</source>
        <translation>batch_first：输入按 (batch, seq, feature) 排列，而不是 (seq, batch, feature)</translation>
    </message>
    <message>
        <source>dropout between layers (needs num_layers &gt; 1)</source>
        <translation>层与层之间的 dropout（需要 num_layers &gt; 1）</translation>
    </message>
    <message>
        <source>bidirectional: a second RNN reads the sequence backwards</source>
        <translation>bidirectional：双向，另一个 RNN 从后往前读取序列</translation>
    </message>
    <message>
        <source>seq_len: number of time steps of the random input</source>
        <translation>seq_len：随机输入的时间步数</translation>
    </message>
    <message>
        <source>batch_size: number of sequences processed side by side</source>
        <translation>batch_size：批量大小，即同时处理的序列个数</translation>
    </message>
    <message>
        <source>Random seed for the weights, the random input and a random h0</source>
        <translation>随机种子，用于生成权重、随机输入和随机的 h0</translation>
    </message>
    <message>
        <source>Floating-point type of the weights and inputs</source>
        <translation>权重和输入的浮点数类型</translation>
    </message>
    <message>
        <source>Initial hidden state h0: zeros (as in the lesson) or random</source>
        <translation>初始隐藏状态 h0：全 0（与课程中一样）或随机</translation>
    </message>
    <message>
        <source>nonlinearity is an option of nn.RNN only: the gates of nn.LSTM and nn.GRU use sigmoid and tanh</source>
        <translation>nonlinearity 只是 nn.RNN 的选项：nn.LSTM 和 nn.GRU 的门使用 sigmoid 和 tanh</translation>
    </message>
    <message>
        <source>proj_size is an option of nn.LSTM only</source>
        <translation>proj_size 只是 nn.LSTM 的选项</translation>
    </message>
    <message>
        <source>inactive while stepping: the model is in eval mode</source>
        <translation>单步计算时不起作用：模型处于 eval 模式</translation>
    </message>
    <message>
        <source>&quot;我爱你&quot;: embedding 128 -&gt; RNN with 4 neurons -&gt; next-character head</source>
        <translation>“我爱你”：128 维词嵌入 -&gt; 4 个神经元的 RNN -&gt; 预测下一个字符的输出层</translation>
    </message>
    <message>
        <source>the lesson&apos;s test01: nn.RNN(128, 256), input (1, 1, 128)</source>
        <translation>课程中的 test01：nn.RNN(128, 256)，输入 (1, 1, 128)</translation>
    </message>
    <message>
        <source>the lesson&apos;s test02: nn.RNN(128, 256), a batch of 32: (1, 32, 128)</source>
        <translation>课程中的 test02：nn.RNN(128, 256)，批量大小 32：(1, 32, 128)</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>type characters, e.g. 我爱你</source>
        <translation>输入字符，例如 我爱你</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>The loaded weights were replaced by new random ones: {0} changes the model. Reopen the file (File → Open recent) to get them back.</source>
        <translation>载入的权重已被新的随机权重替换：修改 {0} 会改变模型。重新打开该文件（文件 → 最近打开）即可恢复。</translation>
    </message>
    <message>
        <source>The text is empty: type at least one character, or choose random tensor input.</source>
        <translation>文本为空：请至少输入一个字符，或者改用随机张量输入。</translation>
    </message>
    <message>
        <source>The current settings match no preset</source>
        <translation>当前设置与任何预设都不一致</translation>
    </message>
    <message>
        <source>{0} (set by your input file {1})</source>
        <translation>{0}（由你的输入文件 {1} 决定）</translation>
    </message>
    <message>
        <source>{0} (random input only)</source>
        <translation>{0}（仅用于随机输入）</translation>
    </message>
    <message>
        <source>{0} parameters · input {1} · {2} cells</source>
        <translation>{0} 个参数 · 输入 {1} · {2} 个单元</translation>
    </message>
    <message>
        <source>Not applied: {0}
The previous configuration is still running.</source>
        <translation>未应用：{0}
仍在使用之前的配置。</translation>
    </message>
</context>
<context>
    <name>ControlsBar</name>
    <message>
        <source>&amp;Reset</source>
        <translation>重置(&amp;R)</translation>
    </message>
    <message>
        <source>Reset: go back to before the first cell</source>
        <translation>重置：回到第一个单元之前</translation>
    </message>
    <message>
        <source>Step &amp;back</source>
        <translation>后退一步(&amp;B)</translation>
    </message>
    <message>
        <source>Step back: undo the last step</source>
        <translation>后退一步：撤销上一步</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <source>Step: compute the next cell (or time step, or sub-operation)</source>
        <translation>单步：计算下一个单元（或时间步、子运算）</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>Play / pause: step automatically at the chosen speed</source>
        <translation>播放 / 暂停：按所选速度自动单步</translation>
    </message>
    <message>
        <source>Run to &amp;end</source>
        <translation>运行到结尾(&amp;E)</translation>
    </message>
    <message>
        <source>Run to end: compute every remaining cell</source>
        <translation>运行到结尾：计算剩下的所有单元</translation>
    </message>
    <message>
        <source>one cell</source>
        <translation>一个单元</translation>
    </message>
    <message>
        <source>one time step</source>
        <translation>一个时间步</translation>
    </message>
    <message>
        <source>one sub-operation</source>
        <translation>一个子运算</translation>
    </message>
    <message>
        <source>Each step computes one cell: one layer, one direction, one time step</source>
        <translation>每步计算一个单元：一层、一个方向、一个时间步</translation>
    </message>
    <message>
        <source>Each step completes one time step through every layer (bidirectional nets: one sweep of one layer)</source>
        <translation>每步让一个时间步穿过所有层（双向网络：某一层的一次扫描）</translation>
    </message>
    <message>
        <source>Each step reveals one part of the cell: W_ih x_t + b_ih, W_hh h_(t-1) + b_hh, their sum, then the nonlinearity</source>
        <translation>每步揭示单元的一部分：W_ih x_t + b_ih、W_hh h_(t-1) + b_hh、两者之和，最后是非线性激活</translation>
    </message>
    <message>
        <source>{speed} steps/s</source>
        <translation>{speed} 步/秒</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制栏</translation>
    </message>
    <message>
        <source>Play speed, from {low} to {high} steps per second</source>
        <translation>播放速度，每秒 {low} 到 {high} 步</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Timeline: drag to jump to any point of the computation (0 = nothing computed yet)</source>
        <translation>时间轴：拖动可跳到计算过程中的任意位置（0 = 尚未计算）</translation>
    </message>
    <message>
        <source>Cells computed / cells in the whole computation</source>
        <translation>已计算的单元数 / 整个计算的单元总数</translation>
    </message>
    <message>
        <source>How far one step (Right / Left) moves</source>
        <translation>每一步（右 / 左方向键）前进多少</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>Which element of the batch the panels show (0 … batch_size − 1)</source>
        <translation>各面板显示批次中的哪个元素（0 … batch_size − 1）</translation>
    </message>
    <message>
        <source>Batch element</source>
        <translation>批次元素</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause: step automatically at the chosen speed</source>
        <translation>暂停：按所选速度自动单步</translation>
    </message>
    <message>
        <source>Play: step automatically at the chosen speed</source>
        <translation>播放：按所选速度自动单步</translation>
    </message>
</context>
<context>
    <name>EmbeddingView</name>
    <message>
        <source>Hover the table to read a value.</source>
        <translation>鼠标悬停在表格上可读取数值。</translation>
    </message>
    <message>
        <source>embedding dimension j (input_size)</source>
        <translation>嵌入维度 j（input_size）</translation>
    </message>
    <message>
        <source>embedding.weight [{rows} × {cols}]: one row per token</source>
        <translation>embedding.weight [{rows} × {cols}]：每个词元一行</translation>
    </message>
</context>
<context>
    <name>EngineMessages</name>
    <message>
        <source>{name} must be a whole number, got {value}</source>
        <translation>{name} 必须是整数，当前为 {value}</translation>
    </message>
    <message>
        <source>{name} must be between {low} and {high}, got {value}</source>
        <translation>{name} 必须在 {low} 到 {high} 之间，当前为 {value}</translation>
    </message>
    <message>
        <source>{name} must be true or false, got {value}</source>
        <translation>{name} 必须是 true 或 false，当前为 {value}</translation>
    </message>
    <message>
        <source>{name} must be one of {choices}, got {value}</source>
        <translation>{name} 必须是以下之一：{choices}，当前为 {value}</translation>
    </message>
    <message>
        <source>dropout must be a number from 0 up to (not including) 1, got {value}</source>
        <translation>dropout 必须是 0 到 1 之间的数（可以取 0，不能取 1），当前为 {value}</translation>
    </message>
    <message>
        <source>text must be a string, got {type}</source>
        <translation>text 必须是字符串，当前为 {type}</translation>
    </message>
    <message>
        <source>text must be at most {limit} characters, got {count}</source>
        <translation>text 最多 {limit} 个字符，当前有 {count} 个</translation>
    </message>
    <message>
        <source>text input uses one sequence, so batch_size must be 1, got {value}</source>
        <translation>文本输入只有一个序列，所以 batch_size 必须为 1，当前为 {value}</translation>
    </message>
    <message>
        <source>this configuration would need about {needed} GiB of memory (the limit is {limit} GiB); make hidden_size, num_layers, seq_len or batch_size smaller</source>
        <translation>这个配置大约需要 {needed} GiB 内存（上限为 {limit} GiB）；请减小 hidden_size、num_layers、seq_len 或 batch_size</translation>
    </message>
    <message>
        <source>unknown preset {name}; choose one of: {names}</source>
        <translation>未知的预设 {name}；可选：{names}</translation>
    </message>
    <message>
        <source>a vocabulary needs at least one token</source>
        <translation>词表至少需要一个词元</translation>
    </message>
    <message>
        <source>the vocabulary lists {token} more than once</source>
        <translation>词表中 {token} 出现了不止一次</translation>
    </message>
    <message>
        <source>the text is empty: type at least one character</source>
        <translation>文本为空：请至少输入一个字符</translation>
    </message>
    <message>
        <source>the text is empty: type at least two characters</source>
        <translation>文本为空：请至少输入两个字符</translation>
    </message>
    <message>
        <source>{count} character(s) are not in the model&apos;s vocabulary: {chars}</source>
        <translation>有 {count} 个字符不在模型的词表中：{chars}</translation>
    </message>
    <message>
        <source>refused to open {path}: it stores Python objects{what} that could only be rebuilt by running code from the file, which would be unsafe. Only weights are opened; save them with torch.save(model.state_dict(), path).</source>
        <translation>拒绝打开 {path}：它保存了 Python 对象{what}，只有运行文件中的代码才能重建，这样做不安全。本程序只打开权重；请用 torch.save(model.state_dict(), path) 保存权重。</translation>
    </message>
    <message>
        <source>there is no file {path}</source>
        <translation>文件 {path} 不存在</translation>
    </message>
    <message>
        <source>{path} is empty (0 bytes)</source>
        <translation>{path} 是空文件（0 字节）</translation>
    </message>
    <message>
        <source>{path} is not a readable PyTorch file (it may be truncated or another format): {detail}</source>
        <translation>{path} 不是可读取的 PyTorch 文件（可能不完整，或是其他格式）：{detail}</translation>
    </message>
    <message>
        <source>{path} holds no weights (expected a state_dict of tensors, got {type})</source>
        <translation>{path} 中没有权重（应为由张量组成的 state_dict，实际是 {type}）</translation>
    </message>
    <message>
        <source>weights of type {dtype} are not supported (float32 or float64 only)</source>
        <translation>不支持 {dtype} 类型的权重（只支持 float32 或 float64）</translation>
    </message>
    <message>
        <source>{path} contains no nn.RNN weights (no key ending in &apos;weight_ih_l0&apos;)</source>
        <translation>{path} 中没有 nn.RNN 的权重（没有以 &apos;weight_ih_l0&apos; 结尾的键）</translation>
    </message>
    <message>
        <source>{path} contains several recurrent layers ({names}); only one nn.RNN is supported</source>
        <translation>{path} 包含多个循环层（{names}）；只支持一个 nn.RNN</translation>
    </message>
    <message>
        <source>{key} and {key2} must be matrices</source>
        <translation>{key} 和 {key2} 必须是矩阵</translation>
    </message>
    <message>
        <source>{key} has shape {shape}, which does not fit hidden_size {hidden} from {key2} {shape2}</source>
        <translation>{key} 的形状是 {shape}，与 {key2} {shape2} 给出的 hidden_size {hidden} 不符</translation>
    </message>
    <message>
        <source>the layers of {key} are not numbered {range}: {layers}</source>
        <translation>{key} 的各层编号不是 {range}：{layers}</translation>
    </message>
    <message>
        <source>{key} is missing</source>
        <translation>缺少 {key}</translation>
    </message>
    <message>
        <source>{key} has shape {shape}, expected {expected}</source>
        <translation>{key} 的形状是 {shape}，应为 {expected}</translation>
    </message>
    <message>
        <source>input text: the vocabulary&apos;s first tokens {text} (give your own text to change it)</source>
        <translation>输入文本：词表中的前几个词元 {text}（可以输入自己的文本来替换）</translation>
    </message>
    <message>
        <source>bidirectional</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>one direction</source>
        <translation>单向</translation>
    </message>
    <message>
        <source>proj_size must be from 0 (no projection) up to hidden_size - 1 = {limit}, got {value}</source>
        <translation>proj_size 必须在 0（不投影）到 hidden_size - 1 = {limit} 之间，得到的是 {value}</translation>
    </message>
    <message>
        <source>proj_size is an option of nn.LSTM only (cell is {cell}), got {value}</source>
        <translation>proj_size 只是 nn.LSTM 的选项（cell 为 {cell}），得到的是 {value}</translation>
    </message>
    <message>
        <source>nonlinearity is an option of nn.RNN only: {module}&apos;s gates use sigmoid and tanh, so it must stay tanh, got {value}</source>
        <translation>nonlinearity 只是 nn.RNN 的选项：{module} 的门使用 sigmoid 和 tanh，所以它必须保持为 tanh，得到的是 {value}</translation>
    </message>
    <message>
        <source>step_size must be one of cell, time step, sub-operation, got {value}</source>
        <translation>step_size 必须是 &quot;cell&quot;（按单元）、&quot;time step&quot;（按时间步）或 &quot;sub-operation&quot;（按子运算）之一，当前为 {value}</translation>
    </message>
    <message>
        <source>the step size must be one of cell, time step, sub-operation, got {value}</source>
        <translation>步长必须是 &quot;cell&quot;（按单元）、&quot;time step&quot;（按时间步）或 &quot;sub-operation&quot;（按子运算）之一，当前为 {value}</translation>
    </message>
    <message>
        <source>{path} has an embedding of {count} tokens but no vocabulary: give a vocabulary file with {lines} tokens (one per line, or a JSON list or token -&gt; id object)</source>
        <translation>{path} 有一个 {count} 个词元的嵌入层，但没有词表：请提供含 {lines} 个词元的词表文件（每行一个，或 JSON 列表，或 词元 -&gt; id 的 JSON 对象）</translation>
    </message>
    <message>
        <source>{path} has no embedding and no vocabulary: its RNN reads vectors of {size} numbers, not text. Give a vocabulary of {size2} tokens to feed one-hot characters, or an input tensor file</source>
        <translation>{path} 没有嵌入层，也没有词表：它的 RNN 读取的是 {size} 个数的向量，而不是文本。请提供含 {size2} 个词元的词表以输入独热字符，或提供输入张量文件</translation>
    </message>
    <message>
        <source>the labels file {labels} names {count} classes, but {path} has no linear head after its RNN to classify with</source>
        <translation>类别文件 {labels} 列出了 {count} 个类别，但 {path} 的 RNN 之后没有可用于分类的线性输出层</translation>
    </message>
    <message>
        <source>the labels file {labels} names {count} classes but the head {key} in {path} has {out} outputs</source>
        <translation>类别文件 {labels} 列出了 {count} 个类别，但 {path} 中的输出层 {key} 有 {out} 个输出</translation>
    </message>
    <message>
        <source>several matrices could be the {msg_role} ({keys}); only embedding -&gt; RNN -&gt; one linear layer is supported</source>
        <translation>有多个矩阵都可能是{msg_role}（{keys}）；只支持 嵌入层 -&gt; RNN -&gt; 一个线性层 的结构</translation>
    </message>
    <message>
        <source>{path} holds the older tutorial cell i2h/i2o over torch.cat((input, hidden)): it has no nonlinearity and its output reads the input directly, so it is not an nn.RNN. The newer tutorial&apos;s i2h, h2h, h2o (hidden = tanh(i2h(x) + h2h(hidden))) or nn.RNN + a linear layer can be opened</source>
        <translation>{path} 是旧版教程中作用于 torch.cat((input, hidden)) 的 i2h/i2o 单元：它没有非线性函数，输出还直接读取输入，所以不是 nn.RNN。新版教程的 i2h、h2h、h2o（hidden = tanh(i2h(x) + h2h(hidden))）或 nn.RNN + 线性层可以打开</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>嵌入层</translation>
    </message>
    <message>
        <source>head</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>there is no {msg_what} file {path}</source>
        <translation>不存在{msg_what}文件 {path}</translation>
    </message>
    <message>
        <source>the {msg_what} file {path} must be .npy or .pt, got {suffix}</source>
        <translation>{msg_what}文件 {path} 必须是 .npy 或 .pt，当前为 {suffix}</translation>
    </message>
    <message>
        <source>the {msg_what} file {path} is not a readable .npy array: {detail}</source>
        <translation>{msg_what}文件 {path} 不是可读取的 .npy 数组：{detail}</translation>
    </message>
    <message>
        <source>the {msg_what} file {path} holds {type}, not one tensor</source>
        <translation>{msg_what}文件 {path} 中是 {type}，而不是一个张量</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>h0</source>
        <translation>h0</translation>
    </message>
    <message>
        <source>{msg_name} has {count} features per step (shape {shape}) but the model&apos;s input_size is {size}</source>
        <translation>{msg_name} 每步有 {count} 个特征（形状 {shape}），但模型的 input_size 是 {size}</translation>
    </message>
    <message>
        <source>{msg_name} has a batch of 0 sequences (shape {shape}): nothing to step</source>
        <translation>{msg_name} 的批量为 0 个序列（形状 {shape}）：没有可以逐步计算的内容</translation>
    </message>
    <message>
        <source>{msg_name} has 0 time steps (shape {shape}): nothing to step</source>
        <translation>{msg_name} 有 0 个时间步（形状 {shape}）：没有可以逐步计算的内容</translation>
    </message>
    <message>
        <source>the input file {path}</source>
        <translation>输入文件 {path}</translation>
    </message>
    <message>
        <source>the h0 file {path}</source>
        <translation>h0 文件 {path}</translation>
    </message>
    <message>
        <source>the input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>{msg_name} contains NaN or infinite values</source>
        <translation>{msg_name} 含有 NaN 或无穷大的值</translation>
    </message>
    <message>
        <source>{path} holds an {module}, whose gates fix their nonlinearities: the nonlinearity option is for nn.RNN only</source>
        <translation>{path} 中是一个 {module}，它的各个门已经确定了所用的非线性函数：nonlinearity 选项只适用于 nn.RNN</translation>
    </message>
    <message>
        <source>nonlinearity {name} ({msg_why})</source>
        <translation>非线性函数 {name}（{msg_why}）</translation>
    </message>
    <message>
        <source>given</source>
        <translation>由你指定</translation>
    </message>
    <message>
        <source>recorded in the file</source>
        <translation>文件中有记录</translation>
    </message>
    <message>
        <source>the default: a state_dict does not record it</source>
        <translation>默认值：state_dict 不记录它</translation>
    </message>
    <message>
        <source>used: embedding {key}: {count} tokens x {size}</source>
        <translation>使用：嵌入层 {key}：{count} 个词元 x {size}</translation>
    </message>
    <message>
        <source>inferred: one-hot input (no embedding; input_size {size} = the vocabulary&apos;s size): x_t is 1 at the token&apos;s id, 0 elsewhere</source>
        <translation>推断：独热输入（没有嵌入层；input_size {size} = 词表大小）：x_t 在词元的 id 处为 1，其余为 0</translation>
    </message>
    <message>
        <source>input: a tensor of {size} features per step (no embedding, no vocabulary)</source>
        <translation>输入：每步 {size} 个特征的张量（没有嵌入层，也没有词表）</translation>
    </message>
    <message>
        <source>used: head {keys}: next-token probabilities (softmax of the head)</source>
        <translation>使用：输出层 {keys}：下一个词元的概率（输出层的 softmax）</translation>
    </message>
    <message>
        <source>inferred: classifier head {keys} with {count} classes</source>
        <translation>推断：分类器输出层 {keys}，共 {count} 个类别</translation>
    </message>
    <message>
        <source>class names from the labels file {path}</source>
        <translation>类别名称来自类别文件 {path}</translation>
    </message>
    <message>
        <source>class names stored in the file</source>
        <translation>类别名称保存在文件中</translation>
    </message>
    <message>
        <source>classes numbered 0..{last} (give a labels file to name them)</source>
        <translation>类别编号为 0..{last}（提供类别文件即可命名）</translation>
    </message>
    <message>
        <source>probabilities: the softmax of the head at every step (a LogSoftmax head gives the same)</source>
        <translation>概率：每一步输出层的 softmax（LogSoftmax 输出层得到的结果相同）</translation>
    </message>
    <message>
        <source>the classifier reads output[t]; at the last step its reverse half has read only the last token (a model whose head reads h_n&apos;s two final states predicts differently)</source>
        <translation>分类器读取 output[t]；在最后一步，反向的一半只读到了最后一个词元（输出层读取 h_n 两个最终状态的模型会给出不同的预测）</translation>
    </message>
    <message>
        <source>no linear head after the RNN: no probabilities</source>
        <translation>RNN 之后没有线性输出层：没有概率</translation>
    </message>
    <message>
        <source>dropped {count} other tensor(s): {keys}</source>
        <translation>舍弃了其他 {count} 个张量：{keys}</translation>
    </message>
    <message>
        <source>inferred: {key} is the {msg_role} from its place before or after the RNN (its shape and name fit both)</source>
        <translation>推断：根据它在 RNN 之前或之后的位置，{key} 是{msg_role}（它的形状和名称两者都符合）</translation>
    </message>
    <message>
        <source>inferred: {i2h} and {h2h} are one RNN cell, h_t = tanh(i2h(x_t) + h2h(h_(t-1))) as in the PyTorch name-classifier tutorial; its weights are nn.RNN&apos;s weight_ih_l0 and weight_hh_l0</source>
        <translation>推断：{i2h} 和 {h2h} 是一个 RNN 单元，h_t = tanh(i2h(x_t) + h2h(h_(t-1)))，与 PyTorch 姓名分类教程相同；它们的权重就是 nn.RNN 的 weight_ih_l0 和 weight_hh_l0</translation>
    </message>
    <message>
        <source>the {msg_what} regenerated here differ from the ones the lesson was saved with{msg_versions}: the numbers shown will differ from the teacher&apos;s</source>
        <translation>这里重新生成的 {msg_what} 与保存课程时的不同{msg_versions}：显示的数值会和老师的不一样</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入数据</translation>
    </message>
    <message>
        <source> (saved with PyTorch {saved}, this is {this})</source>
        <translation>（保存时用的是 PyTorch {saved}，这里是 {this}）</translation>
    </message>
    <message>
        <source>the lesson&apos;s text and notes are too long to save (over {limit} KiB)</source>
        <translation>课程的文本和说明太长，无法保存（超过 {limit} KiB）</translation>
    </message>
    <message>
        <source>set {name}</source>
        <translation>设置 {name}</translation>
    </message>
    <message>
        <source>reset every weight</source>
        <translation>重置所有权重</translation>
    </message>
    <message>
        <source>there is no parameter {name}; choose one of: {names}</source>
        <translation>没有参数 {name}；请从以下参数中选择：{names}</translation>
    </message>
    <message>
        <source>{name} has shape {shape}, the new values {shape2}</source>
        <translation>{name} 的形状是 {shape}，新值的形状是 {shape2}</translation>
    </message>
    <message>
        <source>a loss through the head needs the target token</source>
        <translation>经过全连接层（head）计算损失需要目标词</translation>
    </message>
    <message>
        <source>the target must be one token, got {value}</source>
        <translation>目标必须是一个词，当前为 {value}</translation>
    </message>
    <message>
        <source>the target token id must be from 0 to {high}, got {value}</source>
        <translation>目标词的编号必须在 0 到 {high} 之间，当前为 {value}</translation>
    </message>
    <message>
        <source>{path} is not a lesson file (a lesson is a zip archive with {json} and {weights})</source>
        <translation>{path} 不是课程文件（课程文件是包含 {json} 和 {weights} 的 zip 压缩包）</translation>
    </message>
    <message>
        <source>{path} is a damaged lesson file: {detail}</source>
        <translation>{path} 是已损坏的课程文件：{detail}</translation>
    </message>
    <message>
        <source>{path} was made by a newer RNN Stepper (lesson format {version}; this version opens up to {newest}): update RNN Stepper to open it</source>
        <translation>{path} 是由更新版本的 RNN Stepper 创建的（课程格式 {version}；本版本最高支持 {newest}）：请更新 RNN Stepper 后再打开</translation>
    </message>
    <message>
        <source>{path} is not an RNN Stepper lesson ({json} does not say {format})</source>
        <translation>{path} 不是 RNN Stepper 课程文件（{json} 中没有 {format}）</translation>
    </message>
    <message>
        <source>invalid configuration: {msg_inner}</source>
        <translation>配置无效：{msg_inner}</translation>
    </message>
    <message>
        <source>the learning rate must be a number above 0 and at most {high} (try 0.01 to 0.05 with adam), got {value}</source>
        <translation>学习率必须大于 0 且不超过 {high}（使用 Adam 时可以试试 0.01 到 0.05），当前为 {value}</translation>
    </message>
    <message>
        <source>clip (the largest gradient norm) must be a number &gt;= 0 (0 = no clipping), got {value}</source>
        <translation>clip（梯度范数的上限）必须是 &gt;= 0 的数（0 = 不裁剪），当前为 {value}</translation>
    </message>
    <message>
        <source>there is nothing to learn: training needs at least one sentence of two or more characters (a character and the one that follows it)</source>
        <translation>没有可以学习的内容：训练至少需要一个包含两个或更多字符的句子（一个字符和紧跟在它后面的字符）</translation>
    </message>
    <message>
        <source>there is nothing to learn: no sentence has two or more tokens</source>
        <translation>没有可以学习的内容：没有任何句子包含两个或更多词元</translation>
    </message>
    <message>
        <source>the training text has {count} characters; at most {limit} are supported</source>
        <translation>训练文本有 {count} 个字符；最多支持 {limit} 个</translation>
    </message>
    <message>
        <source>the corpus holds no sentences (every line is blank)</source>
        <translation>语料中没有句子（每一行都是空的）</translation>
    </message>
    <message>
        <source>{path} is a folder; give a text file with one sentence per line</source>
        <translation>{path} 是文件夹；请提供每行一个句子的文本文件</translation>
    </message>
    <message>
        <source>{path} is not UTF-8 text</source>
        <translation>{path} 不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>training needs a text model (embedding -&gt; RNN -&gt; head); a random-tensor model has no characters to predict</source>
        <translation>训练需要文本模型（词嵌入 -&gt; RNN -&gt; 输出层）；输入随机张量的模型没有可以预测的字符</translation>
    </message>
    <message>
        <source>{count} character(s) of the training text are not in the model&apos;s vocabulary: {chars}; train a new model to build a vocabulary from the text</source>
        <translation>训练文本中有 {count} 个字符不在模型的词表中：{chars}；请训练一个新模型，从文本建立词表</translation>
    </message>
    <message>
        <source>{msg_what} became infinite or NaN in epoch {epoch}: lower the learning rate (now {rate}) or turn on gradient clipping; the model was put back to the end of epoch {previous}</source>
        <translation>第 {epoch} 轮中{msg_what}变成了无穷大或 NaN：请降低学习率（当前为 {rate}）或打开梯度裁剪；模型已恢复到第 {previous} 轮结束时的状态</translation>
    </message>
    <message>
        <source>the loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>a gradient</source>
        <translation>某个梯度</translation>
    </message>
    <message>
        <source>a weight</source>
        <translation>某个权重</translation>
    </message>
    <message>
        <source>generating text needs a text model (embedding -&gt; RNN -&gt; head)</source>
        <translation>生成文本需要文本模型（词嵌入 -&gt; RNN -&gt; 输出层）</translation>
    </message>
    <message>
        <source>training here predicts the next character; this model&apos;s head is a classifier of {count} classes</source>
        <translation>这里的训练是预测下一个字符；而这个模型的输出层是 {count} 个类别的分类器</translation>
    </message>
    <message>
        <source>the number of characters to generate must be a whole number from 1 to {high}, got {value}</source>
        <translation>要生成的字符数必须是 1 到 {high} 之间的整数，当前为 {value}</translation>
    </message>
    <message>
        <source>temperature must be a number from 0 (always the most probable character) to {high}, got {value}</source>
        <translation>温度必须是 0（总是选概率最大的字符）到 {high} 之间的数，当前为 {value}</translation>
    </message>
    <message>
        <source>seed must be a whole number &gt;= 0, got {value}</source>
        <translation>seed 必须是 &gt;= 0 的整数，当前为 {value}</translation>
    </message>
    <message>
        <source>a weight must be a finite number, got {value}</source>
        <translation>权重必须是有限的数，当前为 {value}</translation>
    </message>
    <message>
        <source>every new value must be a finite number (no inf or NaN)</source>
        <translation>每个新值都必须是有限的数（不能是 inf 或 NaN）</translation>
    </message>
    <message>
        <source>the loss step must be a time step from 0 to {high}, got {value}</source>
        <translation>损失所在的时间步必须在 0 到 {high} 之间，当前为 {value}</translation>
    </message>
    <message>
        <source>the last character (step {last}) has no next character to compare its prediction with: choose a step from 0 to {high}, or a target character</source>
        <translation>最后一个字符（第 {last} 步）后面没有下一个字符可以与预测比较：请选择 0 到 {high} 之间的时间步，或者指定一个目标字符</translation>
    </message>
    <message>
        <source>W_hh&apos;s spectral radius is {radius} &lt; 1: going back in time each step multiplies the gradient by W_hh, so it tends to shrink (vanishing gradients){msg_and}.</source>
        <translation>W_hh 的谱半径为 {radius} &lt; 1：沿时间往回传播时，梯度每一步都要乘以 W_hh，所以往往越来越小（梯度消失）{msg_and}。</translation>
    </message>
    <message>
        <source>W_hh&apos;s spectral radius is {radius} &gt; 1: going back in time each step multiplies the gradient by W_hh, so it can grow (exploding gradients), although{msg_although}.</source>
        <translation>W_hh 的谱半径为 {radius} &gt; 1：沿时间往回传播时，梯度每一步都要乘以 W_hh，所以可能越来越大（梯度爆炸），不过{msg_although}。</translation>
    </message>
    <message>
        <source>W_hh&apos;s spectral radius is exactly 1: the gradient neither shrinks nor grows through W_hh in the long run{msg_and}.</source>
        <translation>W_hh 的谱半径正好为 1：从长远看，梯度经过 W_hh 既不变小也不变大{msg_and}。</translation>
    </message>
    <message>
        <source> and tanh&apos;s slope (1 - h², at most 1, small where |h| is near 1) shrinks them further</source>
        <translation>，而且 tanh 的斜率（1 - h²，最大为 1，|h| 接近 1 时很小）会让梯度进一步变小</translation>
    </message>
    <message>
        <source> and relu passes a gradient only where the neuron is active (pre-activation &gt; 0)</source>
        <translation>，而且 relu 只在神经元激活（激活前的值 &gt; 0）时才传递梯度</translation>
    </message>
    <message>
        <source> tanh&apos;s slope (1 - h², at most 1, small where |h| is near 1) shrinks them further</source>
        <translation>tanh 的斜率（1 - h²，最大为 1，|h| 接近 1 时很小）会让梯度变小</translation>
    </message>
    <message>
        <source> relu passes a gradient only where the neuron is active (pre-activation &gt; 0)</source>
        <translation>relu 只在神经元激活（激活前的值 &gt; 0）时才传递梯度</translation>
    </message>
    <message>
        <source>Going back in time, the gradient along the cell state is multiplied only by the forget gate f at each step (no weight matrix, no squashing): the product of f over these {steps} steps is {value} (mean over the neurons), how much of c_0 is still in c_t and how much of dL/dc_t reaches back to it.</source>
        <translation>沿时间往回走时，沿细胞状态传递的梯度每一步只乘以遗忘门 f（没有权重矩阵，也没有压缩）：这 {steps} 步中 f 的连乘是 {value}（各神经元的平均），它说明 c_0 还有多少留在 c_t 中，以及 dL/dc_t 有多少能传回到 c_0。</translation>
    </message>
    <message>
        <source>Going back in time, the gradient along h&apos;s direct path (h_t = (1 - z) * n + z * h_(t-1)) is multiplied only by the update gate z at each step: the product of z over these {steps} steps is {value} (mean over the neurons), how much of h_0 is kept in h_t along that path.</source>
        <translation>沿时间往回走时，沿 h 的直通路径（h_t = (1 - z) * n + z * h_(t-1)）传递的梯度每一步只乘以更新门 z：这 {steps} 步中 z 的连乘是 {value}（各神经元的平均），它说明沿这条路径 h_0 还有多少保留在 h_t 中。</translation>
    </message>
    <message>
        <source>cannot write into the folder {path}: {msg_error}</source>
        <translation>无法写入文件夹 {path}：{msg_error}</translation>
    </message>
    <message>
        <source>cannot create the folder {path}: {msg_error}</source>
        <translation>无法创建文件夹 {path}：{msg_error}</translation>
    </message>
    <message>
        <source>cannot write {path}: {msg_error}</source>
        <translation>无法写入 {path}：{msg_error}</translation>
    </message>
    <message>
        <source>cannot read {path}: {msg_error}</source>
        <translation>无法读取 {path}：{msg_error}</translation>
    </message>
    <message>
        <source>{name} is not a valid file name</source>
        <translation>{name} 不是有效的文件名</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder</source>
        <translation>{path} 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>the folder {path} does not exist</source>
        <translation>文件夹 {path} 不存在</translation>
    </message>
    <message>
        <source>an image of {width} x {height} pixels is too large; choose a smaller width or scale</source>
        <translation>{width} × {height} 像素的图片太大；请选择更小的宽度或缩放比例</translation>
    </message>
    <message>
        <source>the image could not be encoded as PNG</source>
        <translation>无法把图片编码为 PNG</translation>
    </message>
    <message>
        <source>cannot export to {name}: choose a {formats} file name</source>
        <translation>无法导出为 {name}：请选择 {formats} 文件名</translation>
    </message>
    <message>
        <source>cannot export a figure to {name}: choose a .png, .svg or .pdf file name</source>
        <translation>无法将组合图导出为 {name}：请选择 .png、.svg 或 .pdf 文件名</translation>
    </message>
    <message>
        <source>an animation is saved as .gif or .mp4, not {name}</source>
        <translation>动画应保存为 .gif 或 .mp4，而不是 {name}</translation>
    </message>
    <message>
        <source>MP4 needs the &apos;av&apos; package (pip install av); save a .gif instead</source>
        <translation>MP4 需要 “av” 软件包（pip install av）；请改为保存 .gif</translation>
    </message>
    <message>
        <source>choose at least one panel for the figure</source>
        <translation>请为组合图至少选择一个面板</translation>
    </message>
    <message>
        <source>choose at least one panel for the animation</source>
        <translation>请为动画至少选择一个面板</translation>
    </message>
    <message>
        <source>{path} is {msg_kind}, not a regular file; refusing to replace it</source>
        <translation>{path} 是{msg_kind}，不是普通文件；拒绝替换它</translation>
    </message>
    <message>
        <source>{path} is not a regular file; only regular files are read</source>
        <translation>{path} 不是普通文件；只读取普通文件</translation>
    </message>
    <message>
        <source>{path} is {msg_kind}, not a {msg_what}; only regular files are read</source>
        <translation>{path} 是{msg_kind}，不是{msg_what}；只读取普通文件</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>a named pipe (FIFO)</source>
        <translation>命名管道（FIFO）</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>a special file</source>
        <translation>特殊文件</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>corpus file</source>
        <translation>语料文件</translation>
    </message>
    <message>
        <source>vocabulary file</source>
        <translation>词表文件</translation>
    </message>
    <message>
        <source>model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>lesson file</source>
        <translation>课程文件</translation>
    </message>
    <message>
        <source>the {msg_what} {path} is {size}; at most {limit} is read</source>
        <translation>{msg_what} {path} 大小为 {size}；最多读取 {limit}</translation>
    </message>
    <message>
        <source>the {msg_what} {path} is larger than {limit}; at most that much is read</source>
        <translation>{msg_what} {path} 大于 {limit}；最多只读取这么多</translation>
    </message>
    <message>
        <source>cannot read the {msg_what} {path}: {msg_error}</source>
        <translation>无法读取{msg_what} {path}：{msg_error}</translation>
    </message>
    <message>
        <source>the folder name {name}… is too long (at most 255 bytes)</source>
        <translation>文件夹名 {name}… 太长（最多 255 字节）</translation>
    </message>
    <message>
        <source>the output folder is empty: name a folder (use . for the current one)</source>
        <translation>输出文件夹为空：请指定一个文件夹（用 . 表示当前文件夹）</translation>
    </message>
    <message>
        <source>labels file</source>
        <translation>标签文件</translation>
    </message>
    <message>
        <source>the {msg_file} {path} is not UTF-8 text</source>
        <translation>{msg_file} {path} 不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>the {msg_file} {path} is empty</source>
        <translation>{msg_file} {path} 是空的</translation>
    </message>
    <message>
        <source>the {msg_file} {path} has a token of {count} characters; a token has at most {limit}</source>
        <translation>{msg_file} {path} 中有一个 {count} 个字符的词元；一个词元最多 {limit} 个字符</translation>
    </message>
    <message>
        <source>the {msg_file} {path} is nested too deeply to be a vocabulary</source>
        <translation>{msg_file} {path} 嵌套太深，不可能是词表</translation>
    </message>
    <message>
        <source>the {msg_file} {path} is not valid JSON</source>
        <translation>{msg_file} {path} 不是有效的 JSON</translation>
    </message>
    <message>
        <source>the {msg_file} {path} is a JSON list, but not of strings</source>
        <translation>{msg_file} {path} 是 JSON 列表，但其中不全是字符串</translation>
    </message>
    <message>
        <source>the {msg_file} {path} is a JSON object, but neither token -&gt; id (whole numbers) nor id -&gt; token</source>
        <translation>{msg_file} {path} 是 JSON 对象，但既不是 词元 -&gt; id（整数），也不是 id -&gt; 词元</translation>
    </message>
    <message>
        <source>the ids in the {msg_file} {path} must be 0 to {last}, each used once</source>
        <translation>{msg_file} {path} 中的 id 必须是 0 到 {last}，每个恰好出现一次</translation>
    </message>
    <message>
        <source>the {msg_file} {path} holds no tokens (expected a JSON list or object)</source>
        <translation>{msg_file} {path} 中没有词元（应为 JSON 列表或对象）</translation>
    </message>
    <message>
        <source>line {line} of the {msg_file} {path} is empty (write \n for a newline token, \s for a space)</source>
        <translation>{msg_file} {path} 的第 {line} 行是空的（换行符写作 \n，空格写作 \s）</translation>
    </message>
    <message>
        <source>line {line} of the {msg_file} {path} has {count} characters; a token has at most {limit}</source>
        <translation>{msg_file} {path} 的第 {line} 行有 {count} 个字符；一个词元最多 {limit} 个字符</translation>
    </message>
    <message>
        <source>the plain RNN has no gate that keeps memory: its W_hh&apos;s spectral radius says it</source>
        <translation>普通 RNN 没有保留记忆的门：它的 W_hh 的谱半径说明了这一点</translation>
    </message>
    <message>
        <source>comparing orders needs text input</source>
        <translation>比较顺序需要文本输入</translation>
    </message>
    <message>
        <source>type a reordered text to compare with</source>
        <translation>请输入一段调换了顺序的文本来比较</translation>
    </message>
    <message>
        <source>the reordered text must have as many tokens as the text ({count}), it has {given}</source>
        <translation>调换顺序后的文本必须与原文本的词元数相同（{count} 个），当前为 {given} 个</translation>
    </message>
    <message>
        <source>the position in {name} must be {count} whole number(s), got {value}</source>
        <translation>{name} 中的位置必须是 {count} 个整数，当前为 {value}</translation>
    </message>
    <message>
        <source>position {index} on axis {axis} of {name} is outside 0..{last} (shape {shape})</source>
        <translation>{name} 第 {axis} 轴上的位置 {index} 超出 0..{last}（形状 {shape}）</translation>
    </message>
    <message>
        <source>the {msg_what} file {path} holds {dtype} values; numbers are needed</source>
        <translation>{msg_what}文件 {path} 中是 {dtype} 类型的值；需要数值</translation>
    </message>
    <message>
        <source>{msg_name} has shape {shape}: nn.RNN takes {layout} or, unbatched, (seq_len, input_size)</source>
        <translation>{msg_name} 的形状是 {shape}：nn.RNN 接受 {layout}，无批量维度时接受 (seq_len, input_size)</translation>
    </message>
    <message>
        <source>{msg_name} has {field} {value}; at most {high} is supported</source>
        <translation>{msg_name} 的 {field} 为 {value}；最多支持 {high}</translation>
    </message>
    <message>
        <source>{msg_name} has shape {shape}; for unbatched input {module} needs {layout} = {expected}</source>
        <translation>{msg_name} 的形状是 {shape}；对于无批量维度的输入，{module} 需要 {layout} = {expected}</translation>
    </message>
    <message>
        <source>{msg_name} has shape {shape}; for a batch of {batch} {module} needs {layout} = {expected}</source>
        <translation>{msg_name} 的形状是 {shape}；对于批量为 {batch} 的输入，{module} 需要 {layout} = {expected}</translation>
    </message>
    <message>
        <source>{msg_name} is a PackedSequence, which the stepper does not take: give the padded tensor (torch.nn.utils.rnn.pad_packed_sequence) and step each sequence&apos;s length</source>
        <translation>{msg_name} 是 PackedSequence，逐步计算器不接受它：请提供填充后的张量（torch.nn.utils.rnn.pad_packed_sequence），并按每个序列的长度逐步计算</translation>
    </message>
    <message>
        <source>{msg_name} must be a tensor, got {type}</source>
        <translation>{msg_name} 必须是张量，当前为 {type}</translation>
    </message>
    <message>
        <source>{msg_name} must hold real numbers in a dense tensor, got {dtype} ({layout})</source>
        <translation>{msg_name} 必须是存放实数的稠密张量，当前为 {dtype}（{layout}）</translation>
    </message>
    <message>
        <source>c0 is LSTM&apos;s initial cell state; {module} has none</source>
        <translation>c0 是 LSTM 的初始细胞状态；{module} 没有细胞状态</translation>
    </message>
    <message>
        <source>{name} is a PackedSequence, which the stepper does not take: give the padded tensor (torch.nn.utils.rnn.pad_packed_sequence)</source>
        <translation>{name} 是 PackedSequence，逐步计算器不接受它：请提供填充后的张量（torch.nn.utils.rnn.pad_packed_sequence）</translation>
    </message>
    <message>
        <source>{name} must be a tensor, got {type}</source>
        <translation>{name} 必须是张量，当前为 {type}</translation>
    </message>
    <message>
        <source>the input has shape {shape}; {module} takes 3 dimensions, or 2 unbatched (with a 2-dimensional h0)</source>
        <translation>输入的形状是 {shape}；{module} 接受 3 维输入，无批量维度时接受 2 维（配 2 维的 h0）</translation>
    </message>
    <message>
        <source>the input has shape {shape}: a batch of 0 or 0 time steps, nothing to step</source>
        <translation>输入的形状是 {shape}：批量为 0 或时间步为 0，没有可以逐步计算的内容</translation>
    </message>
    <message>
        <source>the input has {count} features per step but the {module}&apos;s input_size is {size}</source>
        <translation>输入每步有 {count} 个特征，但 {module} 的 input_size 是 {size}</translation>
    </message>
    <message>
        <source>{name} has shape {shape}, expected {expected}</source>
        <translation>{name} 的形状是 {shape}，应为 {expected}</translation>
    </message>
    <message>
        <source>--out {path} is a folder; give a file name such as {example}</source>
        <translation>--out {path} 是文件夹；请给出文件名，例如 {example}</translation>
    </message>
    <message>
        <source>cannot write {path}: there is no folder {folder}</source>
        <translation>无法写入 {path}：文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>the position must be between 0 and {total} (the number of cells), got {value}</source>
        <translation>位置必须在 0 到 {total}（单元个数）之间，当前为 {value}</translation>
    </message>
    <message>
        <source>the lesson&apos;s view settings cannot be saved: {detail}</source>
        <translation>无法保存课程的视图设置：{detail}</translation>
    </message>
    <message>
        <source>c0</source>
        <translation>c0</translation>
    </message>
    <message>
        <source>{module}input_size {i}, hidden_size {h}, num_layers {l}{projection}{msg_bi}{msg_tokens}</source>
        <translation>{module}input_size {i}，hidden_size {h}，num_layers {l}{projection}{msg_bi}{msg_tokens}</translation>
    </message>
    <message>
        <source>, {count} tokens</source>
        <translation>，{count} 个词元</translation>
    </message>
    <message>
        <source>{path} is {size}; a model file may be at most {limit}</source>
        <translation>{path} 大小为 {size}；模型文件最大为 {limit}</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid code -- missing end-of-block</source>
        <translation>解压数据时出错（zlib 错误 -3）：编码无效，缺少数据块的结束标记</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid block type</source>
        <translation>解压数据时出错（zlib 错误 -3）：数据块类型无效</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid stored block lengths</source>
        <translation>解压数据时出错（zlib 错误 -3）：未压缩数据块的长度无效</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: too many length or distance symbols</source>
        <translation>解压数据时出错（zlib 错误 -3）：长度或距离符号太多</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid code lengths set</source>
        <translation>解压数据时出错（zlib 错误 -3）：编码长度表无效</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid bit length repeat</source>
        <translation>解压数据时出错（zlib 错误 -3）：位长度的重复无效</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid literal/lengths set</source>
        <translation>解压数据时出错（zlib 错误 -3）：字面值/长度编码表无效</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid distances set</source>
        <translation>解压数据时出错（zlib 错误 -3）：距离编码表无效</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid literal/length code</source>
        <translation>解压数据时出错（zlib 错误 -3）：字面值/长度编码无效</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid distance code</source>
        <translation>解压数据时出错（zlib 错误 -3）：距离编码无效</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: invalid distance too far back</source>
        <translation>解压数据时出错（zlib 错误 -3）：距离无效，回溯得太远</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: incorrect header check</source>
        <translation>解压数据时出错（zlib 错误 -3）：数据头校验错误</translation>
    </message>
    <message>
        <source>Error -3 while decompressing data: incomplete or truncated stream</source>
        <translation>解压数据时出错（zlib 错误 -3）：数据流不完整或被截断</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid code -- missing end-of-block</source>
        <translation>解压数据时出错（zlib 错误 -5）：编码无效，缺少数据块的结束标记</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid block type</source>
        <translation>解压数据时出错（zlib 错误 -5）：数据块类型无效</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid stored block lengths</source>
        <translation>解压数据时出错（zlib 错误 -5）：未压缩数据块的长度无效</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: too many length or distance symbols</source>
        <translation>解压数据时出错（zlib 错误 -5）：长度或距离符号太多</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid code lengths set</source>
        <translation>解压数据时出错（zlib 错误 -5）：编码长度表无效</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid bit length repeat</source>
        <translation>解压数据时出错（zlib 错误 -5）：位长度的重复无效</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid literal/lengths set</source>
        <translation>解压数据时出错（zlib 错误 -5）：字面值/长度编码表无效</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid distances set</source>
        <translation>解压数据时出错（zlib 错误 -5）：距离编码表无效</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid literal/length code</source>
        <translation>解压数据时出错（zlib 错误 -5）：字面值/长度编码无效</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid distance code</source>
        <translation>解压数据时出错（zlib 错误 -5）：距离编码无效</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: invalid distance too far back</source>
        <translation>解压数据时出错（zlib 错误 -5）：距离无效，回溯得太远</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: incorrect header check</source>
        <translation>解压数据时出错（zlib 错误 -5）：数据头校验错误</translation>
    </message>
    <message>
        <source>Error -5 while decompressing data: incomplete or truncated stream</source>
        <translation>解压数据时出错（zlib 错误 -5）：数据流不完整或被截断</translation>
    </message>
    <message>
        <source>Bad CRC-32 for file &apos;lesson.json&apos;</source>
        <translation>&apos;lesson.json&apos; 的 CRC-32 校验值不对，内容已损坏</translation>
    </message>
    <message>
        <source>Bad CRC-32 for file &apos;weights.pt&apos;</source>
        <translation>&apos;weights.pt&apos; 的 CRC-32 校验值不对，内容已损坏</translation>
    </message>
    <message>
        <source>{path} is {size}; a lesson file is at most {limit}</source>
        <translation>{path} 大小为 {size}；课程文件最大为 {limit}</translation>
    </message>
    <message>
        <source>the file name {name}… is too long ({size} bytes; at most {limit})</source>
        <translation>文件名 {name}… 太长（{size} 字节；最多 {limit}）</translation>
    </message>
    <message>
        <source>{name} is not a valid file name (it is not valid UTF-8)</source>
        <translation>{name} 不是有效的文件名（不是有效的 UTF-8）</translation>
    </message>
    <message>
        <source>the stored vocabulary must be a list of tokens, got {type}</source>
        <translation>保存的词表必须是词元列表，实际为 {type}</translation>
    </message>
    <message>
        <source>token {number} of the stored vocabulary is {value}, not a non-empty string</source>
        <translation>保存的词表中第 {number} 个词元是 {value}，不是非空字符串</translation>
    </message>
    <message>
        <source>token {number} of the stored vocabulary has {count} characters; a token has at most {limit}</source>
        <translation>保存的词表中第 {number} 个词元有 {count} 个字符；一个词元最多 {limit} 个字符</translation>
    </message>
    <message>
        <source>a state_dict&apos;s keys are parameter names, but one key is {type} {value}</source>
        <translation>state_dict 的键应是参数名，但有一个键是 {type} {value}</translation>
    </message>
    <message>
        <source>{key} {msg_problem}; only ordinary (dense, real) tensors of numbers can be opened</source>
        <translation>{key} {msg_problem}；只能打开普通的（稠密、实数）数值张量</translation>
    </message>
    <message>
        <source>is a meta tensor (a shape without any values)</source>
        <translation>是 meta 张量（只有形状，没有数值）</translation>
    </message>
    <message>
        <source>is a quantized tensor</source>
        <translation>是量化张量</translation>
    </message>
    <message>
        <source>holds complex numbers</source>
        <translation>包含复数</translation>
    </message>
    <message>
        <source>is a {layout} tensor</source>
        <translation>是 {layout} 张量</translation>
    </message>
    <message>
        <source>{key} holds {dtype} values; weights are floating-point numbers</source>
        <translation>{key} 存的是 {dtype} 类型的值；权重应为浮点数</translation>
    </message>
    <message>
        <source>{json} is nested too deeply to be a lesson</source>
        <translation>{json} 嵌套太深，不可能是课程文件</translation>
    </message>
    <message>
        <source>{json} holds a number too long to be any lesson value</source>
        <translation>{json} 含有一个过长的数字，不可能是课程中的值</translation>
    </message>
    <message>
        <source>{json} has no &quot;config&quot; object</source>
        <translation>{json} 中没有 &quot;config&quot; 对象</translation>
    </message>
    <message>
        <source>&apos;view&apos; must be an object, got {type}</source>
        <translation>&apos;view&apos; 必须是对象，实际为 {type}</translation>
    </message>
    <message>
        <source>position must be a whole number from 0 to {total} (the number of cells), got {value}</source>
        <translation>position 必须是 0 到 {total}（单元总数）之间的整数，实际为 {value}</translation>
    </message>
    <message>
        <source>the weights do not fit the configuration: {json} has {key}{more}, which it does not use</source>
        <translation>权重与配置不符：{json} 含有 {key}{more}，配置用不到它</translation>
    </message>
    <message>
        <source>the lesson&apos;s {key} has {count} characters; only the first {limit} are shown</source>
        <translation>课程的 {key} 有 {count} 个字符；只显示前 {limit} 个</translation>
    </message>
    <message>
        <source>the lesson&apos;s {key} is not text ({type}); it was left out</source>
        <translation>课程的 {key} 不是文本（{type}）；已忽略</translation>
    </message>
    <message>
        <source>the lesson&apos;s {key} is not a list of names; it was left out</source>
        <translation>课程的 {key} 不是名称列表；已忽略</translation>
    </message>
    <message>
        <source>the lesson&apos;s {key} has {count} characters; at most {limit} can be saved</source>
        <translation>课程的 {key} 有 {count} 个字符；最多只能保存 {limit} 个</translation>
    </message>
    <message>
        <source>the model&apos;s weights take {size}; a lesson holds at most {limit} (a model this big can be saved as a model file)</source>
        <translation>模型权重占 {size}；课程文件最多容纳 {limit}（这么大的模型可以另存为模型文件）</translation>
    </message>
    <message>
        <source>{name} would unpack to {size}, more than the {limit} a lesson may hold; refused</source>
        <translation>{name} 解压后为 {size}，超过课程文件允许的 {limit}；已拒绝</translation>
    </message>
    <message>
        <source>{name} unpacks to more than {limit}; refused</source>
        <translation>{name} 解压后超过 {limit}；已拒绝</translation>
    </message>
    <message>
        <source>{path} holds {count} files; a lesson holds {json} and {weights}</source>
        <translation>{path} 里有 {count} 个文件；课程文件里只应有 {json} 和 {weights}</translation>
    </message>
    <message>
        <source>{path} holds {name} more than once</source>
        <translation>{path} 里的 {name} 出现了不止一次</translation>
    </message>
    <message>
        <source>{path} is not a complete lesson: {name} is missing</source>
        <translation>{path} 不是完整的课程文件：缺少 {name}</translation>
    </message>
    <message>
        <source>{path} is not a complete lesson: {name} and {name2} are missing</source>
        <translation>{path} 不是完整的课程文件：缺少 {name} 和 {name2}</translation>
    </message>
    <message>
        <source>the lesson format version must be a whole number, got {value}</source>
        <translation>课程格式的版本号必须是整数，当前为 {value}</translation>
    </message>
    <message>
        <source>unknown configuration field(s) {names}</source>
        <translation>有未知的配置项：{names}</translation>
    </message>
    <message>
        <source>{weights} has no {key}, which the configuration needs</source>
        <translation>{weights} 中没有配置所需的 {key}</translation>
    </message>
    <message>
        <source>{key} is not a tensor</source>
        <translation>{key} 不是张量</translation>
    </message>
    <message>
        <source>the weights do not fit the configuration: {key} has shape {shape}, the configuration ({msg_sizes}) needs {expected}</source>
        <translation>权重与配置不符：{key} 的形状是 {shape}，而配置（{msg_sizes}）需要 {expected}</translation>
    </message>
    <message>
        <source>, bidirectional</source>
        <translation>，双向</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation> 及另外 {count} 个张量</translation>
    </message>
    <message>
        <source>{json} is not valid JSON: {msg_reason} at line {line}, column {column}</source>
        <translation>{json} 不是有效的 JSON：第 {line} 行第 {column} 列处{msg_reason}</translation>
    </message>
    <message>
        <source>{msg_vocab} has {count} tokens but the embedding {key} in {path} has {rows} rows</source>
        <translation>{msg_vocab} 有 {count} 个词元，但 {path} 中的嵌入层 {key} 有 {rows} 行</translation>
    </message>
    <message>
        <source>{msg_vocab} has {count} tokens but {path} has no embedding and its RNN reads input_size={size} features: one-hot input needs one token per feature</source>
        <translation>{msg_vocab} 有 {count} 个词元，但 {path} 没有嵌入层，其 RNN 每步读取 input_size={size} 个特征：独热输入需要每个特征对应一个词元</translation>
    </message>
    <message>
        <source>the vocabulary file {path}</source>
        <translation>词表文件 {path}</translation>
    </message>
    <message>
        <source>the vocabulary stored in {path}</source>
        <translation>{path} 中保存的词表</translation>
    </message>
    <message>
        <source>used: {module}{under}: input_size={i}, hidden_size={h}{projection}, {msg_layers}, {msg_dir}, bias={bias}, {dtype}</source>
        <translation>使用：{module}{under}：input_size={i}，hidden_size={h}{projection}，{msg_layers}，{msg_dir}，bias={bias}，{dtype}</translation>
    </message>
    <message>
        <source> under {prefix}</source>
        <translation>（位于 {prefix} 下）</translation>
    </message>
    <message>
        <source>{count} layer</source>
        <translation>{count} 层</translation>
    </message>
    <message>
        <source>{count} layers</source>
        <translation>{count} 层</translation>
    </message>
    <message>
        <source>inferred: {module} from the {count} row blocks of weight_ih ({gates})</source>
        <translation>推断：由 weight_ih 的 {count} 个行块（{gates}）判断为 {module}</translation>
    </message>
    <message>
        <source>used: {msg_vocab} ({count} tokens)</source>
        <translation>使用：{msg_vocab}（{count} 个词元）</translation>
    </message>
    <message>
        <source>--text sets the sequence itself; --seq-len and --batch-size are for random input</source>
        <translation>--text 直接给出序列；--seq-len 和 --batch-size 用于随机输入</translation>
    </message>
    <message>
        <source>--input is the whole input; leave out {given}</source>
        <translation>--input 就是全部输入；请去掉 {given}</translation>
    </message>
    <message>
        <source>--h0 must be zeros, random or a .npy/.pt file, got {value}</source>
        <translation>--h0 必须是 zeros、random 或一个 .npy/.pt 文件，当前为 {value}</translation>
    </message>
    <message>
        <source>--text is empty: give at least one character</source>
        <translation>--text 为空：请至少给出一个字符</translation>
    </message>
    <message>
        <source>{option} goes with --load</source>
        <translation>{option} 要与 --load 一起使用</translation>
    </message>
    <message>
        <source>{option} does not fit {path}: its weights have {field}={value}; leave the option out</source>
        <translation>{option} 与 {path} 不符：它的权重中 {field}={value}；请去掉这个选项</translation>
    </message>
    <message>
        <source>{path} reads text (its vocabulary has {count} tokens): --seq-len and --batch-size are for random input; give --text, or --input FILE</source>
        <translation>{path} 读取文本（它的词表有 {count} 个词元）：--seq-len 和 --batch-size 用于随机输入；请给出 --text 或 --input FILE</translation>
    </message>
    <message>
        <source>--step must be between 0 and {total} (the number of cells), got {value}</source>
        <translation>--step 必须在 0 到 {total}（单元个数）之间，当前为 {value}</translation>
    </message>
    <message>
        <source>--width must be between {low} and {high} pixels, got {value}</source>
        <translation>--width 必须在 {low} 到 {high} 像素之间，当前为 {value}</translation>
    </message>
    <message>
        <source>give --scale or --width, not both</source>
        <translation>请给出 --scale 或 --width，不要同时给出</translation>
    </message>
    <message>
        <source>--lesson holds the configuration and weights; leave out {option}</source>
        <translation>--lesson 已包含配置和权重；请去掉 {option}</translation>
    </message>
    <message>
        <source>{option} is empty: give a name</source>
        <translation>{option} 为空：请给出一个名称</translation>
    </message>
    <message>
        <source>{option} is empty: give a path</source>
        <translation>{option} 为空：请给出一个路径</translation>
    </message>
    <message>
        <source>{option} is not valid UTF-8 text</source>
        <translation>{option} 不是有效的 UTF-8 文本</translation>
    </message>
    <message>
        <source>unknown panel {name} in --figure; choose from {names} (or all, or window)</source>
        <translation>--figure 中有未知的面板 {name}；请从 {names} 中选择（或 all、window）</translation>
    </message>
    <message>
        <source>--figure needs at least one panel name</source>
        <translation>--figure 至少需要一个面板名称</translation>
    </message>
    <message>
        <source>the input files do not fit the model</source>
        <translation>输入文件与模型不符</translation>
    </message>
    <message>
        <source>rendering {name} produced an empty image</source>
        <translation>渲染 {name} 得到的是空白图片</translation>
    </message>
    <message>
        <source>the MP4 encoder failed: {detail}</source>
        <translation>MP4 编码器出错：{detail}</translation>
    </message>
    <message>
        <source>{text}</source>
        <translation>{text}</translation>
    </message>
    <message>
        <source>Expecting value</source>
        <translation>缺少一个值</translation>
    </message>
    <message>
        <source>Expecting property name enclosed in double quotes</source>
        <translation>应当是用双引号括起来的属性名</translation>
    </message>
    <message>
        <source>Expecting &apos;,&apos; delimiter</source>
        <translation>缺少分隔符 &apos;,&apos;</translation>
    </message>
    <message>
        <source>Expecting &apos;:&apos; delimiter</source>
        <translation>缺少分隔符 &apos;:&apos;</translation>
    </message>
    <message>
        <source>Extra data</source>
        <translation>多出了内容</translation>
    </message>
    <message>
        <source>Unterminated string starting at</source>
        <translation>有一个没有结束的字符串</translation>
    </message>
    <message>
        <source>Invalid control character at</source>
        <translation>有不允许出现的控制字符</translation>
    </message>
    <message>
        <source>Invalid \escape</source>
        <translation>有无效的转义（\）</translation>
    </message>
    <message>
        <source>Invalid \uXXXX escape</source>
        <translation>有无效的 \uXXXX 转义</translation>
    </message>
    <message>
        <source>File is not a zip file</source>
        <translation>这不是 zip 文件</translation>
    </message>
    <message>
        <source>Bad magic number for file header</source>
        <translation>文件头的标识不对</translation>
    </message>
    <message>
        <source>Truncated file header</source>
        <translation>文件头被截断了</translation>
    </message>
    <message>
        <source>Compressed file ended before the end-of-stream marker was reached</source>
        <translation>压缩数据在结束标记之前就中断了</translation>
    </message>
    <message>
        <source>PytorchStreamReader failed reading zip archive: failed finding central directory</source>
        <translation>PyTorch 读不了其中的 zip 归档：找不到中央目录（文件可能已损坏、被截断，或保存后被改动过）</translation>
    </message>
    <message>
        <source>Ran out of input</source>
        <translation>数据提前结束了</translation>
    </message>
    <message>
        <source>PytorchStreamReader failed reading zip archive: failed finding central directory. This is an internal miniz error. If you are seeing this error, there is a high likelihood that your checkpoint file is corrupted. This can happen if the checkpoint was not saved properly, was transferred incorrectly, or the file was modified after saving.</source>
        <translation>PyTorch 读不了其中的 zip 归档：找不到中央目录（文件可能已损坏、被截断，或保存后被改动过）</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>No such file or directory</source>
        <translation>没有这个文件或文件夹</translation>
    </message>
    <message>
        <source>Is a directory</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>Read-only file system</source>
        <translation>文件系统是只读的</translation>
    </message>
    <message>
        <source>No space left on device</source>
        <translation>磁盘空间不足</translation>
    </message>
    <message>
        <source>unexpected error while training: {detail}</source>
        <translation>训练时出现意外错误：{detail}</translation>
    </message>
    <message>
        <source>unexpected error: {detail}</source>
        <translation>意外错误：{detail}</translation>
    </message>
    <message>
        <source>Unexpected error: {detail}</source>
        <translation>意外错误：{detail}</translation>
    </message>
    <message>
        <source>{path}: {message}</source>
        <translation>{path}：{message}</translation>
    </message>
</context>
<context>
    <name>ErrorDialogPresenter</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>{0}

({1} errors so far; this is the latest)</source>
        <translation>{0}

（到目前为止共 {1} 个错误；这是最新的一个）</translation>
    </message>
    <message>
        <source>RNN Stepper keeps running, but what is on screen may be incomplete. The details were written to:
{0}</source>
        <translation>RNN Stepper 会继续运行，但屏幕上显示的内容可能不完整。详细信息已写入：
{0}</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Export &amp;panel</source>
        <translation>导出面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Copy panel image</source>
        <translation>复制面板图片(&amp;C)</translation>
    </message>
    <message>
        <source>Export &amp;all panels…</source>
        <translation>导出所有面板(&amp;A)…</translation>
    </message>
    <message>
        <source>Every panel as PNG and SVG into a folder, the step in the names</source>
        <translation>把每个面板导出为 PNG 和 SVG，存到一个文件夹，文件名中包含当前步数</translation>
    </message>
    <message>
        <source>Export &amp;focused panel…</source>
        <translation>导出当前面板(&amp;F)…</translation>
    </message>
    <message>
        <source>Export &amp;data (CSV, .npy)…</source>
        <translation>导出数据（CSV、.npy）(&amp;D)…</translation>
    </message>
    <message>
        <source>Export image…</source>
        <translation>导出图片…</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <source>Save as .{0}…</source>
        <translation>另存为 .{0}…</translation>
    </message>
    <message>
        <source>Export figure of several panels…</source>
        <translation>导出多个面板的组合图…</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>type a file name</source>
        <translation>请输入文件名</translation>
    </message>
    <message>
        <source>Copied the {0} image to the clipboard</source>
        <translation>已将“{0}”面板的图片复制到剪贴板</translation>
    </message>
    <message>
        <source>Export all panels into</source>
        <translation>把所有面板导出到</translation>
    </message>
    <message>
        <source>Exporting the panels…</source>
        <translation>正在导出面板…</translation>
    </message>
    <message>
        <source>Export all panels</source>
        <translation>导出所有面板</translation>
    </message>
    <message>
        <source>Saved {n} files into {folder}</source>
        <translation>已将 {n} 个文件保存到 {folder}</translation>
    </message>
    <message>
        <source>Export data into</source>
        <translation>把数据导出到</translation>
    </message>
    <message>
        <source>Saved {n} data files into {folder}</source>
        <translation>已将 {n} 个数据文件保存到 {folder}</translation>
    </message>
    <message>
        <source>Rendering the animation…</source>
        <translation>正在生成动画…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export a&amp;nimation (GIF, MP4)…</source>
        <translation>导出动画（GIF、MP4）(&amp;N)…</translation>
    </message>
    <message>
        <source>Export fi&amp;gure of several panels (PNG, SVG, PDF)…</source>
        <translation>导出多个面板的组合图（PNG、SVG、PDF）(&amp;G)…</translation>
    </message>
    <message>
        <source>The whole window or chosen panels as one picture for a slide or a paper</source>
        <translation>将整个窗口或所选面板合成一张图，用于幻灯片或论文</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written into {0}</source>
        <translation>导出已取消；没有向 {0} 写入任何文件</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Animation cancelled; nothing was written</source>
        <translation>动画已取消；没有写入任何文件</translation>
    </message>
    <message>
        <source>Saved {0} ({1} frames)</source>
        <translation>已保存 {0}（{1} 帧）</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>ExportImageDialog</name>
    <message>
        <source>Export {0}</source>
        <translation>导出“{0}”</translation>
    </message>
    <message>
        <source>The file to write; .png for a picture, .svg for a vector drawing</source>
        <translation>要写入的文件；.png 为图片，.svg 为矢量图</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the file with a file dialog</source>
        <translation>用文件对话框选择文件</translation>
    </message>
    <message>
        <source>PNG resolution (an SVG is resolution-free)</source>
        <translation>PNG 的分辨率（SVG 与分辨率无关）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>PNG size</source>
        <translation>PNG 尺寸</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>导出图片</translation>
    </message>
</context>
<context>
    <name>FigureDialog</name>
    <message>
        <source>Export figure</source>
        <translation>导出组合图</translation>
    </message>
    <message>
        <source>Include this panel in the figure</source>
        <translation>在组合图中包含此面板</translation>
    </message>
    <message>
        <source>The whole window, as it is on screen</source>
        <translation>整个窗口，与屏幕上一致</translation>
    </message>
    <message>
        <source>Docks, controls and all, instead of the chosen panels in a grid</source>
        <translation>包括停靠面板和控件等全部内容，而不是把所选面板排成网格</translation>
    </message>
    <message>
        <source>The file to write: .png, .svg or .pdf</source>
        <translation>要写入的文件：.png、.svg 或 .pdf</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Panels side by side; automatic: one column for one or two panels, else two</source>
        <translation>并排的面板数；自动：一到两个面板时一列，否则两列</translation>
    </message>
    <message>
        <source>PNG resolution (SVG and PDF are resolution-free)</source>
        <translation>PNG 分辨率（SVG 和 PDF 与分辨率无关）</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列数</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>PNG size</source>
        <translation>PNG 尺寸</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>one cell</source>
        <translation>一个单元</translation>
    </message>
    <message>
        <source>one time step</source>
        <translation>一个时间步</translation>
    </message>
    <message>
        <source>one sub-operation</source>
        <translation>一个子运算</translation>
    </message>
    <message>
        <source>&amp;Open lesson…</source>
        <translation>打开课程(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a lesson file: a whole session saved by a teacher</source>
        <translation>打开课程文件：老师保存的完整会话</translation>
    </message>
    <message>
        <source>Open &amp;model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Open the weights of a trained nn.RNN (a state_dict .pt)</source>
        <translation>打开训练好的 nn.RNN 的权重（state_dict .pt 文件）</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save lesson…</source>
        <translation>保存课程(&amp;S)…</translation>
    </message>
    <message>
        <source>Save this session (model, step, view) as a lesson file for students</source>
        <translation>把当前会话（模型、步数、视图）保存为课程文件，供学生使用</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（没有最近打开的文件）</translation>
    </message>
    <message>
        <source>&amp;Clear recent files</source>
        <translation>清除最近打开的文件(&amp;C)</translation>
    </message>
    <message>
        <source>Could not open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>{0} is no longer there; it was removed from the recent files</source>
        <translation>{0} 已不存在；已从最近打开的文件中移除</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>RNN Stepper lesson (*.rnnlesson);;All files (*)</source>
        <translation>RNN Stepper 课程 (*.rnnlesson);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not open the lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>its configuration could not be used</source>
        <translation>无法使用其中的配置</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>{0} already exists. Replace it?</source>
        <translation>{0} 已存在。要替换它吗？</translation>
    </message>
    <message>
        <source>type a file name</source>
        <translation>请输入文件名</translation>
    </message>
    <message>
        <source>{0} is a folder: add a file name</source>
        <translation>{0} 是文件夹：请加上文件名</translation>
    </message>
    <message>
        <source>a lesson cannot hold your input or h0 files: choose File → Use generated input first, or share the files with the lesson</source>
        <translation>课程文件无法保存你的输入或 h0 文件：请先选择“文件 → 使用生成的输入”，或把这些文件和课程一起分享</translation>
    </message>
    <message>
        <source>Saved the lesson {0}</source>
        <translation>已保存课程 {0}</translation>
    </message>
    <message>
        <source>Saved with it: the configuration and weights, step {0} of {1}, step size: {2}</source>
        <translation>一并保存：配置和权重、当前进度（第 {0} 步，共 {1} 步）、步长：{2}</translation>
    </message>
    <message>
        <source>hidden panels: {0}</source>
        <translation>隐藏的面板：{0}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>every panel shown</source>
        <translation>显示所有面板</translation>
    </message>
    <message>
        <source>classroom mode on</source>
        <translation>课堂模式已开启</translation>
    </message>
    <message>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>choose a model file</source>
        <translation>请选择模型文件</translation>
    </message>
    <message>
        <source>the model could not be used</source>
        <translation>无法使用这个模型</translation>
    </message>
    <message>
        <source>Opened {0}: {1}</source>
        <translation>已打开 {0}：{1}</translation>
    </message>
    <message>
        <source>Model opened</source>
        <translation>模型已打开</translation>
    </message>
    <message>
        <source>Opened {0}. What was read from it:</source>
        <translation>已打开 {0}。从中读取的内容：</translation>
    </message>
</context>
<context>
    <name>GateMemoryPlot</name>
    <message>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <source>{0}: forget gate f (blue, mean over the neurons)&lt;br&gt;and the product of f from the sweep&apos;s start (black)</source>
        <translation>{0}：遗忘门 f（蓝色，各神经元的平均）&lt;br&gt;和从这一遍扫描开始起 f 的连乘（黑色）</translation>
    </message>
    <message>
        <source>{0}: update gate z (blue, mean over the neurons)&lt;br&gt;and the product of z from the sweep&apos;s start (black)</source>
        <translation>{0}：更新门 z（蓝色，各神经元的平均）&lt;br&gt;和从这一遍扫描开始起 z 的连乘（黑色）</translation>
    </message>
</context>
<context>
    <name>GateNames</name>
    <message>
        <source>input gate</source>
        <translation>输入门</translation>
    </message>
    <message>
        <source>forget gate</source>
        <translation>遗忘门</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选值</translation>
    </message>
    <message>
        <source>output gate</source>
        <translation>输出门</translation>
    </message>
    <message>
        <source>reset gate</source>
        <translation>重置门</translation>
    </message>
    <message>
        <source>update gate</source>
        <translation>更新门</translation>
    </message>
</context>
<context>
    <name>GeneratePanel</name>
    <message>
        <source>The model has changed since this text was generated: generate again.</source>
        <translation>生成这段文本之后模型已经改变：请重新生成。</translation>
    </message>
    <message>
        <source>The model writes: it predicts a character, takes it as the next input, and repeats.</source>
        <translation>让模型来写：它预测一个字符，把它作为下一个输入，如此反复。</translation>
    </message>
    <message>
        <source>The text the model reads first (every character must be in its vocabulary)</source>
        <translation>模型先读入的文本（每个字符都必须在它的词表中）</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>前缀</translation>
    </message>
    <message>
        <source>How many characters to generate</source>
        <translation>要生成多少个字符</translation>
    </message>
    <message>
        <source>The same seed gives the same text (above temperature 0)</source>
        <translation>相同的随机种子生成相同的文本（温度大于 0 时）</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>字符数</translation>
    </message>
    <message>
        <source>0: always the most probable character (greedy). Above 0: sampled from softmax(logits / T); higher T flattens the distribution, so rarer characters come up more often.</source>
        <translation>0：总是选择概率最大的字符（贪心）。大于 0：从 softmax(logits / T) 中采样；T 越大，分布越平坦，少见的字符出现得越多。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Write the characters with the model being stepped</source>
        <translation>用正在单步计算的模型生成字符</translation>
    </message>
    <message>
        <source>Show in the network</source>
        <translation>在网络中显示</translation>
    </message>
    <message>
        <source>Step prefix + generated text with this model, from the first cell</source>
        <translation>用这个模型从第一个单元开始，单步计算“前缀 + 生成的文本”</translation>
    </message>
    <message>
        <source>probability of each chosen character</source>
        <translation>每个选中字符的概率</translation>
    </message>
    <message>
        <source>{0:.2f} (greedy)</source>
        <translation>{0:.2f}（贪心）</translation>
    </message>
    <message>
        <source>Generating needs a text model (characters → embedding → RNN → head): choose text input in the Configuration panel.</source>
        <translation>生成需要文本模型（字符 → 词嵌入 → RNN → 输出层）：请在“配置”面板中选择文本输入。</translation>
    </message>
    <message>
        <source>Press Generate.</source>
        <translation>请按“生成”。</translation>
    </message>
    <message>
        <source>An untrained model writes noise: train it first (Train panel).</source>
        <translation>未经训练的模型只会写出杂乱的字符：请先训练它（“训练”面板）。</translation>
    </message>
    <message>
        <source>Continues the prefix with the weights the app is running now.</source>
        <translation>用应用当前的权重续写前缀。</translation>
    </message>
    <message>
        <source>greedy: always the most probable character</source>
        <translation>贪心：总是选择概率最大的字符</translation>
    </message>
    <message>
        <source>sampled at temperature {0:.2f}, seed {1}</source>
        <translation>以温度 {0:.2f} 采样，随机种子 {1}</translation>
    </message>
</context>
<context>
    <name>HiddenStatePanel</name>
    <message>
        <source>forward</source>
        <translation>正向</translation>
    </message>
    <message>
        <source>reverse</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>Hover the plots to read h_t; click a neuron&apos;s row or line to select it.</source>
        <translation>鼠标悬停在图上可读取 h_t；点击某个神经元的行或曲线即可选中它。</translation>
    </message>
    <message>
        <source>What the plots show over time: the hidden state h_t, the LSTM&apos;s cell state c_t, or the values of one gate</source>
        <translation>图中随时间显示的量：隐藏状态 h_t、LSTM 的细胞状态 c_t，或某一个门的值</translation>
    </message>
    <message>
        <source>Which neurons get a line, e.g. &quot;0-31&quot; or &quot;0, 5, 10-20&quot; (at most {max}). The selected neuron is always drawn, thicker.</source>
        <translation>为哪些神经元画曲线，例如 &quot;0-31&quot; 或 &quot;0, 5, 10-20&quot;（最多 {max} 个）。选中的神经元总会画出，且线条更粗。</translation>
    </message>
    <message>
        <source>&quot;{part}&quot; is not a neuron number or a range like 0-31</source>
        <translation>&quot;{part}&quot; 不是神经元编号，也不是 0-31 这样的范围</translation>
    </message>
    <message>
        <source>neurons go from 0 to {last}; &quot;{part}&quot; is outside</source>
        <translation>神经元编号从 0 到 {last}；&quot;{part}&quot; 超出了范围</translation>
    </message>
    <message>
        <source>choose at least one neuron, e.g. 0-31</source>
        <translation>请至少选择一个神经元，例如 0-31</translation>
    </message>
    <message>
        <source>Which layer&apos;s hidden state to show</source>
        <translation>显示哪一层的隐藏状态</translation>
    </message>
    <message>
        <source>Which direction&apos;s hidden state to show (reverse exists only in a bidirectional RNN)</source>
        <translation>显示哪个方向的隐藏状态（只有双向 RNN 才有反向）</translation>
    </message>
    <message>
        <source>e.g. 0-31</source>
        <translation>例如 0-31</translation>
    </message>
    <message>
        <source>lines for neurons:</source>
        <translation>画曲线的神经元：</translation>
    </message>
    <message>
        <source>neuron i</source>
        <translation>神经元 i</translation>
    </message>
    <message>
        <source>t (time step)</source>
        <translation>t（时间步）</translation>
    </message>
    <message>
        <source>layer {k}</source>
        <translation>第 {k} 层</translation>
    </message>
    <message>
        <source>c_t (cell state)</source>
        <translation>c_t（细胞状态）</translation>
    </message>
    <message>
        <source>gate {gate}</source>
        <translation>门 {gate}</translation>
    </message>
    <message>
        <source>layer {layer}, {direction}</source>
        <translation>第 {layer} 层，{direction}</translation>
    </message>
    <message>
        <source>batch element {b}</source>
        <translation>批次元素 {b}</translation>
    </message>
    <message>
        <source>h&lt;sub&gt;t&lt;/sub&gt;[i] over time</source>
        <translation>h&lt;sub&gt;t&lt;/sub&gt;[i] 随时间的变化</translation>
    </message>
    <message>
        <source>h&lt;sub&gt;t&lt;/sub&gt;: time × neuron (grey = not computed yet)</source>
        <translation>h&lt;sub&gt;t&lt;/sub&gt;：时间 × 神经元（灰色 = 尚未计算）</translation>
    </message>
    <message>
        <source>{name}[i] over time</source>
        <translation>{name}[i] 随时间的变化</translation>
    </message>
    <message>
        <source>{name}: time × neuron (grey = not computed yet)</source>
        <translation>{name}：时间 × 神经元（灰色 = 尚未计算）</translation>
    </message>
    <message>
        <source>{name} selected</source>
        <translation>{name} 已选中</translation>
    </message>
    <message>
        <source>{n} of {total} neurons&lt;br&gt;(hover to read)</source>
        <translation>{n} / {total} 个神经元&lt;br&gt;（悬停读取数值）</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>已选中</translation>
    </message>
    <message>
        <source>h_t[{i}] at t={t}: not computed yet</source>
        <translation>h_t[{i}] 在 t={t}：尚未计算</translation>
    </message>
    <message>
        <source>h_t[{i}] at t={t} = {value}</source>
        <translation>h_t[{i}] 在 t={t} = {value}</translation>
    </message>
</context>
<context>
    <name>InputActions</name>
    <message>
        <source>Open &amp;input…</source>
        <translation>打开输入(&amp;I)…</translation>
    </message>
    <message>
        <source>Feed your own input tensor (.npy or .pt): (seq_len, batch, input_size), batch-first, or unbatched (seq_len, input_size)</source>
        <translation>输入你自己的张量（.npy 或 .pt）：(seq_len, batch, input_size)、batch-first，或无批量维度的 (seq_len, input_size)</translation>
    </message>
    <message>
        <source>Open initial &amp;state h0…</source>
        <translation>打开初始状态 h0(&amp;S)…</translation>
    </message>
    <message>
        <source>Start from your own h0 (.npy or .pt): (num_layers * num_directions, batch, hidden_size)</source>
        <translation>从你自己的 h0 开始（.npy 或 .pt）：(num_layers * num_directions, batch, hidden_size)</translation>
    </message>
    <message>
        <source>Use &amp;generated input</source>
        <translation>使用生成的输入(&amp;G)</translation>
    </message>
    <message>
        <source>Forget the input and h0 files: input and h0 come from the configuration again</source>
        <translation>不再使用输入和 h0 文件：输入和 h0 重新由配置生成</translation>
    </message>
    <message>
        <source>Open input</source>
        <translation>打开输入</translation>
    </message>
    <message>
        <source>Open initial state h0</source>
        <translation>打开初始状态 h0</translation>
    </message>
    <message>
        <source>Tensors (*.npy *.pt *.pth);;All files (*)</source>
        <translation>张量 (*.npy *.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>the file does not fit the model</source>
        <translation>该文件与模型不匹配</translation>
    </message>
    <message>
        <source>Could not use the file</source>
        <translation>无法使用该文件</translation>
    </message>
    <message>
        <source>unbatched input</source>
        <translation>无批量维度的输入</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Using {0} {1}, shape {2}</source>
        <translation>正在使用{0} {1}，形状 {2}</translation>
    </message>
</context>
<context>
    <name>LearnActions</name>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Reset &amp;weights to initial</source>
        <translation>把权重恢复为初始值(&amp;W)</translation>
    </message>
    <message>
        <source>Put every weight back to its value before the first edit (itself undoable)</source>
        <translation>把每个权重恢复为第一次编辑之前的值（这一操作本身也可以撤销）</translation>
    </message>
    <message>
        <source>Double-click a weight in the Weights panel to edit it</source>
        <translation>在“权重”面板中双击某个权重即可编辑</translation>
    </message>
    <message>
        <source>Save &amp;model…</source>
        <translation>保存模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Save the running model&apos;s weights (a PyTorch state_dict, opened again with File → Open model)</source>
        <translation>保存当前模型的权重（PyTorch state_dict，可以用“文件 → 打开模型”重新打开）</translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>撤销 {0}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation>重做 {0}(&amp;R)</translation>
    </message>
    <message>
        <source>The model is being trained: let the training finish, or cancel it, before editing weights.</source>
        <translation>模型正在训练：请等训练结束或取消训练，再编辑权重。</translation>
    </message>
    <message>
        <source>Edit weight</source>
        <translation>编辑权重</translation>
    </message>
    <message>
        <source>New value of {0}:</source>
        <translation>{0} 的新值：</translation>
    </message>
    <message>
        <source>Edited {0}</source>
        <translation>已编辑 {0}</translation>
    </message>
    <message>
        <source>Undid {0}</source>
        <translation>已撤销 {0}</translation>
    </message>
    <message>
        <source>Redid {0}</source>
        <translation>已重做 {0}</translation>
    </message>
    <message>
        <source>{0}: the weights are back to where they started</source>
        <translation>{0}：权重已恢复为初始值</translation>
    </message>
    <message>
        <source>unexpected error: {0}: {1}</source>
        <translation>意外错误：{0}: {1}</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>PyTorch state_dict (*.pt *.pth);;All files (*)</source>
        <translation>PyTorch state_dict (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not save the model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>Saved the model to {0} (open it with File → Open model)</source>
        <translation>模型已保存到 {0}（可以用“文件 → 打开模型”打开）</translation>
    </message>
</context>
<context>
    <name>LessonNotesDock</name>
    <message>
        <source>Lesson notes</source>
        <translation>课程说明</translation>
    </message>
    <message>
        <source>Show or hide the lesson&apos;s notes</source>
        <translation>显示或隐藏课程说明</translation>
    </message>
</context>
<context>
    <name>LessonSupport</name>
    <message>
        <source>Lesson: {0}</source>
        <translation>课程：{0}</translation>
    </message>
    <message>
        <source>Lesson opened</source>
        <translation>课程已打开</translation>
    </message>
    <message>
        <source>Could not open the lesson: {0}</source>
        <translation>无法打开课程：{0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>→ step · ← back · Space play/pause · Home reset · End run to end</source>
        <translation>→ 单步 · ← 后退 · 空格 播放/暂停 · Home 重置 · End 运行到结尾</translation>
    </message>
    <message>
        <source>cell 0 / {0} · not started</source>
        <translation>单元 0 / {0} · 尚未开始</translation>
    </message>
    <message>
        <source>cell {0} / {1} · layer {2} {3} · t = {4}</source>
        <translation>单元 {0} / {1} · 第 {2} 层 {3} · t = {4}</translation>
    </message>
    <message>
        <source> · batch {0}</source>
        <translation> · 批量样本 {0}</translation>
    </message>
    <message>
        <source>nothing computed yet</source>
        <translation>尚未计算</translation>
    </message>
    <message>
        <source>stage {0} / {1}: {2}</source>
        <translation>阶段 {0} / {1}：{2}</translation>
    </message>
    <message>
        <source>✗ cannot compare with nn.RNN: the values are NaN or infinite</source>
        <translation>✗ 无法与 nn.RNN 比较：数值为 NaN 或无穷大</translation>
    </message>
    <message>
        <source>✓ {0} of {1} cells match nn.RNN (max |Δ| = {2:.1e} ≤ {3:g})</source>
        <translation>✓ {1} 个单元中有 {0} 个与 nn.RNN 一致（最大 |Δ| = {2:.1e} ≤ {3:g}）</translation>
    </message>
    <message>
        <source>✗ {0} of {1} cells match nn.RNN (max |Δ| = {2:.1e} &gt; {3:g})</source>
        <translation>✗ {1} 个单元中只有 {0} 个与 nn.RNN 一致（最大 |Δ| = {2:.1e} &gt; {3:g}）</translation>
    </message>
    <message>
        <source>✓ matches nn.RNN (max |Δ| = {0:.1e} ≤ {1:g})</source>
        <translation>✓ 与 nn.RNN 一致（最大 |Δ| = {0:.1e} ≤ {1:g}）</translation>
    </message>
    <message>
        <source>✗ differs from nn.RNN (max |Δ| = {0:.1e} &gt; {1:g})</source>
        <translation>✗ 与 nn.RNN 不一致（最大 |Δ| = {0:.1e} &gt; {1:g}）</translation>
    </message>
    <message>
        <source>not available ({0})</source>
        <translation>不可用（{0}）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close the window (the layout is remembered)</source>
        <translation>关闭窗口（会记住布局）</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About RNN Stepper</source>
        <translation>关于 RNN Stepper(&amp;A)</translation>
    </message>
    <message>
        <source>Show the interface in this language (remembered)</source>
        <translation>用这种语言显示界面（会记住这个选择）</translation>
    </message>
    <message>
        <source>The cell on screen: its layer, direction (→ forward, ← reverse) and time step t</source>
        <translation>屏幕上显示的单元：它所在的层、方向（→ 正向，← 反向）和时间步 t</translation>
    </message>
    <message>
        <source>The stepper&apos;s h_t for this cell compared with torch.nn.RNN&apos;s</source>
        <translation>本程序逐步算出的这个单元的 h_t，与 torch.nn.RNN 的结果比较</translation>
    </message>
    <message>
        <source>Could not start:
{0}</source>
        <translation>无法启动：
{0}</translation>
    </message>
    <message>
        <source>The {0} panel could not be created:
{1}: {2}</source>
        <translation>无法创建 {0} 面板：
{1}: {2}</translation>
    </message>
    <message>
        <source>Show or hide the {0} panel</source>
        <translation>显示或隐藏“{0}”面板</translation>
    </message>
    <message>
        <source>Controls toolbar</source>
        <translation>控制工具栏</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back in its default place</source>
        <translation>把每个面板放回默认位置</translation>
    </message>
    <message>
        <source>Configuration not applied: {0}</source>
        <translation>配置未应用：{0}</translation>
    </message>
    <message>
        <source>Running to the end… {0}% ({1} of {2} cells) · Esc cancels</source>
        <translation>正在运行到结尾… {0}%（{2} 个单元中的 {1} 个）· 按 Esc 取消</translation>
    </message>
    <message>
        <source>Going to cell {2}… {0}% ({1} of {2} cells) · Esc cancels</source>
        <translation>正在前往第 {2} 个单元… {0}%（{2} 个单元中的 {1} 个）· 按 Esc 取消</translation>
    </message>
    <message>
        <source>Building the new model… {0}% · Esc cancels (the current model stays)</source>
        <translation>正在构建新模型… {0}% · 按 Esc 取消（保留当前模型）</translation>
    </message>
    <message>
        <source>Cancelled: the previous configuration is still running.</source>
        <translation>已取消：仍在运行之前的配置。</translation>
    </message>
    <message>
        <source>The model is being trained: let the training finish, or cancel it, before switching the language.</source>
        <translation>模型正在训练：请等训练结束或取消训练，再切换语言。</translation>
    </message>
    <message>
        <source>The translation could not be loaded; the language stays as it is.</source>
        <translation>无法加载翻译文件；语言保持不变。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Watch a recurrent neural network compute, one cell at a time, checked against &lt;code&gt;torch.nn.RNN&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;观察循环神经网络如何一次计算一个单元，每一步都与 &lt;code&gt;torch.nn.RNN&lt;/code&gt; 的结果核对。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About RNN Stepper</source>
        <translation>关于 RNN Stepper</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>&lt;p&gt;They work anywhere in the window, except that a text or number field keeps the keys it needs for typing (Space types a space there).&lt;/p&gt;</source>
        <translation>&lt;p&gt;这些快捷键在窗口中的任何地方都可以使用，只是文本框或数字框会保留输入所需的按键（在那里按空格会输入一个空格）。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NetworkPanel</name>
    <message>
        <source>forward</source>
        <translation>正向</translation>
    </message>
    <message>
        <source>reverse</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <source>class guess</source>
        <translation>类别猜测</translation>
    </message>
    <message>
        <source>predicted next</source>
        <translation>预测的下一个</translation>
    </message>
    <message>
        <source>now: layer {layer} {arrow}, t = {t}</source>
        <translation>当前：第 {layer} 层 {arrow}，t = {t}</translation>
    </message>
    <message>
        <source>the unrolled view draws each of these cells {n} times, once per time step</source>
        <translation>展开视图把这里的每个单元画 {n} 次，每个时间步一次</translation>
    </message>
    <message>
        <source>the unrolled view draws each of these cells once: there is one time step</source>
        <translation>展开视图把这里的每个单元只画一次：只有一个时间步</translation>
    </message>
    <message>
        <source>RNN cell</source>
        <translation>RNN 单元</translation>
    </message>
    <message>
        <source>h₀ (no step yet)</source>
        <translation>h₀（尚未单步）</translation>
    </message>
    <message>
        <source>input xₜ</source>
        <translation>输入 xₜ</translation>
    </message>
    <message>
        <source>LSTM cell</source>
        <translation>LSTM 单元</translation>
    </message>
    <message>
        <source>GRU cell</source>
        <translation>GRU 单元</translation>
    </message>
    <message>
        <source>xₜ = hₜ of layer {layer}</source>
        <translation>xₜ = 第 {layer} 层的 hₜ</translation>
    </message>
    <message>
        <source>class guess ({p}) after t = {t}</source>
        <translation>t = {t} 之后的类别猜测（{p}）</translation>
    </message>
    <message>
        <source>predicted next ({p}) after t = {t}</source>
        <translation>t = {t} 之后预测的下一个（{p}）</translation>
    </message>
    <message>
        <source>⟲ Rolled</source>
        <translation>⟲ 折叠</translation>
    </message>
    <message>
        <source>Show the network rolled up: one recurrent cell per layer with its loop arrow.
Every cell of a row in the unrolled view is this one cell, reused at every time step.</source>
        <translation>以折叠形式显示网络：每层一个带循环箭头的循环单元。
展开视图中同一行的每个单元都是这同一个单元，在每个时间步重复使用。</translation>
    </message>
    <message>
        <source>Zoom out: narrower time steps (Ctrl+wheel, − key)</source>
        <translation>缩小：时间步变窄（Ctrl+滚轮，− 键）</translation>
    </message>
    <message>
        <source>Zoom in: wider time steps (Ctrl+wheel, + key)</source>
        <translation>放大：时间步变宽（Ctrl+滚轮，+ 键）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Fit the whole sequence into the view</source>
        <translation>让整个序列适应视图</translation>
    </message>
    <message>
        <source>token: {token}</source>
        <translation>词元：{token}</translation>
    </message>
    <message>
        <source>input: {token}</source>
        <translation>输入：{token}</translation>
    </message>
    <message>
        <source>&lt;i&gt;not computed yet&lt;/i&gt; (cell {i} of {n}) — click to compute up to here</source>
        <translation>&lt;i&gt;尚未计算&lt;/i&gt;（单元 {i} / {n}）— 点击即可计算到这里</translation>
    </message>
    <message>
        <source>being computed: {stage}</source>
        <translation>正在计算：{stage}</translation>
    </message>
    <message>
        <source>selected neuron {i}: h = {value}</source>
        <translation>选中的神经元 {i}：h = {value}</translation>
    </message>
    <message>
        <source>selected neuron {i}: c = {value}</source>
        <translation>选中的神经元 {i}：c = {value}</translation>
    </message>
    <message>
        <source>✗ NaN or infinite: cannot compare</source>
        <translation>✗ NaN 或无穷大：无法比较</translation>
    </message>
    <message>
        <source>✓ matches</source>
        <translation>✓ 一致</translation>
    </message>
    <message>
        <source>✗ differs</source>
        <translation>✗ 不一致</translation>
    </message>
    <message>
        <source>(tolerance {tol})</source>
        <translation>（容差 {tol}）</translation>
    </message>
    <message>
        <source>batch element {b}</source>
        <translation>批次元素 {b}</translation>
    </message>
    <message>
        <source>0 / {n} cells</source>
        <translation>0 / {n} 个单元</translation>
    </message>
    <message>
        <source>cell {i} / {n}: layer {layer}{arrow}, t = {t}</source>
        <translation>单元 {i} / {n}：第 {layer} 层{arrow}，t = {t}</translation>
    </message>
</context>
<context>
    <name>OpenModelDialog</name>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>a .pt file saved with torch.save(model.state_dict(), …)</source>
        <translation>用 torch.save(model.state_dict(), …) 保存的 .pt 文件</translation>
    </message>
    <message>
        <source>A state_dict: a bare nn.RNN, or embedding or one-hot → RNN → a linear head or classifier. Files that would run code when opened are refused.</source>
        <translation>一个 state_dict：单独的 nn.RNN，或 嵌入层或独热向量 → RNN → 线性输出层或分类器。打开时会运行代码的文件会被拒绝。</translation>
    </message>
    <message>
        <source>optional: one token per line (\n, \s, \t escapes), or a JSON list or token → id object</source>
        <translation>可选：每行一个词元（转义 \n、\s、\t），或 JSON 列表，或 词元 → id 的 JSON 对象</translation>
    </message>
    <message>
        <source>Needed for a text model whose file does not carry its vocabulary. For a model without an embedding, a vocabulary of input_size tokens feeds one-hot characters.</source>
        <translation>文本模型的文件中没有词表时需要提供。对于没有嵌入层的模型，含 input_size 个词元的词表会把字符作为独热向量输入。</translation>
    </message>
    <message>
        <source>optional, classifiers: one class name per line, or JSON</source>
        <translation>可选，分类器：每行一个类别名，或 JSON</translation>
    </message>
    <message>
        <source>Names for the classes of a classifier head (sentiment, name → language); without it the classes are numbered</source>
        <translation>分类器输出层各类别的名称（情感、姓名 → 语言）；不提供时类别按编号显示</translation>
    </message>
    <message>
        <source>as recorded in the file (else tanh)</source>
        <translation>按文件中的记录（没有记录则用 tanh）</translation>
    </message>
    <message>
        <source>A state_dict does not say which nonlinearity the RNN used; choose the one it was trained with</source>
        <translation>state_dict 不记录 RNN 使用的激活函数；请选择训练时用的那个</translation>
    </message>
    <message>
        <source>optional, text models: the characters to feed in</source>
        <translation>可选，文本模型：要输入的字符</translation>
    </message>
    <message>
        <source>Left empty: the current text if the vocabulary can spell it, else the vocabulary&apos;s first tokens</source>
        <translation>留空时：如果词表能表示当前文本，就用当前文本，否则用词表中的前几个词元</translation>
    </message>
    <message>
        <source>Sizes, layers and direction are read from the weights. Sequence length, batch size, seed and h0 stay as they are now.</source>
        <translation>尺寸、层数和方向从权重中读取。序列长度、批量大小、随机种子和 h0 保持当前的设置。</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>Class names</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <source>Nonlinearity</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pt *.pth *.bin *.ckpt);;All files (*)</source>
        <translation>PyTorch 权重 (*.pt *.pth *.bin *.ckpt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Vocabulary (*.txt *.vocab *.json);;All files (*)</source>
        <translation>词表 (*.txt *.vocab *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Class names (*.txt *.json);;All files (*)</source>
        <translation>类别名称 (*.txt *.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>OrderView</name>
    <message>
        <source>The same characters in another order: the same model, the same weights. An RNN reads in order, so its hidden states part ways where the texts do.</source>
        <translation>同样的字，换一种顺序：同一个模型，同样的权重。RNN 按顺序读取，所以文本在哪里不同，隐藏状态就从哪里分开。</translation>
    </message>
    <message>
        <source>A reordering of the text (the same number of characters)</source>
        <translation>文本的另一种排列（字数相同）</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>倒序</translation>
    </message>
    <message>
        <source>Compare with the text read backwards</source>
        <translation>与倒着读的文本比较</translation>
    </message>
    <message>
        <source>“{a}” and “{b}” give the same hidden states at every step.</source>
        <translation>“{a}” 和 “{b}” 在每一步的隐藏状态都相同。</translation>
    </message>
    <message>
        <source>“{a}” and “{b}”: the hidden states part ways at t = {t}.</source>
        <translation>“{a}” 和 “{b}”：隐藏状态在 t = {t} 处开始不同。</translation>
    </message>
    <message>
        <source>After the whole text the model predicts “{pa}” (p = {p:.2f}) and “{pb}” (p = {q:.2f}).</source>
        <translation>读完整个文本后，模型分别预测 “{pa}”（p = {p:.2f}）和 “{pb}”（p = {q:.2f}）。</translation>
    </message>
    <message>
        <source>max |h&lt;sub&gt;A&lt;/sub&gt; − h&lt;sub&gt;B&lt;/sub&gt;|</source>
        <translation>最大 |h&lt;sub&gt;A&lt;/sub&gt; − h&lt;sub&gt;B&lt;/sub&gt;|</translation>
    </message>
    <message>
        <source>A predicts</source>
        <translation>A 的预测</translation>
    </message>
    <message>
        <source>B predicts</source>
        <translation>B 的预测</translation>
    </message>
</context>
<context>
    <name>OutputPanel</name>
    <message>
        <source>forward | reverse</source>
        <translation>正向 | 反向</translation>
    </message>
    <message>
        <source>next token</source>
        <translation>下一个词元</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>index in output[t]</source>
        <translation>在 output[t] 中的下标</translation>
    </message>
    <message>
        <source>Press Space or Step: the class guess appears once the top layer has computed the first time step.</source>
        <translation>按空格键或“单步”：最上层算完第一个时间步后，就会显示类别猜测。</translation>
    </message>
    <message>
        <source>Press Space or Step: the prediction appears once the top layer has computed the first time step.</source>
        <translation>按空格键或“单步”：最上层算完第一个时间步后，这里就会出现预测。</translation>
    </message>
    <message>
        <source>Press Space or Step: output[t] appears once the top layer has computed the first time step.</source>
        <translation>按空格键或“单步”：最上层算完第一个时间步后，这里就会出现 output[t]。</translation>
    </message>
    <message>
        <source>output[{t}] is being computed: it is this cell&apos;s h&lt;sub&gt;t&lt;/sub&gt;, revealed at part {full} of {full} (now at part {stage}).</source>
        <translation>output[{t}] 正在计算：它就是这个单元的 h&lt;sub&gt;t&lt;/sub&gt;，在第 {full} 部分（共 {full} 部分）揭示（当前在第 {stage} 部分）。</translation>
    </message>
    <message>
        <source>This cell is in layer {layer}. output[{t}] is the top layer&apos;s hidden state (layer {top}), which has not reached t = {t} yet.</source>
        <translation>这个单元在第 {layer} 层。output[{t}] 是最上层（第 {top} 层）的隐藏状态，而最上层还没有算到 t = {t}。</translation>
    </message>
    <message>
        <source>output[{t}] joins both directions of the top layer; the reverse direction has not reached t = {t} yet (it runs from the last time step back to the first).</source>
        <translation>output[{t}] 拼接了最上层的两个方向；反向还没有算到 t = {t}（它从最后一个时间步往回算到第一个）。</translation>
    </message>
    <message>
        <source>after “{prefix}” the model predicts “{predicted}” (p = {p})</source>
        <translation>在“{prefix}”之后，模型预测“{predicted}”（p = {p}）</translation>
    </message>
    <message>
        <source>The reverse direction has also read the tokens after t, so this is not a fair next-token guess.</source>
        <translation>反向也读过了 t 之后的词元，所以这不是公平的下一个词元预测。</translation>
    </message>
    <message>
        <source>The weights are untrained, so the guess is random until the model is trained.</source>
        <translation>权重尚未训练，因此在训练模型之前，预测是随机的。</translation>
    </message>
    <message>
        <source>softmax(head(output[{t}])) over the {n}-token vocabulary; top {k} shown.</source>
        <translation>softmax(head(output[{t}])) 作用于含 {n} 个词元的词表；显示前 {k} 个。</translation>
    </message>
    <message>
        <source>after “{prefix}” the class guess is {guess} (p = {p})</source>
        <translation>读完“{prefix}”后，类别猜测是 {guess}（p = {p}）</translation>
    </message>
    <message>
        <source>after step {t} the class guess is {guess} (p = {p})</source>
        <translation>第 {t} 步之后，类别猜测是 {guess}（p = {p}）</translation>
    </message>
    <message>
        <source>Final prediction: {name} (p = {p}).</source>
        <translation>最终预测：{name}（p = {p}）。</translation>
    </message>
    <message>
        <source>The final prediction is the guess after the last step, t = {last}.</source>
        <translation>最终预测就是最后一步 t = {last} 之后的猜测。</translation>
    </message>
    <message>
        <source>Classes are numbered: a labels file names them.</source>
        <translation>类别按编号显示：提供类别文件即可显示名称。</translation>
    </message>
    <message>
        <source>softmax(head(output[{t}])) over the {n} classes.</source>
        <translation>对 {n} 个类别的 softmax(head(output[{t}]))。</translation>
    </message>
    <message>
        <source>output[{t}], batch element {b}: {n} values</source>
        <translation>output[{t}]，批次元素 {b}：{n} 个值</translation>
    </message>
    <message>
        <source>output[{t}]: {n} values</source>
        <translation>output[{t}]：{n} 个值</translation>
    </message>
    <message>
        <source>shape [D*H] = [{d}*{h}] = [{n}]: the top layer&apos;s h&lt;sub&gt;t&lt;/sub&gt;; the first {h} come from the forward direction, the last {h} from the reverse one. The whole output has shape torch.Size({full}) {layout}.</source>
        <translation>形状 [D*H] = [{d}*{h}] = [{n}]：最上层的 h&lt;sub&gt;t&lt;/sub&gt;；前 {h} 个来自正向，后 {h} 个来自反向。整个 output 的形状是 torch.Size({full}) {layout}。</translation>
    </message>
    <message>
        <source>shape [D*H] = [{d}*{h}] = [{n}]: the top layer&apos;s h&lt;sub&gt;t&lt;/sub&gt;. The whole output has shape torch.Size({full}) {layout}.</source>
        <translation>形状 [D*H] = [{d}*{h}] = [{n}]：最上层的 h&lt;sub&gt;t&lt;/sub&gt;。整个 output 的形状是 torch.Size({full}) {layout}。</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>Unrolled network</source>
        <translation>展开的网络</translation>
    </message>
    <message>
        <source>Calculation</source>
        <translation>计算过程</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Hidden state</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <source>PyTorch code</source>
        <translation>PyTorch 代码</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>反向传播</translation>
    </message>
</context>
<context>
    <name>SaveLessonDialog</name>
    <message>
        <source>Save lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>The lesson file to write (.rnnlesson is added if missing)</source>
        <translation>要写入的课程文件（没有 .rnnlesson 后缀时会自动加上）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Title and notes in each language; students see the ones of their interface&apos;s language (another language&apos;s if theirs is empty).</source>
        <translation>每种语言各写一份标题和说明；学生看到的是与其界面语言相同的那一份（该语言为空时显示另一种语言的）。</translation>
    </message>
    <message>
        <source>optional, e.g. 我爱你: one cell, three time steps</source>
        <translation>可选，例如：我爱你：一个单元，三个时间步</translation>
    </message>
    <message>
        <source>optional notes shown to students when they open the lesson, e.g. what to look for</source>
        <translation>可选，学生打开课程时看到的说明，例如要注意观察什么</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>RNN Stepper lesson (*.rnnlesson)</source>
        <translation>RNN Stepper 课程 (*.rnnlesson)</translation>
    </message>
</context>
<context>
    <name>SettingsStore</name>
    <message>
        <source>Restored the last configuration; the weights of {0} are not kept between runs (File → Open recent reopens it)</source>
        <translation>已恢复上次的配置；{0} 的权重不会在两次运行之间保留（可用“文件 → 最近打开”重新打开）</translation>
    </message>
</context>
<context>
    <name>SizeChooser</name>
    <message>
        <source>Scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Multiply the panel&apos;s on-screen size (sharper, not blurrier)</source>
        <translation>按面板在屏幕上的尺寸成倍放大（更清晰，而不是更模糊）</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>An exact width in pixels; the height follows the panel&apos;s shape</source>
        <translation>精确的像素宽度；高度按面板的比例确定</translation>
    </message>
</context>
<context>
    <name>StageNames</name>
    <message>
        <source>sum</source>
        <translation>求和</translation>
    </message>
    <message>
        <source>nonlinearity → h_t</source>
        <translation>激活函数 → h_t</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>{0} panel: {1}: {2}</source>
        <translation>{0}面板：{1}：{2}</translation>
    </message>
</context>
<context>
    <name>Style</name>
    <message>
        <source>one cell, reused at every time step</source>
        <translation>同一个单元，在每个时间步重复使用</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>choose a corpus file (one sentence per line)</source>
        <translation>请选择语料文件（每行一个句子）</translation>
    </message>
    <message>
        <source>epoch 0 / {0}</source>
        <translation>第 0 / {0} 轮</translation>
    </message>
    <message>
        <source>Training on {0}…</source>
        <translation>正在用 {0} 训练…</translation>
    </message>
    <message>
        <source>Resuming from epoch {0}…</source>
        <translation>从第 {0} 轮继续…</translation>
    </message>
    <message>
        <source>epoch {0} / {1}</source>
        <translation>第 {0} / {1} 轮</translation>
    </message>
    <message>
        <source>Train the model to predict the next character: after “我爱” comes “你”. The other panels follow the model while it learns.</source>
        <translation>训练模型预测下一个字符：“我爱”之后是“你”。训练过程中，其他面板会跟着模型一起变化。</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Train on one text, read as one sequence</source>
        <translation>用一段文本训练，作为一个序列读入</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>语料</translation>
    </message>
    <message>
        <source>Train on a text file with one sentence per line</source>
        <translation>用每行一个句子的文本文件训练</translation>
    </message>
    <message>
        <source>The text to learn (follows the text being stepped until you type here)</source>
        <translation>要学习的文本（在你在这里输入之前，它和正在单步计算的文本保持一致）</translation>
    </message>
    <message>
        <source>A UTF-8 text file, one sentence per line (the bundled one: 60 short Chinese sentences)</source>
        <translation>UTF-8 文本文件，每行一个句子（自带的语料：60 个简短的中文句子）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a corpus file</source>
        <translation>选择语料文件</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>continue from the current weights</source>
        <translation>从当前权重继续</translation>
    </message>
    <message>
        <source>On: train the model being stepped now (train again to train more). Off, or when its vocabulary lacks characters of the training text: new random weights, and a vocabulary made from the training text.</source>
        <translation>勾选：训练正在单步计算的模型（再次训练可以继续训练）。不勾选，或者它的词表缺少训练文本中的字符时：使用新的随机权重，并从训练文本建立词表。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Passes over the training text</source>
        <translation>遍历训练文本的次数</translation>
    </message>
    <message>
        <source>How far each step moves the weights (try 0.01 to 0.05 with Adam, 0.1 to 1 with SGD)</source>
        <translation>每一步让权重移动多远（使用 Adam 时可以试试 0.01 到 0.05，使用 SGD 时试试 0.1 到 1）</translation>
    </message>
    <message>
        <source>Adam adapts the step per weight; SGD moves every weight by learning rate × gradient</source>
        <translation>Adam 为每个权重自适应地调整步长；SGD 让每个权重移动 学习率 × 梯度</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Gradient clipping: the largest gradient norm per step (keeps exploding gradients in check); 0 = off</source>
        <translation>梯度裁剪：每一步允许的最大梯度范数（防止梯度爆炸）；0 = 关闭</translation>
    </message>
    <message>
        <source>Seed for the order of the sentences (new weights come from the configuration&apos;s seed)</source>
        <translation>决定句子顺序的随机种子（新权重来自配置中的随机种子）</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>clip</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Start training with these settings</source>
        <translation>用这些设置开始训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop after the current epoch; Resume goes on from there</source>
        <translation>在当前这一轮结束后停止；“继续”会从那里接着训练</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Go on training from where it was paused</source>
        <translation>从暂停的地方接着训练</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop after the current epoch and keep the model of the last completed epoch</source>
        <translation>在当前这一轮结束后停止，并保留最后完成的那一轮的模型</translation>
    </message>
    <message>
        <source>not trained yet</source>
        <translation>尚未训练</translation>
    </message>
    <message>
        <source>Epochs done and the time spent training</source>
        <translation>已完成的轮数和训练所用的时间</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>A logarithmic loss axis shows the late, small improvements too</source>
        <translation>对数坐标的损失轴也能显示后期的微小改进</translation>
    </message>
    <message>
        <source>other panels follow the model while training</source>
        <translation>训练时其他面板跟随模型变化</translation>
    </message>
    <message>
        <source>Show the model being trained in every panel, {0} times a second at most; off: only when training stops</source>
        <translation>在每个面板中显示正在训练的模型，每秒最多 {0} 次；不勾选：只在训练停止时显示</translation>
    </message>
    <message>
        <source>loss (mean cross-entropy per character)</source>
        <translation>损失（每个字符的平均交叉熵）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Corpus: one sentence per line</source>
        <translation>语料：每行一个句子</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Pausing after this epoch…</source>
        <translation>这一轮结束后暂停…</translation>
    </message>
    <message>
        <source>Cancelling after this epoch…</source>
        <translation>这一轮结束后取消…</translation>
    </message>
    <message>
        <source>New random weights: the current model is a classifier, and training here predicts the next character. </source>
        <translation>使用新的随机权重：当前模型是分类器，而这里的训练是预测下一个字符。</translation>
    </message>
    <message>
        <source>New random weights: the current model does not know {0} of the characters ({1}). </source>
        <translation>使用新的随机权重：当前模型不认识其中 {0} 个字符（{1}）。</translation>
    </message>
    <message>
        <source>New random weights: the current model has no characters (random tensor input). </source>
        <translation>使用新的随机权重：当前模型没有字符（输入是随机张量）。</translation>
    </message>
    <message>
        <source>“{0}”</source>
        <translation>“{0}”</translation>
    </message>
    <message>
        <source>{0} sentences (a vocabulary of {1} characters)</source>
        <translation>{0} 个句子（词表有 {1} 个字符）</translation>
    </message>
    <message>
        <source>epoch {0} / {1} · {2:.1f} s</source>
        <translation>第 {0} / {1} 轮 · {2:.1f} 秒</translation>
    </message>
    <message>
        <source>Training: epoch {0} of {1}, loss {2:.4f}, gradient norm {3:.3g}</source>
        <translation>正在训练：第 {0} 轮（共 {1} 轮），损失 {2:.4f}，梯度范数 {3:.3g}</translation>
    </message>
    <message>
        <source>Paused after epoch {0} of {1}. Step through the model as it is now; Resume goes on with epoch {2}.</source>
        <translation>已在第 {0} 轮（共 {1} 轮）之后暂停。可以单步查看现在的模型；“继续”将从第 {2} 轮接着训练。</translation>
    </message>
    <message>
        <source>not trained</source>
        <translation>未训练</translation>
    </message>
    <message>
        <source> The model after epoch {0} is kept.</source>
        <translation>保留第 {0} 轮之后的模型。</translation>
    </message>
    <message>
        <source>Cancelled after epoch {0} of {1}. The model is the one after epoch {0} (every weight from that completed epoch), and stepping now uses it.</source>
        <translation>已在第 {0} 轮（共 {1} 轮）之后取消。现在的模型是第 {0} 轮之后的模型（所有权重都来自这一完整的轮次），单步计算现在使用的就是它。</translation>
    </message>
    <message>
        <source>epoch {0} / {1} · {2:.2f} s</source>
        <translation>第 {0} / {1} 轮 · {2:.2f} 秒</translation>
    </message>
    <message>
        <source>Trained {0} epochs in {1:.2f} s: loss {2:.3f} → {3:.4f}. Stepping now uses the trained weights.</source>
        <translation>训练了 {0} 轮，用时 {1:.2f} 秒：损失 {2:.3f} → {3:.4f}。现在单步计算使用训练后的权重。</translation>
    </message>
    <message>
        <source> After “{0}” it predicts “{1}” (p = {2:.2f}).</source>
        <translation>在“{0}”之后，它预测“{1}”（p = {2:.2f}）。</translation>
    </message>
</context>
<context>
    <name>TrainingRun</name>
    <message>
        <source>the trainer could not be made</source>
        <translation>无法创建训练器</translation>
    </message>
</context>
<context>
    <name>WeightsPanel</name>
    <message>
        <source>input j</source>
        <translation>输入 j</translation>
    </message>
    <message>
        <source>(projection: h_t[{0}] reads neuron {1})</source>
        <translation>（投影：h_t[{0}] 读取神经元 {1}）</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>正向</translation>
    </message>
    <message>
        <source>reverse</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>no bias (bias=False)</source>
        <translation>没有偏置（bias=False）</translation>
    </message>
    <message>
        <source>Hover a cell to read its value; click to select its neuron; double-click to edit the weight.</source>
        <translation>把鼠标移到格子上可读取数值；单击选中对应的神经元；双击编辑该权重。</translation>
    </message>
    <message>
        <source>Which layer&apos;s parameters to show</source>
        <translation>显示哪一层的参数</translation>
    </message>
    <message>
        <source>Which direction&apos;s parameters to show (reverse exists only in a bidirectional RNN)</source>
        <translation>显示哪个方向的参数（只有双向 RNN 才有反向）</translation>
    </message>
    <message>
        <source>neuron i</source>
        <translation>神经元 i</translation>
    </message>
    <message>
        <source>h_t[i]</source>
        <translation>h_t[i]</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>gate block</source>
        <translation>门块</translation>
    </message>
    <message>
        <source>({0}, neuron {1})</source>
        <translation>（{0}，神经元 {1}）</translation>
    </message>
    <message>
        <source>(column of the token “{0}”)</source>
        <translation>（词元“{0}”对应的列）</translation>
    </message>
</context>
<context>
    <name>_ColourLegend</name>
    <message>
        <source>Colour of each cell-state value c_t: blue negative, white zero, red positive. c_t is not squashed: the scale is ±1, or ± the largest |c_t| so far.</source>
        <translation>每个细胞状态值 c_t 的颜色：蓝色为负，白色为零，红色为正。c_t 没有被压缩：刻度为 ±1，或到目前为止最大的 |c_t|。</translation>
    </message>
    <message>
        <source>Colour of each hidden value: blue negative, white zero, red positive. Large hidden states are shown as the mean of each of at most {bins} bins.</source>
        <translation>每个隐藏值的颜色：蓝色为负，白色为零，红色为正。较大的隐藏状态最多分成 {bins} 段，每段显示平均值。</translation>
    </message>
</context>
</TS>
