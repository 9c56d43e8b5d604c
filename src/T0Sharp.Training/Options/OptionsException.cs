namespace T0Sharp.Training.Options;

/// <summary>A configuration error: names the file (or override), the line where known, the key, and what to do.</summary>
public sealed class OptionsException(string message) : T0Sharp.Core.UserError(message);
