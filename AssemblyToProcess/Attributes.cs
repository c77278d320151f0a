using System;

namespace AssemblyToProcess;

/// <summary>
/// One traced function a case enters, and how many times. A case lists every traced function it runs,
/// itself included; the multiset must equal what the trace holds for the case's thread.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ExpectCallAttribute : Attribute
{
    public ExpectCallAttribute(string fullName, int count)
    {
        FullName = fullName;
        Count = count;
    }

    public string FullName { get; }

    public int Count { get; }
}

/// <summary>
/// The case's work runs on other threads too (thread pool continuations, Task.Run, the finalizer thread):
/// its [ExpectCall] list counts the calls across all threads of the process, not just the case thread.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AnyThreadAttribute : Attribute
{
}

/// <summary>
/// Type arguments that close a generic method or type (one instantiation per attribute, in order of the
/// generic parameters), for tests that JIT every woven method through closed instantiations. On a generic
/// method it closes the method's own parameters; on a type, the type's.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface,
    AllowMultiple = true, Inherited = false)]
public sealed class CloseWithAttribute : Attribute
{
    public CloseWithAttribute(params Type[] typeArguments)
    {
        TypeArguments = typeArguments;
    }

    public Type[] TypeArguments { get; }
}
