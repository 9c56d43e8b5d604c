using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>Which of a dataset's templates a t-zero training mixture takes (the prompts-per-dataset axis of the paper's Figure 6).</summary>
public enum T0TemplateRule
{
    /// <summary>Every template ("all prompts": t0_train, t0+_train, t0++_train).</summary>
    All,

    /// <summary>Every original-task template (t0_train_all_og_prompts).</summary>
    AllOriginalTask,

    /// <summary>The first original-task template in promptsource's order, sorted by name (t0_train_one_og_prompt: t-zero's <c>single_original_task</c>).</summary>
    FirstOriginalTask,
}

/// <summary>
/// t-zero's template and task filters (<c>t0/seqio_tasks/tasks.py</c> @ 7a699e3): the template rules of the Figure 6
/// mixtures and the three exclusion lists, applied to task names exactly as t-zero applies them.
/// </summary>
public static class T0TemplateRules
{
    /// <summary>The templates <paramref name="rule"/> keeps, in the provider's order (promptsource's: sorted by name).</summary>
    public static IReadOnlyList<ITaskTemplate> Select(IReadOnlyList<ITaskTemplate> templates, T0TemplateRule rule) => rule switch
    {
        T0TemplateRule.All => templates,
        T0TemplateRule.AllOriginalTask => templates.Where(t => t.OriginalTask).ToList(),
        T0TemplateRule.FirstOriginalTask => templates.Where(t => t.OriginalTask).Take(1).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>t-zero's <c>TASK_BLACKLIST</c>: tasks whose inputs often exceed 1,024 tokens, and one with broken cached files. Exact names.</summary>
    public static IReadOnlySet<string> TaskBlacklist { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
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
    };

    /// <summary>t-zero's <c>D4_TRAIN_SCORE_EVAL_TASK_BLACKLIST</c>: score-eval tasks that failed caching, left out of t0_train_score_eval.</summary>
    public static IReadOnlySet<string> TrainScoreEvalBlacklist { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
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
    };

    /// <summary>t-zero's <c>D4_TRAIN_SKIP_EVAL</c>: training datasets not evaluated for checkpoint selection; matched as substrings of the score-eval task name.</summary>
    public static IReadOnlyList<string> TrainSkipEval { get; } =
    [
        "paws_labeled_final", "adversarial_qa_dbidaf", "adversarial_qa_dbert", "duorc_ParaphraseRC", "dream",
        "amazon_polarity", "app_reviews", "imdb", "wiki_bio", "gigaword", "multi_news", "samsum", "dbpedia_14", "trec",
    ];

    /// <summary>The suffix of t-zero's rank-classification tasks.</summary>
    public const string ScoreEvalSuffix = "_score_eval";
}
