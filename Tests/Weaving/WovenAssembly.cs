using System;
using System.IO;
using System.Reflection;
using System.Xml.Linq;
using Fody;
using GoTrace.Fody;
using Tests.Support;

namespace Tests.Weaving;

/// <summary>AssemblyToProcess woven once per test run through FodyHelpers' test helper, with symbols.</summary>
public static class WovenAssembly
{
    private static readonly Lazy<TestResult> Woven = new(Weave);

    public static string OriginalPath => Path.Combine(RepoPaths.TestOutput, "AssemblyToProcess.dll");

    public static Assembly Assembly => Woven.Value.Assembly;

    public static TestResult Result => Woven.Value;

    public static Type Type(string fullName) =>
        Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>The in-process trace, once the woven module has registered its function table (its initializer ran).</summary>
    public static GoTrace.Reporter.TraceFile OpenTrace()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(Assembly.ManifestModule.ModuleHandle);
        return GoTrace.Reporter.TraceFile.Open(TraceOutputSetup.TracePath);
    }

    private static TestResult Weave()
    {
        var weaver = new ModuleWeaver { Config = new XElement("GoTrace") };
#pragma warning disable CS0618 // FodyHelpers marks its test helper "only for testing", which this is.
        return weaver.ExecuteTestRun(OriginalPath, runPeVerify: false, writeSymbols: true);
#pragma warning restore CS0618
    }
}
