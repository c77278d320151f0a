using System.Collections.Generic;
using AssemblyToProcess.Shapes;

namespace AssemblyToProcess;

public static partial class Cases
{
    /// <summary>Async and plain explicit interface implementations read alike.</summary>
    [ExpectCall(C + "ExplicitInterfaceAsync", 1)]
    [ExpectCall(S + "AsyncStore<T>..ctor", 1)]
    [ExpectCall(S + "AsyncStore<T>.IAsyncStore<T>.PutAsync", 1)]
    [ExpectCall(S + "AsyncStore<T>.IAsyncStore<T>.GetAsync", 1)]
    public static string ExplicitInterfaceAsync()
    {
        IAsyncStore<int> store = new AsyncStore<int>();
        store.PutAsync("a", 7).GetAwaiter().GetResult();
        return "" + store.GetAsync("a").GetAwaiter().GetResult();
    }

    [ExpectCall(C + "OverloadedMethods", 1)]
    [ExpectCall(S + "Overloads.Pick", 4)]
    [ExpectCall(S + "Overloads.Pick<T>", 1)]
    [ExpectCall(S + "Overloads.LoadAsync", 2)]
    public static string OverloadedMethods()
    {
        int seen = 1;
        return Overloads.Pick(1) + "," + Overloads.Pick("s") + "," + Overloads.Pick(null, (2, "two")) + "," +
            Overloads.Pick(new List<string> { "x" }, ref seen, out string label) + label + "," + Overloads.Pick(new[] { 1, 2 }, 3) + "," +
            Overloads.LoadAsync(5).GetAwaiter().GetResult() + "," + Overloads.LoadAsync("n").GetAwaiter().GetResult() + "," +
            ModuleSetup.Greeting;
    }
}
