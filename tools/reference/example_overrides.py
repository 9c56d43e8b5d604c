"""Hand-written field values for templates whose guards or string formats the synthesiser cannot guess.

Each patch is applied to a copy of the file's first synthesised example and appended to its golden group, so
that these templates render something non-empty at least once (key: "dataset" or "dataset/subset").
"""
MATH = {"question": "Solve 3*x + 2 = 11 for x.\n", "answer": "3"}

PATCHES = {
    "cbt/raw": [{"title": "Charles_Dickens___A_Christmas_Carol.txt.out"}],
    "conv_ai": [{"thread": [{"userId": "Alice", "text": "Hi there, I love jazz 🎷", "evaluation": 3},
                            {"userId": "Bob", "text": "Hello! ||| pipes inside", "evaluation": 2}]}],
    "conv_ai_2": [{"dialog": [{"id": 0, "sender": "participant1", "sender_class": "Human", "text": "hi, how are you?"},
                              {"id": 1, "sender": "participant2", "sender_class": "Bot", "text": "i am great, i like cats."}],
                   "user_profile": [["i like cats."], ["i am tall."]], "bot_profile": [["i am a bot."], ["i like dogs."]]}],
    "conv_ai_3": [{"clarification_need": 3, "question": "Do you mean the band or the city?"}],
    "coqa": [{"story": "The cat sat on the mat. It was happy.",
              "answers": {"input_text": ["on the mat"], "answer_start": [8], "answer_end": [22]}}],
    "craigslist_bargains": [{"agent_info": {"Bottomline": ["", ""], "Role": ["buyer", "seller"], "Target": [100.0, 150.5]},
                             "items": {"Price": [160.0], "Title": ["Bike"], "Description": ["A red bike"], "Category": ["bike"], "Images": [""]}}],
    "crows_pairs": [{"stereo_antistereo": 0, "bias_type": 0}],
    "discofuse/discofuse-sport": [{"discourse_type": "PAIR_ANAPHORA", "connective_string": "however"}],
    "discofuse/discofuse-wikipedia": [{"discourse_type": "SINGLE_RELATIVE", "connective_string": ""}],
    "e2e_nlg_cleaned": [{"meaning_representation": "name[The Eagle], eatType[coffee shop], food[French], priceRange[moderate], "
                                                  "customer rating[3 out of 5], area[riverside], familyFriendly[yes], near[Burger King]",
                         "human_reference": "The Eagle is a coffee shop by the riverside."}],
    "freebase_qa": [{"Parses": {"Answers": [{"AnswersMid": ["m.02mjmr"], "AnswersName": [["barack obama"]]}],
                                "InferentialChain": ["people.person.place_of_birth"], "Parse-Id": ["1"],
                                "PotentialTopicEntityMention": ["obama"], "TopicEntityMid": ["m.1"], "TopicEntityName": ["obama"]},
                     "RawQuestion": "where was obama born?", "ProcessedQuestion": "where was obama born"}],
    "hate_speech18": [{"label": 1}, {"label": 0.0}],
    "math_dataset/algebra__linear_1d_composed": [MATH],
    "math_dataset/algebra__linear_2d_composed": [MATH],
    "openai_humaneval": [{"prompt": "def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n", "entry_point": "add",
                          "canonical_solution": "    return a + b\n",
                          "test": "\n\nMETADATA = {}\n\ndef check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(2, 2) == 4\n"}],
    "trec": [{"coarse_label": 1, "fine_label": 3}, {"coarse_label": 0, "fine_label": 0}],
    "tydiqa/secondary_task": [{"id": "english-123456789", "answers": {"text": ["Paris"], "answer_start": [0]}}],
    "wiki_hop/masked": [{"question": "place_of_birth john smith"}],
}
