#!/usr/bin/env python3
"""Writes the promptsource-format templates of T0Sharp's synthetic task suite.

Output: assets/synthetic/templates/<task>/templates.yaml, one file per task type, in the exact layout and YAML style
promptsource uses (PyYAML dump of !Template / !TemplateMetadata objects, sorted keys). Ids are uuid5 of (task,
template name), so re-running gives identical files. The task list must match src/T0Sharp.Synthetic/TaskTypes (a
test checks that every task has a templates file). Held-out task types have their own wording: a leak-guard test
checks that no word 3-gram of a held-out template occurs in any training template or in the pretraining text.
Run from the repository root: python3 tools/synthetic/make_templates.py
"""
import os, uuid, yaml

AC = "{{answer_choices[label]}}"
OPTS = "{{options | join(\" ||| \")}}"

TASKS = {
    # ---------------------------------------------------------------- training task types (A half of the world)
    "paraphrase": ("Accuracy", [
        ("same_meaning_two_sentences", "Sentence 1: {{sentence1}}\nSentence 2: {{sentence2}}\nDo these mean the same thing? ||| " + AC, "no ||| yes", False),
        ("are_they_paraphrases", "\"{{sentence1}}\" and \"{{sentence2}}\": are they paraphrases? Yes or no? ||| " + AC, "No ||| Yes", True),
        ("says_the_same", "{{sentence1}}\nDoes this say the same as \"{{sentence2}}\"? ||| " + AC, "no ||| yes", False),
        ("means_question", "Does \"{{sentence2}}\" mean \"{{sentence1}}\"? ||| " + AC, "no ||| yes", False),
        ("same_meaning_short", "{{sentence1}} {{sentence2}} Same meaning? ||| " + AC, "no ||| yes", False),
        ("equivalent", "Compare: {{sentence1}} / {{sentence2}}. Are they equivalent? ||| " + AC, "no ||| yes", False),
        ("rewording", "First: {{sentence1}}\nSecond: {{sentence2}}\nIs the second a rewording of the first? ||| " + AC, "no ||| yes", False),
        ("paraphrase_of", "Is \"{{sentence1}}\" a paraphrase of \"{{sentence2}}\"? ||| " + AC, "no ||| yes", False),
        ("same_fact_right", "{{sentence2}}\nThe sentence above expresses the same fact as \"{{sentence1}}\". Right? ||| " + AC, "no ||| yes", False),
    ]),
    "sentiment": ("Accuracy", [
        ("positive_or_negative", "{{text}}\nIs this review positive or negative? ||| " + AC, "negative ||| positive", True),
        ("did_writer_like_it", "Review: {{text}}\nDid the writer like it? ||| " + AC, "no ||| yes", False),
        ("sentiment_of_text", "{{text}} The sentiment of this text is ||| " + AC, "negative ||| positive", False),
        ("how_does_writer_feel", "How does the writer feel? Options: bad, good.\n{{text}} ||| " + AC, "bad ||| good", True),
        ("good_or_bad_experience", "{{text}}\nOverall, was the experience good or bad? ||| " + AC, "bad ||| good", True),
        ("opinion_polarity", "Opinion: {{text}} Positive or negative? ||| " + AC, "Negative ||| Positive", True),
        ("tell_sentiment", "Tell me the sentiment. {{text}} ||| " + AC, "negative ||| positive", False),
        ("happy_opinion", "{{text}} Was that a happy opinion? ||| " + AC, "no ||| yes", False),
        ("classify_mood", "Classify the mood of: {{text}} ||| " + AC, "negative ||| positive", False),
    ]),
    "topic": ("Accuracy", [
        ("what_kind", "{{sentence}} What kind of thing is the {{thing}}? ||| " + AC, "{{categories | join(\" ||| \")}}", False),
        ("category_choices", "What category does {{thing}} belong to? Choices: {{categories | join(\", \")}}. ||| " + AC, "{{categories | join(\" ||| \")}}", True),
        ("topic_of_object", "{{sentence}}\nTopic of the object: ||| " + AC, "{{categories | join(\" ||| \")}}", False),
        ("type_of", "Type of {{thing}}: ||| " + AC, "{{categories | join(\" ||| \")}}", False),
        ("classify_into", "Classify \"{{thing}}\" into one of: {{categories | join(\", \")}} ||| " + AC, "{{categories | join(\" ||| \")}}", True),
        ("what_sort", "{{sentence}} The {{thing}} is what sort of object? ||| " + AC, "{{categories | join(\" ||| \")}}", False),
        ("group_for_word", "Group for the word {{thing}}: ||| " + AC, "{{categories | join(\" ||| \")}}", False),
        ("which_group", "Which group contains the {{thing}}? ||| " + AC, "{{categories | join(\" ||| \")}}", False),
        ("arrow", "{{thing}} -> category ||| " + AC, "{{categories | join(\" ||| \")}}", False),
    ]),
    "extractive_qa": ("Accuracy", [
        ("context_question", "{{context}}\n{{question}} ||| " + AC, OPTS, False),
        ("read_passage", "Read the passage and answer the question.\nPassage: {{context}}\nQuestion: {{question}} ||| " + AC, OPTS, False),
        ("question_first", "Question: {{question}}\nContext: {{context}}\nAnswer: ||| " + AC, OPTS, False),
        ("using_text_above", "{{context}} Using the text above, answer: {{question}} ||| " + AC, OPTS, False),
        ("extract_answer", "Extract the answer from the text. {{context}} Q: {{question}} ||| " + AC, OPTS, False),
        ("look_in_story", "{{question}} Look in this story: {{context}} ||| " + AC, OPTS, False),
        ("name_from_story", "Story: {{context}}\nAnswer with a name from the story. {{question}} ||| " + AC, OPTS, False),
        ("answer_a_or_b", "{{context}}\nAnswer {{options[0]}} or {{options[1]}}: {{question}} ||| " + AC, OPTS, True),
        ("the_answer_is", "Passage: {{context}} {{question}} The answer is ||| " + AC, OPTS, False),
    ]),
    "closed_book_qa": ("Accuracy", [
        ("bare", "{{question}} ||| " + AC, OPTS, False),
        ("q_a", "Q: {{question}}\nA: ||| " + AC, OPTS, False),
        ("from_memory", "Answer from memory: {{question}} ||| " + AC, OPTS, False),
        ("without_context", "Without any context, answer: {{question}} ||| " + AC, OPTS, False),
        ("choose_from", "{{question}} Choose from: {{options | join(\", \")}}. ||| " + AC, OPTS, True),
        ("trivia", "Trivia about the people you know. {{question}} ||| " + AC, OPTS, False),
        ("quick_question", "Quick question: {{question}} ||| " + AC, OPTS, False),
        ("one_word", "{{question}}\nOne word answer: ||| " + AC, OPTS, False),
        ("recall_fact", "Recall the fact. {{question}} ||| " + AC, OPTS, False),
    ]),
    "cause_effect": ("BLEU", [
        ("cause_effect_labels", "{% if direction == 'effect' %}Cause: {{cause}}\nEffect: ||| {{effect}}{% else %}Effect: {{effect}}\nCause: ||| {{cause}}{% endif %}", None, None),
        ("what_happens_next", "{% if direction == 'effect' %}{{cause}} What happens next? ||| {{effect}}{% else %}{{effect}} Why did this happen? ||| {{cause}}{% endif %}", None, None),
        ("write_what_followed", "{% if direction == 'effect' %}Write what followed: {{cause}} ||| {{effect}}{% else %}Write what came before: {{effect}} ||| {{cause}}{% endif %}", None, None),
        ("so_because", "{% if direction == 'effect' %}{{cause}} So ||| {{effect}}{% else %}{{effect}} Because ||| {{cause}}{% endif %}", None, None),
        ("describe_outcome", "{% if direction == 'effect' %}Given the event \"{{cause}}\", describe its outcome. ||| {{effect}}{% else %}Given the outcome \"{{effect}}\", describe the event before it. ||| {{cause}}{% endif %}", None, None),
        ("continue_explain", "{% if direction == 'effect' %}Continue the story: {{cause}} ||| {{effect}}{% else %}Explain: {{effect}} ||| {{cause}}{% endif %}", None, None),
        ("event_outcome", "{% if direction == 'effect' %}Event: {{cause}} Outcome: ||| {{effect}}{% else %}Outcome: {{effect}} Event: ||| {{cause}}{% endif %}", None, None),
        ("led_to_this", "{% if direction == 'effect' %}What is the result of this? {{cause}} ||| {{effect}}{% else %}What led to this? {{effect}} ||| {{cause}}{% endif %}", None, None),
        ("what_next_then", "{% if direction == 'effect' %}{{cause}} And then? ||| {{effect}}{% else %}{{effect}} How come? ||| {{cause}}{% endif %}", None, None),
    ]),
    # ---------------------------------------------------------------- held-out task types (B half; new wording)
    "nli": ("Accuracy", [
        ("premise_entail_hypothesis", "Premise: {{premise}}\nHypothesis: {{hypothesis}}\nDoes the premise entail the hypothesis? ||| " + AC, "no ||| yes", False),
        ("can_one_conclude", "{{premise}} Using only that statement, can one conclude that {{hypothesis}} ||| " + AC, "no ||| yes", False),
        ("would_it_follow", "Suppose {{premise}} Would it follow that {{hypothesis}} ||| " + AC, "no ||| yes", False),
        ("guarantee", "{{premise}}\nDoes this guarantee that \"{{hypothesis}}\"? ||| " + AC, "no ||| yes", False),
        ("statement_a_b", "Statement A: {{premise}} Statement B: {{hypothesis}} If A holds, does B hold too? ||| " + AC, "no ||| yes", False),
        ("correct_inference", "{{premise}} Therefore, {{hypothesis}} Correct inference? ||| " + AC, "no ||| yes", False),
        ("claim_entailed", "Given the fact \"{{premise}}\", is the claim \"{{hypothesis}}\" entailed? ||| " + AC, "no ||| yes", False),
        ("infer_from", "From \"{{premise}}\" infer \"{{hypothesis}}\"? ||| " + AC, "no ||| yes", False),
    ]),
    "coreference": ("Accuracy", [
        ("points_to_whom", "{{sentence}}\nIn that sentence, \"{{pronoun}}\" points to whom: {{option1}} or {{option2}}? ||| " + AC, "{{option1}} ||| {{option2}}", True),
        ("pronoun_denote", "Whom does the pronoun \"{{pronoun}}\" denote here? {{sentence}} ||| " + AC, "{{option1}} ||| {{option2}}", False),
        ("word_means", "{{sentence}} The word \"{{pronoun}}\" means ||| " + AC, "{{option1}} ||| {{option2}}", False),
        ("resolve_candidates", "Text: {{sentence}}\nResolve the pronoun \"{{pronoun}}\". Candidates: {{option1}}, {{option2}} ||| " + AC, "{{option1}} ||| {{option2}}", True),
        ("who_is_meant", "{{sentence}}\nWho is meant by \"{{pronoun}}\"? ||| " + AC, "{{option1}} ||| {{option2}}", False),
        ("pronoun_equals", "Pronoun resolution. {{sentence}} \"{{pronoun}}\" = ||| " + AC, "{{option1}} ||| {{option2}}", False),
        ("person_called", "In \"{{sentence}}\", the person called \"{{pronoun}}\" is ||| " + AC, "{{option1}} ||| {{option2}}", False),
        ("stands_for_either", "{{sentence}} Here \"{{pronoun}}\" stands for {{option1}} or {{option2}}? ||| " + AC, "{{option1}} ||| {{option2}}", True),
    ]),
    "completion": ("Accuracy", [
        ("as_a_result", "{{premise}} {% if question == 'effect' %}What happened as a result?{% else %}What was the reason?{% endif %} ||| " + AC, "{{choice1}} ||| {{choice2}}", False),
        ("more_plausible", "{{premise}}\nWhich is more plausible as the {{question}}: \"{{choice1}}\" or \"{{choice2}}\"? ||| " + AC, "{{choice1}} ||| {{choice2}}", True),
        ("likelier_alternatives", "Premise: {{premise}} Pick the likelier {{question}}. Alternatives: {{choice1}} / {{choice2}} ||| " + AC, "{{choice1}} ||| {{choice2}}", True),
        ("consequently_since", "{{premise}} {% if question == 'effect' %}Consequently,{% else %}This happened since{% endif %} ||| " + AC, "{{choice1}} ||| {{choice2}}", False),
        ("most_likely", "Consider: {{premise}}\nWhich {{question}} is likeliest? ||| " + AC, "{{choice1}} ||| {{choice2}}", False),
        ("followed_preceded", "{{premise}} What {% if question == 'effect' %}followed{% else %}preceded this{% endif %}? ||| " + AC, "{{choice1}} ||| {{choice2}}", False),
        ("situation_select", "Situation: {{premise}} Select the {{question}} among \"{{choice1}}\" and \"{{choice2}}\". ||| " + AC, "{{choice1}} ||| {{choice2}}", True),
        ("the_x_of_this_was", "{{premise}}\nThe {{question}} of this was ||| " + AC, "{{choice1}} ||| {{choice2}}", False),
    ]),
}

HELD_OUT = {"nli", "coreference", "completion"}


class Template(yaml.YAMLObject):
    yaml_tag = "!Template"


class TemplateMetadata(yaml.YAMLObject):
    yaml_tag = "!TemplateMetadata"


def main():
    root = os.path.join("assets", "synthetic", "templates")
    for task_type, (metric, templates) in TASKS.items():
        dataset = f"syn_{task_type}"
        out = {}
        for name, jinja, choices, in_prompt in templates:
            tid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"t0sharp-synthetic/{dataset}/{name}"))
            meta = TemplateMetadata()
            meta.__dict__.update({"choices_in_prompt": bool(in_prompt), "languages": ["en"],
                                  "metrics": [metric], "original_task": True})
            t = Template()
            role = "held-out" if task_type in HELD_OUT else "training"
            t.__dict__.update({"answer_choices": choices, "id": tid, "jinja": jinja, "metadata": meta,
                               "name": name, "reference": f"T0Sharp synthetic suite, {role} task type {task_type}"})
            out[tid] = t
        folder = os.path.join(root, dataset)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "templates.yaml"), "w") as f:
            yaml.dump({"dataset": dataset, "templates": out}, f)
    print(f"wrote {len(TASKS)} task template files under {root}")


if __name__ == "__main__":
    main()
