#!/usr/bin/env python3
"""Writes the promptsource-format templates of T0Sharp's synthetic task suite.

Output: assets/synthetic/templates/<task>/templates.yaml, one file per task, in the exact layout and YAML style
promptsource uses (PyYAML dump of !Template / !TemplateMetadata objects, sorted keys). Every task of a cluster
gets the cluster's templates; ids are uuid5 of (task, template name), so re-running gives identical files.
The task list must match src/T0Sharp.Synthetic (a test checks that every task has a templates file).
Run from the repository root: python3 tools/synthetic/make_templates.py
"""
import os, uuid, yaml

AC = "{{answer_choices[label]}}"

CLUSTERS = {
    "sentiment": {
        "tasks": ["movie", "product", "restaurant", "trip", "pet"],
        "metrics": ["Accuracy"],
        "templates": [
            ("positive_or_negative", "{{text}}\nIs this review positive or negative? ||| " + AC, "negative ||| positive", True),
            ("did_writer_like_it", "Review: {{text}}\nDid the writer like it? ||| " + AC, "no ||| yes", False),
            ("sentiment_of_text", "{{text}} The sentiment of this text is ||| " + AC, "negative ||| positive", False),
            ("is_author_happy", "Read the text and answer yes or no. Is the author happy?\n{{text}} ||| " + AC, "no ||| yes", True),
            ("how_does_writer_feel", "How does the writer feel? Options: bad, good.\n{{text}} ||| " + AC, "bad ||| good", True),
            ("good_or_bad_experience", "{{text}}\nOverall, was the experience good or bad? ||| " + AC, "bad ||| good", True),
        ],
    },
    "entailment": {
        "tasks": ["color", "location", "count", "transfer", "size"],
        "metrics": ["Accuracy"],
        "templates": [
            ("does_this_imply", "{{premise}}\nQuestion: Does this imply that \"{{hypothesis}}\"? Yes or no? ||| " + AC, "Yes ||| No", True),
            ("premise_hypothesis", "Premise: {{premise}}\nHypothesis: {{hypothesis}}\nIs the hypothesis true given the premise? ||| " + AC, "yes ||| no", False),
            ("based_on_that", "{{premise}} Based on that, is it true that {{hypothesis}} ||| " + AC, "yes ||| no", False),
            ("does_it_follow", "Given that {{premise}} Does it follow that {{hypothesis}} Yes or no? ||| " + AC, "Yes ||| No", True),
            ("can_we_infer", "Suppose {{premise}} Can we infer that \"{{hypothesis}}\"? ||| " + AC, "yes ||| no", False),
            ("true_or_false", "{{premise}}\nTrue or false: {{hypothesis}} ||| " + AC, "True ||| False", True),
        ],
    },
    "coreference": {
        "tasks": ["subject", "possessive", "animate", "fit", "reflexive"],
        "metrics": ["Accuracy"],
        "templates": [
            ("refers_to_options", "{{sentence}}\nWho or what does \"{{pronoun}}\" refer to? Options: {{option1}}, {{option2}} ||| " + AC, "{{option1}} ||| {{option2}}", True),
            ("pronoun_means", "{{sentence}} In the sentence above, \"{{pronoun}}\" means ||| " + AC, "{{option1}} ||| {{option2}}", False),
            ("is_it_a_or_b", "Sentence: {{sentence}}\nQuestion: Is \"{{pronoun}}\" {{option1}} or {{option2}}? ||| " + AC, "{{option1}} ||| {{option2}}", True),
            ("stands_for", "{{sentence}}\nHere, the pronoun \"{{pronoun}}\" stands for ||| " + AC, "{{option1}} ||| {{option2}}", False),
            ("who_is_pronoun", "Who is \"{{pronoun}}\" in the following sentence? {{sentence}} ||| " + AC, "{{option1}} ||| {{option2}}", False),
            ("answer_with_a_or_b", "{{sentence}}\nAnswer with {{option1}} or {{option2}}: who is \"{{pronoun}}\"? ||| " + AC, "{{option1}} ||| {{option2}}", True),
        ],
    },
    "multiple_choice": {
        "tasks": ["where", "color", "who_has", "bigger", "food"],
        "metrics": ["Accuracy"],
        "templates": [
            ("options_after", "{{context}}\n{{question}}\nOptions: {{options | join(\", \")}} ||| " + AC, "{{options | join(\" ||| \")}}", True),
            ("choose_from", "Read: {{context}} Question: {{question}} Choose from: {{options | join(\", \")}}. ||| " + AC, "{{options | join(\" ||| \")}}", True),
            ("choices_first", "{{question}} Choices: {% for o in options %}{{o}}{% if not loop.last %}, {% endif %}{% endfor %}\nContext: {{context}} ||| " + AC, "{{options | join(\" ||| \")}}", True),
            ("pick_correct", "{{context}}\nPick the correct answer to \"{{question}}\" from {{options | length}} options: {{options | join(\" or \")}} ||| " + AC, "{{options | join(\" ||| \")}}", True),
            ("qa_no_options", "Context: {{context}}\nQ: {{question}}\nA: ||| " + AC, "{{options | join(\" ||| \")}}", False),
            ("bulleted_options", "Answer the question using one of the options.\n{{context}}\n{{question}}\n- {{options | join(\"\\n- \")}} ||| " + AC, "{{options | join(\" ||| \")}}", True),
        ],
    },
    "extractive_qa": {
        "tasks": ["where", "color", "owner", "time", "food"],
        "metrics": ["Squad"],
        "templates": [
            ("context_question", "{{context}}\n{{question}} ||| {{answer}}", None, None),
            ("read_passage", "Read the passage and answer the question.\nPassage: {{context}}\nQuestion: {{question}} ||| {{answer}}", None, None),
            ("question_first", "Question: {{question}}\nContext: {{context}}\nAnswer: ||| {{answer}}", None, None),
            ("using_text_above", "{{context}} Using the text above, answer: {{question}} ||| {{answer}}", None, None),
            ("extract_answer", "Extract the answer from the text. {{context}} Q: {{question}} ||| {{answer}}", None, None),
        ],
    },
    "completion": {
        "tasks": ["feelings", "weather", "objects", "animals", "time"],
        "metrics": ["Accuracy"],
        "templates": [
            ("what_happens_next", "{{premise}} What happens next? Options: {{choice1}} / {{choice2}} ||| " + AC, "{{choice1}} ||| {{choice2}}", True),
            ("complete_sentence", "Complete the sentence: {{premise}} ||| " + AC, "{{choice1}} ||| {{choice2}}", False),
            ("more_likely_ending", "{{premise}}\nWhich ending is more likely? {{choice1}} or {{choice2}} ||| " + AC, "{{choice1}} ||| {{choice2}}", True),
            ("best_continuation", "Start: {{premise}}\nChoose the best continuation. ||| " + AC, "{{choice1}} ||| {{choice2}}", False),
            ("pick_one", "{{premise}} Pick one: \"{{choice1}}\", \"{{choice2}}\" ||| " + AC, "{{choice1}} ||| {{choice2}}", True),
            ("what_comes_after", "What comes after \"{{premise}}\"? ||| " + AC, "{{choice1}} ||| {{choice2}}", False),
        ],
    },
    "paraphrase": {
        "tasks": ["transfer", "location", "size", "passive", "color"],
        "metrics": ["Accuracy"],
        "templates": [
            ("same_meaning_two_sentences", "Sentence 1: {{sentence1}}\nSentence 2: {{sentence2}}\nDo these mean the same thing? ||| " + AC, "no ||| yes", False),
            ("are_they_paraphrases", "\"{{sentence1}}\" and \"{{sentence2}}\": are they paraphrases? Yes or no? ||| " + AC, "No ||| Yes", True),
            ("says_the_same", "{{sentence1}}\nDoes this say the same as \"{{sentence2}}\"? ||| " + AC, "no ||| yes", False),
            ("means_question", "Does \"{{sentence2}}\" mean \"{{sentence1}}\"? ||| " + AC, "no ||| yes", False),
            ("same_meaning_short", "{{sentence1}} {{sentence2}} Same meaning? ||| " + AC, "no ||| yes", False),
            ("equivalent", "Compare: {{sentence1}} / {{sentence2}}. Are they equivalent? ||| " + AC, "no ||| yes", False),
        ],
    },
}


class Template(yaml.YAMLObject):
    yaml_tag = "!Template"


class TemplateMetadata(yaml.YAMLObject):
    yaml_tag = "!TemplateMetadata"


def task_names():
    return [f"syn_{cluster}_{task}" for cluster, spec in CLUSTERS.items() for task in spec["tasks"]]


def main():
    root = os.path.join("assets", "synthetic", "templates")
    for cluster, spec in CLUSTERS.items():
        for task in spec["tasks"]:
            dataset = f"syn_{cluster}_{task}"
            templates = {}
            for name, jinja, choices, in_prompt in spec["templates"]:
                tid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"t0sharp-synthetic/{dataset}/{name}"))
                meta = TemplateMetadata()
                meta.__dict__.update({"choices_in_prompt": in_prompt, "languages": ["en"],
                                      "metrics": spec["metrics"], "original_task": True})
                t = Template()
                t.__dict__.update({"answer_choices": choices, "id": tid, "jinja": jinja, "metadata": meta,
                                   "name": name, "reference": f"T0Sharp synthetic suite, cluster {cluster}"})
                templates[tid] = t
            folder = os.path.join(root, dataset)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "templates.yaml"), "w") as f:
                yaml.dump({"dataset": dataset, "templates": templates}, f)
    print(f"wrote {len(task_names())} task template files under {root}")


if __name__ == "__main__":
    main()
