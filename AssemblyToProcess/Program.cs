using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Threading;

namespace AssemblyToProcess;

/// <summary>
/// <c>AssemblyToProcess [--list | --logical | --chain | --stack-depth | caseName ...]</c>: <c>--logical</c> runs the scenarios of the logical
/// call tree (<see cref="Logical.Scenarios"/>) on the main thread; <c>--chain</c> a self-rescheduling chain of work
/// (<see cref="Logical.StartSites.SelfReschedulingChain"/>); <c>--stack-depth</c> measures how deep recursion goes woven
/// and unwoven (<see cref="Depth.StackDepth"/>); otherwise runs the named cases (all, in catalog order, when none),
/// each on its own foreground thread named <c>case:&lt;CaseName&gt;</c>, and prints <c>&lt;CaseName&gt;: &lt;result&gt;</c>.
/// On a case thread the only traced function outside the case itself is <see cref="CaseRun.Execute"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 1 && args[0] == "--stack-depth")
        {
            Depth.StackDepth.Run();
            return 0;
        }

        if (args.Length == 1 && args[0] == "--chain")
        {
            Logical.StartSites.SelfReschedulingChain();
            Console.WriteLine("done");
            return 0;
        }

        if (args.Length == 1 && args[0] == "--logical")
        {
            Logical.Scenarios.RunAll();
            Console.WriteLine("done");
            return 0;
        }

        List<MethodInfo> catalog = Catalog();
        if (args.Length == 1 && args[0] == "--list")
        {
            foreach (MethodInfo method in catalog) Console.WriteLine(method.Name);
            return 0;
        }

        List<MethodInfo> selected = args.Length == 0 ? catalog : new List<MethodInfo>();
        foreach (string name in args)
        {
            MethodInfo? method = catalog.Find(m => m.Name == name);
            if (method == null)
            {
                Console.Error.WriteLine("unknown case: " + name);
                return 2;
            }
            selected.Add(method);
        }

        foreach (MethodInfo method in selected) Console.WriteLine(method.Name + ": " + Run(method));
        return 0;
    }

    /// <summary>Every <c>public static string Name()</c> of <see cref="Cases"/>, in declaration order.</summary>
    public static List<MethodInfo> Catalog()
    {
        var cases = new List<MethodInfo>();
        foreach (MethodInfo method in typeof(Cases).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (method.ReturnType == typeof(string) && method.GetParameters().Length == 0) cases.Add(method);
        }
        cases.Sort((a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
        return cases;
    }

    public static string Run(MethodInfo method)
    {
        var run = new CaseRun(method.CreateDelegate<Func<string>>());
        var thread = new Thread(run.Execute) { Name = "case:" + method.Name };
        thread.Start();
        thread.Join();
        return run.Result;
    }
}

/// <summary>The body of a case thread: calls the case through a delegate, so no reflection frames sit between.</summary>
public sealed class CaseRun
{
    private readonly Func<string> _case;

    public CaseRun(Func<string> @case)
    {
        _case = @case;
    }

    public string Result { get; private set; } = "";

    public void Execute()
    {
        Result = _case();
    }
}
