<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnimationExport</name>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="60" />
        <source>GIF animation (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="61" />
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="62" />
        <source>WebP animation (*.webp)</source>
        <translation>WebP 动画 (*.webp)</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="63" />
        <source>Animated PNG (*.png)</source>
        <translation>动态 PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="103" />
        <location filename="../../app/widgets/animation_export.py" line="115" />
        <location filename="../../app/widgets/animation_export.py" line="150" />
        <location filename="../../app/widgets/animation_export.py" line="159" />
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="123" />
        <source>Loss plot under the plane</source>
        <translation>在平面图下方加损失曲线</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="125" />
        <source>Loss against step for every run, the current step marked</source>
        <translation>每个运行的损失随步数变化，并标出当前步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="132" />
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="133" />
        <source>Frames per second</source>
        <translation>每秒帧数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="134" />
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="152" />
        <source>Nothing to animate yet: no runs.</source>
        <translation>还没有可做成动画的内容：没有运行。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="177" />
        <source>Making and encoding {n} frames…</source>
        <translation>正在生成并编码 {n} 帧…</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="160" />
        <source>The animation cannot be exported:
{why}</source>
        <translation>无法导出动画：
{why}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="179" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="208" />
        <location filename="../../app/widgets/animation_export.py" line="237" />
        <source>Animation saved: {path}</source>
        <translation>动画已保存：{path}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="212" />
        <source>Animation export failed: {why}</source>
        <translation>动画导出失败：{why}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_export.py" line="234" />
        <source>Animation export cancelled</source>
        <translation>动画导出已取消</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_frames.py" line="200" />
        <source>loss f</source>
        <translation>损失 f</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_frames.py" line="202" />
        <source>loss f − f*  (f* = {v})</source>
        <translation>损失 f − f*（f* = {v}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/animation_frames.py" line="204" />
        <source>loss f − f*</source>
        <translation>损失 f − f*</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <location filename="../../app/surface_lab/curves.py" line="61" />
        <location filename="../../app/deep_lab/curves.py" line="46" />
        <location filename="../../app/deep_lab/curves.py" line="98" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/curves.py" line="62" />
        <source>gradient norm ‖∇f‖</source>
        <translation>梯度范数 ‖∇f‖</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/curves.py" line="63" />
        <location filename="../../app/surface_lab/curves.py" line="100" />
        <source>loss f − f*</source>
        <translation>损失 f − f*</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/curves.py" line="99" />
        <source>loss f − f*  (f* = {v:.4g})</source>
        <translation>损失 f − f*（f* = {v:.4g}）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/curves.py" line="100" />
        <source>loss f</source>
        <translation>损失 f</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="35" />
        <location filename="../../app/deep_lab/curves.py" line="131" />
        <source>loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="37" />
        <source>batch accuracy</source>
        <translation>批次准确率</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="51" />
        <location filename="../../app/deep_lab/curves.py" line="83" />
        <location filename="../../app/deep_lab/curves.py" line="143" />
        <location filename="../../app/deep_lab/curves.py" line="163" />
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="51" />
        <location filename="../../app/deep_lab/curves.py" line="80" />
        <location filename="../../app/deep_lab/curves.py" line="143" />
        <location filename="../../app/deep_lab/curves.py" line="163" />
        <source>plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="70" />
        <source>depth sweep: first/last gradient ratio at init</source>
        <translation>深度扫描：初始化时首层/末层梯度比</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="71" />
        <source>depth (hidden layers)</source>
        <translation>深度（隐藏层数）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="87" />
        <source>exactly 0 (underflow)</source>
        <translation>恰好为 0（下溢）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="88" />
        <source>press “Depth sweep” to compute</source>
        <translation>按“深度扫描”开始计算</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="97" />
        <source>sharpness λ_max of the training-loss Hessian</source>
        <translation>锐度：训练损失 Hessian 的最大特征值 λ_max</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="107" />
        <location filename="../../app/deep_lab/curves.py" line="137" />
        <source>2/η (stability limit)</source>
        <translation>2/η（稳定性极限）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="130" />
        <source>loss (squared error)</source>
        <translation>损失（平方误差）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="135" />
        <source>(2+2β)/η (stability limit)</source>
        <translation>(2+2β)/η（稳定性极限）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="203" />
        <source>lr {0}</source>
        <translation>学习率 {0}</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/curves.py" line="207" />
        <source>clipped {0} of steps</source>
        <translation>{0} 的步被裁剪</translation>
    </message>
</context>
<context>
    <name>DeepConfigPanel</name>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="37" />
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="37" />
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="38" />
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="38" />
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="39" />
        <source>PyTorch default</source>
        <translation>PyTorch 默认</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="40" />
        <source>Xavier (Glorot)</source>
        <translation>Xavier (Glorot)</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="41" />
        <source>He (Kaiming)</source>
        <translation>He (Kaiming)</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="43" />
        <source>Multiplies every initial weight: below 1 too small, above 1 too large.</source>
        <translation>乘到每个初始权重上：小于 1 则过小，大于 1 则过大。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="45" />
        <source>Plain and residual side by side (A/B)</source>
        <translation>普通与残差并排对比（A/B）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="46" />
        <source>Skip connections (residual)</source>
        <translation>跳跃连接（残差）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="47" />
        <source>branch × 1/√depth</source>
        <translation>分支 × 1/√深度</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="48" />
        <source>branch zero-initialised</source>
        <translation>分支零初始化</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="49" />
        <source>unscaled branch (blows up)</source>
        <translation>分支不缩放（会爆炸）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="51" />
        <source>How the residual branch is kept small: scaled by 1/√depth (default), its layer initialised to zero so the stack starts as the identity, or not at all.</source>
        <translation>如何让残差分支保持较小：乘以 1/√深度（默认），或把分支层初始化为零使网络初始为恒等映射，或不做处理。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="53" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="53" />
        <source>BatchNorm</source>
        <translation>批归一化 BatchNorm</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="54" />
        <source>LayerNorm</source>
        <translation>层归一化 LayerNorm</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="56" />
        <source>Normalisation in every hidden layer. BatchNorm uses the batch's statistics while training and its running averages for the decision boundary (eval mode).</source>
        <translation>每个隐藏层的归一化。BatchNorm 训练时使用当前批次的统计量，绘制决策边界时使用其滑动平均（评估模式）。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="58" />
        <source>before the activation</source>
        <translation>激活函数之前</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="59" />
        <source>after the activation</source>
        <translation>激活函数之后</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="60" />
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="61" />
        <source>squared error (MSE)</source>
        <translation>平方误差（MSE）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="62" />
        <source>Full batch (every step on all the data)</source>
        <translation>全批量（每一步使用全部数据）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="64" />
        <location filename="../../app/deep_lab/config_panel.py" line="76" />
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="66" />
        <source>Clip the gradient to this global norm before each step (torch.nn.utils.clip_grad_norm_); 0 = off.</source>
        <translation>每一步之前把梯度的全局范数裁剪到此值（torch.nn.utils.clip_grad_norm_）；0 = 关闭。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="71" />
        <source>Learning-rate schedule as in torch.optim.lr_scheduler, e.g. StepLR:step_size=200,gamma=0.5 · ExponentialLR:gamma=0.999 · CosineAnnealingLR:T_max=2000 · LinearLR:start_factor=0.1,total_iters=100 · warmup_cosine:warmup_iters=100,T_max=1900. Press Enter to apply.</source>
        <translation>学习率调度，写法同 torch.optim.lr_scheduler，例如 StepLR:step_size=200,gamma=0.5 · ExponentialLR:gamma=0.999 · CosineAnnealingLR:T_max=2000 · LinearLR:start_factor=0.1,total_iters=100 · warmup_cosine:warmup_iters=100,T_max=1900。按回车键应用。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="77" />
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="79" />
        <source>Estimate the sharpness λ_max of the training-loss Hessian (Lanczos on Hessian-vector products) every this many steps; 0 = off.</source>
        <translation>每隔这么多步估计一次训练损失 Hessian 矩阵的锐度 λ_max（对 Hessian-向量积做 Lanczos 迭代）；0 = 关闭。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="81" />
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="82" />
        <source>SGD + momentum 0.9</source>
        <translation>SGD + 动量 0.9</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="83" />
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="85" />
        <source>Learning rate; type a value such as 0.003 or 1e3.</source>
        <translation>学习率；可输入 0.003 或 1e3 这样的数值。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="87" />
        <source>two spirals</source>
        <translation>双螺旋</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="88" />
        <source>two moons</source>
        <translation>双月牙</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="89" />
        <source>circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="89" />
        <source>XOR</source>
        <translation>XOR</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="91" />
        <source>Number of training points.</source>
        <translation>训练样本点的数量。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="94" />
        <source>Training pauses by itself after this many steps.</source>
        <translation>训练到此步数后自动暂停。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="99" />
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="99" />
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="100" />
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="100" />
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="101" />
        <source>Init gain</source>
        <translation>初始化增益</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="102" />
        <source>Residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="102" />
        <source>Norm</source>
        <translation>归一化</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="103" />
        <source>Norm position</source>
        <translation>归一化位置</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="104" />
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="104" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="105" />
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="105" />
        <source>Clip norm</source>
        <translation>裁剪范数</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="106" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="106" />
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="107" />
        <source>Sharpness every</source>
        <translation>锐度间隔</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="108" />
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="108" />
        <source>Points</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="109" />
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/config_panel.py" line="109" />
        <source>Stop after</source>
        <translation>步数上限</translation>
    </message>
</context>
<context>
    <name>DeepScenarios</name>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="45" />
        <source>Sigmoid × 30: vanishing gradients</source>
        <translation>Sigmoid × 30：梯度消失</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="49" />
        <source>The sigmoid's slope is at most 1/4, and the backward pass multiplies one such factor (times a weight matrix) per layer, so the gradient reaching layer 1 is about 1e-25 of the last layer's. The early layers never learn and the loss stays near ln 2; deeper still (about 60 layers) the float32 gradient underflows to exactly zero (red).</source>
        <translation>sigmoid 的斜率至多为 1/4，反向传播每经过一层就乘上一个这样的因子（再乘以权重矩阵），因此到达第 1 层的梯度只有最后一层的约 1e-25。前面的层学不到东西，损失停在 ln 2 附近；再深一些（约 60 层）时，float32 梯度会下溢为恰好 0（红色）。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="58" />
        <source>Sigmoid × 30 with skip connections</source>
        <translation>Sigmoid × 30，带残差连接</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="62" />
        <source>Same data, seed and weights, now with hₗ = hₗ₋₁ + branch/√depth on the right. The identity path carries the gradient past every sigmoid, so the first/last ratio stays near 1 and the residual stack learns the circles while the plain one is stuck.</source>
        <translation>相同的数据、种子和权重，右侧改为 hₗ = hₗ₋₁ + branch/√depth。恒等路径把梯度绕过每个 sigmoid 传回去，所以首层/末层梯度比保持在 1 附近：残差网络学会了同心圆，而普通网络停滞不前。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="70" />
        <source>ReLU, init too large: exploding</source>
        <translation>ReLU，初始化过大：梯度爆炸</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="74" />
        <source>He init times 1.5: every layer multiplies the backward signal by about 1.5, so layer 1 gets about 1e4 times the last layer's gradient and the initial loss is in the thousands. Plain SGD at this learning rate turns the loss into NaN within two steps; Adam normalises the step, so you can watch the exploding gradients persist.</source>
        <translation>He 初始化再乘以 1.5：每一层都把反向信号放大约 1.5 倍，于是第 1 层的梯度约为最后一层的 1e4 倍，初始损失高达数千。普通 SGD 在这个学习率下两步之内损失就变成 NaN；Adam 对步长做了归一化，因此可以看到爆炸的梯度一直存在。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="83" />
        <source>ReLU, He init: healthy</source>
        <translation>ReLU，He 初始化：健康</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="87" />
        <source>He initialisation draws weights with variance 2/fan_in, which exactly offsets ReLU zeroing half of its inputs. Signal and gradient keep roughly their size through all 30 layers (a first/last ratio within a decade or two, not 25 decades), so the heatmap shows no fade and even the plain stack learns the spirals.</source>
        <translation>He 初始化按方差 2/fan_in 抽取权重，正好抵消 ReLU 把一半输入置零的效果。信号和梯度在全部 30 层中大致保持原有大小（首层/末层比在一两个数量级以内，而不是 25 个数量级），所以热图没有褪色，连普通网络也能学会螺旋数据。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="96" />
        <source>Depth sweep: ratio vs depth</source>
        <translation>深度扫描：梯度比随深度的变化</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="100" />
        <source>The first/last layer gradient ratio at initialisation for depths 1 to 100. The plain sigmoid stack loses about an order of magnitude per layer and underflows to exactly zero (red crosses) beyond about 60 layers; the residual stack stays near 1 at every depth. The two stacks on the right show one step at depth 30.</source>
        <translation>深度 1 到 100 时初始化状态下的首层/末层梯度比。普通 sigmoid 网络每层约损失一个数量级，超过约 60 层后下溢为恰好 0（红色叉号）；残差网络在任何深度都保持在 1 附近。右侧两个网络展示深度 30 时的一步。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="109" />
        <source>BatchNorm × 40: exploding at init</source>
        <translation>BatchNorm × 40：初始化时梯度爆炸</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="113" />
        <source>A plain ReLU stack of 40 layers with BatchNorm before every activation (He init). Normalising over the batch makes each layer amplify the backward signal, so the gradient reaching layer 1 is about 1000 times the last layer's, although the forward signal is perfectly normalised (Yang et al., ICLR 2019); without BatchNorm the ratio is about 5. See the first columns of the heatmap: training then shrinks the ratio. With the scaled skips (right) it stays near 1. The decision boundary uses BatchNorm's running statistics (eval mode).</source>
        <translation>一个 40 层的普通 ReLU 网络，每个激活函数之前都有 BatchNorm（He 初始化）。按批次归一化使每一层都放大反向信号，所以到达第 1 层的梯度约为最后一层的 1000 倍，尽管前向信号已被完美归一化（Yang 等，ICLR 2019）；没有 BatchNorm 时这个比值约为 5。请看热图最前面的几列：随后的训练会让这个比值变小。加上缩放的跳跃连接（右侧）后它保持在 1 附近。决策边界使用 BatchNorm 的滑动统计量（评估模式）。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="125" />
        <source>Edge of stability: sharpness → 2/η</source>
        <translation>稳定性边缘：锐度 → 2/η</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/scenarios.py" line="129" />
        <source>Full-batch gradient descent (η = 0.2) on the squared error. On a quadratic, GD is stable only while the sharpness λ_max (largest Hessian eigenvalue) is below 2/η. Here the sharpness first rises (progressive sharpening) until it reaches the dashed 2/η line, then hovers there for the rest of training, while the loss keeps falling with spikes instead of monotonically (Cohen et al., 2021).</source>
        <translation>在平方误差上做全批量梯度下降（η = 0.2）。在二次函数上，只有当锐度 λ_max（Hessian 的最大特征值）低于 2/η 时梯度下降才稳定。这里锐度先不断上升（渐进锐化），直到碰到虚线 2/η，然后在剩下的训练中一直停留在这条线附近；与此同时损失仍在下降，但带着尖峰，而不是单调下降（Cohen 等，2021）。</translation>
    </message>
</context>
<context>
    <name>DeepStackLab</name>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="72" />
        <source>Choose a scenario…</source>
        <translation>选择场景…</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="79" />
        <location filename="../../app/deep_lab/lab.py" line="212" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="82" />
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="84" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="86" />
        <source>Depth sweep (1–100)</source>
        <translation>深度扫描（1–100）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="88" />
        <source>First/last gradient ratio at initialisation for plain and residual stacks of depth 1 to 100, with the other settings shown here.</source>
        <translation>按此处的其他设置，计算深度 1 到 100 的普通网络和残差网络在初始化时的首层/末层梯度比。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="135" />
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="212" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="240" />
        <source>computing the depth sweep…</source>
        <translation>正在计算深度扫描…</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="249" />
        <source>Ready: press Play or Step.</source>
        <translation>就绪：请按“播放”或“单步”。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="258" />
        <source>Stopped: every stack diverged.</source>
        <translation>已停止：所有网络都发散了。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="257" />
        <source>Stopped after the step budget ({0} steps).</source>
        <translation>已达到步数上限（{0} 步），已停止。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="265" />
        <source>depth sweep: {0} of {1} depths…</source>
        <translation>深度扫描：{0} / {1} 个深度…</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="272" />
        <source>Training is unavailable: {0}</source>
        <translation>无法训练：{0}</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="342" />
        <source>Training… step {0}</source>
        <translation>训练中… 第 {0} 步</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/lab.py" line="346" />
        <source>Paused at step {0}.</source>
        <translation>已暂停于第 {0} 步。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/texts.py" line="17" />
        <source>h + branch/√{0}</source>
        <translation>h + 分支/√{0}</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/texts.py" line="19" />
        <source>h + branch (zero-init)</source>
        <translation>h + 分支（零初始化）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/texts.py" line="20" />
        <source>h + branch (unscaled)</source>
        <translation>h + 分支（未缩放）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/texts.py" line="26" />
        <source>Diverged at step {0}: the loss grew past 100× its first value.</source>
        <translation>第 {0} 步发散：损失超过了初始值的 100 倍。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/texts.py" line="30" />
        <source>Diverged at step {0}: a gradient became inf or NaN.</source>
        <translation>第 {0} 步发散：梯度变成了 inf 或 NaN。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/texts.py" line="33" />
        <source>Diverged at step {0}: the loss became inf or NaN.</source>
        <translation>第 {0} 步发散：损失变成了 inf 或 NaN。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/worker.py" line="121" />
        <source>the training process has stopped</source>
        <translation>训练进程已停止</translation>
    </message>
</context>
<context>
    <name>Dynamics</name>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="75" />
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="76" />
        <source>Gradient noise σ: Gaussian noise of this standard deviation is added to every gradient (0 = off; arrows ×10 / ÷10)</source>
        <translation>梯度噪声 σ：给每个梯度加上这个标准差的高斯噪声（0 = 关闭；箭头 ×10 / ÷10）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="80" />
        <source>Scale the noise by the gradient's norm: σ·‖∇f‖ instead of σ</source>
        <translation>按梯度范数缩放噪声：用 σ·‖∇f‖ 代替 σ</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="83" />
        <source>Seed of the noise: the same seed gives the same path</source>
        <translation>噪声的随机种子：相同的种子得到相同的路径</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="86" />
        <source>new</source>
        <translation>新种子</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="87" />
        <source>Draw a new random seed</source>
        <translation>随机抽取一个新种子</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="95" />
        <source>Learning-rate schedule (torch.optim.lr_scheduler)</source>
        <translation>学习率调度（torch.optim.lr_scheduler）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="102" />
        <source>clip ‖∇f‖ at</source>
        <translation>裁剪 ‖∇f‖ 至</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="103" />
        <source>Gradient clipping by norm, as torch.nn.utils.clip_grad_norm_: a gradient longer than this is scaled down to this length</source>
        <translation>按范数裁剪梯度，同 torch.nn.utils.clip_grad_norm_：比这个长度更长的梯度被缩短到这个长度</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="110" />
        <source>AMSGrad: divide by the largest second-moment estimate so far (torch.optim.Adam(amsgrad=True))</source>
        <translation>AMSGrad：除以迄今为止最大的二阶矩估计（torch.optim.Adam(amsgrad=True)）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="137" />
        <source>noise σ</source>
        <translation>噪声 σ</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="140" />
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_editor.py" line="143" />
        <source>schedule</source>
        <translation>调度</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="18" />
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="19" />
        <source>step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="20" />
        <source>exponential decay</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="21" />
        <source>cosine</source>
        <translation>余弦退火</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="22" />
        <source>linear warmup</source>
        <translation>线性预热</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="23" />
        <source>warmup + cosine</source>
        <translation>预热 + 余弦</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="30" />
        <source>every</source>
        <translation>每隔</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="31" />
        <source>×γ</source>
        <translation>×γ</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="32" />
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="33" />
        <source>min lr</source>
        <translation>最小 lr</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="34" />
        <source>start ×</source>
        <translation>起始 ×</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="35" />
        <source>end ×</source>
        <translation>结束 ×</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="36" />
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="37" />
        <source>warmup</source>
        <translation>预热</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="44" />
        <source>step_size: multiply the learning rate by gamma every step_size steps (StepLR)</source>
        <translation>step_size：每隔 step_size 步把学习率乘以 gamma（StepLR）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="46" />
        <source>gamma: the factor the learning rate is multiplied by (0 &lt; gamma ≤ 1)</source>
        <translation>gamma：学习率每次乘上的因子（0 &lt; gamma ≤ 1）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="48" />
        <source>T_max: steps of the half cosine from lr down to eta_min (CosineAnnealingLR)</source>
        <translation>T_max：半个余弦周期的步数，学习率从 lr 降到 eta_min（CosineAnnealingLR）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="50" />
        <source>eta_min: the lowest learning rate of the cosine</source>
        <translation>eta_min：余弦调度的最低学习率</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="51" />
        <source>start_factor: the first step uses start_factor × lr (LinearLR, 0 &lt; start_factor ≤ 1)</source>
        <translation>start_factor：第一步使用 start_factor × lr（LinearLR，0 &lt; start_factor ≤ 1）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="53" />
        <source>end_factor: after total_iters steps the learning rate is end_factor × lr (LinearLR)</source>
        <translation>end_factor：total_iters 步之后学习率为 end_factor × lr（LinearLR）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="55" />
        <source>total_iters: steps from start_factor to end_factor (LinearLR)</source>
        <translation>total_iters：从 start_factor 变到 end_factor 所用的步数（LinearLR）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="57" />
        <source>warmup_iters: steps of the linear warm-up from start_factor × lr to lr, then the cosine (SequentialLR)</source>
        <translation>warmup_iters：从 start_factor × lr 线性预热到 lr 的步数，之后为余弦退火（SequentialLR）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="68" />
        <source>step decay ×{gamma} every {n}</source>
        <translation>阶梯衰减：每 {n} 步 ×{gamma}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="71" />
        <source>exponential decay ×{gamma}</source>
        <translation>指数衰减 ×{gamma}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="73" />
        <source>cosine over {n}</source>
        <translation>余弦退火 {n} 步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="75" />
        <source>linear warmup over {n}</source>
        <translation>线性预热 {n} 步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="77" />
        <source>warmup {w} + cosine {n}</source>
        <translation>预热 {w} 步 + 余弦 {n} 步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="86" />
        <source>noise σ {sigma}</source>
        <translation>噪声 σ {sigma}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/dynamics_texts.py" line="97" />
        <source>clip {c}</source>
        <translation>裁剪 {c}</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../app/errors.py" line="69" />
        <source>{n} unexpected errors so far; the latest is shown below.</source>
        <translation>到目前为止共有 {n} 个意外错误；下面显示的是最新的一个。</translation>
    </message>
    <message>
        <location filename="../../app/errors.py" line="78" />
        <source>Optim Lab: unexpected error</source>
        <translation>Optim Lab：意外错误</translation>
    </message>
    <message>
        <location filename="../../app/errors.py" line="80" />
        <source>Optim Lab keeps running, but the action that failed may be incomplete. Please report this error with the details below.</source>
        <translation>Optim Lab 会继续运行，但出错的操作可能没有完成。请连同下面的详细信息报告此错误。</translation>
    </message>
    <message>
        <location filename="../../app/errors.py" line="90" />
        <source>Something went wrong: {error}</source>
        <translation>出错了：{error}</translation>
    </message>
</context>
<context>
    <name>ExperimentFiles</name>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="51" />
        <source>The experiment was not saved.</source>
        <translation>实验未保存。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="53" />
        <source>Experiment saved to {path}</source>
        <translation>实验已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="65" />
        <source>The experiment could not be opened.</source>
        <translation>无法打开实验。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="69" />
        <source>Experiment opened: {name}</source>
        <translation>已打开实验：{name}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="74" />
        <source>the Surface Lab has no 2-D surface {name!r}</source>
        <translation>曲面实验室没有二维曲面 {name!r}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="80" />
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="81" />
        <location filename="../../app/surface_lab/experiments.py" line="90" />
        <source>Optim Lab experiment (*.json)</source>
        <translation>Optim Lab 实验 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="88" />
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/experiments.py" line="99" />
        <source>Optim Lab</source>
        <translation>Optim Lab 优化实验室</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../app/widgets/export.py" line="59" />
        <source>a {w}×{h} image needs about {need} MB of memory, more than the {limit} MB allowed; choose a smaller size</source>
        <translation>{w}×{h} 的图像约需 {need} MB 内存，超过允许的 {limit} MB；请选择较小的尺寸</translation>
    </message>
    <message>
        <location filename="../../app/widgets/export.py" line="101" />
        <source>the figure could not be painted ({reason}); nothing was written</source>
        <translation>无法绘制图像（{reason}）；未写入任何文件</translation>
    </message>
    <message>
        <location filename="../../app/widgets/export.py" line="115" />
        <source>cannot export to {name}: the name must end in .png or .svg</source>
        <translation>无法导出到 {name}：文件名必须以 .png 或 .svg 结尾</translation>
    </message>
    <message>
        <location filename="../../app/widgets/export.py" line="124" />
        <source>the figure could not be painted as SVG</source>
        <translation>无法将图像绘制为 SVG</translation>
    </message>
    <message>
        <location filename="../../app/widgets/export.py" line="128" />
        <source>image width {w} is outside 16 … {max} pixels</source>
        <translation>图像宽度 {w} 超出 16 … {max} 像素</translation>
    </message>
    <message>
        <location filename="../../app/widgets/export.py" line="136" />
        <source>the figure could not be painted (no image); nothing was written</source>
        <translation>无法绘制图像（没有得到图像）；未写入任何文件</translation>
    </message>
    <message>
        <location filename="../../app/widgets/export.py" line="141" />
        <source>cannot encode the image as PNG</source>
        <translation>无法将图像编码为 PNG</translation>
    </message>
    <message>
        <location filename="../../app/widgets/export.py" line="151" />
        <source>cannot export to {name}: the name must end in .csv or .json</source>
        <translation>无法导出到 {name}：文件名必须以 .csv 或 .json 结尾</translation>
    </message>
    <message>
        <location filename="../../app/widgets/export.py" line="155" />
        <source>nothing to export: no run is shown</source>
        <translation>没有可导出的内容：未显示任何运行</translation>
    </message>
</context>
<context>
    <name>ExpressionEditor</name>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="53" />
        <source>Narrow valley</source>
        <translation>狭窄山谷</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="54" />
        <source>Rosenbrock</source>
        <translation>Rosenbrock 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="55" />
        <source>Himmelblau</source>
        <translation>Himmelblau 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="56" />
        <source>Saddle</source>
        <translation>鞍面</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="57" />
        <source>Monkey saddle</source>
        <translation>猴鞍面</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="58" />
        <source>Two wells</source>
        <translation>双井</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="59" />
        <source>Ripples</source>
        <translation>波纹</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="106" />
        <source>Start from an example or a recent expression</source>
        <translation>从示例或最近使用的表达式开始</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="115" />
        <source>e.g. x**2 + 3*y**2</source>
        <translation>例如 x**2 + 3*y**2</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="131" />
        <source>{axis} from</source>
        <translation>{axis} 从</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="144" />
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="151" />
        <source>Preview: low values dark, high values yellow, undefined grey; white dots are minima, orange saddles, red maxima</source>
        <translation>预览：低值为深色，高值为黄色，无定义处为灰色；白点是极小值，橙点是鞍点，红点是极大值</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="161" />
        <source>Use x, y, pi, e, + − * / ** and {functions}.</source>
        <translation>可使用 x、y、pi、e、+ − * / ** 以及 {functions}。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="171" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="235" />
        <source>Checking derivatives and critical points…</source>
        <translation>正在检查导数和临界点…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="255" />
        <source>Ready. Critical points in the range: minima {minima}, saddles {saddles}, maxima {maxima}.</source>
        <translation>就绪。范围内的临界点：极小值 {minima} 个，鞍点 {saddles} 个，极大值 {maxima} 个。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="262" />
        <source>(search stopped early: there may be more)</source>
        <translation>（搜索提前结束：可能还有更多）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="266" />
        <source>Some critical points lie on lines or curves.</source>
        <translation>部分临界点连成线或曲线。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="280" />
        <source>Examples…</source>
        <translation>示例…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="287" />
        <source>Recent: {expression}</source>
        <translation>最近：{expression}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_editor.py" line="318" />
        <source>Custom f(x, y)</source>
        <translation>自定义 f(x, y)</translation>
    </message>
</context>
<context>
    <name>ExpressionErrors</name>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="19" />
        <source> at column {column}: '{snippet}'</source>
        <translation>（第 {column} 列：'{snippet}'）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="20" />
        <source>expression too long: {length} characters (limit {limit})</source>
        <translation>表达式过长：{length} 个字符（上限 {limit}）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="21" />
        <source>expression nested too deeply (limit {limit} levels)</source>
        <translation>表达式嵌套过深（上限 {limit} 层）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="22" />
        <source>expression too large (limit {limit} parts)</source>
        <translation>表达式过大（上限 {limit} 个部分）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="23" />
        <source>this constant part is too large (limit {limit})</source>
        <translation>这个常数部分过大（上限 {limit}）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="24" />
        <source>this constant part is undefined or not a real number</source>
        <translation>这个常数部分无定义或不是实数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="25" />
        <source>the range must be four numbers xmin, xmax, ymin, ymax</source>
        <translation>范围必须是四个数：xmin、xmax、ymin、ymax</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="26" />
        <source>the range must be finite numbers within ±{limit}</source>
        <translation>范围必须是 ±{limit} 以内的有限数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="27" />
        <source>the {axis} range needs min &lt; max, got {lo} to {hi}</source>
        <translation>{axis} 的范围需要最小值 &lt; 最大值，当前为 {lo} 到 {hi}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="28" />
        <source>the {axis} range is too narrow ({lo} to {hi})</source>
        <translation>{axis} 的范围太窄（{lo} 到 {hi}）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="29" />
        <source>an expression must be text, not {type}</source>
        <translation>表达式必须是文本，而不是 {type}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="30" />
        <source>f is undefined (or overflows) everywhere in the plotting range</source>
        <translation>f 在整个绘图范围内都无定义（或溢出）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="31" />
        <source>syntax error ({detail})</source>
        <translation>语法错误（{detail}）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="32" />
        <source>the expression cannot be parsed ({detail})</source>
        <translation>无法解析该表达式（{detail}）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="33" />
        <source>the expression is empty: type f(x, y), e.g. x**2 + 3*y**2</source>
        <translation>表达式为空：请输入 f(x, y)，例如 x**2 + 3*y**2</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="34" />
        <source>the expression simplifies to something undefined or complex</source>
        <translation>该表达式化简后无定义或为复数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="35" />
        <source>this expression takes too long to differentiate (limit {limit} s)</source>
        <translation>该表达式求导耗时过长（上限 {limit} 秒）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="36" />
        <source>the derivatives of this expression are too large to use (limit {limit} parts)</source>
        <translation>该表达式的导数过大，无法使用（上限 {limit} 个部分）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="37" />
        <source>keyword arguments are not allowed</source>
        <translation>不允许使用关键字参数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="38" />
        <source>number too large (limit {limit})</source>
        <translation>数字过大（上限 {limit}）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="39" />
        <source>only unary minus and plus are allowed</source>
        <translation>一元运算只允许负号和正号</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="40" />
        <source>unknown name '{name}': the variables are x, y, pi, e</source>
        <translation>未知名称 '{name}'：可用的变量是 x、y、pi、e</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="41" />
        <source>{name} is a function: write {name}(...)</source>
        <translation>{name} 是函数：请写成 {name}(...)</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="42" />
        <source>{name} takes {arity} argument(s), got {count}</source>
        <translation>{name} 需要 {arity} 个参数，实际为 {count} 个</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="43" />
        <source>{what} is not allowed</source>
        <translation>不允许使用{what}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="44" />
        <source>{what} is not allowed: only real numbers</source>
        <translation>不允许使用{what}：只能使用实数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="45" />
        <source>only the listed functions can be called</source>
        <translation>只能调用列出的函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="46" />
        <source>unknown function '{name}': use {known}</source>
        <translation>未知函数 '{name}'：请使用 {known}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="47" />
        <source>division by zero</source>
        <translation>除以零</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="48" />
        <source>exponent too large (limit {limit})</source>
        <translation>指数过大（上限 {limit}）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="49" />
        <source>operator not allowed</source>
        <translation>不允许使用该运算符</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="50" />
        <source>'^' is not a power here: write x**2</source>
        <translation>这里 '^' 不表示乘方：请写成 x**2</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="51" />
        <source>'//' is not allowed: use /</source>
        <translation>不允许使用 '//'：请用 /</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="52" />
        <source>'%' is not allowed</source>
        <translation>不允许使用 '%'</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="53" />
        <source>'@' is not allowed</source>
        <translation>不允许使用 '@'</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="54" />
        <source>'&amp;' is not allowed</source>
        <translation>不允许使用 '&amp;'</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="55" />
        <source>'|' is not allowed</source>
        <translation>不允许使用 '|'</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="56" />
        <source>'&lt;&lt;' is not allowed</source>
        <translation>不允许使用 '&lt;&lt;'</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="57" />
        <source>'&gt;&gt;' is not allowed</source>
        <translation>不允许使用 '&gt;&gt;'</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="61" />
        <source>attribute access</source>
        <translation>属性访问</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="62" />
        <source>indexing</source>
        <translation>下标索引</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="63" />
        <source>lambda</source>
        <translation>lambda 表达式</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="64" />
        <source>a comprehension</source>
        <translation>推导式</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="65" />
        <source>':=' (assignment)</source>
        <translation>':='（赋值）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="66" />
        <source>'*' unpacking</source>
        <translation>'*' 解包</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="67" />
        <source>an f-string</source>
        <translation>f 字符串</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="68" />
        <source>a comparison</source>
        <translation>比较运算</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="69" />
        <source>'and'/'or'</source>
        <translation>'and'/'or'</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="70" />
        <source>'if ... else'</source>
        <translation>'if ... else'</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="71" />
        <source>a tuple</source>
        <translation>元组</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="72" />
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="73" />
        <source>a dict</source>
        <translation>字典</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="74" />
        <source>a set</source>
        <translation>集合</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="75" />
        <source>a slice</source>
        <translation>切片</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="76" />
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="77" />
        <source>a complex number</source>
        <translation>复数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/expression_messages.py" line="78" />
        <source>True/False</source>
        <translation>True/False</translation>
    </message>
</context>
<context>
    <name>FigureExports</name>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="43" />
        <source>The figure was not saved.</source>
        <translation>图像未保存。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="45" />
        <source>Figure saved to {path}</source>
        <translation>图像已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="54" />
        <source>The trajectories were not saved.</source>
        <translation>轨迹未保存。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="56" />
        <source>Trajectories saved to {path}</source>
        <translation>轨迹已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="68" />
        <source>Export figure</source>
        <translation>导出图像</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="69" />
        <source>PNG image (*.png);;SVG vector image (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="77" />
        <source>Image width</source>
        <translation>图像宽度</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="78" />
        <source>Width in pixels (the height follows the view's shape):</source>
        <translation>宽度（像素，高度按视图比例）：</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="87" />
        <source>Export trajectories</source>
        <translation>导出轨迹</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="89" />
        <source>JSON (*.json);;CSV table (*.csv)</source>
        <translation>JSON (*.json);;CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/exporting.py" line="99" />
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>LearningRateSlider</name>
    <message>
        <location filename="../../app/widgets/lr_slider.py" line="128" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../app/widgets/lr_slider.py" line="132" />
        <source>Learning rate value</source>
        <translation>学习率数值</translation>
    </message>
    <message>
        <location filename="../../app/widgets/lr_slider.py" line="208" />
        <source>Learning rate {value} (log scale, drag or type a value)</source>
        <translation>学习率 {value}（对数刻度，可拖动或输入）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/lr_slider.py" line="211" />
        <source>Red mark: stability limit {limit}.</source>
        <translation>红色标记：稳定性上限 {limit}。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/lr_slider.py" line="214" />
        <source>The learning rate is above the limit.</source>
        <translation>学习率高于上限。</translation>
    </message>
    <message>
        <location filename="../../app/widgets/lr_slider.py" line="228" />
        <source>Type a learning rate from {lo} to {hi}, e.g. 0.003 or 3e-3</source>
        <translation>输入 {lo} 到 {hi} 之间的学习率，例如 0.003 或 3e-3</translation>
    </message>
    <message>
        <location filename="../../app/widgets/lr_slider.py" line="248" />
        <source>“{text}” is not a number; type a learning rate such as 0.01</source>
        <translation>“{text}”不是数字；请输入学习率，例如 0.01</translation>
    </message>
    <message>
        <location filename="../../app/widgets/lr_slider.py" line="253" />
        <source>Learning rate {text} is outside the range {lo} … {hi}</source>
        <translation>学习率 {text} 超出范围 {lo} … {hi}</translation>
    </message>
</context>
<context>
    <name>LessonsPanel</name>
    <message>
        <location filename="../../app/lessons/panel.py" line="36" />
        <source>lesson-language-en</source>
        <translation>zh_CN</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="131" />
        <source>Start lesson</source>
        <translation>开始课程</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="132" />
        <source>Open lesson file…</source>
        <translation>打开课程文件…</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="133" />
        <source>Load a lesson written as a JSON file</source>
        <translation>加载一个以 JSON 文件编写的课程</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="135" />
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="136" />
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="137" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="138" />
        <source>Start the lesson again from its first step</source>
        <translation>从第一步重新开始本课程</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="140" />
        <source>Leave</source>
        <translation>离开</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="141" />
        <source>End the lesson and restore the lab as it was before</source>
        <translation>结束课程并把实验室恢复到课程之前的状态</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="170" />
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="171" />
        <source>This lesson needs the Deep Stack Lab, which is not available here (PyTorch missing?).</source>
        <translation>这个课程需要深层网络实验室，但它在这里不可用（缺少 PyTorch？）。</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="234" />
        <source>Open lesson file</source>
        <translation>打开课程文件</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="235" />
        <source>Lessons (*.json)</source>
        <translation>课程 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="244" />
        <source>Lesson file</source>
        <translation>课程文件</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="245" />
        <source>This lesson file cannot be used:
{why}</source>
        <translation>无法使用这个课程文件：
{why}</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="283" />
        <source>Step {k} of {n}</source>
        <translation>第 {k} 步，共 {n} 步</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="289" />
        <source>Lesson complete!</source>
        <translation>课程完成！</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="290" />
        <source>Well done.</source>
        <translation>做得好。</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="296" />
        <source>Press Next to go on.</source>
        <translation>按“下一步”继续。</translation>
    </message>
    <message>
        <location filename="../../app/lessons/panel.py" line="299" />
        <source>Not yet:</source>
        <translation>还没有：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="51" />
        <source>Optim Lab</source>
        <translation>Optim Lab 优化实验室</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="55" />
        <location filename="../../app/main_window.py" line="276" />
        <source>Surface Lab</source>
        <translation>曲面实验室</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="58" />
        <source>N-D Lab</source>
        <translation>高维实验室</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="58" />
        <source>Deep Stack Lab</source>
        <translation>深层网络实验室</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="62" />
        <source>Loading {title}…</source>
        <translation>正在加载{title}…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="79" />
        <source>Drag a learning-rate slider, click the surface to move the start, press Space to play.</source>
        <translation>拖动学习率滑块，点击曲面移动起点，按空格键播放。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="90" />
        <source>{title} could not be opened:
{why}</source>
        <translation>无法打开{title}：
{why}</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="140" />
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="168" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="177" />
        <source>Export &amp;animation…</source>
        <translation>导出动画(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="178" />
        <source>Save the playback (Surface Lab, or the N-D Lab's plane view) as a GIF, MP4, WebP or animated PNG</source>
        <translation>把播放（曲面实验室，或高维实验室的平面视图）保存为 GIF、MP4、WebP 或动态 PNG</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="185" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="190" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="201" />
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="206" />
        <source>Reset settings</source>
        <translation>重置设置</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="207" />
        <source>Forget the window size, last tab, language and export folder</source>
        <translation>清除记住的窗口大小、上次的标签页、语言和导出文件夹</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="213" />
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="217" />
        <source>&amp;Scenarios</source>
        <translation>场景(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="221" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="222" />
        <location filename="../../app/main_window.py" line="307" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="226" />
        <location filename="../../app/main_window.py" line="310" />
        <source>About Optim Lab</source>
        <translation>关于 Optim Lab</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="254" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="259" />
        <location filename="../../app/shell.py" line="129" />
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="288" />
        <source>Scenarios</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="289" />
        <source>Load a one-click demonstration of a pathology</source>
        <translation>一键加载一个优化病态的演示</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="311" />
        <source>Optim Lab: watch gradient-descent optimizers succeed and fail on loss surfaces, in many dimensions and in deep stacks.</source>
        <translation>Optim Lab：观察梯度下降类优化器在损失曲面、高维空间和深层网络中的成功与失败。</translation>
    </message>
    <message>
        <location filename="../../app/shell.py" line="103" />
        <source>Settings cleared: Optim Lab opens with its defaults next time.</source>
        <translation>设置已清除：Optim Lab 下次启动时使用默认设置。</translation>
    </message>
    <message>
        <location filename="../../app/shell.py" line="131" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/shell.py" line="132" />
        <source>No translation for {language} was found; the interface is shown in English.</source>
        <translation>未找到{language}的翻译；界面以英文显示。</translation>
    </message>
    <message>
        <location filename="../../app/shell.py" line="135" />
        <source>Interface language: {language}.</source>
        <translation>界面语言：{language}。</translation>
    </message>
    <message>
        <location filename="../../app/shell.py" line="138" />
        <source>The Surface Lab setup was kept; the other labs started afresh.</source>
        <translation>曲面实验室的设置已保留；其他实验室已重新开始。</translation>
    </message>
</context>
<context>
    <name>Maps</name>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="290" />
        <source>Computing maps…</source>
        <translation>正在计算地图…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="302" />
        <source>No run to map: add a run or fix its settings</source>
        <translation>没有可绘制的运行：请添加运行或修正其设置</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="340" />
        <source>No enabled run to sweep</source>
        <translation>没有已启用的运行可供扫描</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="382" />
        <location filename="../../app/surface_lab/maps_live.py" line="417" />
        <source>Basins</source>
        <translation>吸引域</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="383" />
        <location filename="../../app/surface_lab/maps_live.py" line="418" />
        <location filename="../../app/surface_lab/maps_panel.py" line="405" />
        <source>Hyperparameter map</source>
        <translation>超参数地图</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="384" />
        <source>Computing {kind}: {pct}%</source>
        <translation>正在计算{kind}：{pct}%</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="397" />
        <source>Map not computed: {why}</source>
        <translation>未计算地图：{why}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="419" />
        <source>{kind} {n}² in {t:.2f} s ({steps} steps)</source>
        <translation>{kind} {n}²，用时 {t:.2f} 秒（{steps} 步）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="421" />
        <source>refining…</source>
        <translation>正在细化…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="489" />
        <source>No map to export yet</source>
        <translation>还没有可导出的地图</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="510" />
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="511" />
        <source>JSON (*.json);;CSV (*.csv);;PNG picture (*.png);;SVG picture (*.svg)</source>
        <translation>JSON (*.json);;CSV (*.csv);;PNG 图片 (*.png);;SVG 图片 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="517" />
        <source>Map not saved: {why}</source>
        <translation>地图未保存：{why}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_live.py" line="518" />
        <source>Map saved to {path}</source>
        <translation>地图已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="161" />
        <source>global minimum {p}</source>
        <translation>全局极小值 {p}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="162" />
        <source>local minimum {p}</source>
        <translation>局部极小值 {p}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="166" />
        <source>{n} local minima (colours repeat): {share:.0f}%</source>
        <translation>{n} 个局部极小值（颜色循环使用）：{share:.0f}%</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="168" />
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="169" />
        <source>stalled at a saddle</source>
        <translation>停滞于鞍点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="170" />
        <source>not converged (clear)</source>
        <translation>未收敛（透明）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="171" />
        <source>another minimum</source>
        <translation>其他极小值</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="204" />
        <source>β (momentum)</source>
        <translation>β（动量）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="205" />
        <source>β₁ (first-moment decay)</source>
        <translation>β₁（一阶矩衰减）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="206" />
        <source>α (RMSprop smoothing)</source>
        <translation>α（RMSprop 平滑系数）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="269" />
        <location filename="../../app/surface_lab/maps_panel.py" line="329" />
        <location filename="../../app/surface_lab/maps_panel.py" line="410" />
        <source>steps taken</source>
        <translation>所用步数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="274" />
        <location filename="../../app/surface_lab/maps_panel.py" line="330" />
        <source>final loss − f_min</source>
        <translation>最终损失 − f_min</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="288" />
        <location filename="../../app/surface_lab/maps_panel.py" line="331" />
        <source>learning rate (log)</source>
        <translation>学习率（对数）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="363" />
        <source>Maps</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="368" />
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="371" />
        <source>The run whose optimizer and hyperparameters are mapped</source>
        <translation>绘制其优化器与超参数的运行</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="375" />
        <source>Basins of attraction</source>
        <translation>吸引域</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="376" />
        <source>Colour every start by the minimum its run reaches; click the surface to start there</source>
        <translation>按每个起点最终到达的极小值着色；点击曲面即可从该处出发</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="381" />
        <source>Opacity of the basin layer</source>
        <translation>吸引域图层的不透明度</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="383" />
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="387" />
        <source>Shade by steps taken</source>
        <translation>按所用步数加深</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="388" />
        <source>Darker where the run needed more steps</source>
        <translation>所需步数越多颜色越深</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="391" />
        <source>Starts:</source>
        <translation>起点数：</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="397" />
        <source>Starts per side of the basin grid once the edits pause (a coarse 64² grid follows a drag)</source>
        <translation>编辑停顿后吸引域网格每边的起点数（拖动时先用 64² 的粗网格跟随）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="406" />
        <source>Final loss for every learning rate (and β) from the current start; click to use that setting</source>
        <translation>从当前起点出发、每个学习率（及 β）下的最终损失；点击即可采用该设置</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="409" />
        <source>final loss</source>
        <translation>最终损失</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="411" />
        <source>What the hyperparameter map shows</source>
        <translation>超参数地图显示的量</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="418" />
        <source>lr × β map of the chosen run</source>
        <translation>所选运行的 lr × β 地图</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="419" />
        <source>learning-rate sweep, every run</source>
        <translation>学习率扫描（所有运行）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="420" />
        <source>A map over learning rate and β for the run chosen above, or the final loss against the learning rate for every enabled run at once</source>
        <translation>上方所选运行在学习率与 β 上的地图，或所有已启用运行的最终损失随学习率的变化</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="428" />
        <source>Points per axis once the edits pause</source>
        <translation>编辑停顿后每个坐标轴上的点数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="430" />
        <source>Fixed axes</source>
        <translation>固定坐标轴</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="431" />
        <source>Keep the current learning-rate (and β) range instead of following the stability limit</source>
        <translation>保持当前的学习率（及 β）范围，而不随稳定性上限变化</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="450" />
        <source>Export basins…</source>
        <translation>导出吸引域…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="451" />
        <source>Export hyperparameter map…</source>
        <translation>导出超参数地图…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="453" />
        <source>Save the map's data as JSON or CSV, or the map as a PNG or SVG picture</source>
        <translation>将地图数据保存为 JSON 或 CSV，或将地图保存为 PNG 或 SVG 图片</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="478" />
        <source>Steps each setting took to converge (dark = few; {n} = did not); &lt;span style='color:{red}'&gt;red / ×&lt;/span&gt;: diverged. Click to use a setting.</source>
        <translation>每个设置收敛所用的步数（越深越少；{n} 表示未收敛）；&lt;span style='color:{red}'&gt;红色 / ×&lt;/span&gt;：发散。点击即可采用该设置。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="482" />
        <source>Final loss after {n} steps against the learning rate; &lt;span style='color:{red}'&gt;×&lt;/span&gt; diverged; dotted line: 2/λ_max at the minimum.</source>
        <translation>{n} 步后的最终损失随学习率的变化；&lt;span style='color:{red}'&gt;×&lt;/span&gt; 表示发散；点线：极小值处的 2/λ_max。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_panel.py" line="486" />
        <source>Colour: final loss after {n} steps (log, dark = low); &lt;span style='color:{red}'&gt;red&lt;/span&gt;: diverged. Lines: stability limit at the minimum (solid) and at the start (dashed); dotted: 2/λ_max. Click to use a setting.</source>
        <translation>颜色：{n} 步后的最终损失（对数，越深越低）；&lt;span style='color:{red}'&gt;红色&lt;/span&gt;：发散。线条：极小值处（实线）与起点处（虚线）的稳定性上限；点线：2/λ_max。点击即可采用该设置。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_sweeps.py" line="112" />
        <source>{run}: limit {limit:.3g}</source>
        <translation>{run}：上限 {limit:.3g}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_sweeps.py" line="114" />
        <source>{run}: no limit (flat minimum)</source>
        <translation>{run}：无上限（极小值处平坦）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_sweeps.py" line="116" />
        <source>{run}: adaptive, no fixed limit</source>
        <translation>{run}：自适应步长，无固定上限</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/maps_sweeps.py" line="120" />
        <source>Every enabled run after {n} steps. Dashed: stability limit; ×: diverged; ○: the run's lr.</source>
        <translation>所有已启用运行 {n} 步后的最终损失。虚线：稳定性上限；×：发散；○：该运行的 lr。</translation>
    </message>
</context>
<context>
    <name>NDLab</name>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="56" />
        <source>Set best lr and β (quadratic theory)</source>
        <translation>设为最佳 lr 和 β（二次理论）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="58" />
        <source>GD: α = 2/(λ_min+λ_max); momentum: α = (2/(√λ_min+√λ_max))², β = ((√λ_max−√λ_min)/(√λ_max+√λ_min))²</source>
        <translation>GD：α = 2/(λ_min+λ_max)；动量法：α = (2/(√λ_min+√λ_max))²，β = ((√λ_max−√λ_min)/(√λ_max+√λ_min))²</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="61" />
        <source>Export figure…</source>
        <translation>导出图像…</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="62" />
        <source>Export runs…</source>
        <translation>导出运行结果…</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="69" />
        <source>Optimizers</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="178" />
        <source>Best settings are known for the quadratic only.</source>
        <translation>只有二次碗才有已知的最佳设置。</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="186" />
        <source>κ = {k:.4g}: GD lr = {a}; momentum lr = {b}, β = {c:.4f}</source>
        <translation>κ = {k:.4g}：GD lr = {a}；动量法 lr = {b}，β = {c:.4f}</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="192" />
        <source>Cannot compute: {err}</source>
        <translation>无法计算：{err}</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="199" />
        <source>{name} (lr {lr})</source>
        <translation>{name}（lr {lr}）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="263" />
        <source>Hessian spectrum (no run)</source>
        <translation>Hessian 谱（无运行）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="295" />
        <source>Nothing to export yet: no runs.</source>
        <translation>尚无可导出的内容：没有运行。</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="307" />
        <source>Export figure</source>
        <translation>导出图像</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="308" />
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="311" />
        <source>Figure written to {p}</source>
        <translation>图像已保存到 {p}</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="314" />
        <source>Export runs</source>
        <translation>导出运行结果</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="315" />
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation>JSON (*.json);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="318" />
        <source>Writing {p}…</source>
        <translation>正在写入 {p}…</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/lab.py" line="323" />
        <source>Runs written to {p}</source>
        <translation>运行结果已保存到 {p}</translation>
    </message>
</context>
<context>
    <name>NDPlane</name>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="74" />
        <source>eigenvalue index (ascending)</source>
        <translation>特征值序号（升序）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="87" />
        <source>Hessian spectrum</source>
        <translation>Hessian 谱</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="89" />
        <location filename="../../app/nd_lab/figure.py" line="196" />
        <source>loss f − f*</source>
        <translation>损失 f − f*</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="90" />
        <source>gradient norm ‖∇f‖</source>
        <translation>梯度范数 ‖∇f‖</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="91" />
        <location filename="../../app/nd_lab/figure.py" line="203" />
        <source>distance to nearest minimum</source>
        <translation>到最近最小值的距离</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="100" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="194" />
        <source>loss f − f*  (f* = {v:.6g})</source>
        <translation>损失 f − f*（f* = {v:.6g}）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="198" />
        <source>loss f</source>
        <translation>损失 f</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="205" />
        <source>distance to nearest minimum (none known)</source>
        <translation>到最近最小值的距离（无已知最小值）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="238" />
        <source>theory GD ρ = {r:.4f}</source>
        <translation>理论 GD ρ = {r:.4f}</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="240" />
        <source>theory momentum ρ = {r:.4f}</source>
        <translation>理论动量法 ρ = {r:.4f}</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="284" />
        <source>Hessian spectrum: {err}</source>
        <translation>Hessian 谱：{err}</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="295" />
        <source>Hessian at step {k} of {run}</source>
        <translation>{run} 第 {k} 步的 Hessian</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="298" />
        <source>all {n} eigenvalues, ascending · {neg} negative (red)</source>
        <translation>全部 {n} 个特征值，升序 · {neg} 个为负（红色）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/figure.py" line="300" />
        <source>{n} Lanczos Ritz values of {d} · {neg} negative (red)</source>
        <translation>{n} 个 Lanczos Ritz 值（共 {d} 维）· {neg} 个为负（红色）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/plane_layer.py" line="64" />
        <source>{what}, in this plane</source>
        <translation>{what}，位于此平面内</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/plane_layer.py" line="66" />
        <source>projection of a {what} {d:.3g} away from this plane</source>
        <translation>距此平面 {d:.3g} 的{what}的投影</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/plane_layer.py" line="201" />
        <source>log₁₀(f − f_min) on the plane</source>
        <translation>平面上的 log₁₀(f − f_min)</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/plane_layer.py" line="203" />
        <source>f on the plane</source>
        <translation>平面上的 f</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/plane_layer.py" line="210" />
        <source>known minimum</source>
        <translation>已知最小值点</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/plane_layer.py" line="212" />
        <source>known saddle</source>
        <translation>已知鞍点</translation>
    </message>
</context>
<context>
    <name>NDPlayback</name>
    <message>
        <location filename="../../app/nd_lab/playback.py" line="26" />
        <source>Playback step: moves the markers, cursors and spectrum</source>
        <translation>播放步：移动标记、光标和谱</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/playback.py" line="29" />
        <source>Run whose Hessian spectrum is shown</source>
        <translation>显示其 Hessian 谱的运行</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/playback.py" line="31" />
        <source>Spectrum of</source>
        <translation>谱：</translation>
    </message>
</context>
<context>
    <name>NDRunStatus</name>
    <message>
        <location filename="../../app/nd_lab/status.py" line="53" />
        <source>; rate {m:.4f} per step (theory at the best setting {t:.4f})</source>
        <translation>；每步收敛率 {m:.4f}（最佳设置下理论值 {t:.4f}）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/status.py" line="57" />
        <source>; rate {m:.4f} per step</source>
        <translation>；每步收敛率 {m:.4f}</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/status.py" line="64" />
        <source>the known minimum nearest the start</source>
        <translation>离起点最近的已知最小值</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/status.py" line="66" />
        <source>the start</source>
        <translation>起点</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/status.py" line="68" />
        <source>Largest stable learning rate from λ_max = {lam:.4g} of the Hessian at {where}.</source>
        <translation>由{where}处 Hessian 的 λ_max = {lam:.4g} 得出的最大稳定学习率。</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/status.py" line="78" />
        <source>PC1 {a:.1%}, PC2 {b:.1%} of Σ‖x − start‖²</source>
        <translation>PC1 占 Σ‖x − start‖² 的 {a:.1%}，PC2 占 {b:.1%}</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/status.py" line="85" />
        <source>largest distance of a path point from the plane: {d:.3g} ({r:.2%} of its run's displacement)</source>
        <translation>路径点到平面的最大距离：{d:.3g}（为该运行总位移的 {r:.2%}）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/status.py" line="93" />
        <source>paths are solid where they lie in the plane (there the contours are their loss) and faded where they leave it</source>
        <translation>路径在平面内的部分为实线（此处等高线即其损失），离开平面的部分淡化显示</translation>
    </message>
</context>
<context>
    <name>OptimizerList</name>
    <message>
        <location filename="../../app/widgets/optimizer_list.py" line="44" />
        <source>＋ Add optimizer</source>
        <translation>＋ 添加优化器</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_list.py" line="46" />
        <source>Add another run (any optimizer, several of the same allowed)</source>
        <translation>再添加一次运行（任意优化器，可重复）</translation>
    </message>
</context>
<context>
    <name>OptimizerRow</name>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="58" />
        <source>Momentum β: the fraction of the previous step kept (0 ≤ β &lt; 1)</source>
        <translation>动量 β：保留上一步的比例（0 ≤ β &lt; 1）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="60" />
        <source>β₁: decay of the running mean of gradients (0 ≤ β₁ &lt; 1)</source>
        <translation>β₁：梯度滑动平均的衰减率（0 ≤ β₁ &lt; 1）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="62" />
        <source>β₂: decay of the running mean of squared gradients (0 ≤ β₂ &lt; 1)</source>
        <translation>β₂：梯度平方滑动平均的衰减率（0 ≤ β₂ &lt; 1）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="64" />
        <source>ε: added to the denominator to avoid division by zero (&gt; 0)</source>
        <translation>ε：加到分母上以避免除以零（&gt; 0）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="66" />
        <source>α: decay of the running mean of squared gradients (0 ≤ α &lt; 1)</source>
        <translation>α：梯度平方滑动平均的衰减率（0 ≤ α &lt; 1）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="68" />
        <source>Weight decay λ: shrinks the parameters by lr·λ each step (≥ 0)</source>
        <translation>权重衰减 λ：每步将参数缩小 lr·λ（≥ 0）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="118" />
        <source>Show this run</source>
        <translation>显示此运行</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="125" />
        <source>Line colour (click to change)</source>
        <translation>线条颜色（点击更改）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="129" />
        <source>Remove this run</source>
        <translation>移除此运行</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="156" />
        <source>lr</source>
        <translation>lr</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="331" />
        <source>Dynamics</source>
        <translation>训练动态</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="334" />
        <source>Training dynamics: gradient noise, learning-rate schedule, clipping, AMSGrad</source>
        <translation>训练动态：梯度噪声、学习率调度、梯度裁剪、AMSGrad</translation>
    </message>
    <message>
        <location filename="../../app/widgets/optimizer_row.py" line="374" />
        <source>Line colour</source>
        <translation>线条颜色</translation>
    </message>
</context>
<context>
    <name>PlanePanel</name>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="175" />
        <source>PCA of the runs (top 2 directions)</source>
        <translation>运行的 PCA（前 2 个方向）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="176" />
        <source>two coordinates</source>
        <translation>两个坐标轴</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="177" />
        <source>two random directions</source>
        <translation>两个随机方向</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="179" />
        <source>The plane through the start on which the paths are projected; the contours are the loss computed on this same plane</source>
        <translation>过起点、用于投影路径的平面；等高线是在同一平面上计算的损失</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="181" />
        <source>First coordinate (0-based)</source>
        <translation>第一个坐标（从 0 开始编号）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="182" />
        <source>Second coordinate (0-based)</source>
        <translation>第二个坐标（从 0 开始编号）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="183" />
        <source>Seed of the random directions</source>
        <translation>随机方向的种子</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="186" />
        <source>seed </source>
        <translation>种子 </translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="192" />
        <source>Plane through the start:</source>
        <translation>过起点的平面：</translation>
    </message>
</context>
<context>
    <name>Playback</name>
    <message>
        <location filename="../../app/widgets/playback.py" line="138" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="138" />
        <source>Back to step 0</source>
        <translation>回到第 0 步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="140" />
        <source>Step back</source>
        <translation>后退</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="140" />
        <source>One step back</source>
        <translation>后退一步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="142" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="142" />
        <source>Play or pause the runs</source>
        <translation>播放或暂停运行</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="144" />
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="144" />
        <source>One step forward</source>
        <translation>前进一步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="193" />
        <source>{n} steps/s</source>
        <translation>{n} 步/秒</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="197" />
        <source>Playback speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="200" />
        <source>Playback position: drag to scrub through the steps</source>
        <translation>播放位置：拖动以浏览各步</translation>
    </message>
    <message>
        <location filename="../../app/widgets/playback.py" line="224" />
        <source>step {k} / {n}</source>
        <translation>第 {k} / {n} 步</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <location filename="../../app/surface_lab/status.py" line="45" />
        <source>minimum</source>
        <translation>最小值点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/status.py" line="46" />
        <source>saddle point</source>
        <translation>鞍点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/status.py" line="47" />
        <source>maximum</source>
        <translation>最大值点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/status.py" line="48" />
        <source>degenerate critical point</source>
        <translation>退化临界点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/status.py" line="49" />
        <source>point</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/status.py" line="62" />
        <source>{kind}
Hessian eigenvalues {eig}
escape along the arrow</source>
        <translation>{kind}
Hessian 特征值 {eig}
沿箭头方向逃离</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="43" />
        <source>did not move: 0 steps requested</source>
        <translation>没有移动：请求了 0 步</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="44" />
        <source>did not move: the learning rate is 0</source>
        <translation>没有移动：学习率为 0</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="48" />
        <source>ran away at step {k} — this surface has no minimum: f falls without bound</source>
        <translation>第 {k} 步发散——该曲面没有最小值：f 无下界</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="53" />
        <source>diverged at step {k} — learning rate {lr} is above the limit {limit}</source>
        <translation>第 {k} 步发散——学习率 {lr} 高于上限 {limit}</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="57" />
        <source>diverged at step {k} — learning rate {lr} is below the limit {limit} at the minimum, but the surface is steeper on the way</source>
        <translation>第 {k} 步发散——学习率 {lr} 低于最小值处的上限 {limit}，但途中曲面更陡</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="61" />
        <source>diverged at step {k} — learning rate {lr} is too large here</source>
        <translation>第 {k} 步发散——学习率 {lr} 在此处过大</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="79" />
        <source>converged to {point} in {n} steps</source>
        <translation>{n} 步后收敛到 {point}</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="82" />
        <source>reached the global minimum {point} in {n} steps</source>
        <translation>{n} 步后到达全局最小值 {point}</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="84" />
        <source>reached a local minimum {point} (not the global one) in {n} steps</source>
        <translation>{n} 步后到达局部最小值 {point}（不是全局最小值）</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="68" />
        <source>still moving after {n} steps (loss {loss})</source>
        <translation>{n} 步后仍在移动（损失 {loss}）</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="75" />
        <source>reached the minimum {point} of sharpness {sharpness} ({edge}) in {n} steps</source>
        <translation>在 {n} 步内到达锐度为 {sharpness}（{edge}）的极小值 {point}</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="93" />
        <source>, in a noise ball of radius {radius}</source>
        <translation>，停在半径 {radius} 的噪声球内</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="105" />
        <source>came to rest on the saddle {point}: the gradient vanishes there</source>
        <translation>停在鞍点 {point} 上：那里的梯度为零</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="108" />
        <source>came to rest on the maximum {point}: the gradient vanishes there</source>
        <translation>停在最大值点 {point} 上：那里的梯度为零</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="111" />
        <source>came to rest on a degenerate critical point {point}: the gradient vanishes there</source>
        <translation>停在退化临界点 {point} 上：那里的梯度为零</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="116" />
        <source>stalled near the saddle {point}</source>
        <translation>在鞍点 {point} 附近停滞</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="118" />
        <source>stalled near the maximum {point}</source>
        <translation>在最大值点 {point} 附近停滞</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="120" />
        <source>stalled near a degenerate critical point {point}</source>
        <translation>在退化临界点 {point} 附近停滞</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="123" />
        <source>stalled near the saddle {point} for {n} steps</source>
        <translation>在鞍点 {point} 附近停滞了 {n} 步</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="125" />
        <source>stalled near the maximum {point} for {n} steps</source>
        <translation>在最大值点 {point} 附近停滞了 {n} 步</translation>
    </message>
    <message>
        <location filename="../../app/outcome_text.py" line="127" />
        <source>stalled near a degenerate critical point {point} for {n} steps</source>
        <translation>在退化临界点 {point} 附近停滞了 {n} 步</translation>
    </message>
</context>
<context>
    <name>Scenario</name>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="54" />
        <source>Learning rate too large</source>
        <translation>学习率过大</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="55" />
        <source>Booth's bowl has Hessian eigenvalues 2 and 18, so gradient descent is stable only for learning rates below 2/18 ≈ 0.11 (the red mark on the slider). At 0.05 it glides in; at 0.10 it overshoots and zig-zags across the valley but still settles; at 0.13 every step overshoots more than the last and the run diverges.</source>
        <translation>Booth 碗形曲面的 Hessian 特征值为 2 和 18，因此梯度下降只在学习率低于 2/18 ≈ 0.11（滑块上的红色标记）时稳定。0.05 时平稳滑入；0.10 时越过谷底、来回之字形振荡，但仍能收敛；0.13 时每一步都比上一步冲得更远，运行发散。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="62" />
        <source>Learning rate too small</source>
        <translation>学习率过小</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="63" />
        <source>With a learning rate about 1000 times below the limit, gradient descent creeps: after 1000 steps it is still far from the minimum (1, 3). A rate near half the limit arrives in about 50 steps. Adam moves about one learning rate per step whatever the gradient, so with 0.001 it needs thousands of steps too.</source>
        <translation>学习率比上限低约 1000 倍时，梯度下降缓慢爬行：1000 步后离最小值 (1, 3) 仍很远。取上限的一半左右，约 50 步即可到达。Adam 无论梯度大小每步大约移动一个学习率，所以学习率为 0.001 时同样需要数千步。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="70" />
        <source>Local minima</source>
        <translation>局部最小值</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="71" />
        <source>Two wells: a deep global minimum on the left and a shallower local one on the right. Gradient descent ends in whichever basin it starts in, so the start decides the answer. Momentum started in the right basin carries enough speed over the ridge to reach the global minimum.</source>
        <translation>双井曲面：左边是较深的全局最小值，右边是较浅的局部最小值。梯度下降停在起点所在的盆地，所以结果由起点决定。从右侧盆地出发的动量法积累了足够的速度，越过山脊到达全局最小值。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="78" />
        <source>Saddle stall</source>
        <translation>鞍点停滞</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="79" />
        <source>On x² − y² started 0.0001 off the axis, gradient descent slides to the saddle at (0, 0) and sits there: its escape speed is proportional to the tiny y, growing only by a factor 1 + 2·lr per step. Adam divides by the gradient's size, moves about one learning rate per step and escapes at once. The arrow shows the escape direction.</source>
        <translation>在 x² − y² 上从离轴 0.0001 处出发，梯度下降滑向 (0, 0) 处的鞍点并停在那里：它的逃离速度与很小的 y 成正比，每步只增长 1 + 2·lr 倍。Adam 除以梯度大小，每步大约移动一个学习率，立即逃离。箭头表示逃离方向。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="86" />
        <source>Ill-conditioned valley</source>
        <translation>病态山谷</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="87" />
        <source>Rosenbrock's valley is 2500 times steeper across than along (κ ≈ 2500 at (1, 1)). Gradient descent must keep its learning rate below 2/λ_max ≈ 0.002 for the steep direction and then crawls along the flat floor. Momentum with the same learning rate builds up speed along the valley and reaches (1, 1).</source>
        <translation>Rosenbrock 山谷横向比纵向陡 2500 倍（在 (1, 1) 处 κ ≈ 2500）。梯度下降必须为陡峭方向把学习率保持在 2/λ_max ≈ 0.002 以下，于是沿平坦的谷底缓慢爬行。相同学习率的动量法沿山谷积累速度，到达 (1, 1)。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="94" />
        <source>Plateau</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="95" />
        <source>Far from its minimum, 1 − exp(−x² − y²) is almost flat: the gradient is about 10⁻⁵, so gradient descent and momentum barely move in 1000 steps. Adam rescales the step by the gradient's running size and crosses the plateau in about 100 steps.</source>
        <translation>远离最小值时，1 − exp(−x² − y²) 几乎是平的：梯度约为 10⁻⁵，梯度下降和动量法在 1000 步内几乎不动。Adam 按梯度的滑动大小缩放步长，约 100 步就越过平台。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="101" />
        <source>Noise escapes the saddle</source>
        <translation>噪声帮助逃离鞍点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="102" />
        <source>On ½x² + ¼y⁴ − ½y² started exactly on the x-axis, gradient descent slides into the saddle at (0, 0) and stays there: the gradient has no y-part to push it off. The same run with a little gradient noise (σ = 0.001, as mini-batches give) is knocked off the axis and reaches a minimum (0, ±1) after about 100 steps. Without noise the escape time grows with log 1/y₀: from y₀ = 10⁻¹², 10⁻⁸ and 10⁻⁴ it takes 297, 200 and 104 steps to pass |y| = 0.9.</source>
        <translation>在 ½x² + ¼y⁴ − ½y² 上从恰好位于 x 轴的点出发，梯度下降滑入 (0, 0) 处的鞍点并停在那里：梯度没有 y 分量能把它推开。同样的运行加上一点梯度噪声（σ = 0.001，就像小批量训练带来的噪声）会被推离 x 轴，大约 100 步后到达极小值 (0, ±1)。没有噪声时，逃离所需的步数随 log 1/y₀ 增长：从 y₀ = 10⁻¹²、10⁻⁸ 和 10⁻⁴ 出发，分别需要 297、200 和 104 步才越过 |y| = 0.9。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="111" />
        <source>Catapult</source>
        <translation>弹射</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="112" />
        <source>On ½(uv − 1)² every point of the hyperbola uv = 1 is a minimum, of sharpness (largest Hessian eigenvalue) u² + v². The start (4, 0.05) sits by a sharp one (sharpness 16), stable for gradient descent only while lr &lt; 2/16. At lr 0.05 the run settles there. At 0.15 the loss first spikes from 0.32 to about 3: the run is thrown out of the sharp valley and lands where the sharpness is 9.3, below 2/lr = 13.3. At 0.2 the spike reaches 16 and it lands at sharpness 2.4. At 0.25 no minimum flat enough is in reach and it diverges at step 9.</source>
        <translation>在 ½(uv − 1)² 上，双曲线 uv = 1 上的每一点都是极小值，其尖锐度（Hessian 最大特征值）为 u² + v²。起点 (4, 0.05) 靠近一个尖锐的极小值（尖锐度 16），只有当 lr &lt; 2/16 时梯度下降才在那里稳定。lr 为 0.05 时，运行就停在那里。lr 为 0.15 时，损失先从 0.32 飙升到约 3：运行被弹出尖锐的山谷，落在尖锐度为 9.3 的地方，低于 2/lr = 13.3。lr 为 0.2 时，峰值达到 16，最终落在尖锐度 2.4 处。lr 为 0.25 时，附近没有足够平坦的极小值，运行在第 9 步发散。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="122" />
        <source>Learning-rate warm-up</source>
        <translation>学习率预热</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="123" />
        <source>From the same sharp start, a constant learning rate of 0.3 diverges within 5 steps. Warmed up linearly from 0.003 to 0.3 over 100 steps, the run first settles in the sharp minimum; once the rate passes 2/16 that minimum is unstable, the tiny gradient noise (σ = 10⁻⁶) grows, the loss spikes to about 17 and the run lands in a flatter minimum, sharpness 2.9 &lt; 2/0.3. A 1000-step warm-up slides it along the valley: the loss stays below 2.5 and it ends at sharpness 6, just under 2/lr. Without any noise (last run) only rounding errors can grow; by the time they have, the rate is 0.285 and the run diverges at step 96.</source>
        <translation>从同一个尖锐的起点出发，恒定学习率 0.3 在 5 步内发散。若在 100 步内把学习率从 0.003 线性预热到 0.3，运行先停在尖锐的极小值；当学习率超过 2/16 后该极小值变得不稳定，微小的梯度噪声（σ = 10⁻⁶）被放大，损失飙升到约 17，运行落入一个更平坦的极小值，尖锐度 2.9 &lt; 2/0.3。1000 步的预热则让它沿山谷平稳滑动：损失始终低于 2.5，最终尖锐度为 6，刚好低于 2/lr。完全没有噪声时（最后一个运行），只有舍入误差能够增长；等它长大时学习率已是 0.285，运行在第 96 步发散。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="134" />
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/scenarios.py" line="135" />
        <source>On x⁴ + y⁴ the gradient grows like the cube of the distance: at (10, 2) it is 4000. Gradient descent with lr 0.05 is thrown to x = −190 in one step and to 1.4 million in the next. Clipping the gradient to norm 1 (torch.nn.utils.clip_grad_norm_) caps every step at 0.05 far out and leaves the small gradients near the minimum alone, so the same learning rate converges. A rate small enough for the start without clipping (0.0005) crawls on the flat bottom.</source>
        <translation>在 x⁴ + y⁴ 上，梯度随距离的三次方增长：在 (10, 2) 处为 4000。学习率 0.05 的梯度下降一步就被抛到 x = −190，下一步到 140 万。把梯度裁剪到范数 1（torch.nn.utils.clip_grad_norm_）后，远处每一步最多走 0.05，而极小值附近的小梯度不受影响，于是同样的学习率也能收敛。不裁剪时，小到足以应付起点的学习率（0.0005）在平坦的谷底爬得极慢。</translation>
    </message>
</context>
<context>
    <name>ScenarioBanner</name>
    <message>
        <location filename="../../app/surface_lab/banner.py" line="92" />
        <source>Hide the explanation</source>
        <translation>隐藏说明</translation>
    </message>
</context>
<context>
    <name>ScheduleCurve</name>
    <message>
        <location filename="../../app/widgets/schedule_curve.py" line="117" />
        <source>Learning rate at each step, from {lo} to {hi} ({axis})</source>
        <translation>每一步的学习率，范围 {lo} 至 {hi}（{axis}）</translation>
    </message>
    <message>
        <location filename="../../app/widgets/schedule_curve.py" line="120" />
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <location filename="../../app/widgets/schedule_curve.py" line="121" />
        <source>linear scale</source>
        <translation>线性坐标</translation>
    </message>
    <message>
        <location filename="../../app/widgets/schedule_curve.py" line="163" />
        <source>lr {lr} at step {k}</source>
        <translation>第 {k} 步 lr {lr}</translation>
    </message>
    <message>
        <location filename="../../app/widgets/schedule_curve.py" line="217" />
        <source>log</source>
        <translation>对数</translation>
    </message>
</context>
<context>
    <name>SetupPanel</name>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="26" />
        <source>Quadratic (κ, rotated)</source>
        <translation>二次碗（κ，旋转）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="27" />
        <source>Rosenbrock</source>
        <translation>Rosenbrock 函数</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="28" />
        <source>Rastrigin</source>
        <translation>Rastrigin 函数</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="29" />
        <source>Styblinski–Tang</source>
        <translation>Styblinski–Tang 函数</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="30" />
        <source>N-D saddle</source>
        <translation>多维鞍面</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="49" />
        <source>Surface and start</source>
        <translation>曲面与起点</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="53" />
        <source>Number of coordinates (3 to 1000)</source>
        <translation>坐标个数（3 到 1000）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="56" />
        <source>Condition number κ = λ_max / λ_min of the quadratic</source>
        <translation>二次函数的条件数 κ = λ_max / λ_min</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="58" />
        <source>geometric</source>
        <translation>等比分布</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="58" />
        <source>linear</source>
        <translation>等差分布</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="59" />
        <source>two clusters (1 and κ)</source>
        <translation>两簇（1 和 κ）</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="61" />
        <source>How the eigenvalues are spread between 1 and κ</source>
        <translation>特征值在 1 与 κ 之间如何分布</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="62" />
        <source>random rotation, seed</source>
        <translation>随机旋转，种子</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="64" />
        <source>Rotate the eigen-directions away from the coordinate axes</source>
        <translation>旋转特征方向，使其偏离坐标轴</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="65" />
        <source>Seed of the random rotation</source>
        <translation>随机旋转的种子</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="66" />
        <source>Directions of negative curvature at the saddle</source>
        <translation>鞍点处负曲率方向的个数</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="69" />
        <source>random, seed</source>
        <translation>随机，种子</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="70" />
        <source>all coordinates =</source>
        <translation>所有坐标 =</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="71" />
        <source>Seed of the random start</source>
        <translation>随机起点的种子</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="77" />
        <source>Random start: uniform in this fraction of the box</source>
        <translation>随机起点：在区域的这一比例范围内均匀分布</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="83" />
        <source>Value of every coordinate at the start</source>
        <translation>起点处每个坐标的取值</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="84" />
        <source>Number of optimizer steps</source>
        <translation>优化器步数</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="96" />
        <source>Surface</source>
        <translation>曲面</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="97" />
        <source>Dimension</source>
        <translation>维数</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="98" />
        <source>κ</source>
        <translation>κ</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="100" />
        <source>Eigenvalues</source>
        <translation>特征值</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="106" />
        <source>Negative directions</source>
        <translation>负曲率方向</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="108" />
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="109" />
        <source>Random spread</source>
        <translation>随机范围</translation>
    </message>
    <message>
        <location filename="../../app/nd_lab/controls.py" line="111" />
        <source>Steps</source>
        <translation>步数</translation>
    </message>
</context>
<context>
    <name>StabilityLimit</name>
    <message>
        <location filename="../../app/surface_lab/advice.py" line="24" />
        <source>{opt} rescales every coordinate by its gradient history, so it has no fixed learning-rate limit; too large a rate makes it jitter around the minimum.</source>
        <translation>{opt} 按梯度历史缩放每个坐标，因此没有固定的学习率上限；学习率过大会使其在最小值附近抖动。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/advice.py" line="30" />
        <source>No stability limit here: the surface has no positive curvature at this point.</source>
        <translation>此处没有稳定性上限：曲面在该点没有正曲率。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/advice.py" line="36" />
        <source>at the minimum {p} nearest the start</source>
        <translation>（在离起点最近的最小值 {p} 处）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/advice.py" line="38" />
        <source>at the start {p} (no known minimum)</source>
        <translation>（在起点 {p} 处，无已知最小值）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/advice.py" line="40" />
        <source>Stability limit {formula} = {lr} {where}, where the largest curvature λ_max = {lam}. Above it {opt} overshoots further on every step near that point and diverges.</source>
        <translation>稳定性上限 {formula} = {lr} {where}，其中最大曲率 λ_max = {lam}。超过该值时，{opt} 在该点附近每一步都会越冲越远并发散。</translation>
    </message>
</context>
<context>
    <name>StackView</name>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="68" />
        <source>Top: the gradient norm ‖∂L/∂hₗ‖ of every layer (rows, layer 1 = input side) at every training step (columns), colour on a log scale; red cells are exactly 0 (the float32 gradient underflowed). Middle: the same norms at the latest step, with the weight-gradient norms ‖∂L/∂Wₗ‖. Bottom: the model's class probability over the data.</source>
        <translation>上：每一层（行，第 1 层 = 输入侧）在每个训练步（列）的梯度范数 ‖∂L/∂hₗ‖，颜色为对数刻度；红色格子恰好为 0（float32 梯度下溢）。中：最新一步的同一组范数，以及权重梯度范数 ‖∂L/∂Wₗ‖。下：模型在数据上给出的类别概率。</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="78" />
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="79" />
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="86" />
        <source>log₁₀ ‖∂L/∂h‖</source>
        <translation>log₁₀ ‖∂L/∂h‖</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="98" />
        <source>layer (bars: current step)</source>
        <translation>层（柱：当前步）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="120" />
        <source>decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="137" />
        <source>Residual stack</source>
        <translation>残差网络</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="137" />
        <source>Plain stack</source>
        <translation>普通网络</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="147" />
        <source>exactly 0 (float32 underflow)</source>
        <translation>恰好为 0（float32 下溢）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="181" />
        <source>first/last layer gradient ratio: —</source>
        <translation>首层/末层梯度比：—</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="203" />
        <source>(layer 1 gradient underflowed to exactly 0)</source>
        <translation>（第 1 层梯度下溢为恰好 0）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="205" />
        <source>first/last layer gradient ratio: &lt;b&gt;{0}&lt;/b&gt;  (step {1})</source>
        <translation>首层/末层梯度比：&lt;b&gt;{0}&lt;/b&gt;（第 {1} 步）</translation>
    </message>
    <message>
        <location filename="../../app/deep_lab/stack_view.py" line="210" />
        <source>update/weight ‖ΔWₗ‖/‖Wₗ‖: layer 1 {0}, layer {1} {2}</source>
        <translation>更新/权重 ‖ΔWₗ‖/‖Wₗ‖：第 1 层 {0}，第 {1} 层 {2}</translation>
    </message>
</context>
<context>
    <name>SurfaceActions</name>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="53" />
        <location filename="../../app/surface_lab/actions.py" line="93" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="53" />
        <source>Play or pause the runs</source>
        <translation>播放或暂停运行</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="55" />
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="55" />
        <source>One step forward</source>
        <translation>前进一步</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="57" />
        <source>Step back</source>
        <translation>后退</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="57" />
        <source>One step back</source>
        <translation>后退一步</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="59" />
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="59" />
        <source>Back to step 0</source>
        <translation>回到第 0 步</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="61" />
        <source>Jump to end</source>
        <translation>跳到结尾</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="61" />
        <source>Show the whole runs</source>
        <translation>显示完整轨迹</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="65" />
        <source>Export figure…</source>
        <translation>导出图像…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="66" />
        <source>Save the surface view as PNG or SVG</source>
        <translation>将曲面视图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="68" />
        <source>Export trajectories…</source>
        <translation>导出轨迹…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="69" />
        <source>Save the runs as CSV or JSON</source>
        <translation>将运行结果保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="70" />
        <source>Open experiment…</source>
        <translation>打开实验…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="71" />
        <source>Load a saved setup (surface, start, optimizers)</source>
        <translation>加载已保存的设置（曲面、起点、优化器）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="73" />
        <source>Save experiment…</source>
        <translation>保存实验…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="74" />
        <source>Save this setup to open it again later</source>
        <translation>保存当前设置，以便之后再次打开</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="76" />
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="77" />
        <source>Show the whole surface</source>
        <translation>显示整个曲面</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/actions.py" line="93" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>SurfaceControls</name>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="53" />
        <source>Surface</source>
        <translation>曲面</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="57" />
        <source>The loss surface f(x, y) to descend</source>
        <translation>要下降的损失曲面 f(x, y)</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="61" />
        <source>Custom f(x, y)…</source>
        <translation>自定义 f(x, y)…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="66" />
        <source>Edit f(x, y)…</source>
        <translation>编辑 f(x, y)…</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="67" />
        <source>Change your function or its plotting range</source>
        <translation>修改你的函数或它的绘图范围</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="71" />
        <source>Condition number κ</source>
        <translation>条件数 κ</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="74" />
        <source>κ = λ_max/λ_min: how much steeper the bowl is along y than along x</source>
        <translation>κ = λ_max/λ_min：碗沿 y 方向比沿 x 方向陡多少倍</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="85" />
        <source>Start and steps</source>
        <translation>起点与步数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="89" />
        <source>x of the start point</source>
        <translation>起点的 x 坐标</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="90" />
        <source>y of the start point</source>
        <translation>起点的 y 坐标</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="95" />
        <source>Start</source>
        <translation>起点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="101" />
        <source>Maximum number of steps per run</source>
        <translation>每次运行的最大步数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="102" />
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="103" />
        <source>Click the surface to start every run there; drag a ✛ to move one start.</source>
        <translation>点击曲面让所有运行从该处开始；拖动 ✛ 可单独移动一个起点。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="110" />
        <source>Optimizers</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="202" />
        <source>½(x² + κ y²): Hessian eigenvalues 1 and κ, so gradient descent needs lr &lt; 2/κ.</source>
        <translation>½(x² + κ y²)：Hessian 特征值为 1 和 κ，所以梯度下降需要 lr &lt; 2/κ。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="207" />
        <source>Your f(x, y) = {expression}. Found in the range: minima {minima}, saddles {saddles}, maxima {maxima}.</source>
        <translation>你的 f(x, y) = {expression}。在范围内找到：极小值 {minima} 个，鞍点 {saddles} 个，极大值 {maxima} 个。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/controls.py" line="215" />
        <source>Plotted range {lo} … {hi}</source>
        <translation>绘图范围 {lo} … {hi}</translation>
    </message>
</context>
<context>
    <name>SurfaceLab</name>
    <message>
        <location filename="../../app/surface_lab/lab.py" line="234" />
        <source>Scenario loaded: {title}</source>
        <translation>已加载场景：{title}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/lab.py" line="251" />
        <source>{surface}: start and learning rates reset to suggested values</source>
        <translation>{surface}：起点和学习率已重置为建议值</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/lab.py" line="263" />
        <source>Your f(x, y) = {expression}: start and learning rates reset to suggested values</source>
        <translation>你的 f(x, y) = {expression}：起点和学习率已重置为建议值</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/lab.py" line="273" />
        <location filename="../../app/surface_lab/lab.py" line="288" />
        <source>Start moved to {p}</source>
        <translation>起点已移至 {p}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/recompute.py" line="184" />
        <source>not run: fix the value above</source>
        <translation>未运行：请修正上面的数值</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/recompute.py" line="187" />
        <source>not run: {why}</source>
        <translation>未运行：{why}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/recompute.py" line="194" />
        <source>from {p}</source>
        <translation>起点 {p}</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <location filename="../../app/surface_lab/surface_view.py" line="115" />
        <source>f (log colour scale)</source>
        <translation>f（对数色标）</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/surface_view.py" line="115" />
        <source>f</source>
        <translation>f</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/surface_view.py" line="133" />
        <source>global minimum {p}, f = {v:.4g}</source>
        <translation>全局最小值 {p}，f = {v:.4g}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/surface_view.py" line="134" />
        <source>local minimum {p}, f = {v:.4g}</source>
        <translation>局部最小值 {p}，f = {v:.4g}</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/surface_view.py" line="141" />
        <source>saddle</source>
        <translation>鞍点</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/surface_view.py" line="141" />
        <source>local maximum</source>
        <translation>局部最大值</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/surface_view.py" line="164" />
        <source>Start point: drag to move it, or click anywhere to start every run there</source>
        <translation>起点：拖动以移动，或点击任意位置让所有运行从该处开始</translation>
    </message>
</context>
<context>
    <name>Surfaces</name>
    <message>
        <location filename="../../app/surface_lab/names.py" line="12" />
        <source>Quadratic bowl</source>
        <translation>二次碗</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="13" />
        <source>½(x² + κ y²) with κ = 10: Hessian eigenvalues 1 and κ.</source>
        <translation>½(x² + κ y²)，κ = 10：Hessian 特征值为 1 和 κ。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="14" />
        <source>Booth</source>
        <translation>Booth 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="15" />
        <source>(x+2y−7)² + (2x+y−5)²: a tilted bowl, Hessian eigenvalues 2 and 18.</source>
        <translation>(x+2y−7)² + (2x+y−5)²：倾斜的碗，Hessian 特征值为 2 和 18。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="16" />
        <source>Rosenbrock</source>
        <translation>Rosenbrock 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="17" />
        <source>(1−x)² + 100(y−x²)²: a curved, badly conditioned valley.</source>
        <translation>(1−x)² + 100(y−x²)²：弯曲且病态的山谷。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="18" />
        <source>Himmelblau</source>
        <translation>Himmelblau 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="19" />
        <source>(x²+y−11)² + (x+y²−7)²: four equal minima; the start decides.</source>
        <translation>(x²+y−11)² + (x+y²−7)²：四个相等的最小值，由起点决定去哪一个。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="20" />
        <source>Beale</source>
        <translation>Beale 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="21" />
        <source>Sharp ridges and flat plains; one minimum at (3, 0.5).</source>
        <translation>陡峭的山脊和平坦的平原；唯一最小值在 (3, 0.5)。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="22" />
        <source>Rastrigin</source>
        <translation>Rastrigin 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="23" />
        <source>A bowl covered in local minima, one per integer lattice point.</source>
        <translation>布满局部最小值的碗，每个整数格点一个。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="24" />
        <source>Ackley</source>
        <translation>Ackley 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="25" />
        <source>A needle-shaped global minimum in a field of ripples.</source>
        <translation>波纹中的针状全局最小值。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="26" />
        <source>Goldstein–Price</source>
        <translation>Goldstein–Price 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="27" />
        <source>Values from 3 to 10⁶: needs a log colour scale.</source>
        <translation>取值从 3 到 10⁶：需要对数色标。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="28" />
        <source>Six-hump camel</source>
        <translation>六峰驼背函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="29" />
        <source>Two global and four local minima.</source>
        <translation>两个全局最小值和四个局部最小值。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="30" />
        <source>Styblinski–Tang</source>
        <translation>Styblinski–Tang 函数</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="31" />
        <source>Four minima, one global; saddles between them.</source>
        <translation>四个最小值，其中一个是全局的；其间有鞍点。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="32" />
        <source>Saddle x² − y²</source>
        <translation>鞍面 x² − y²</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="33" />
        <source>x² − y²: a saddle at the origin, unbounded below along y.</source>
        <translation>x² − y²：原点处的鞍点，沿 y 方向无下界。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="34" />
        <source>Monkey saddle</source>
        <translation>猴鞍面</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="35" />
        <source>x³ − 3xy²: a degenerate saddle (Hessian 0) at the origin.</source>
        <translation>x³ − 3xy²：原点处的退化鞍点（Hessian 为 0）。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="36" />
        <source>Two wells</source>
        <translation>双井</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="37" />
        <source>A shallow local minimum beside a deeper global one.</source>
        <translation>较浅的局部最小值旁边有一个更深的全局最小值。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="38" />
        <source>Plateau</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="39" />
        <source>1 − exp(−x²−y²): almost flat far from the minimum.</source>
        <translation>1 − exp(−x²−y²)：远离最小值处几乎是平的。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="40" />
        <source>N-D saddle</source>
        <translation>多维鞍面</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="41" />
        <source>A saddle at 0 with 1 negative-curvature direction(s); minima at ±1.</source>
        <translation>0 处的鞍点，有 1 个负曲率方向；最小值在 ±1。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="42" />
        <source>Quartic saddle</source>
        <translation>四次鞍面</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="43" />
        <source>½x² + ¼y⁴ − ½y²: a saddle at 0 between minima at (0, ±1).</source>
        <translation>½x² + ¼y⁴ − ½y²：原点是鞍点，两侧 (0, ±1) 是极小值。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="44" />
        <source>Catapult ½(uv − 1)²</source>
        <translation>弹射面 ½(uv − 1)²</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="45" />
        <source>½(uv − 1)²: a hyperbola of minima uv = 1, sharpness u² + v² there.</source>
        <translation>½(uv − 1)²：极小值构成双曲线 uv = 1，那里的尖锐度为 u² + v²。</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="46" />
        <source>Quartic bowl x⁴ + y⁴</source>
        <translation>四次碗 x⁴ + y⁴</translation>
    </message>
    <message>
        <location filename="../../app/surface_lab/names.py" line="47" />
        <source>x⁴ + y⁴: a flat bottom; the gradient grows like distance³.</source>
        <translation>x⁴ + y⁴：底部平坦；梯度随距离的三次方增长。</translation>
    </message>
</context>
</TS>