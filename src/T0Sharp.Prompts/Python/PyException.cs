namespace T0Sharp.Prompts.Python;

/// <summary>
/// A Python exception raised while evaluating Python semantics: <see cref="PythonType"/> is the Python class name
/// ("TypeError", "ValueError", "IndexError", "KeyError", "ZeroDivisionError", "UndefinedError", ...).
/// </summary>
public class PyException : Exception
{
    public PyException(string pythonType, string message) : base(message) => PythonType = pythonType;

    /// <summary>The Python exception class name.</summary>
    public string PythonType { get; }

    public static PyException TypeError(string message) => new("TypeError", message);
    public static PyException ValueError(string message) => new("ValueError", message);
    public static PyException IndexError(string message) => new("IndexError", message);
    public static PyException KeyError(string message) => new("KeyError", message);
    public static PyException AttributeError(string message) => new("AttributeError", message);
    public static PyException ZeroDivision(string message) => new("ZeroDivisionError", message);
}
