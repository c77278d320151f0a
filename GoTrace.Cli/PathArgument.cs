using System.CommandLine;

namespace GoTrace.Cli;

/// <summary>The one positional argument of a command (a project, an assembly or a folder).</summary>
public static class PathArgument
{
    public static Argument<string> Create(string name, string description, string? defaultValue)
    {
        var argument = new Argument<string>(name)
        {
            Description = description,
            Arity = defaultValue == null ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
        };
        if (defaultValue != null)
        {
            argument.DefaultValueFactory = _ => defaultValue;
        }

        return RefuseOptions(argument);
    }

    /// <summary>An unknown option would otherwise be taken for a positional word: refuse words that start with '-'.</summary>
    public static Argument<T> RefuseOptions<T>(Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (GoTrace.Reporter.CommandLine.ReportOptionSet.LooksLikeOption(token.Value))
                {
                    result.AddError($"Unrecognized option '{token.Value}'");
                }
            }
        });
        return argument;
    }
}
