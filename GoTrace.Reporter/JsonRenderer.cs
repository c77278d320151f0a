using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GoTrace.Reporter;

/// <summary>
/// The call tree as JSON: an array of roots, each
/// <c>{"name": "Full.Name", "duration_ms": 231.45, "calls": 1, "self_ms": 12.0, "children": [...]}</c>;
/// <c>"unfinished": true</c> is added to nodes with calls still open at the end of the trace.
/// </summary>
public static class JsonRenderer
{
    private const int FlushThreshold = 1 << 16;

    public static void Render(CallTree tree, TextWriter output)
    {
        var buffer = new MemoryStream();
        var options = new JsonWriterOptions
        {
            Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = int.MaxValue,
        };

        using var json = new Utf8JsonWriter(buffer, options);
        json.WriteStartArray();

        // Depth-first without recursion; each frame is a list of siblings and the next one to write.
        var pending = new Stack<(IReadOnlyList<CallNode> Siblings, int Next)>();
        pending.Push((tree.Roots, 0));
        while (pending.Count > 0)
        {
            var (siblings, next) = pending.Pop();
            if (next < siblings.Count)
            {
                pending.Push((siblings, next + 1));
                var node = siblings[next];
                json.WriteStartObject();
                json.WriteString("name", node.Function.FullName);
                json.WriteNumber("duration_ms", Milliseconds(tree, node.TotalTicks));
                json.WriteNumber("calls", node.Calls);
                json.WriteNumber("self_ms", Milliseconds(tree, node.SelfTicks));
                if (node.Kind != CallKind.Call)
                {
                    json.WriteString("kind", node.Kind == CallKind.Spawned ? "spawned" : "async");
                }
                if (node.HasUnfinishedCalls)
                {
                    json.WriteBoolean("unfinished", true);
                }

                json.WriteStartArray("children");
                pending.Push((node.Children, 0));
            }
            else
            {
                json.WriteEndArray();
                if (pending.Count > 0)
                {
                    json.WriteEndObject();
                }

                if (json.BytesPending + buffer.Length > FlushThreshold)
                {
                    Drain(json, buffer, output);
                }
            }
        }

        Drain(json, buffer, output);
        output.WriteLine();
    }

    private static double Milliseconds(CallTree tree, long ticks) => Math.Round(tree.TicksToSeconds(ticks) * 1000, 3);

    /// <summary>Moves the bytes written so far to the text output; they always end on a token boundary.</summary>
    private static void Drain(Utf8JsonWriter json, MemoryStream buffer, TextWriter output)
    {
        json.Flush();
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        buffer.SetLength(0);
    }
}
