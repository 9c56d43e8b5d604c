namespace T0Sharp.Prompts.Python;

/// <summary>
/// Jinja's default (lenient) <c>Undefined</c>: prints as '', is falsy, iterates empty, has length 0; reading an
/// attribute or item of it, calling it, or using it in arithmetic raises <c>UndefinedError</c>.
/// </summary>
public sealed class Undefined
{
    static readonly object NoObject = new();

    /// <summary>An undefined value with no information (e.g. <c>[]|random</c>).</summary>
    public static readonly Undefined Plain = new(null, NoObject, null);

    readonly string? _hint;
    readonly object? _obj;
    readonly object? _name;

    Undefined(string? hint, object? obj, object? name) { _hint = hint; _obj = obj; _name = name; }

    /// <summary>A variable that is not defined: "'name' is undefined".</summary>
    public static Undefined ForName(string name) => new(null, NoObject, name);

    /// <summary>A missing attribute or item <paramref name="name"/> of <paramref name="obj"/>.</summary>
    public static Undefined ForMember(object? obj, object? name) => new(null, obj, name);

    /// <summary>An undefined value with an explicit message.</summary>
    public static Undefined WithHint(string hint) => new(hint, NoObject, null);

    /// <summary>The message Jinja's <c>_undefined_message</c> gives.</summary>
    public string Message
    {
        get
        {
            if (_hint != null) return _hint;
            if (ReferenceEquals(_obj, NoObject))
                return $"{PyFormat.Repr(_name)} is undefined";
            if (_name is not string s)
                return $"{PyTypes.ObjectTypeRepr(_obj)} has no element {PyFormat.Repr(_name)}";
            return $"{PyFormat.Repr(PyTypes.ObjectTypeRepr(_obj))} has no attribute {PyFormat.Repr(s)}";
        }
    }

    /// <summary>The UndefinedError raised by any strict operation on this value.</summary>
    public PyException Error() => new("UndefinedError", Message);
}
