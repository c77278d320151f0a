using System.CodeDom.Compiler;

namespace AssemblyToProcess.Shapes;

/// <summary>A tool-generated class: none of its methods are traced, but what they call is.</summary>
[GeneratedCode("tool", "1")]
public static class ToolOutput
{
    public static string Compute(int x) => "tool(" + Returns.Classify(x) + ")";
}

public static class PartlyGenerated
{
    [GeneratedCode("tool", "1")]
    public static int Generated(int x) => x + 1;

    public static int HandWritten(int x) => Generated(x) * 2;
}
