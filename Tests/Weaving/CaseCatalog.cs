using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Tests.Weaving;

/// <summary>The cases of AssemblyToProcess and what each promises about its trace.</summary>
public static class CaseCatalog
{
    /// <summary>The traced frame between a case thread's start and the case itself.</summary>
    public const string CaseRunner = "AssemblyToProcess.CaseRun.Execute";

    public static IEnumerable<string> Names => AssemblyToProcess.Program.Catalog().Select(m => m.Name);

    public static MethodInfo Unwoven(string name) => typeof(AssemblyToProcess.Cases).GetMethod(name)!;

    public static bool RunsOnAnyThread(string name) => Unwoven(name).GetCustomAttribute<AssemblyToProcess.AnyThreadAttribute>() != null;

    /// <summary>Every traced function the case enters, with counts, the case runner included.</summary>
    public static Dictionary<string, int> ExpectedCalls(string name)
    {
        var expected = new Dictionary<string, int> { [CaseRunner] = 1 };
        foreach (var call in Unwoven(name).GetCustomAttributes<AssemblyToProcess.ExpectCallAttribute>())
        {
            expected[call.FullName] = expected.TryGetValue(call.FullName, out var n) ? n + call.Count : call.Count;
        }

        return expected;
    }
}
