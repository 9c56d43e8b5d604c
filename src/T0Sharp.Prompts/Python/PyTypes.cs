using System.Numerics;

namespace T0Sharp.Prompts.Python;

/// <summary>Python type names of values in the value model (for messages and <c>type()</c>-like checks).</summary>
public static class PyTypes
{
    /// <summary>The Python class name: str, int, float, bool, NoneType, list, dict, tuple, ...</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        bool => "bool",
        long or int or BigInteger => "int",
        double => "float",
        string => "str",
        PyList => "list",
        PyDict => "dict",
        PyTuple => "tuple",
        PyRange => "range",
        PyDictView dv => "dict_" + dv.Kind,
        PyGenerator => "generator",
        Undefined => "Undefined",
        PyNamespace => "Namespace",
        LoopInfo => "LoopContext",
        PyCallable c => c.IsMethod ? "builtin_function_or_method" : "function",
        _ => v.GetType().Name,
    };

    /// <summary>Jinja's <c>object_type_repr</c>: "None", "dict object", "jinja2.utils.Namespace object".</summary>
    public static string ObjectTypeRepr(object? v) => v switch
    {
        null => "None",
        PyNamespace => "jinja2.utils.Namespace object",
        LoopInfo => "jinja2.runtime.LoopContext object",
        Undefined => "jinja2.runtime.Undefined object",
        _ => TypeName(v) + " object",
    };

    public static bool IsInt(object? v) => v is long or int or bool or BigInteger;
    public static bool IsNumber(object? v) => v is long or int or bool or double or BigInteger;
}
