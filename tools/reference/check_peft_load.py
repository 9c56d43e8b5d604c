#!/usr/bin/env python3
"""Checks that Hugging Face PEFT loads adapters *saved by T0Sharp* unchanged and computes what T0Sharp computes.

For each case: `t0sharp adapters init` writes a randomly initialised adapter (LoRA / (IA)^3 with PEFT's
non-identity init options, prompt and prefix tuning with T0Sharp's defaults) for a tiny test model; `t0sharp score --adapter` scores the model's fixture inputs;
then PEFT v0.9.0's PeftModel.from_pretrained loads the same folder onto the transformers model, every adapter
tensor is compared with the file (nothing may stay at PEFT's init), and PEFT's per-token log-probs are compared
with T0Sharp's. Run from the repository root with the reference runtime (see docs/peft.md):

    dotnet build src/T0Sharp.Cli
    /work/refrt/python tools/reference/check_peft_load.py

Never needed by the tests.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
from peft import PeftModel
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "tests" / "TestData" / "models"
ADAPTERS = REPO / "tests" / "TestData" / "adapters"
CASES = [
    ("lora", "tiny-t0-t5-v1_1-gated-gelu", {"peft_type": "LORA", "r": 4, "lora_alpha": 8, "init_lora_weights": False,
                                           "target_modules": ["q", "v", "wi_0"], "rank_pattern": {"wi_0": 2}}),
    ("ia3", "tiny-t0-t5-v1_1-gated-gelu", {"peft_type": "IA3", "init_ia3_weights": False}),
    ("lora", "tiny-bloomz-bloom-bf16", {"peft_type": "LORA", "r": 4, "init_lora_weights": False}),
    ("ia3", "tiny-mt0-mt5-gated-gelu-sharded", {"peft_type": "IA3", "init_ia3_weights": False}),
    # T0Sharp's own choices for new prompt-learning adapters, which PEFT must still load and run the same way:
    # SAMPLE_VOCAB init (a later PEFT's option) and a prefix sized from the decoder (num_layers 3 on this mT0,
    # token_dim = d_kv * heads on T0).
    ("prompt", "tiny-t0-t5-v1_1-gated-gelu", {"peft_type": "PROMPT_TUNING", "num_virtual_tokens": 4, "prompt_tuning_init": "SAMPLE_VOCAB"}),
    ("prefix", "tiny-mt0-mt5-gated-gelu-sharded", {"peft_type": "PREFIX_TUNING", "num_virtual_tokens": 3}),
    ("prefix", "tiny-t0-t5-v1_1-gated-gelu", {"peft_type": "PREFIX_TUNING", "num_virtual_tokens": 3}),
]


def t0sharp(*args):
    cmd = ["dotnet", "run", "--no-build", "--project", str(REPO / "src" / "T0Sharp.Cli"), "--", *args]
    subprocess.run(cmd, check=True, cwd=REPO)


def peft_logprobs(model, is_seq2seq, input_ids, target):
    with torch.no_grad():
        if is_seq2seq:
            logits = model(input_ids=torch.tensor([input_ids]), labels=torch.tensor([target])).logits[0]
            return torch.log_softmax(logits.double(), -1).gather(1, torch.tensor(target)[:, None])[:, 0].tolist()
        ids = input_ids + target
        logits = model(input_ids=torch.tensor([ids])).logits[0]
        lp = torch.log_softmax(logits.double(), -1)
        return [lp[len(input_ids) - 1 + i, t].item() for i, t in enumerate(target)]


def main():
    torch.set_num_threads(1)
    worst_all = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n, (method, base, fields) in enumerate(CASES):
            cfg = tmp / f"cfg{n}.json"
            cfg.write_text(json.dumps(fields))
            adapter = tmp / f"adapter{n}"
            t0sharp("adapters", "init", "--model", str(MODELS / base), "--config", str(cfg), "--out", str(adapter), "--seed", str(n + 1))
            score_in = ADAPTERS / f"{base}--{'lora-qv-r4' if base != 'tiny-bloomz-bloom-bf16' else 'lora-qkv-r4'}" / "score_input.jsonl"
            out = tmp / f"scores{n}.jsonl"
            t0sharp("score", "--model", str(MODELS / base), "--adapter", str(adapter), "--input", str(score_in), "--output", str(out))

            is_seq2seq = base != "tiny-bloomz-bloom-bf16"
            cls = AutoModelForSeq2SeqLM if is_seq2seq else AutoModelForCausalLM
            model = PeftModel.from_pretrained(cls.from_pretrained(str(MODELS / base), torch_dtype=torch.float32), str(adapter)).eval()
            saved = load_file(str(adapter / "adapter_model.safetensors"))
            state = {k.replace(".default", ""): v for k, v in model.state_dict().items()}
            state["prompt_embeddings"] = model.prompt_encoder["default"].embedding.weight if method in ("prompt", "prefix") else None
            for key, value in saved.items():
                assert key in state, f"{key}: PEFT has no such tensor"
                assert torch.equal(state[key].float(), value.float()), f"{key}: PEFT's loaded value differs from the file"
            worst = 0.0
            for line_in, line_out in zip(score_in.read_text().splitlines(), out.read_text().splitlines()):
                request, ours = json.loads(line_in), json.loads(line_out)
                for target, tokens in zip(request["targets"], ours["token_logprobs"]):
                    theirs = peft_logprobs(model, is_seq2seq, request["input_ids"], target)
                    worst = max(worst, max(abs(a - b) for a, b in zip(theirs, tokens)))
            print(f"{method:5} on {base}: PEFT loaded {len(saved)} tensors unchanged; max |token log-prob diff| vs t0sharp = {worst:.2e}")
            worst_all = max(worst_all, worst)
    print("OK" if worst_all <= 1e-3 else "MISMATCH")
    return 0 if worst_all <= 1e-3 else 1


if __name__ == "__main__":
    sys.exit(main())
