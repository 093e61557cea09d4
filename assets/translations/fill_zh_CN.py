# ruff: noqa: E501  (translation table: one entry per line reads best)
"""Fill optim_lab_zh_CN.ts with the Simplified Chinese texts below.

Update the catalogue, fill it, compile it (from the repository root)::

    .venv/bin/pyside6-lupdate -no-obsolete app/main.py app/main_window.py app/errors.py app/shell.py \
        app/outcome_text.py app/surface_lab/*.py app/widgets/*.py app/nd_lab/*.py app/deep_lab/*.py \
        app/lessons/*.py -ts assets/translations/optim_lab_zh_CN.ts
    .venv/bin/python assets/translations/fill_zh_CN.py
    .venv/bin/pyside6-lrelease assets/translations/optim_lab_zh_CN.ts \
        -qm assets/translations/optim_lab_zh_CN.qm

Entries not listed here stay unfinished (shown in English).  The app loads the
.qm for the system locale, or for ``OPTIM_LAB_LANG=zh_CN``.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ZH = {
    # main window
    "Optim Lab": "Optim Lab 优化实验室",
    "Surface Lab": "曲面实验室",
    "N-D Lab": "高维实验室",
    "Deep Stack Lab": "深层网络实验室",
    "Loading {title}…": "正在加载{title}…",
    "Drag a learning-rate slider, click the surface to move the start, press Space to play.":
        "拖动学习率滑块，点击曲面移动起点，按空格键播放。",
    "{title} could not be opened:\n{why}": "无法打开{title}：\n{why}",
    "&File": "文件(&F)", "&Quit": "退出(&Q)", "&View": "视图(&V)", "&Playback": "播放(&P)",
    "&Scenarios": "场景(&S)", "&Help": "帮助(&H)", "Keyboard shortcuts": "键盘快捷键",
    "About Optim Lab": "关于 Optim Lab", "Scenarios": "场景",
    "Load a one-click demonstration of a pathology": "一键加载一个优化病态的演示",
    "Optim Lab: watch gradient-descent optimizers succeed and fail on loss surfaces, in many "
    "dimensions and in deep stacks.":
        "Optim Lab：观察梯度下降类优化器在损失曲面、高维空间和深层网络中的成功与失败。",
    # actions
    "Play": "播放", "Pause": "暂停", "Play or pause the runs": "播放或暂停运行",
    "Step": "单步", "One step forward": "前进一步", "Step back": "后退",
    "One step back": "后退一步", "Reset": "重置", "Back to step 0": "回到第 0 步",
    "Jump to end": "跳到结尾", "Show the whole runs": "显示完整轨迹",
    "Export figure…": "导出图像…", "Save the surface view as PNG or SVG": "将曲面视图保存为 PNG 或 SVG",
    "Export trajectories…": "导出轨迹…", "Save the runs as CSV or JSON": "将运行结果保存为 CSV 或 JSON",
    "Reset zoom": "重置缩放", "Show the whole surface": "显示整个曲面",
    # controls
    "Surface": "曲面", "The loss surface f(x, y) to descend": "要下降的损失曲面 f(x, y)",
    "Start and steps": "起点与步数", "x of the start point": "起点的 x 坐标",
    "y of the start point": "起点的 y 坐标", "Start": "起点",
    "Maximum number of steps per run": "每次运行的最大步数", "Steps": "步数",
    "Click the surface to start every run there; drag a ✛ to move one start.":
        "点击曲面让所有运行从该处开始；拖动 ✛ 可单独移动一个起点。",
    "Optimizers": "优化器", "Plotted range {lo} … {hi}": "绘图范围 {lo} … {hi}",
    # lab
    "Scenario loaded: {title}": "已加载场景：{title}",
    "not run: fix the value above": "未运行：请修正上面的数值",
    "not run: {why}": "未运行：{why}", "from {p}": "起点 {p}",
    "{surface}: start and learning rates reset to suggested values": "{surface}：起点和学习率已重置为建议值",
    "Start moved to {p}": "起点已移至 {p}",
    # view
    "f (log colour scale)": "f（对数色标）", "f": "f",
    "global minimum {p}, f = {v:.4g}": "全局最小值 {p}，f = {v:.4g}",
    "local minimum {p}, f = {v:.4g}": "局部最小值 {p}，f = {v:.4g}",
    "saddle": "鞍点", "local maximum": "局部最大值",
    "Start point: drag to move it, or click anywhere to start every run there":
        "起点：拖动以移动，或点击任意位置让所有运行从该处开始",
    # curves
    "step": "步", "gradient norm ‖∇f‖": "梯度范数 ‖∇f‖", "loss f − f*": "损失 f − f*",
    "loss f − f*  (f* = {v:.4g})": "损失 f − f*（f* = {v:.4g}）", "loss f": "损失 f",
    # playback
    "{n} steps/s": "{n} 步/秒", "Playback speed": "播放速度",
    "Playback position: drag to scrub through the steps": "播放位置：拖动以浏览各步",
    "step {k} / {n}": "第 {k} / {n} 步",
    # widgets
    "Learning rate": "学习率", "Learning rate value": "学习率数值",
    "Learning rate {value} (log scale, drag or type a value)": "学习率 {value}（对数刻度，可拖动或输入）",
    "Red mark: stability limit {limit}.": "红色标记：稳定性上限 {limit}。",
    "The learning rate is above the limit.": "学习率高于上限。",
    "Type a learning rate from {lo} to {hi}, e.g. 0.003 or 3e-3": "输入 {lo} 到 {hi} 之间的学习率，例如 0.003 或 3e-3",
    "“{text}” is not a number; type a learning rate such as 0.01": "“{text}”不是数字；请输入学习率，例如 0.01",
    "Learning rate {text} is outside the range {lo} … {hi}": "学习率 {text} 超出范围 {lo} … {hi}",
    "＋ Add optimizer": "＋ 添加优化器",
    "Add another run (any optimizer, several of the same allowed)": "再添加一次运行（任意优化器，可重复）",
    "Momentum β: the fraction of the previous step kept (0 ≤ β < 1)": "动量 β：保留上一步的比例（0 ≤ β < 1）",
    "β₁: decay of the running mean of gradients (0 ≤ β₁ < 1)": "β₁：梯度滑动平均的衰减率（0 ≤ β₁ < 1）",
    "β₂: decay of the running mean of squared gradients (0 ≤ β₂ < 1)": "β₂：梯度平方滑动平均的衰减率（0 ≤ β₂ < 1）",
    "ε: added to the denominator to avoid division by zero (> 0)": "ε：加到分母上以避免除以零（> 0）",
    "α: decay of the running mean of squared gradients (0 ≤ α < 1)": "α：梯度平方滑动平均的衰减率（0 ≤ α < 1）",
    "Weight decay λ: shrinks the parameters by lr·λ each step (≥ 0)": "权重衰减 λ：每步将参数缩小 lr·λ（≥ 0）",
    "Show this run": "显示此运行", "Line colour (click to change)": "线条颜色（点击更改）",
    "Remove this run": "移除此运行", "lr": "lr", "Line colour": "线条颜色",
    # status lines
    "ran away at step {k} — this surface has no minimum: f falls without bound":
        "第 {k} 步发散——该曲面没有最小值：f 无下界",
    "diverged at step {k} — learning rate {lr} is above the limit {limit}":
        "第 {k} 步发散——学习率 {lr} 高于上限 {limit}",
    "diverged at step {k} — learning rate {lr} is below the limit {limit} at the minimum, but "
    "the surface is steeper on the way":
        "第 {k} 步发散——学习率 {lr} 低于最小值处的上限 {limit}，但途中曲面更陡",
    "diverged at step {k} — learning rate {lr} is too large here": "第 {k} 步发散——学习率 {lr} 在此处过大",
    "converged to {point} in {n} steps": "{n} 步后收敛到 {point}",
    "reached the global minimum {point} in {n} steps": "{n} 步后到达全局最小值 {point}",
    "reached a local minimum {point} (not the global one) in {n} steps":
        "{n} 步后到达局部最小值 {point}（不是全局最小值）",
    "stalled near the saddle {point} for {n} steps": "在鞍点 {point} 附近停滞了 {n} 步",
    "stalled at {point}, a {kind} of the surface, for {n} steps": "在曲面的{kind} {point} 处停滞了 {n} 步",
    "still moving after {n} steps (loss {loss})": "{n} 步后仍在移动（损失 {loss}）",
    "minimum": "最小值点", "saddle point": "鞍点", "maximum": "最大值点",
    "degenerate critical point": "退化临界点", "point": "点",
    "{kind}\nHessian eigenvalues {eig}\nescape along the arrow": "{kind}\nHessian 特征值 {eig}\n沿箭头方向逃离",
    # stability limit tooltips
    "{opt} rescales every coordinate by its gradient history, so it has no fixed learning-rate "
    "limit; too large a rate makes it jitter around the minimum.":
        "{opt} 按梯度历史缩放每个坐标，因此没有固定的学习率上限；学习率过大会使其在最小值附近抖动。",
    "No stability limit here: the surface has no positive curvature at this point.":
        "此处没有稳定性上限：曲面在该点没有正曲率。",
    "at the minimum {p} nearest the start": "（在离起点最近的最小值 {p} 处）",
    "at the start {p} (no known minimum)": "（在起点 {p} 处，无已知最小值）",
    "Stability limit {formula} = {lr} {where}, where the largest curvature λ_max = {lam}. Above "
    "it {opt} overshoots further on every step near that point and diverges.":
        "稳定性上限 {formula} = {lr} {where}，其中最大曲率 λ_max = {lam}。超过该值时，"
        "{opt} 在该点附近每一步都会越冲越远并发散。",
    # export
    "cannot write {path}: {why}": "无法写入 {path}：{why}",
    "cannot export to {name}: the name must end in .png or .svg": "无法导出到 {name}：文件名必须以 .png 或 .svg 结尾",
    "image width {w} is outside 16 … {max} pixels": "图像宽度 {w} 超出 16 … {max} 像素",
    "cannot encode the image as PNG": "无法将图像编码为 PNG",
    "cannot export to {name}: the name must end in .csv or .json": "无法导出到 {name}：文件名必须以 .csv 或 .json 结尾",
    "nothing to export: no run is shown": "没有可导出的内容：未显示任何运行",
    "The figure was not saved.": "图像未保存。", "Figure saved to {path}": "图像已保存到 {path}",
    "The trajectories were not saved.": "轨迹未保存。", "Trajectories saved to {path}": "轨迹已保存到 {path}",
    "Export figure": "导出图像", "PNG image (*.png);;SVG vector image (*.svg)": "PNG 图像 (*.png);;SVG 矢量图 (*.svg)",
    "Image width": "图像宽度", "Width in pixels (the height follows the view's shape):": "宽度（像素，高度按视图比例）：",
    "Export trajectories": "导出轨迹", "JSON (*.json);;CSV table (*.csv)": "JSON (*.json);;CSV 表格 (*.csv)",
    "Export failed": "导出失败", "Hide the explanation": "隐藏说明",
    # scenarios
    "Learning rate too large": "学习率过大", "Learning rate too small": "学习率过小",
    "Local minima": "局部最小值", "Saddle stall": "鞍点停滞", "Ill-conditioned valley": "病态山谷",
    "Plateau": "平台",
    "Booth's bowl has Hessian eigenvalues 2 and 18, so gradient descent is stable only for "
    "learning rates below 2/18 ≈ 0.11 (the red mark on the slider). At 0.05 it glides in; at 0.10 "
    "it overshoots and zig-zags across the valley but still settles; at 0.13 every step overshoots "
    "more than the last and the run diverges.":
        "Booth 碗形曲面的 Hessian 特征值为 2 和 18，因此梯度下降只在学习率低于 2/18 ≈ 0.11"
        "（滑块上的红色标记）时稳定。0.05 时平稳滑入；0.10 时越过谷底、来回之字形振荡，但仍能收敛；"
        "0.13 时每一步都比上一步冲得更远，运行发散。",
    "With a learning rate about 1000 times below the limit, gradient descent creeps: after 1000 "
    "steps it is still far from the minimum (1, 3). A rate near half the limit arrives in about 50 "
    "steps. Adam moves about one learning rate per step whatever the gradient, so with 0.001 it "
    "needs thousands of steps too.":
        "学习率比上限低约 1000 倍时，梯度下降缓慢爬行：1000 步后离最小值 (1, 3) 仍很远。"
        "取上限的一半左右，约 50 步即可到达。Adam 无论梯度大小每步大约移动一个学习率，"
        "所以学习率为 0.001 时同样需要数千步。",
    "Two wells: a deep global minimum on the left and a shallower local one on the right. Gradient "
    "descent ends in whichever basin it starts in, so the start decides the answer. Momentum "
    "started in the right basin carries enough speed over the ridge to reach the global minimum.":
        "双井曲面：左边是较深的全局最小值，右边是较浅的局部最小值。梯度下降停在起点所在的盆地，"
        "所以结果由起点决定。从右侧盆地出发的动量法积累了足够的速度，越过山脊到达全局最小值。",
    "On x² − y² started 0.0001 off the axis, gradient descent slides to the saddle at (0, 0) and "
    "sits there: its escape speed is proportional to the tiny y, growing only by a factor 1 + 2·lr "
    "per step. Adam divides by the gradient's size, moves about one learning rate per step and "
    "escapes at once. The arrow shows the escape direction.":
        "在 x² − y² 上从离轴 0.0001 处出发，梯度下降滑向 (0, 0) 处的鞍点并停在那里："
        "它的逃离速度与很小的 y 成正比，每步只增长 1 + 2·lr 倍。Adam 除以梯度大小，"
        "每步大约移动一个学习率，立即逃离。箭头表示逃离方向。",
    "Rosenbrock's valley is 2500 times steeper across than along (κ ≈ 2500 at (1, 1)). Gradient "
    "descent must keep its learning rate below 2/λ_max ≈ 0.002 for the steep direction and then "
    "crawls along the flat floor. Momentum with the same learning rate builds up speed along the "
    "valley and reaches (1, 1).":
        "Rosenbrock 山谷横向比纵向陡 2500 倍（在 (1, 1) 处 κ ≈ 2500）。梯度下降必须为陡峭方向把学习率"
        "保持在 2/λ_max ≈ 0.002 以下，于是沿平坦的谷底缓慢爬行。相同学习率的动量法沿山谷积累速度，到达 (1, 1)。",
    "Far from its minimum, 1 − exp(−x² − y²) is almost flat: the gradient is about 10⁻⁵, so "
    "gradient descent and momentum barely move in 1000 steps. Adam rescales the step by the "
    "gradient's running size and crosses the plateau in about 100 steps.":
        "远离最小值时，1 − exp(−x² − y²) 几乎是平的：梯度约为 10⁻⁵，梯度下降和动量法在 1000 步内几乎不动。"
        "Adam 按梯度的滑动大小缩放步长，约 100 步就越过平台。",
    "Condition number κ": "条件数 κ",
    "κ = λ_max/λ_min: how much steeper the bowl is along y than along x": "κ = λ_max/λ_min：碗沿 y 方向比沿 x 方向陡多少倍",
    "½(x² + κ y²): Hessian eigenvalues 1 and κ, so gradient descent needs lr < 2/κ.":
        "½(x² + κ y²)：Hessian 特征值为 1 和 κ，所以梯度下降需要 lr < 2/κ。",
    # experiments
    "nothing to save: no optimizer has valid settings": "没有可保存的内容：没有设置有效的优化器",
    "The experiment was not saved.": "实验未保存。",
    " (runs with their own start are saved from the shared start)": "（有独立起点的运行按共同起点保存）",
    "Experiment saved to {path}": "实验已保存到 {path}",
    "The experiment could not be opened.": "无法打开实验。",
    "Experiment opened: {name}": "已打开实验：{name}",
    "this is a {d}-dimensional experiment; open it in the N-D Lab": "这是一个 {d} 维实验，请在高维实验室中打开",
    "the Surface Lab has no 2-D surface {name!r}": "曲面实验室没有二维曲面 {name!r}",
    "surface parameters {p} are not adjustable in the Surface Lab": "曲面参数 {p} 在曲面实验室中不可调整",
    "{n} steps is more than the Surface Lab runs ({max})": "{n} 步超过了曲面实验室的上限（{max}）",
    "unknown optimizer {name}": "未知的优化器 {name}",
    "Open experiment": "打开实验", "Save experiment": "保存实验",
    "Optim Lab experiment (*.json)": "Optim Lab 实验 (*.json)",
    "Open experiment…": "打开实验…", "Save experiment…": "保存实验…",
    "Load a saved setup (surface, start, optimizers)": "加载已保存的设置（曲面、起点、优化器）",
    "Save this setup to open it again later": "保存当前设置，以便之后再次打开",
    # shared contexts used by the other labs
    "loss (cross-entropy)": "损失（交叉熵）", "batch accuracy": "批次准确率", "residual": "残差",
    "plain": "普通", "depth sweep: first/last gradient ratio at init": "深度扫描：初始化时首层/末层梯度比",
    "depth (hidden layers)": "深度（隐藏层数）", "exactly 0 (underflow)": "恰好为 0（下溢）",
    "press “Depth sweep” to compute": "按“深度扫描”开始计算",
    "Play / pause the runs": "播放/暂停运行",
    "Playback step: moves the markers, cursors and spectrum": "播放步：移动标记、光标和谱",
    "Run whose Hessian spectrum is shown": "显示其 Hessian 谱的运行", "Spectrum of": "谱：",
    # surfaces
    "Quadratic bowl": "二次碗", "Booth": "Booth 函数", "Rosenbrock": "Rosenbrock 函数",
    "Himmelblau": "Himmelblau 函数", "Beale": "Beale 函数", "Rastrigin": "Rastrigin 函数",
    "Ackley": "Ackley 函数", "Goldstein–Price": "Goldstein–Price 函数", "Six-hump camel": "六峰驼背函数",
    "Styblinski–Tang": "Styblinski–Tang 函数", "Saddle x² − y²": "鞍面 x² − y²",
    "Monkey saddle": "猴鞍面", "Two wells": "双井", "N-D saddle": "多维鞍面",
    "½(x² + κ y²) with κ = 10: Hessian eigenvalues 1 and κ.": "½(x² + κ y²)，κ = 10：Hessian 特征值为 1 和 κ。",
    "(x+2y−7)² + (2x+y−5)²: a tilted bowl, Hessian eigenvalues 2 and 18.":
        "(x+2y−7)² + (2x+y−5)²：倾斜的碗，Hessian 特征值为 2 和 18。",
    "(1−x)² + 100(y−x²)²: a curved, badly conditioned valley.": "(1−x)² + 100(y−x²)²：弯曲且病态的山谷。",
    "(x²+y−11)² + (x+y²−7)²: four equal minima; the start decides.":
        "(x²+y−11)² + (x+y²−7)²：四个相等的最小值，由起点决定去哪一个。",
    "Sharp ridges and flat plains; one minimum at (3, 0.5).": "陡峭的山脊和平坦的平原；唯一最小值在 (3, 0.5)。",
    "A bowl covered in local minima, one per integer lattice point.": "布满局部最小值的碗，每个整数格点一个。",
    "A needle-shaped global minimum in a field of ripples.": "波纹中的针状全局最小值。",
    "Values from 3 to 10⁶: needs a log colour scale.": "取值从 3 到 10⁶：需要对数色标。",
    "Two global and four local minima.": "两个全局最小值和四个局部最小值。",
    "Four minima, one global; saddles between them.": "四个最小值，其中一个是全局的；其间有鞍点。",
    "x² − y²: a saddle at the origin, unbounded below along y.": "x² − y²：原点处的鞍点，沿 y 方向无下界。",
    "x³ − 3xy²: a degenerate saddle (Hessian 0) at the origin.": "x³ − 3xy²：原点处的退化鞍点（Hessian 为 0）。",
    "A shallow local minimum beside a deeper global one.": "较浅的局部最小值旁边有一个更深的全局最小值。",
    "1 − exp(−x²−y²): almost flat far from the minimum.": "1 − exp(−x²−y²)：远离最小值处几乎是平的。",
    "A saddle at 0 with 1 negative-curvature direction(s); minima at ±1.":
        "0 处的鞍点，有 1 个负曲率方向；最小值在 ±1。",
    # N-D Lab
    "Surface and start": "曲面与起点", "Quadratic (κ, rotated)": "二次碗（κ，旋转）",
    "Number of coordinates (3 to 1000)": "坐标个数（3 到 1000）",
    "Condition number κ = λ_max / λ_min of the quadratic": "二次函数的条件数 κ = λ_max / λ_min",
    "geometric": "等比分布", "linear": "等差分布", "two clusters (1 and κ)": "两簇（1 和 κ）",
    "How the eigenvalues are spread between 1 and κ": "特征值在 1 与 κ 之间如何分布",
    "random rotation, seed": "随机旋转，种子",
    "Rotate the eigen-directions away from the coordinate axes": "旋转特征方向，使其偏离坐标轴",
    "Seed of the random rotation": "随机旋转的种子",
    "Directions of negative curvature at the saddle": "鞍点处负曲率方向的个数",
    "random, seed": "随机，种子", "all coordinates =": "所有坐标 =",
    "Seed of the random start": "随机起点的种子",
    "Random start: uniform in this fraction of the box": "随机起点：在区域的这一比例范围内均匀分布",
    "Value of every coordinate at the start": "起点处每个坐标的取值",
    "Number of optimizer steps": "优化器步数", "Dimension": "维数", "κ": "κ",
    "Eigenvalues": "特征值", "Negative directions": "负曲率方向", "Random spread": "随机范围",
    "PCA of the runs (top 2 directions)": "运行的 PCA（前 2 个方向）",
    "two coordinates": "两个坐标轴", "two random directions": "两个随机方向",
    "The plane through the start on which the paths are projected; the contours are the loss "
    "computed on this same plane":
        "过起点、用于投影路径的平面；等高线是在同一平面上计算的损失",
    "First coordinate (0-based)": "第一个坐标（从 0 开始编号）",
    "Second coordinate (0-based)": "第二个坐标（从 0 开始编号）",
    "Seed of the random directions": "随机方向的种子", "seed ": "种子 ",
    "Plane through the start:": "过起点的平面：",
    "Set best lr and β (quadratic theory)": "设为最佳 lr 和 β（二次理论）",
    "GD: α = 2/(λ_min+λ_max); momentum: α = (2/(√λ_min+√λ_max))², β = ((√λ_max−√λ_min)/(√λ_max+√λ_min))²":
        "GD：α = 2/(λ_min+λ_max)；动量法：α = (2/(√λ_min+√λ_max))²，β = ((√λ_max−√λ_min)/(√λ_max+√λ_min))²",
    "Export runs…": "导出运行结果…", "Export runs": "导出运行结果",
    "Best settings are known for the quadratic only.": "只有二次碗才有已知的最佳设置。",
    "κ = {k:.4g}: GD lr = {a}; momentum lr = {b}, β = {c:.4f}":
        "κ = {k:.4g}：GD lr = {a}；动量法 lr = {b}，β = {c:.4f}",
    "Cannot compute: {err}": "无法计算：{err}", "{name} (lr {lr})": "{name}（lr {lr}）",
    "Hessian spectrum (no run)": "Hessian 谱（无运行）",
    "Nothing to export yet: no runs.": "尚无可导出的内容：没有运行。",
    "PNG image (*.png);;SVG drawing (*.svg)": "PNG 图像 (*.png);;SVG 矢量图 (*.svg)",
    "Figure written to {p}": "图像已保存到 {p}", "JSON (*.json);;CSV (*.csv)": "JSON (*.json);;CSV (*.csv)",
    "Writing {p}…": "正在写入 {p}…", "Runs written to {p}": "运行结果已保存到 {p}",
    "eigenvalue index (ascending)": "特征值序号（升序）", "Hessian spectrum": "Hessian 谱",
    "distance to nearest minimum": "到最近最小值的距离",
    "distance to nearest minimum (none known)": "到最近最小值的距离（无已知最小值）",
    "loss f − f*  (f* = {v:.6g})": "损失 f − f*（f* = {v:.6g}）",
    "theory GD ρ = {r:.4f}": "理论 GD ρ = {r:.4f}", "theory momentum ρ = {r:.4f}": "理论动量法 ρ = {r:.4f}",
    "Hessian spectrum: {err}": "Hessian 谱：{err}", "Hessian at step {k} of {run}": "{run} 第 {k} 步的 Hessian",
    "all {n} eigenvalues, ascending · {neg} negative (red)": "全部 {n} 个特征值，升序 · {neg} 个为负（红色）",
    "{n} Lanczos Ritz values of {d} · {neg} negative (red)": "{n} 个 Lanczos Ritz 值（共 {d} 维）· {neg} 个为负（红色）",
    "{what}, in this plane": "{what}，位于此平面内",
    "projection of a {what} {d:.3g} away from this plane": "距此平面 {d:.3g} 的{what}的投影",
    "log₁₀(f − f_min) on the plane": "平面上的 log₁₀(f − f_min)", "f on the plane": "平面上的 f",
    "known minimum": "已知最小值点", "known saddle": "已知鞍点",
    "; rate {m:.4f} per step (theory at the best setting {t:.4f})": "；每步收敛率 {m:.4f}（最佳设置下理论值 {t:.4f}）",
    "; rate {m:.4f} per step": "；每步收敛率 {m:.4f}",
    "the known minimum nearest the start": "离起点最近的已知最小值", "the start": "起点",
    "Largest stable learning rate from λ_max = {lam:.4g} of the Hessian at {where}.":
        "由{where}处 Hessian 的 λ_max = {lam:.4g} 得出的最大稳定学习率。",
    "PC1 {a:.1%}, PC2 {b:.1%} of Σ‖x − start‖²": "PC1 占 Σ‖x − start‖² 的 {a:.1%}，PC2 占 {b:.1%}",
    "largest distance of a path point from the plane: {d:.3g} ({r:.2%} of its run's displacement)":
        "路径点到平面的最大距离：{d:.3g}（为该运行总位移的 {r:.2%}）",
    "paths are solid where they lie in the plane (there the contours are their loss) and faded "
    "where they leave it":
        "路径在平面内的部分为实线（此处等高线即其损失），离开平面的部分淡化显示",
    # Deep Stack Lab
    "sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "ReLU", "GELU": "GELU",
    "PyTorch default": "PyTorch 默认", "Xavier (Glorot)": "Xavier (Glorot)", "He (Kaiming)": "He (Kaiming)",
    "Multiplies every initial weight: below 1 too small, above 1 too large.":
        "乘到每个初始权重上：小于 1 则过小，大于 1 则过大。",
    "Plain and residual side by side (A/B)": "普通与残差并排对比（A/B）",
    "Skip connections (residual)": "跳跃连接（残差）",
    "branch × 1/√depth": "分支 × 1/√深度", "branch zero-initialised": "分支零初始化",
    "unscaled branch (blows up)": "分支不缩放（会爆炸）",
    "How the residual branch is kept small: scaled by 1/√depth (default), its layer initialised "
    "to zero so the stack starts as the identity, or not at all.":
        "如何让残差分支保持较小：乘以 1/√深度（默认），或把分支层初始化为零使网络初始为恒等映射，或不做处理。",
    "LayerNorm before each activation": "每个激活函数前加 LayerNorm",
    "SGD": "SGD", "SGD + momentum 0.9": "SGD + 动量 0.9", "Adam": "Adam",
    "Learning rate; type a value such as 0.003 or 1e3.": "学习率；可输入 0.003 或 1e3 这样的数值。",
    "two spirals": "双螺旋", "two moons": "双月牙", "circles": "同心圆", "XOR": "XOR",
    "Training pauses by itself after this many steps.": "训练到此步数后自动暂停。",
    "Depth": "深度", "Width": "宽度", "Activation": "激活函数", "Init": "初始化",
    "Init gain": "初始化增益", "Residual": "残差", "Optimizer": "优化器", "Batch size": "批大小",
    "Data": "数据", "Seed": "种子", "Stop after": "步数上限",
    "Choose a scenario…": "选择场景…", "Depth sweep (1–100)": "深度扫描（1–100）",
    "First/last gradient ratio at initialisation for plain and residual stacks of depth 1 to 100, "
    "with the other settings shown here.":
        "按此处的其他设置，计算深度 1 到 100 的普通网络和残差网络在初始化时的首层/末层梯度比。",
    "Loading PyTorch…": "正在加载 PyTorch…", "computing the depth sweep…": "正在计算深度扫描…",
    "Ready: press Play or Step.": "就绪：请按“播放”或“单步”。",
    "Stopped: every stack diverged.": "已停止：所有网络都发散了。",
    "Stopped after the step budget ({0} steps).": "已达到步数上限（{0} 步），已停止。",
    "depth sweep: {0} of {1} depths…": "深度扫描：{0} / {1} 个深度…",
    "Training is unavailable: {0}": "无法训练：{0}", "Training… step {0}": "训练中… 第 {0} 步",
    "Paused at step {0}.": "已暂停于第 {0} 步。",
    "Top: the gradient norm ‖∂L/∂hₗ‖ of every layer (rows, layer 1 = input side) at every "
    "training step (columns), colour on a log scale; red cells are exactly 0 (the float32 "
    "gradient underflowed). Middle: the same norms at the latest step, with the weight-gradient "
    "norms ‖∂L/∂Wₗ‖. Bottom: the model's class probability over the data.":
        "上：每一层（行，第 1 层 = 输入侧）在每个训练步（列）的梯度范数 ‖∂L/∂hₗ‖，颜色为对数刻度；"
        "红色格子恰好为 0（float32 梯度下溢）。中：最新一步的同一组范数，以及权重梯度范数 ‖∂L/∂Wₗ‖。"
        "下：模型在数据上给出的类别概率。",
    "layer": "层", "log₁₀ ‖∂L/∂h‖": "log₁₀ ‖∂L/∂h‖", "layer (bars: current step)": "层（柱：当前步）",
    "decision boundary": "决策边界", "Residual stack": "残差网络", "Plain stack": "普通网络",
    "exactly 0 (float32 underflow)": "恰好为 0（float32 下溢）",
    "first/last layer gradient ratio: —": "首层/末层梯度比：—",
    "(layer 1 gradient underflowed to exactly 0)": "（第 1 层梯度下溢为恰好 0）",
    "first/last layer gradient ratio: <b>{0}</b>  (step {1})": "首层/末层梯度比：<b>{0}</b>（第 {1} 步）",
    "update/weight ‖ΔWₗ‖/‖Wₗ‖: layer 1 {0}, layer {1} {2}": "更新/权重 ‖ΔWₗ‖/‖Wₗ‖：第 1 层 {0}，第 {1} 层 {2}",
    # Deep Stack Lab scenarios
    "Sigmoid × 30: vanishing gradients": "Sigmoid × 30：梯度消失",
    "The sigmoid's slope is at most 1/4, and the backward pass multiplies one such factor (times a weight matrix) per layer, so the gradient reaching layer 1 is about 1e-25 of the last layer's. The early layers never learn and the loss stays near ln 2; deeper still (about 60 layers) the float32 gradient underflows to exactly zero (red).":
        "sigmoid 的斜率至多为 1/4，反向传播每经过一层就乘上一个这样的因子（再乘以权重矩阵），因此到达第 1 层的梯度只有最后一层的约 1e-25。前面的层学不到东西，损失停在 ln 2 附近；再深一些（约 60 层）时，float32 梯度会下溢为恰好 0（红色）。",
    "Sigmoid × 30 with skip connections": "Sigmoid × 30，带残差连接",
    "Same data, seed and weights, now with hₗ = hₗ₋₁ + branch/√depth on the right. The identity path carries the gradient past every sigmoid, so the first/last ratio stays near 1 and the residual stack learns the circles while the plain one is stuck.":
        "相同的数据、种子和权重，右侧改为 hₗ = hₗ₋₁ + branch/√depth。恒等路径把梯度绕过每个 sigmoid 传回去，所以首层/末层梯度比保持在 1 附近：残差网络学会了同心圆，而普通网络停滞不前。",
    "ReLU, init too large: exploding": "ReLU，初始化过大：梯度爆炸",
    "He init times 1.5: every layer multiplies the backward signal by about 1.5, so layer 1 gets about 1e4 times the last layer's gradient and the initial loss is in the thousands. Plain SGD at this learning rate turns the loss into NaN within two steps; Adam normalises the step, so you can watch the exploding gradients persist.":
        "He 初始化再乘以 1.5：每一层都把反向信号放大约 1.5 倍，于是第 1 层的梯度约为最后一层的 1e4 倍，初始损失高达数千。普通 SGD 在这个学习率下两步之内损失就变成 NaN；Adam 对步长做了归一化，因此可以看到爆炸的梯度一直存在。",
    "ReLU, He init: healthy": "ReLU，He 初始化：健康",
    "He initialisation draws weights with variance 2/fan_in, which exactly offsets ReLU zeroing half of its inputs. Signal and gradient keep roughly their size through all 30 layers (a first/last ratio within a decade or two, not 25 decades), so the heatmap shows no fade and even the plain stack learns the spirals.":
        "He 初始化按方差 2/fan_in 抽取权重，正好抵消 ReLU 把一半输入置零的效果。信号和梯度在全部 30 层中大致保持原有大小（首层/末层比在一两个数量级以内，而不是 25 个数量级），所以热图没有褪色，连普通网络也能学会螺旋数据。",
    "Depth sweep: ratio vs depth": "深度扫描：梯度比随深度的变化",
    "The first/last layer gradient ratio at initialisation for depths 1 to 100. The plain sigmoid stack loses about an order of magnitude per layer and underflows to exactly zero (red crosses) beyond about 60 layers; the residual stack stays near 1 at every depth. The two stacks on the right show one step at depth 30.":
        "深度 1 到 100 时初始化状态下的首层/末层梯度比。普通 sigmoid 网络每层约损失一个数量级，超过约 60 层后下溢为恰好 0（红色叉号）；残差网络在任何深度都保持在 1 附近。右侧两个网络展示深度 30 时的一步。",
    # main window: error dialog, language menu, settings (guirel)
    "Optim Lab: unexpected error": "Optim Lab：意外错误",
    "Something went wrong: {error}": "出错了：{error}",
    "Optim Lab keeps running, but the action that failed may be incomplete. Please report this error with the details below.":
        "Optim Lab 会继续运行，但出错的操作可能没有完成。请连同下面的详细信息报告此错误。",
    "{n} unexpected errors so far; the latest is shown below.": "到目前为止共有 {n} 个意外错误；下面显示的是最新的一个。",
    # render branch: bounded, checked figure exports (app/widgets/export.py)
    "a {w}×{h} image needs about {need} MB of memory, more than the {limit} MB allowed; choose a smaller size":
        "{w}×{h} 的图像约需 {need} MB 内存，超过允许的 {limit} MB；请选择较小的尺寸",
    "the figure could not be painted ({reason}); nothing was written": "无法绘制图像（{reason}）；未写入任何文件",
    "the figure could not be painted as SVG": "无法将图像绘制为 SVG",
    "the figure could not be painted (no image); nothing was written": "无法绘制图像（没有得到图像）；未写入任何文件",
    "&Language": "语言(&L)", "System language": "跟随系统", "Language": "语言",
    "Reset settings": "重置设置",
    "Forget the window size, last tab, language and export folder": "清除记住的窗口大小、上次的标签页、语言和导出文件夹",
    "Settings cleared: Optim Lab opens with its defaults next time.": "设置已清除：Optim Lab 下次启动时使用默认设置。",
    "No translation for {language} was found; the interface is shown in English.": "未找到{language}的翻译；界面以英文显示。",
    "Interface language: {language}.": "界面语言：{language}。",
    "The Surface Lab setup was kept; the other labs started afresh.": "曲面实验室的设置已保留；其他实验室已重新开始。",
    # Deep Stack Lab II: norms, clipping, schedules, sharpness, edge of stability
    'none':
        '无',
    'BatchNorm':
        '批归一化 BatchNorm',
    'LayerNorm':
        '层归一化 LayerNorm',
    "Normalisation in every hidden layer. BatchNorm uses the batch's statistics while training and its running averages for the decision boundary (eval mode).":
        '每个隐藏层的归一化。BatchNorm 训练时使用当前批次的统计量，绘制决策边界时使用其滑动平均（评估模式）。',
    'before the activation':
        '激活函数之前',
    'after the activation':
        '激活函数之后',
    'cross-entropy':
        '交叉熵',
    'squared error (MSE)':
        '平方误差（MSE）',
    'Full batch (every step on all the data)':
        '全批量（每一步使用全部数据）',
    'off':
        '关',
    'Clip the gradient to this global norm before each step (torch.nn.utils.clip_grad_norm_); 0 = off.':
        '每一步之前把梯度的全局范数裁剪到此值（torch.nn.utils.clip_grad_norm_）；0 = 关闭。',
    'Learning-rate schedule as in torch.optim.lr_scheduler, e.g. StepLR:step_size=200,gamma=0.5 · ExponentialLR:gamma=0.999 · CosineAnnealingLR:T_max=2000 · LinearLR:start_factor=0.1,total_iters=100 · warmup_cosine:warmup_iters=100,T_max=1900. Press Enter to apply.':
        '学习率调度，写法同 torch.optim.lr_scheduler，例如 StepLR:step_size=200,gamma=0.5 · ExponentialLR:gamma=0.999 · CosineAnnealingLR:T_max=2000 · LinearLR:start_factor=0.1,total_iters=100 · warmup_cosine:warmup_iters=100,T_max=1900。按回车键应用。',
    ' steps':
        ' 步',
    'Estimate the sharpness λ_max of the training-loss Hessian (Lanczos on Hessian-vector products) every this many steps; 0 = off.':
        '每隔这么多步估计一次训练损失 Hessian 矩阵的锐度 λ_max（对 Hessian-向量积做 Lanczos 迭代）；0 = 关闭。',
    'Norm':
        '归一化',
    'Norm position':
        '归一化位置',
    'LR schedule':
        '学习率调度',
    'Clip norm':
        '裁剪范数',
    'Loss':
        '损失函数',
    'Sharpness every':
        '锐度间隔',
    'random labels (5 classes)':
        '随机标签（5 类）',
    'Number of training points.':
        '训练样本点的数量。',
    'Points':
        '样本数',
    'sharpness λ_max of the training-loss Hessian':
        '锐度：训练损失 Hessian 的最大特征值 λ_max',
    '2/η (stability limit)':
        '2/η（稳定性极限）',
    '(2+2β)/η (stability limit)':
        '(2+2β)/η（稳定性极限）',
    'loss (squared error)':
        '损失（平方误差）',
    'lr {0}':
        '学习率 {0}',
    'clipped {0} of steps':
        '{0} 的步被裁剪',
    'BatchNorm × 40: exploding at init':
        'BatchNorm × 40：初始化时梯度爆炸',
    "A plain ReLU stack of 40 layers with BatchNorm before every activation (He init). Normalising over the batch makes each layer amplify the backward signal, so the gradient reaching layer 1 is about 1000 times the last layer's, although the forward signal is perfectly normalised (Yang et al., ICLR 2019); without BatchNorm the ratio is about 5. See the first columns of the heatmap: training then shrinks the ratio. With the scaled skips (right) it stays near 1. The decision boundary uses BatchNorm's running statistics (eval mode).":
        '一个 40 层的普通 ReLU 网络，每个激活函数之前都有 BatchNorm（He 初始化）。按批次归一化使每一层都放大反向信号，所以到达第 1 层的梯度约为最后一层的 1000 倍，尽管前向信号已被完美归一化（Yang 等，ICLR 2019）；没有 BatchNorm 时这个比值约为 5。请看热图最前面的几列：随后的训练会让这个比值变小。加上缩放的跳跃连接（右侧）后它保持在 1 附近。决策边界使用 BatchNorm 的滑动统计量（评估模式）。',
    'Edge of stability: sharpness → 2/η':
        '稳定性边缘：锐度 → 2/η',
    'Full-batch gradient descent (η = 0.2) on the squared error. On a quadratic, GD is stable only while the sharpness λ_max (largest Hessian eigenvalue) is below 2/η. Here the sharpness first rises (progressive sharpening) until it reaches the dashed 2/η line, then hovers there for the rest of training, while the loss keeps falling with spikes instead of monotonically (Cohen et al., 2021).':
        '在平方误差上做全批量梯度下降（η = 0.2）。在二次函数上，只有当锐度 λ_max（Hessian 的最大特征值）低于 2/η 时梯度下降才稳定。这里锐度先不断上升（渐进锐化），直到碰到虚线 2/η，然后在剩下的训练中一直停留在这条线附近；与此同时损失仍在下降，但带着尖峰，而不是单调下降（Cohen 等，2021）。',
    # Run outcomes (app/outcome_text.py, one translation for every lab; numerics)
    "did not move: 0 steps requested": "没有移动：请求了 0 步",
    "did not move: the learning rate is 0": "没有移动：学习率为 0",
    "came to rest on the saddle {point}: the gradient vanishes there": "停在鞍点 {point} 上：那里的梯度为零",
    "came to rest on the maximum {point}: the gradient vanishes there": "停在最大值点 {point} 上：那里的梯度为零",
    "came to rest on a degenerate critical point {point}: the gradient vanishes there":
        "停在退化临界点 {point} 上：那里的梯度为零",
    "stalled near the saddle {point}": "在鞍点 {point} 附近停滞",
    "stalled near the maximum {point}": "在最大值点 {point} 附近停滞",
    "stalled near a degenerate critical point {point}": "在退化临界点 {point} 附近停滞",
    "stalled near the maximum {point} for {n} steps": "在最大值点 {point} 附近停滞了 {n} 步",
    "stalled near a degenerate critical point {point} for {n} steps": "在退化临界点 {point} 附近停滞了 {n} 步",
    # custom f(x, y): expression editor (app/surface_lab/expression_editor.py)
    "Narrow valley": "狭窄山谷", "Ripples": "波纹", "Saddle": "鞍面",
    "Start from an example or a recent expression": "从示例或最近使用的表达式开始",
    "e.g. x**2 + 3*y**2": "例如 x**2 + 3*y**2",
    "{axis} from": "{axis} 从", "to": "到", "Apply": "应用",
    "Use x, y, pi, e, + − * / ** and {functions}.": "可使用 x、y、pi、e、+ − * / ** 以及 {functions}。",
    "Checking derivatives and critical points…": "正在检查导数和临界点…",
    "Ready. Critical points in the range: minima {minima}, saddles {saddles}, maxima {maxima}.":
        "就绪。范围内的临界点：极小值 {minima} 个，鞍点 {saddles} 个，极大值 {maxima} 个。",
    "(search stopped early: there may be more)": "（搜索提前结束：可能还有更多）",
    "Some critical points lie on lines or curves.": "部分临界点连成线或曲线。",
    "Examples…": "示例…", "Recent: {expression}": "最近：{expression}",
    "Custom f(x, y)": "自定义 f(x, y)",
    "Custom f(x, y)…": "自定义 f(x, y)…", "Edit f(x, y)…": "编辑 f(x, y)…",
    "Change your function or its plotting range": "修改你的函数或它的绘图范围",
    "Your f(x, y) = {expression}. Found in the range: minima {minima}, saddles {saddles}, maxima {maxima}.":
        "你的 f(x, y) = {expression}。在范围内找到：极小值 {minima} 个，鞍点 {saddles} 个，极大值 {maxima} 个。",
    "Your f(x, y) = {expression}: start and learning rates reset to suggested values":
        "你的 f(x, y) = {expression}：起点和学习率已重置为建议值",
    "Preview: low values dark, high values yellow, undefined grey; white dots are minima, orange saddles, red maxima":
        "预览：低值为深色，高值为黄色，无定义处为灰色；白点是极小值，橙点是鞍点，红点是极大值",
    # custom f(x, y): engine error messages (app/surface_lab/expression_messages.py)
    " at column {column}: '{snippet}'": "（第 {column} 列：'{snippet}'）",
    "expression too long: {length} characters (limit {limit})": "表达式过长：{length} 个字符（上限 {limit}）",
    "expression nested too deeply (limit {limit} levels)": "表达式嵌套过深（上限 {limit} 层）",
    "expression too large (limit {limit} parts)": "表达式过大（上限 {limit} 个部分）",
    "this constant part is too large (limit {limit})": "这个常数部分过大（上限 {limit}）",
    "this constant part is undefined or not a real number": "这个常数部分无定义或不是实数",
    "the range must be four numbers xmin, xmax, ymin, ymax": "范围必须是四个数：xmin、xmax、ymin、ymax",
    "the range must be finite numbers within ±{limit}": "范围必须是 ±{limit} 以内的有限数",
    "the {axis} range needs min < max, got {lo} to {hi}": "{axis} 的范围需要最小值 < 最大值，当前为 {lo} 到 {hi}",
    "the {axis} range is too narrow ({lo} to {hi})": "{axis} 的范围太窄（{lo} 到 {hi}）",
    "an expression must be text, not {type}": "表达式必须是文本，而不是 {type}",
    "f is undefined (or overflows) everywhere in the plotting range": "f 在整个绘图范围内都无定义（或溢出）",
    "syntax error ({detail})": "语法错误（{detail}）",
    "the expression cannot be parsed ({detail})": "无法解析该表达式（{detail}）",
    "the expression is empty: type f(x, y), e.g. x**2 + 3*y**2": "表达式为空：请输入 f(x, y)，例如 x**2 + 3*y**2",
    "the expression simplifies to something undefined or complex": "该表达式化简后无定义或为复数",
    "this expression takes too long to differentiate (limit {limit} s)": "该表达式求导耗时过长（上限 {limit} 秒）",
    "the derivatives of this expression are too large to use (limit {limit} parts)": "该表达式的导数过大，无法使用（上限 {limit} 个部分）",
    "keyword arguments are not allowed": "不允许使用关键字参数",
    "number too large (limit {limit})": "数字过大（上限 {limit}）",
    "only unary minus and plus are allowed": "一元运算只允许负号和正号",
    "unknown name '{name}': the variables are x, y, pi, e": "未知名称 '{name}'：可用的变量是 x、y、pi、e",
    "{name} is a function: write {name}(...)": "{name} 是函数：请写成 {name}(...)",
    "{name} takes {arity} argument(s), got {count}": "{name} 需要 {arity} 个参数，实际为 {count} 个",
    "{what} is not allowed": "不允许使用{what}",
    "{what} is not allowed: only real numbers": "不允许使用{what}：只能使用实数",
    "only the listed functions can be called": "只能调用列出的函数",
    "unknown function '{name}': use {known}": "未知函数 '{name}'：请使用 {known}",
    "division by zero": "除以零",
    "exponent too large (limit {limit})": "指数过大（上限 {limit}）",
    "operator not allowed": "不允许使用该运算符",
    "'^' is not a power here: write x**2": "这里 '^' 不表示乘方：请写成 x**2",
    "'//' is not allowed: use /": "不允许使用 '//'：请用 /",
    "'%' is not allowed": "不允许使用 '%'", "'@' is not allowed": "不允许使用 '@'",
    "'&' is not allowed": "不允许使用 '&'", "'|' is not allowed": "不允许使用 '|'",
    "'<<' is not allowed": "不允许使用 '<<'", "'>>' is not allowed": "不允许使用 '>>'",
    "attribute access": "属性访问", "indexing": "下标索引", "lambda": "lambda 表达式",
    "a comprehension": "推导式", "':=' (assignment)": "':='（赋值）", "'*' unpacking": "'*' 解包",
    "an f-string": "f 字符串", "a comparison": "比较运算", "'and'/'or'": "'and'/'or'",
    "'if ... else'": "'if ... else'", "a tuple": "元组", "a list": "列表", "a dict": "字典",
    "a set": "集合", "a slice": "切片", "a string": "字符串", "a complex number": "复数",
    "True/False": "True/False",
    # lessons panel (app/lessons) and its dock
    "lesson-language-en": "zh_CN",
    "Lessons": "课程", "&Lessons": "课程(&L)",
    "Start lesson": "开始课程", "Open lesson file…": "打开课程文件…",
    "Load a lesson written as a JSON file": "加载一个以 JSON 文件编写的课程",
    "Back": "上一步", "Next": "下一步", "Leave": "离开",
    "Start the lesson again from its first step": "从第一步重新开始本课程",
    "End the lesson and restore the lab as it was before": "结束课程并把实验室恢复到课程之前的状态",
    "Open lesson file": "打开课程文件", "Lessons (*.json)": "课程 (*.json)",
    "Lesson file": "课程文件", "This lesson file cannot be used:\n{why}": "无法使用这个课程文件：\n{why}",
    "Step {k} of {n}": "第 {k} 步，共 {n} 步", "Lesson complete!": "课程完成！",
    "Well done.": "做得好。", "Press Next to go on.": "按“下一步”继续。", "Not yet:": "还没有：",
    # animation export (app/widgets/animation_export.py)
    "Export &animation…": "导出动画(&A)…",
    "Export animation": "导出动画", "Frames per second": "每秒帧数", "Duration": "时长",
    "The animation cannot be exported:\n{why}": "无法导出动画：\n{why}",
    "Cancel": "取消",
    "Animation saved: {path}": "动画已保存：{path}", "Animation export failed: {why}": "动画导出失败：{why}",
    "Animation export cancelled": "动画导出已取消",
    # maps (basins of attraction, hyperparameter map, learning-rate sweep)
    "Maps": "地图",
    "Run:": "运行：",
    "The run whose optimizer and hyperparameters are mapped": "绘制其优化器与超参数的运行",
    "Basins of attraction": "吸引域",
    "Colour every start by the minimum its run reaches; click the surface to start there":
        "按每个起点最终到达的极小值着色；点击曲面即可从该处出发",
    "Opacity": "不透明度",
    "Opacity of the basin layer": "吸引域图层的不透明度",
    "Hyperparameter map": "超参数地图",
    "Final loss for every learning rate (and β) from the current start; click to use that setting":
        "从当前起点出发、每个学习率（及 β）下的最终损失；点击即可采用该设置",
    "Final loss after {n} steps against the learning rate; <span style='color:{red}'>×</span> diverged; dotted line: 2/λ_max at the minimum.":
        "{n} 步后的最终损失随学习率的变化；<span style='color:{red}'>×</span> 表示发散；点线：极小值处的 2/λ_max。",
    "Colour: final loss after {n} steps (log, dark = low); <span style='color:{red}'>red</span>: diverged. Lines: stability limit at the minimum (solid) and at the start (dashed); dotted: 2/λ_max. Click to use a setting.":
        "颜色：{n} 步后的最终损失（对数，越深越低）；<span style='color:{red}'>红色</span>：发散。线条：极小值处（实线）与起点处（虚线）的稳定性上限；点线：2/λ_max。点击即可采用该设置。",
    "Computing maps…": "正在计算地图…",
    "No run to map: add a run or fix its settings": "没有可绘制的运行：请添加运行或修正其设置",
    "Map not computed: {why}": "未计算地图：{why}",
    "Basins": "吸引域",
    "{kind} {n}² in {t:.2f} s ({steps} steps)": "{kind} {n}²，用时 {t:.2f} 秒（{steps} 步）",
    "refining…": "正在细化…",
    "global minimum {p}": "全局极小值 {p}",
    "local minimum {p}": "局部极小值 {p}",
    "{n} local minima (colours repeat): {share:.0f}%": "{n} 个局部极小值（颜色循环使用）：{share:.0f}%",
    "diverged": "发散",
    "stalled at a saddle": "停滞于鞍点",
    "not converged (clear)": "未收敛（透明）",
    "another minimum": "其他极小值",
    "β (momentum)": "β（动量）",
    "β₁ (first-moment decay)": "β₁（一阶矩衰减）",
    "α (RMSprop smoothing)": "α（RMSprop 平滑系数）",
    "final loss − f_min": "最终损失 − f_min",
    "learning rate (log)": "学习率（对数）",
    "Export basins…": "导出吸引域…",
    "Export hyperparameter map…": "导出超参数地图…",
    "No map to export yet": "还没有可导出的地图",
    "Map not saved: {why}": "地图未保存：{why}",
    "Map saved to {path}": "地图已保存到 {path}",
    "Shade by steps taken": "按所用步数加深",
    "Darker where the run needed more steps": "所需步数越多颜色越深",
    "final loss": "最终损失",
    "Computing {kind}: {pct}%": "正在计算{kind}：{pct}%",
    "steps taken": "所用步数",
    "What the hyperparameter map shows": "超参数地图显示的量",
    "Steps each setting took to converge (dark = few; {n} = did not); <span style='color:{red}'>red / ×</span>: diverged. Click to use a setting.":
        "每个设置收敛所用的步数（越深越少；{n} 表示未收敛）；<span style='color:{red}'>红色 / ×</span>：发散。点击即可采用该设置。",
    # Deep Stack Lab sentences built from engine data (app/deep_lab/texts.py)
    "h + branch/√{0}": "h + 分支/√{0}",
    "h + branch (zero-init)": "h + 分支（零初始化）",
    "h + branch (unscaled)": "h + 分支（未缩放）",
    "Diverged at step {0}: the loss grew past 100× its first value.": "第 {0} 步发散：损失超过了初始值的 100 倍。",
    "Diverged at step {0}: a gradient became inf or NaN.": "第 {0} 步发散：梯度变成了 inf 或 NaN。",
    "Diverged at step {0}: the loss became inf or NaN.": "第 {0} 步发散：损失变成了 inf 或 NaN。",
    # maps II: every run's learning-rate sweep, resolution, fixed axes, PNG export
    "Starts:": "起点数：",
    "Starts per side of the basin grid once the edits pause (a coarse 64² grid follows a drag)":
        "编辑停顿后吸引域网格每边的起点数（拖动时先用 64² 的粗网格跟随）",
    "lr × β map of the chosen run": "所选运行的 lr × β 地图",
    "learning-rate sweep, every run": "学习率扫描（所有运行）",
    "A map over learning rate and β for the run chosen above, or the final loss against the learning rate for every enabled run at once":
        "上方所选运行在学习率与 β 上的地图，或所有已启用运行的最终损失随学习率的变化",
    "Points per axis once the edits pause": "编辑停顿后每个坐标轴上的点数",
    "Fixed axes": "固定坐标轴",
    "Keep the current learning-rate (and β) range instead of following the stability limit":
        "保持当前的学习率（及 β）范围，而不随稳定性上限变化",
    "Save the map's data as JSON or CSV, or the map as a PNG picture":
        "将地图数据保存为 JSON 或 CSV，或将地图保存为 PNG 图片",
    "Export map": "导出地图",
    "JSON (*.json);;CSV (*.csv);;PNG picture (*.png)": "JSON (*.json);;CSV (*.csv);;PNG 图片 (*.png)",
    "No enabled run to sweep": "没有已启用的运行可供扫描",
    "{run}: limit {limit:.3g}": "{run}：上限 {limit:.3g}",
    "{run}: no limit (flat minimum)": "{run}：无上限（极小值处平坦）",
    "{run}: adaptive, no fixed limit": "{run}：自适应步长，无固定上限",
    "Every enabled run after {n} steps. Dashed: stability limit; ×: diverged; ○: the run's lr.":
        "所有已启用运行 {n} 步后的最终损失。虚线：稳定性上限；×：发散；○：该运行的 lr。",
    # classroom II: animation formats, loss plot, N-D animation, deep lessons (issue 13)
    "GIF animation (*.gif)": "GIF 动画 (*.gif)", "MP4 video (*.mp4)": "MP4 视频 (*.mp4)",
    "WebP animation (*.webp)": "WebP 动画 (*.webp)", "Animated PNG (*.png)": "动态 PNG (*.png)",
    "Loss plot under the plane": "在平面图下方加损失曲线",
    "Loss against step for every run, the current step marked": "每个运行的损失随步数变化，并标出当前步",
    "Making and encoding {n} frames…": "正在生成并编码 {n} 帧…",
    "Nothing to animate yet: no runs.": "还没有可做成动画的内容：没有运行。",
    "loss f − f*  (f* = {v})": "损失 f − f*（f* = {v}）",
    "Save the playback (Surface Lab, or the N-D Lab's plane view) as a GIF, MP4, WebP or animated PNG":
        "把播放（曲面实验室，或高维实验室的平面视图）保存为 GIF、MP4、WebP 或动态 PNG",
    "Lesson": "课程",
    "This lesson needs the Deep Stack Lab, which is not available here (PyTorch missing?).":
        "这个课程需要深层网络实验室，但它在这里不可用（缺少 PyTorch？）。",
    # Training dynamics (issue 11, engine side): new surfaces and scenarios
    "Quartic saddle": "四次鞍面",
    "½x² + ¼y⁴ − ½y²: a saddle at 0 between minima at (0, ±1).": "½x² + ¼y⁴ − ½y²：原点是鞍点，两侧 (0, ±1) 是极小值。",
    "Catapult ½(uv − 1)²": "弹射面 ½(uv − 1)²",
    "½(uv − 1)²: a hyperbola of minima uv = 1, sharpness u² + v² there.": "½(uv − 1)²：极小值构成双曲线 uv = 1，那里的尖锐度为 u² + v²。",
    "Quartic bowl x⁴ + y⁴": "四次碗 x⁴ + y⁴",
    "x⁴ + y⁴: a flat bottom; the gradient grows like distance³.": "x⁴ + y⁴：底部平坦；梯度随距离的三次方增长。",
    "Noise escapes the saddle": "噪声帮助逃离鞍点",
    "On ½x² + ¼y⁴ − ½y² started exactly on the x-axis, gradient descent slides into the saddle at (0, 0) and stays there: the gradient has no y-part to push it off. The same run with a little gradient noise (σ = 0.001, as mini-batches give) is knocked off the axis and reaches a minimum (0, ±1) after about 100 steps. Without noise the escape time grows with log 1/y₀: from y₀ = 10⁻¹², 10⁻⁸ and 10⁻⁴ it takes 297, 200 and 104 steps to pass |y| = 0.9.":
        "在 ½x² + ¼y⁴ − ½y² 上从恰好位于 x 轴的点出发，梯度下降滑入 (0, 0) 处的鞍点并停在那里：梯度没有 y 分量能把它推开。同样的运行加上一点梯度噪声（σ = 0.001，就像小批量训练带来的噪声）会被推离 x 轴，大约 100 步后到达极小值 (0, ±1)。没有噪声时，逃离所需的步数随 log 1/y₀ 增长：从 y₀ = 10⁻¹²、10⁻⁸ 和 10⁻⁴ 出发，分别需要 297、200 和 104 步才越过 |y| = 0.9。",
    "Catapult": "弹射",
    "On ½(uv − 1)² every point of the hyperbola uv = 1 is a minimum, of sharpness (largest Hessian eigenvalue) u² + v². The start (4, 0.05) sits by a sharp one (sharpness 16), stable for gradient descent only while lr < 2/16. At lr 0.05 the run settles there. At 0.15 the loss first spikes from 0.32 to about 3: the run is thrown out of the sharp valley and lands where the sharpness is 9.3, below 2/lr = 13.3. At 0.2 the spike reaches 16 and it lands at sharpness 2.4. At 0.25 no minimum flat enough is in reach and it diverges at step 9.":
        "在 ½(uv − 1)² 上，双曲线 uv = 1 上的每一点都是极小值，其尖锐度（Hessian 最大特征值）为 u² + v²。起点 (4, 0.05) 靠近一个尖锐的极小值（尖锐度 16），只有当 lr < 2/16 时梯度下降才在那里稳定。lr 为 0.05 时，运行就停在那里。lr 为 0.15 时，损失先从 0.32 飙升到约 3：运行被弹出尖锐的山谷，落在尖锐度为 9.3 的地方，低于 2/lr = 13.3。lr 为 0.2 时，峰值达到 16，最终落在尖锐度 2.4 处。lr 为 0.25 时，附近没有足够平坦的极小值，运行在第 9 步发散。",
    "Learning-rate warm-up": "学习率预热",
    "From the same sharp start, a constant learning rate of 0.3 diverges within 5 steps. Warmed up linearly from 0.003 to 0.3 over 100 steps, the run first settles in the sharp minimum; once the rate passes 2/16 that minimum is unstable, the tiny gradient noise (σ = 10⁻⁶) grows, the loss spikes to about 17 and the run lands in a flatter minimum, sharpness 2.9 < 2/0.3. A 1000-step warm-up slides it along the valley: the loss stays below 2.5 and it ends at sharpness 6, just under 2/lr. Without any noise (last run) only rounding errors can grow; by the time they have, the rate is 0.285 and the run diverges at step 96.":
        "从同一个尖锐的起点出发，恒定学习率 0.3 在 5 步内发散。若在 100 步内把学习率从 0.003 线性预热到 0.3，运行先停在尖锐的极小值；当学习率超过 2/16 后该极小值变得不稳定，微小的梯度噪声（σ = 10⁻⁶）被放大，损失飙升到约 17，运行落入一个更平坦的极小值，尖锐度 2.9 < 2/0.3。1000 步的预热则让它沿山谷平稳滑动：损失始终低于 2.5，最终尖锐度为 6，刚好低于 2/lr。完全没有噪声时（最后一个运行），只有舍入误差能够增长；等它长大时学习率已是 0.285，运行在第 96 步发散。",
    "Gradient clipping": "梯度裁剪",
    "On x⁴ + y⁴ the gradient grows like the cube of the distance: at (10, 2) it is 4000. Gradient descent with lr 0.05 is thrown to x = −190 in one step and to 1.4 million in the next. Clipping the gradient to norm 1 (torch.nn.utils.clip_grad_norm_) caps every step at 0.05 far out and leaves the small gradients near the minimum alone, so the same learning rate converges. A rate small enough for the start without clipping (0.0005) crawls on the flat bottom.":
        "在 x⁴ + y⁴ 上，梯度随距离的三次方增长：在 (10, 2) 处为 4000。学习率 0.05 的梯度下降一步就被抛到 x = −190，下一步到 140 万。把梯度裁剪到范数 1（torch.nn.utils.clip_grad_norm_）后，远处每一步最多走 0.05，而极小值附近的小梯度不受影响，于是同样的学习率也能收敛。不裁剪时，小到足以应付起点的学习率（0.0005）在平坦的谷底爬得极慢。",
    # Training dynamics in the Surface Lab rows (app/widgets/dynamics_editor.py, schedule_curve.py)
    "Dynamics": "训练动态",
    "Training dynamics: gradient noise, learning-rate schedule, clipping, AMSGrad": "训练动态：梯度噪声、学习率调度、梯度裁剪、AMSGrad",
    "constant": "恒定",
    "step decay": "阶梯衰减",
    "exponential decay": "指数衰减",
    "cosine": "余弦退火",
    "linear warmup": "线性预热",
    "warmup + cosine": "预热 + 余弦",
    "every": "每隔",
    "×γ": "×γ",
    "T": "T",
    "min lr": "最小 lr",
    "start ×": "起始 ×",
    "end ×": "结束 ×",
    "steps": "步数",
    "warmup": "预热",
    "step_size: multiply the learning rate by gamma every step_size steps (StepLR)": "step_size：每隔 step_size 步把学习率乘以 gamma（StepLR）",
    "gamma: the factor the learning rate is multiplied by (0 < gamma ≤ 1)": "gamma：学习率每次乘上的因子（0 < gamma ≤ 1）",
    "T_max: steps of the half cosine from lr down to eta_min (CosineAnnealingLR)": "T_max：半个余弦周期的步数，学习率从 lr 降到 eta_min（CosineAnnealingLR）",
    "eta_min: the lowest learning rate of the cosine": "eta_min：余弦调度的最低学习率",
    "start_factor: the first step uses start_factor × lr (LinearLR, 0 < start_factor ≤ 1)": "start_factor：第一步使用 start_factor × lr（LinearLR，0 < start_factor ≤ 1）",
    "end_factor: after total_iters steps the learning rate is end_factor × lr (LinearLR)": "end_factor：total_iters 步之后学习率为 end_factor × lr（LinearLR）",
    "total_iters: steps from start_factor to end_factor (LinearLR)": "total_iters：从 start_factor 变到 end_factor 所用的步数（LinearLR）",
    "warmup_iters: steps of the linear warm-up from start_factor × lr to lr, then the cosine (SequentialLR)": "warmup_iters：从 start_factor × lr 线性预热到 lr 的步数，之后为余弦退火（SequentialLR）",
    "noise σ {sigma}": "噪声 σ {sigma}",
    "clip {c}": "裁剪 {c}",
    "Gradient noise σ: Gaussian noise of this standard deviation is added to every gradient (0 = off; arrows ×10 / ÷10)": "梯度噪声 σ：给每个梯度加上这个标准差的高斯噪声（0 = 关闭；箭头 ×10 / ÷10）",
    "Scale the noise by the gradient's norm: σ·‖∇f‖ instead of σ": "按梯度范数缩放噪声：用 σ·‖∇f‖ 代替 σ",
    "Seed of the noise: the same seed gives the same path": "噪声的随机种子：相同的种子得到相同的路径",
    "new": "新种子",
    "Draw a new random seed": "随机抽取一个新种子",
    "Learning-rate schedule (torch.optim.lr_scheduler)": "学习率调度（torch.optim.lr_scheduler）",
    "clip ‖∇f‖ at": "裁剪 ‖∇f‖ 至",
    "Gradient clipping by norm, as torch.nn.utils.clip_grad_norm_: a gradient longer than this is scaled down to this length": "按范数裁剪梯度，同 torch.nn.utils.clip_grad_norm_：比这个长度更长的梯度被缩短到这个长度",
    "AMSGrad: divide by the largest second-moment estimate so far (torch.optim.Adam(amsgrad=True))": "AMSGrad：除以迄今为止最大的二阶矩估计（torch.optim.Adam(amsgrad=True)）",
    "noise σ": "噪声 σ",
    "seed": "种子",
    "schedule": "调度",
    "Learning rate at each step, from {lo} to {hi} ({axis})": "每一步的学习率，范围 {lo} 至 {hi}（{axis}）",
    "log scale": "对数坐标",
    "linear scale": "线性坐标",
    "lr {lr} at step {k}": "第 {k} 步 lr {lr}",
    "log": "对数",
    "step decay ×{gamma} every {n}": "阶梯衰减：每 {n} 步 ×{gamma}",
    "exponential decay ×{gamma}": "指数衰减 ×{gamma}",
    "cosine over {n}": "余弦退火 {n} 步",
    "linear warmup over {n}": "线性预热 {n} 步",
    "warmup {w} + cosine {n}": "预热 {w} 步 + 余弦 {n} 步",
    # Run outcomes with training dynamics (app/outcome_text.py)
    ", in a noise ball of radius {radius}": "，停在半径 {radius} 的噪声球内",
    "reached the minimum {point} of sharpness {sharpness} ({edge}) in {n} steps": "在 {n} 步内到达锐度为 {sharpness}（{edge}）的极小值 {point}",
    # maps III: SVG export of a map (app/surface_lab/maps_live.py, maps_panel.py)
    "Save the map's data as JSON or CSV, or the map as a PNG or SVG picture":
        "将地图数据保存为 JSON 或 CSV，或将地图保存为 PNG 或 SVG 图片",
    "JSON (*.json);;CSV (*.csv);;PNG picture (*.png);;SVG picture (*.svg)":
        "JSON (*.json);;CSV (*.csv);;PNG 图片 (*.png);;SVG 图片 (*.svg)",
    # Deep Stack Lab: training in a process of its own (app/deep_lab/worker.py)
    "the training process has stopped": "训练进程已停止",
}


def fill(ts_path: Path) -> tuple[int, int]:
    tree = ET.parse(ts_path)
    done = total = 0
    for msg in tree.getroot().iter("message"):
        total += 1
        src = msg.findtext("source")
        tr = msg.find("translation")
        if src in ZH and tr is not None:
            tr.text = ZH[src]
            tr.attrib.pop("type", None)
            done += 1
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return done, total


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("optim_lab_zh_CN.ts"))
    done, total = fill(path)
    print(f"{path.name}: {done} of {total} messages translated")
