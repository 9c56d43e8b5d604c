using static T0Sharp.Synthetic.Lexicon;

namespace T0Sharp.Synthetic.Clusters;

/// <summary>Multiple choice with the options in the prompt. Fields: context, question, options (list), label (index).</summary>
public static class MultipleChoiceTasks
{
    static Dictionary<string, object?> Question(SyntheticRandom r, string context, string question, string answer, IReadOnlyList<string> distractors)
    {
        var options = new List<string>(distractors) { answer };
        var shuffled = r.PickDistinct(options, options.Count);
        return Fields.Of(("context", context), ("question", question), ("options", shuffled.Cast<object?>().ToList()), ("label", shuffled.IndexOf(answer)));
    }

    public static SyntheticCluster Create() => new("multiple_choice", "multiple-choice questions with the options in the prompt", true,
    [
        new("syn_multiple_choice_where", "multiple_choice", r =>
        {
            var (a, b) = r.PickTwo(Names);
            var places = r.PickDistinct(Places, 3);
            return Question(r, $"{a} is in the {places[0]}. {b} is in the {places[1]}.", $"Where is {a}?", places[0], [places[1], places[2]]);
        }),
        new("syn_multiple_choice_color", "multiple_choice", r =>
        {
            var (a, b) = r.PickTwo(Names);
            var colors = r.PickDistinct(Colors, 3);
            string obj = r.Pick(Objects);
            return Question(r, $"{a} has a {colors[0]} {obj}. {b} has a {colors[1]} {obj}.", $"What color is the {obj} of {b}?", colors[1], [colors[0], colors[2]]);
        }),
        new("syn_multiple_choice_who_has", "multiple_choice", r =>
        {
            var names = r.PickDistinct(Names, 3);
            var (o1, o2) = r.PickTwo(Objects);
            return Question(r, $"{names[0]} has the {o1}. {names[1]} has the {o2}.", $"Who has the {o2}?", names[1], [names[0], names[2]]);
        }),
        new("syn_multiple_choice_bigger", "multiple_choice", r =>
        {
            var (big, small) = PickAnimalPair(r);
            var (first, second) = r.Coin() ? (big, small) : (small, big);
            return Question(r, $"There is a {first} and a {second} in the {r.Pick(Places)}.", "Which animal is bigger?", big, [small]);
        }),
        new("syn_multiple_choice_food", "multiple_choice", r =>
        {
            var (a, b) = r.PickTwo(Names);
            var foods = r.PickDistinct(Foods, 3);
            return Question(r, $"{a} ate {foods[0]}. {b} ate {foods[1]}.", $"What did {b} eat?", foods[1], [foods[0], foods[2]]);
        }),
    ]);
}
