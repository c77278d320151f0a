using System;

namespace GoTrace;

/// <summary>
/// Keeps GoTrace from weaving the marked method, type (with its nested types) or assembly.
/// </summary>
[AttributeUsage(
    AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method |
    AttributeTargets.Constructor | AttributeTargets.Property | AttributeTargets.Event,
    Inherited = false)]
public sealed class NoTraceAttribute : Attribute
{
}
