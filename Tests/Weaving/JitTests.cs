using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using NUnit.Framework;
using Shouldly;

namespace Tests.Weaving;

/// <summary>
/// PEVerify does not run here: instead every woven method is JIT-compiled, generic ones through
/// closed instantiations, so invalid IL surfaces as InvalidProgramException.
/// </summary>
[TestFixture]
public sealed class JitTests
{
    private static readonly Type[] FallbackArguments = { typeof(int), typeof(object), typeof(string) };

    [Test]
    public void Every_woven_method_compiles()
    {
        var failures = new List<string>();
        var compiled = 0;
        foreach (var type in WovenAssembly.Assembly.GetTypes())
        {
            foreach (var closedType in Instantiations(type, type.GetGenericArguments().Length, failures))
            {
                foreach (var method in closedType.GetMembers(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).OfType<MethodBase>())
                {
                    if (method.IsAbstract || method.GetMethodBody() == null)
                    {
                        continue;
                    }

                    var arity = method.IsGenericMethodDefinition ? method.GetGenericArguments().Length : 0;
                    foreach (var closed in arity == 0 ? new[] { method } : Instantiations(method, arity, failures).ToArray())
                    {
                        try
                        {
                            var instantiation = closedType.GetGenericArguments().Concat(closed.IsGenericMethod ? closed.GetGenericArguments() : Type.EmptyTypes)
                                .Select(t => t.TypeHandle).ToArray();
                            RuntimeHelpers.PrepareMethod(closed.MethodHandle, instantiation);
                            compiled++;
                        }
                        catch (InvalidProgramException e)
                        {
                            failures.Add($"{closedType}.{closed}: {e.Message}");
                        }
                    }
                }
            }
        }

        failures.ShouldBeEmpty();
        compiled.ShouldBeGreaterThan(100);
    }

    /// <summary>A closed form of a generic type or method: from [CloseWith] when present, else int, object or string.</summary>
    private static IEnumerable<T> Instantiations<T>(T generic, int arity, List<string> failures)
        where T : MemberInfo
    {
        if (arity == 0)
        {
            yield return generic;
            yield break;
        }

        var hints = generic.GetCustomAttributes().Where(a => a.GetType().Name == "CloseWithAttribute")
            .Select(a => (Type[])a.GetType().GetProperty("TypeArguments")!.GetValue(a)!)
            .Where(args => args.Length == arity)
            .Concat(FallbackArguments.Select(t => Enumerable.Repeat(t, arity).ToArray()));
        foreach (var arguments in hints)
        {
            MemberInfo? closed;
            try
            {
                closed = generic is Type t ? t.MakeGenericType(arguments) : ((MethodInfo)(MemberInfo)generic).MakeGenericMethod(arguments);
            }
            catch (ArgumentException)
            {
                continue; // Constraints refused these arguments: try the next.
            }

            yield return (T)closed;
            yield break;
        }

        failures.Add($"{generic}: no type arguments satisfy its constraints; add [CloseWith]");
    }
}
