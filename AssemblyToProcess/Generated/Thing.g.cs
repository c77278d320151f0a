// A file whose name ends in .g.cs: the PDB says its code is generated, so GoTrace does not trace it.

namespace AssemblyToProcess.Generated;

public static class Thing
{
    public static int Value(int x) => x * 7;

    public static int CallsBack(int x) => AssemblyToProcess.Shapes.Returns.ExpressionBodied(x) + Value(x);
}
