"""Writes tests/T0Sharp.Models.Tests/Checkpoints/Data/mini_torch_save.bin: a tiny archive in torch.save's zip
format (protocol-2 pickle of an OrderedDict state dict + raw little-endian storages), made WITHOUT torch.

It complements the real torch 1.13 fixture (tests/TestData/models/tiny-t5-v1_0-relu/pytorch_model.bin) with
what that one lacks: fp16, bf16, int64 and bool storages, views with storage offsets and transposed strides,
a _rebuild_parameter wrapper and the OrderedDict `_metadata` BUILD that torch.save emits for module state dicts.
Python's own pickler writes the opcodes; stand-in `torch` / `torch._utils` modules give the globals the names
torch uses (torch.FloatStorage, torch._utils._rebuild_tensor_v2, ...). Run: python3 tools/reference/make_mini_torch_save.py
"""
import collections, io, pickle, struct, sys, types, zipfile
from pathlib import Path

torch = types.ModuleType("torch")
utils = types.ModuleType("torch._utils")
sys.modules["torch"], sys.modules["torch._utils"] = torch, utils
torch._utils = utils

def _rebuild_tensor_v2(*args): raise RuntimeError("never called")
def _rebuild_parameter(*args): raise RuntimeError("never called")
for f in (_rebuild_tensor_v2, _rebuild_parameter):
    f.__module__ = "torch._utils"
    setattr(utils, f.__name__, f)

class Storage:
    def __init__(self, key, fmt, values): self.key, self.fmt, self.values = key, fmt, values
    def data(self): return struct.pack("<" + self.fmt * len(self.values), *self.values)

def storage_type(name):
    cls = type(name, (), {"__module__": "torch"})
    setattr(torch, name, cls)
    return cls

KINDS = {"f": storage_type("FloatStorage"), "e": storage_type("HalfStorage"), "H": storage_type("BFloat16Storage"),
         "q": storage_type("LongStorage"), "?": storage_type("BoolStorage")}

class Tensor:
    def __init__(self, storage, offset, size, stride): self.args = (storage, offset, size, stride)
    def __reduce_ex__(self, protocol):
        return (_rebuild_tensor_v2, self.args + (False, collections.OrderedDict()))

class Parameter:
    def __init__(self, tensor): self.tensor = tensor
    def __reduce_ex__(self, protocol):
        return (_rebuild_parameter, (self.tensor, True, collections.OrderedDict()))

class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", KINDS[obj.fmt], obj.key, "cpu", len(obj.values))
        return None

floats = Storage("0", "f", [float(i) for i in range(12)])
halves = Storage("1", "e", [0.5, -1.25, 65504.0, 2.0 ** -14, 2.0 ** -24, 1.0 / 3.0])
bf16 = Storage("2", "H", [0x3F80, 0xC2F7, 0x0001, 0x7F80])  # bfloat16 bit patterns: 1, -123.5, smallest subnormal, +inf
longs = Storage("3", "q", [0, -1, 2 ** 40, 7, 9])
bools = Storage("4", "?", [True, False, True])

state = collections.OrderedDict()
state["w"] = Tensor(floats, 0, (3, 4), (4, 1))
state["w_t"] = Tensor(floats, 0, (4, 3), (1, 4))
state["row2"] = Tensor(floats, 8, (4,), (1,))
state["p"] = Parameter(Tensor(floats, 4, (2,), (1,)))
state["half"] = Tensor(halves, 0, (2, 3), (3, 1))
state["bf16"] = Tensor(bf16, 0, (4,), (1,))
state["ids"] = Tensor(longs, 0, (5,), (1,))
state["mask"] = Tensor(bools, 0, (3,), (1,))
state._metadata = collections.OrderedDict([("", {"version": 1})])

buf = io.BytesIO()
Pickler(buf, protocol=2).dump(state)
out = Path(__file__).resolve().parents[2] / "tests/T0Sharp.Models.Tests/Checkpoints/Data/mini_torch_save.bin"
with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
    z.writestr("mini/data.pkl", buf.getvalue())
    z.writestr("mini/byteorder", "little")
    for s in (floats, halves, bf16, longs, bools):
        z.writestr(f"mini/data/{s.key}", s.data())
    z.writestr("mini/version", "3\n")
print(out, out.stat().st_size)
