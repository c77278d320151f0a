using GoTrace;

namespace AssemblyToProcess.Shapes
{
    public static class NoTraceShapes
    {
        /// <summary>[NoTrace] method: not traced; Visible, which it calls, is.</summary>
        [NoTrace]
        public static int Hidden(int x) => Visible(x) + 1;

        public static int Visible(int x) => x * 2;
    }

    /// <summary>[NoTrace] type: none of its methods is traced.</summary>
    [NoTrace]
    public static class HiddenType
    {
        public static int Run(int x) => NoTraceShapes.Visible(x) * 10;
    }
}

namespace AssemblyToProcess
{
    using AssemblyToProcess.Shapes;

    public static partial class Cases
    {
        [ExpectCall(C + "NoTraceSkipped", 1)]
        [ExpectCall(S + "NoTraceShapes.Visible", 2)]
        public static string NoTraceSkipped()
        {
            return NoTraceShapes.Hidden(3) + "," + HiddenType.Run(4);
        }
    }
}
