#!/usr/bin/env python3
"""Python reference for T0Sharp's eight t-zero mixtures: the task lists t-zero's rules give on a template collection.

Re-implements (does not import: seqio, t5, promptsource and tensorflow are not installed) the loops of
bigscience-workshop/t-zero `t0/seqio_tasks/tasks.py` @ 7a699e3 over promptsource YAML files:
  * every (dataset, subset) of the collection that is listed in `t0/datasets.csv` gets one task per template,
    named `utils.get_task_name`; templates in promptsource's order (`all_template_names`, sorted by name);
  * a `<task>_score_eval` task exists when the template has answer choices (`if template.answer_choices`);
  * `single_original_task[(dataset, subset)]` = the first original-task template in that order;
  * ANLI: one task per template and round (`_r1`/`_r2`/`_r3` suffix), added to the BASE evaluation when
    original-task;
  * the mixtures and their filters (TASK_BLACKLIST, D4_TRAIN_SCORE_EVAL_TASK_BLACKLIST, D4_TRAIN_SKIP_EVAL as
    substrings of the score-eval task name, "original task" for t0_train_score_eval).

Usage:
  python3 tools/reference/t0_mixtures_ref.py --templates assets/promptsource/templates \
      --lists assets/promptsource/t0 --output tests/TestData/t0-mixtures/head.json
The output maps each mixture name to its sorted task names (with `_score_eval` for the score-eval mixtures) and
per-dataset task counts.
"""
import argparse
import csv
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from promptsource_ref import load_templates_file, sorted_templates  # noqa: E402

TASK_BLACKLIST = [
    "hotpot_qa_distractor_Generate_Explanations", "hotpot_qa_fullwiki_Generate_Explanations",
    "hotpot_qa_distractor_Generate_Answer_and_Explanations", "hotpot_qa_fullwiki_Generate_Answer_and_Explanations",
    "hotpot_qa_fullwiki_Generate_Answer", "hotpot_qa_distractor_Generate_Answer",
    "hotpot_qa_distractor_Generate_Title_2", "hotpot_qa_fullwiki_Generate_Title_2",
    "hotpot_qa_fullwiki_Generate_Title_1", "hotpot_qa_distractor_Generate_Title_1",
    "hotpot_qa_distractor_Generate_Question", "hotpot_qa_fullwiki_Generate_Question",
    "tab_fact_tab_fact_tab_fact_3", "tab_fact_tab_fact_tab_fact_2", "tab_fact_tab_fact_tab_fact_1",
    "tab_fact_tab_fact_tab_fact_7", "tab_fact_tab_fact_tab_fact_4", "tab_fact_tab_fact_tab_fact_5",
    "tab_fact_tab_fact_tab_fact_6", "wiki_hop_masked_Choose_Best_Object_Candidate",
    "wiki_hop_masked_Indirect_Question_about_Birthplace_Citizenship_Place_of_Death", "narrativeqa_Template_05",
    "ecthr_cases_alleged_violation_prediction_silver_rationales", "gigaword_summarize_",
]
D4_TRAIN_SCORE_EVAL_TASK_BLACKLIST = [
    "amazon_polarity_Is_this_product_review_positive_score_eval", "amazon_polarity_Is_this_review_negative_score_eval",
    "amazon_polarity_Is_this_review_score_eval", "amazon_polarity_User_recommend_this_product_score_eval",
    "amazon_polarity_convey_negative_or_positive_sentiment_score_eval", "amazon_polarity_flattering_or_not_score_eval",
    "amazon_polarity_negative_or_positive_tone_score_eval", "amazon_polarity_user_satisfied_score_eval",
    "amazon_polarity_would_you_buy_score_eval", "dbpedia_14_given_a_choice_of_categories__score_eval",
    "dbpedia_14_given_list_what_category_does_the_paragraph_belong_to_score_eval",
    "dbpedia_14_pick_one_category_for_the_following_text_score_eval",
    "wiki_hop_original_choose_best_object_affirmative_1_score_eval",
    "wiki_hop_original_choose_best_object_affirmative_2_score_eval",
    "wiki_hop_original_choose_best_object_affirmative_3_score_eval",
    "wiki_hop_original_choose_best_object_interrogative_1_score_eval",
    "wiki_hop_original_choose_best_object_interrogative_2_score_eval",
]
D4_TRAIN_SKIP_EVAL = ["paws_labeled_final", "adversarial_qa_dbidaf", "adversarial_qa_dbert", "duorc_ParaphraseRC", "dream",
                      "amazon_polarity", "app_reviews", "imdb", "wiki_bio", "gigaword", "multi_news", "samsum",
                      "dbpedia_14", "trec"]


def task_name(dataset, subset, template):
    return re.sub(r"[^\w\d\._]+", "_", dataset + (f"_{subset}_" if subset is not None else "_") + template)


def load_collection(templates_dir):
    """(dataset, subset) -> sorted templates, for every templates.yaml under the folder."""
    out = {}
    for root, _, files in os.walk(templates_dir):
        if "templates.yaml" not in files:
            continue
        rel = os.path.relpath(root, templates_dir).split(os.sep)
        doc = load_templates_file(os.path.join(root, "templates.yaml"))
        dataset, subset = (rel[0], None) if len(rel) == 1 else ("/".join(rel[:-1]), rel[-1])
        # promptsource keys the collection by the YAML's own dataset/subset fields
        dataset, subset = doc.get("dataset", dataset), doc.get("subset", subset)
        out[(dataset, subset)] = sorted_templates(doc)
    return out


def original(t):
    return bool((t.get("metadata") or {}).get("original_task"))


def build(templates_dir, lists_dir):
    t0_train = {"BASE": [], "GPT_EVAL": [], "SGLUE": []}
    t0_eval = {"BASE": [], "BIAS_FAIRNESS": []}
    with open(os.path.join(lists_dir, "datasets.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["HF_name"], row["subset"] or None)
            if row["do_train"]:
                t0_train[row["do_train"]].append(key)
            if row["do_eval"]:
                t0_eval[row["do_eval"]].append(key)
    all_datasets = sum(t0_train.values(), []) + sum(t0_eval.values(), [])
    collection = load_collection(templates_dir)

    registry = set()            # every task name; "<task>_score_eval" for templates with answer choices
    dataset_of = {}             # task name (either form) -> "dataset/subset"
    train_mixture = {k: [] for k in t0_train}
    eval_mixture = {k: [] for k in t0_eval}
    single_original, all_original = {}, []
    for (dataset, subset), templates in sorted(collection.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if dataset == "anli" or (dataset, subset) not in all_datasets:
            continue
        for t in templates:
            name = task_name(dataset, subset, t["name"])
            registry.add(name)
            dataset_of[name] = dataset_of[name + "_score_eval"] = dataset if subset is None else f"{dataset}/{subset}"
            if t.get("answer_choices"):
                registry.add(name + "_score_eval")
            if (dataset, subset) not in single_original and original(t):
                single_original[(dataset, subset)] = name
            if original(t):
                all_original.append(name)
            for key, tuples in t0_train.items():
                if (dataset, subset) in tuples:
                    train_mixture[key].append(name)
            if (dataset, subset) in t0_eval["BASE"] and original(t):
                eval_mixture["BASE"].append(name)
            if (dataset, subset) in t0_eval["BIAS_FAIRNESS"]:
                eval_mixture["BIAS_FAIRNESS"].append(name)
    for rnd in ("r1", "r2", "r3"):
        for t in collection.get(("anli", None), []):
            name = task_name("anli", None, t["name"]) + f"_{rnd}"
            registry.add(name)
            dataset_of[name] = dataset_of[name + "_score_eval"] = "anli"
            if t.get("answer_choices"):
                registry.add(name + "_score_eval")
            if original(t):
                eval_mixture["BASE"].append(name)

    def score_eval(base_filter):
        return sorted(n for n in registry if n.endswith("_score_eval") and base_filter(n.split("_score_eval")[0], n))

    base = train_mixture["BASE"]
    mixtures = {
        "t0_train": [t for t in base if t not in TASK_BLACKLIST],
        "t0+_train": [t for t in base + train_mixture["GPT_EVAL"] if t not in TASK_BLACKLIST],
        "t0++_train": [t for t in base + train_mixture["GPT_EVAL"] + train_mixture["SGLUE"] if t not in TASK_BLACKLIST],
        "t0_eval_score_eval": score_eval(lambda b, n: b in eval_mixture["BASE"] and b not in TASK_BLACKLIST),
        "t0_train_score_eval": score_eval(lambda b, n: b in base and b not in TASK_BLACKLIST
                                          and n not in D4_TRAIN_SCORE_EVAL_TASK_BLACKLIST
                                          and not any(s in n for s in D4_TRAIN_SKIP_EVAL) and b in all_original),
        "t0_train_one_og_prompt": [t for t in single_original.values() if t in base and t not in TASK_BLACKLIST],
        "t0_train_all_og_prompts": [t for t in all_original if t in base and t not in TASK_BLACKLIST],
        "bias_fairness_eval_score_eval": score_eval(lambda b, n: b in eval_mixture["BIAS_FAIRNESS"]),
    }
    return {name: sorted(tasks) for name, tasks in mixtures.items()}, dataset_of


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--templates", required=True)
    p.add_argument("--lists", required=True)
    p.add_argument("--output", required=True)
    a = p.parse_args(argv)
    mixtures, dataset_of = build(a.templates, a.lists)

    def per_dataset(tasks):
        counts = {}
        for t in tasks:
            counts[dataset_of[t]] = counts.get(dataset_of[t], 0) + 1
        return dict(sorted(counts.items()))

    doc = {"source": "tools/reference/t0_mixtures_ref.py (t-zero t0/seqio_tasks/tasks.py @ 7a699e3 rules)",
           "templates": a.templates.replace(os.sep, "/"),
           "mixtures": {name: {"count": len(tasks), "per_dataset": per_dataset(tasks), "tasks": tasks}
                        for name, tasks in mixtures.items()}}
    os.makedirs(os.path.dirname(a.output) or ".", exist_ok=True)
    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, a.output)
    for name, tasks in mixtures.items():
        print(f"{name}: {len(tasks)} tasks")


if __name__ == "__main__":
    sys.exit(main())
