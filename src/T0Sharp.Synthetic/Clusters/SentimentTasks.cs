using static T0Sharp.Synthetic.Lexicon;

namespace T0Sharp.Synthetic.Clusters;

/// <summary>Sentiment-like classification over a lexicon. Fields: text, label (0 negative, 1 positive).</summary>
public static class SentimentTasks
{
    public static SyntheticCluster Create() => new("sentiment", "sentiment classification over a word lexicon", true,
    [
        new("syn_sentiment_movie", "sentiment", r =>
        {
            int label = r.Next(2);
            var (main, other) = label == 1 ? (Positive, Negative) : (Negative, Positive);
            var words = r.PickDistinct(main, 2);
            // Two of three adjectives carry the label; the third may disagree (majority decides).
            string third = r.Coin() ? r.Pick(other) : r.Pick(main);
            return Fields.Of(("text", $"The movie was {words[0]}. The actors were {third} and the story was {words[1]}."), ("label", label));
        }),
        new("syn_sentiment_product", "sentiment", r =>
        {
            int label = r.Next(2);
            string adj = r.Pick(label == 1 ? Positive : Negative);
            string verdict = label == 1 ? "I would buy it again" : "I would never buy it again";
            return Fields.Of(("text", $"I bought a {r.Pick(Colors)} {r.Pick(Objects)} last week. It is {adj}. {verdict}."), ("label", label));
        }),
        new("syn_sentiment_restaurant", "sentiment", r =>
        {
            int label = r.Next(2);
            var adjs = r.PickDistinct(label == 1 ? Positive : Negative, 2);
            return Fields.Of(("text", $"We ate {r.Pick(Foods)} at the cafe near the {r.Pick(Places)}. The food was {adjs[0]} and the service was {adjs[1]}."), ("label", label));
        }),
        new("syn_sentiment_trip", "sentiment", r =>
        {
            int label = r.Next(2);
            var adjs = r.PickDistinct(label == 1 ? Positive : Negative, 2);
            return Fields.Of(("text", $"Our trip to the {r.Pick(Places)} was {adjs[0]}. The weather was {adjs[1]}."), ("label", label));
        }),
        new("syn_sentiment_pet", "sentiment", r =>
        {
            int label = r.Next(2);
            string name = r.Pick(Names);
            string mood = label == 1 ? "happy" : "sad";
            return Fields.Of(("text", $"{name} says the new {r.Pick(AnimalsBySize)} is {r.Pick(label == 1 ? Positive : Negative)}. {Capitalize(Subject(name))} feels {mood} about it."), ("label", label));
        }),
    ]);
}
