#!/usr/bin/env python3
"""Copies the PEFT adapter fixtures (../shared/fixtures/adapters, made by PEFT v0.9.0) into tests/TestData/adapters,
trimmed to what T0Sharp's tests read.

Per fixture folder it copies adapter_config.json, adapter_model.safetensors, score_input.jsonl, score_expected.jsonl
and expected_outputs.json unchanged, and rewrites expected_tensors.safetensors keeping every tensor but cutting the
logits of models with a vocabulary above 4096 (the 32128-token T5 fixtures) to their first 4096 vocabulary columns.
Plain Python + numpy; never needed by the tests.

usage: python3 tools/reference/trim_adapter_fixtures.py SRC_ADAPTERS_DIR DEST_DIR
"""
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

KEEP = ["adapter_config.json", "adapter_model.safetensors", "score_input.jsonl", "score_expected.jsonl", "expected_outputs.json"]
MAX_COLUMNS = 4096


def read_safetensors(path):
    data = path.read_bytes()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", None)
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", (path, name, info["dtype"])
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], dtype="<f4").reshape(info["shape"])
    return tensors, meta


def write_safetensors(path, tensors, meta):
    header = {"__metadata__": meta} if meta is not None else {}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name], dtype="<f4")
        blob = array.tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main(src, dest):
    src, dest = Path(src), Path(dest)
    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        out = dest / folder.name
        out.mkdir(parents=True, exist_ok=True)
        for name in KEEP:
            shutil.copyfile(folder / name, out / name)
        tensors, meta = read_safetensors(folder / "expected_tensors.safetensors")
        trimmed = {k: (v[:, :MAX_COLUMNS] if k.endswith("logits") and v.shape[-1] > MAX_COLUMNS else v) for k, v in tensors.items()}
        write_safetensors(out / "expected_tensors.safetensors", trimmed, meta)
    shutil.copyfile(src / "index.json", dest / "index.json")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
