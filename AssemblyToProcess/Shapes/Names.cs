using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace AssemblyToProcess.Shapes;

public interface IAsyncStore<T>
{
    Task<T> GetAsync(string key);

    Task PutAsync(string key, T value);
}

/// <summary>
/// Explicit interface implementations, async and not: both read <c>AsyncStore&lt;T&gt;.IAsyncStore&lt;T&gt;.GetAsync</c>,
/// though the compiler names GetAsync's state machine <c>&lt;AssemblyToProcess-Shapes-IAsyncStore&lt;T&gt;-GetAsync&gt;d__1</c>.
/// </summary>
[CloseWith(typeof(int))]
public sealed class AsyncStore<T> : IAsyncStore<T>
{
    private readonly Dictionary<string, T> _items = new Dictionary<string, T>();

    async Task<T> IAsyncStore<T>.GetAsync(string key)
    {
        await Task.CompletedTask;
        return _items[key];
    }

    Task IAsyncStore<T>.PutAsync(string key, T value)
    {
        _items[key] = value;
        return Task.CompletedTask;
    }
}

/// <summary>Overloads: one name, told apart by their parameter lists in the function table.</summary>
public static class Overloads
{
    public static string Pick(int value) => "int " + value;

    public static string Pick(string value) => "string " + value;

    public static string Pick(int? value, (int, string) pair) => "nullable " + value + " " + pair.Item2;

    public static string Pick<T>(List<T> values, ref int seen, out string label)
    {
        seen += values.Count;
        label = "list";
        return label + " " + seen;
    }

    public static string Pick(int[] values, in long start) => "array " + (values.Length + start);

    public static async Task<string> LoadAsync(int id)
    {
        await Task.CompletedTask;
        return "id " + id;
    }

    public static async Task<string> LoadAsync(string name)
    {
        await Task.CompletedTask;
        return "name " + name;
    }
}

/// <summary>
/// The module's own initializer (C# [ModuleInitializer]) calls woven code: the function table must be registered
/// before it runs, or that call would be recorded under the wrong id.
/// </summary>
public static class ModuleSetup
{
    public static string Greeting = "";

    [ModuleInitializer]
    internal static void Initialize()
    {
        Greeting = Compose("module", "ready");
    }

    private static string Compose(string a, string b) => a + " " + b;
}
