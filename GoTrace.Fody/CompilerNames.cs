namespace GoTrace.Fody;

/// <summary>
/// Reads the names Roslyn gives to code it generates from user code:
/// lambdas <c>&lt;Start&gt;b__0_1</c>, local functions <c>&lt;Start&gt;g__Helper|0_0</c>,
/// state machines <c>&lt;LoadAsync&gt;d__3</c> and <c>&lt;&lt;Start&gt;b__0_0&gt;d</c>, top-level statements <c>&lt;Main&gt;$</c>.
/// </summary>
internal static class CompilerNames
{
    /// <summary>Splits "&lt;inner&gt;suffix" into its parts; false for an ordinary name.</summary>
    public static bool TrySplit(string name, out string inner, out string suffix)
    {
        inner = suffix = string.Empty;
        if (name.Length < 2 || name[0] != '<')
        {
            return false;
        }

        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '<')
            {
                depth++;
            }
            else if (name[i] == '>' && --depth == 0)
            {
                inner = name.Substring(1, i - 1);
                suffix = name.Substring(i + 1);
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the method names of lambdas and local functions.</summary>
    public static bool IsLambdaOrLocalFunction(string name) =>
        TrySplit(name, out _, out var suffix) && (suffix.StartsWith("b__") || suffix.StartsWith("g__"));

    /// <summary>True for the entry point the compiler makes of top-level statements.</summary>
    public static bool IsTopLevelMain(string name) => name == "<Main>$";

    /// <summary>
    /// The user-facing name of a compiler-named member, given how to show the user method that holds it:
    /// "Start.lambda2", "Start.Helper", "Main". Null when the name is not one of these shapes.
    /// </summary>
    public static string? Describe(string name, System.Func<string, string> showMember)
    {
        if (IsTopLevelMain(name))
        {
            return "Main";
        }

        if (!TrySplit(name, out var inner, out var suffix))
        {
            return null;
        }

        var holder = Describe(inner, showMember) ?? showMember(inner);
        if (suffix.StartsWith("b__"))
        {
            // b__<method ordinal>_<lambda ordinal>: lambdas count from 1 within their method.
            var underscore = suffix.LastIndexOf('_');
            return int.TryParse(suffix.Substring(underscore + 1), out var ordinal)
                ? $"{holder}.lambda{ordinal + 1}"
                : $"{holder}.lambda";
        }

        if (suffix.StartsWith("g__"))
        {
            var bar = suffix.IndexOf('|');
            var local = bar > 3 ? suffix.Substring(3, bar - 3) : suffix.Substring(3);
            return $"{holder}.{local}";
        }

        // A state machine (d__N, d) or anything else named after the member that holds it.
        return holder;
    }
}
