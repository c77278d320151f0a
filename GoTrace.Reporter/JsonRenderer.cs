using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GoTrace.Reporter;

/// <summary>
/// The call tree as JSON: an array of roots, each
/// <c>{"name": "Full.Name", "duration_ms": 231.45, "calls": 1, "self_ms": 12.0, "children": [...]}</c>;
/// <c>"wait_ms"</c> (time waited off every thread: an async call suspended, spawned work queued) to async and spawned
/// nodes, <c>"unfinished": true</c> to nodes with calls still open at the end of the trace, <c>"chain": true</c> to
/// spawned work that started the next run of itself (every run folded into the node), and
/// <c>"min_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms"</c> (single calls' durations) to nodes of more than one call,
/// <c>"tracer_ns_per_call_removed"</c> to roots when times leave out the tracer's own cost (not with <c>--raw</c>).
/// Indented two spaces a level down to <see cref="MaxIndentedDepth"/>; deeper nodes keep that indentation,
/// so a deep recursion makes output linear in its depth, not quadratic. Written straight to the output as it
/// goes: memory does not grow with the size of the tree.
/// </summary>
public static class JsonRenderer
{
    /// <summary>Nodes deeper than this (roots are depth 1) are indented like nodes at this depth.</summary>
    public const int MaxIndentedDepth = 32;

    /// <summary>The nesting level of the objects of nodes at <see cref="MaxIndentedDepth"/> (the root array is level 0).</summary>
    private const int MaxObjectLevel = (2 * MaxIndentedDepth) - 1;

    /// <summary>A line break and the indentation of each nesting level, down to the properties of the deepest indented objects.</summary>
    private static readonly string[] LineStarts = CreateLineStarts(MaxObjectLevel + 1);

    public static void Render(CallTree tree, TextWriter output)
    {
        if (tree.Roots.Count == 0)
        {
            output.WriteLine("[]");
            return;
        }

        var quotedNames = new Dictionary<FunctionInfo, string>(ReferenceEqualityComparer.Instance);
        output.Write('[');

        // Depth-first without recursion; each frame is a list of siblings, the next one to write and their nesting level.
        var pending = new Stack<(IReadOnlyList<CallNode> Siblings, int Next, int Level)>();
        pending.Push((tree.Roots, 0, 1));
        while (pending.Count > 0)
        {
            var (siblings, next, level) = pending.Pop();
            if (next < siblings.Count)
            {
                pending.Push((siblings, next + 1, level));
                var node = siblings[next];
                if (next > 0)
                {
                    output.Write(',');
                }

                WriteProperties(tree, node, level, QuotedName(node.Function, quotedNames), output);
                if (node.Children.Count == 0)
                {
                    output.Write("[]");
                    output.Write(LineStarts[level]);
                    output.Write('}');
                }
                else
                {
                    output.Write('[');
                    pending.Push((node.Children, 0, Math.Min(level + 2, MaxObjectLevel)));
                }
            }
            else if (pending.Count > 0)
            {
                // The last child is written: close the parent's children array and the parent.
                var parentLevel = pending.Peek().Level;
                output.Write(LineStarts[parentLevel + 1]);
                output.Write(']');
                output.Write(LineStarts[parentLevel]);
                output.Write('}');
            }
        }

        output.Write(LineStarts[0]);
        output.WriteLine(']');
    }

    /// <summary>The node's opening brace and its properties, up to <c>"children": </c>.</summary>
    private static void WriteProperties(CallTree tree, CallNode node, int level, string quotedName, TextWriter output)
    {
        var propertyStart = LineStarts[level + 1];
        output.Write(LineStarts[level]);
        output.Write('{');
        output.Write(propertyStart);
        output.Write("\"name\": ");
        output.Write(quotedName);
        output.Write(',');
        output.Write(propertyStart);
        output.Write("\"duration_ms\": ");
        WriteNumber(Milliseconds(tree, node.TotalTicks), output);
        output.Write(',');
        output.Write(propertyStart);
        output.Write("\"calls\": ");
        output.Write(node.Calls.ToString(CultureInfo.InvariantCulture));
        output.Write(',');
        output.Write(propertyStart);
        output.Write("\"self_ms\": ");
        WriteNumber(Milliseconds(tree, node.SelfTicks), output);
        output.Write(',');
        if (node.Kind != CallKind.Call || node.WaitTicks > 0)
        {
            output.Write(propertyStart);
            output.Write("\"wait_ms\": ");
            WriteNumber(Milliseconds(tree, node.WaitTicks), output);
            output.Write(',');
        }

        if (CallDurations.Of(node) is { } durations)
        {
            DurationSpread.WriteJson(durations, tree.ClockFrequency, propertyStart, output);
        }

        if (node.Kind != CallKind.Call)
        {
            output.Write(propertyStart);
            output.Write(node.Kind == CallKind.Spawned ? "\"kind\": \"spawned\"," : "\"kind\": \"async\",");
        }

        if (node.IsChain)
        {
            output.Write(propertyStart);
            output.Write("\"chain\": true,");
        }

        if (node.HasUnfinishedCalls)
        {
            output.Write(propertyStart);
            output.Write("\"unfinished\": true,");
        }

        if (level == 1 && tree.TracerNanosPerCall is { } removed)
        {
            // Once per root: what was taken out of every time per timed call (the tracer's own cost).
            output.Write(propertyStart);
            output.Write("\"tracer_ns_per_call_removed\": ");
            WriteNumber(Math.Round(removed, 2), output);
            output.Write(',');
        }

        output.Write(propertyStart);
        output.Write("\"children\": ");
    }

    private static double Milliseconds(CallTree tree, long ticks) => Math.Round(tree.TicksToSeconds(ticks) * 1000, 3);

    /// <summary>The shortest text that reads back as the same number, as System.Text.Json writes it.</summary>
    private static void WriteNumber(double value, TextWriter output)
    {
        Span<char> text = stackalloc char[32];
        if (!double.IsFinite(value) || !value.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture))
        {
            output.Write('0');
            return;
        }

        output.Write(text.Slice(0, length));
    }

    /// <summary>The function's full name as a JSON string literal, escaped once per function.</summary>
    private static string QuotedName(FunctionInfo function, Dictionary<FunctionInfo, string> quotedNames)
    {
        if (!quotedNames.TryGetValue(function, out var quoted))
        {
            quoted = "\"" + JsonEncodedText.Encode(function.FullName, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
            quotedNames.Add(function, quoted);
        }

        return quoted;
    }

    private static string[] CreateLineStarts(int levels)
    {
        var lineStarts = new string[levels + 1];
        for (var level = 0; level <= levels; level++)
        {
            lineStarts[level] = "\n" + new string(' ', 2 * level);
        }

        return lineStarts;
    }
}
