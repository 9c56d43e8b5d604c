"""Reference Adafactor steps in plain Python (float64), following Hugging Face transformers' Adafactor.step
line by line, for tests/T0Sharp.Training.Tests/AdafactorTests.cs. Prints the expected parameters after 3 steps
for each case. Run: python3 tools/reference/adafactor_reference.py"""
import math

def rms(xs):
    return math.sqrt(sum(x * x for x in xs) / len(xs))

def adafactor(params, grads_per_step, lr=1e-3, eps=(1e-30, 1e-3), clip=1.0, decay=-0.8, beta1=None,
              wd=0.0, scale_parameter=False, relative_step=False, warmup_init=False):
    """params: dict name -> (shape, flat list). grads_per_step: list of dict name -> flat list."""
    state = {n: {"step": 0} for n in params}
    p = {n: list(v[1]) for n, v in params.items()}
    for grads in grads_per_step:
        for n, (shape, _) in params.items():
            g = grads[n]
            st = state[n]
            factored = len(shape) >= 2
            st["step"] += 1
            t = st["step"]
            st_rms = rms(p[n])
            step_lr = lr
            if relative_step:
                min_step = 1e-6 * t if warmup_init else 1e-2
                step_lr = min(min_step, 1.0 / math.sqrt(t))
            if scale_parameter:
                step_lr *= max(eps[1], st_rms)
            beta2t = 1.0 - math.pow(t, decay)
            upd = [x * x + eps[0] for x in g]
            if factored:
                R, C = shape
                row = st.setdefault("row", [0.0] * R)
                col = st.setdefault("col", [0.0] * C)
                for i in range(R):
                    m = sum(upd[i * C + j] for j in range(C)) / C
                    row[i] = row[i] * beta2t + (1 - beta2t) * m
                for j in range(C):
                    m = sum(upd[i * C + j] for i in range(R)) / R
                    col[j] = col[j] * beta2t + (1 - beta2t) * m
                rmean = sum(row) / R
                upd = [1.0 / math.sqrt(row[i] / rmean) * (1.0 / math.sqrt(col[j])) * g[i * C + j]
                       for i in range(R) for j in range(C)]
            else:
                v = st.setdefault("v", [0.0] * len(g))
                for k in range(len(g)):
                    v[k] = v[k] * beta2t + (1 - beta2t) * upd[k]
                upd = [g[k] / math.sqrt(v[k]) for k in range(len(g))]
            denom = max(rms(upd) / clip, 1.0)
            upd = [u / denom * step_lr for u in upd]
            if beta1 is not None:
                m = st.setdefault("m", [0.0] * len(g))
                for k in range(len(g)):
                    m[k] = m[k] * beta1 + (1 - beta1) * upd[k]
                upd = list(m)
            if wd != 0:
                p[n] = [x + x * (-wd * step_lr) for x in p[n]]
            p[n] = [x - u for x, u in zip(p[n], upd)]
    return p

PARAMS = {"w": ((2, 3), [0.5, -0.25, 0.125, 1.0, -2.0, 0.75]), "b": ((3,), [0.1, -0.2, 0.3])}
GRADS = [
    {"w": [0.1, -0.2, 0.3, -0.4, 0.5, -0.6], "b": [0.01, 0.02, -0.03]},
    {"w": [-0.05, 0.15, 0.25, 0.35, -0.45, 0.55], "b": [-0.02, 0.04, 0.06]},
    {"w": [0.2, 0.1, -0.1, 0.3, 0.0, -0.2], "b": [0.05, -0.01, 0.02]},
]
CASES = {
    "T5Recipe": dict(lr=1e-3),
    "Momentum": dict(lr=1e-2, beta1=0.9),
    "ScaleParameterWeightDecay": dict(lr=1e-2, scale_parameter=True, wd=0.1),
    "RelativeStep": dict(lr=None, relative_step=True, scale_parameter=True),
    "RelativeStepWarmupInit": dict(lr=None, relative_step=True, warmup_init=True),
    "ClipThresholdHalf": dict(lr=1e-3, clip=0.5),
}
for name, kw in CASES.items():
    if kw.get("lr") is None:
        kw["lr"] = 0.0
    out = adafactor(PARAMS, GRADS, **kw)
    fmt = lambda xs: ", ".join(repr(x) for x in xs)
    print(f'["{name}"] = (new double[] {{ {fmt(out["w"])} }}, new double[] {{ {fmt(out["b"])} }}),')
