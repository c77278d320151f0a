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

        // Without this, an unknown option would be taken for the path.
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-'))
                {
                    result.AddError($"Unrecognized option '{token.Value}'");
                }
            }
        });
        return argument;
    }
}
