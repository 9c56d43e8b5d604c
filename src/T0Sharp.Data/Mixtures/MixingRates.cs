namespace T0Sharp.Data.Mixtures;

/// <summary>Mixing-rate rules (seqio's <c>mixing_rate_num_examples</c> and T0's cap).</summary>
public static class MixingRates
{
    /// <summary>T0's cap on examples per dataset: 500,000.</summary>
    public const long T0MaximumExamples = 500_000;

    /// <summary>
    /// T0's rate of each template-task of a dataset (t-zero's <c>mixture_cap</c>): the dataset's number of training
    /// examples, or <c>500,000 // number of templates</c> (integer division) when it has more than 500,000.
    /// </summary>
    public static double T0(long trainSize, int templateCount, long maximum = T0MaximumExamples)
    {
        if (templateCount <= 0) throw new ArgumentOutOfRangeException(nameof(templateCount), "a dataset needs at least one template");
        return trainSize > maximum ? maximum / templateCount : trainSize;
    }

    /// <summary>seqio's examples-proportional rate: <c>min(examples, maximum) ^ (1 / temperature)</c>.</summary>
    public static double NumExamples(long examples, long maximum = long.MaxValue, double temperature = 1.0) =>
        Temperature(Math.Min(examples, maximum), temperature);

    /// <summary>Temperature scaling: <c>rate ^ (1 / temperature)</c> (1 keeps rates; larger flattens them toward uniform).</summary>
    public static double Temperature(double rate, double temperature)
    {
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), "temperature must be positive");
        return temperature == 1.0 ? rate : Math.Pow(rate, 1.0 / temperature);
    }
}
