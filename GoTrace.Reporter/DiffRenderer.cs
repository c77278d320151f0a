using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GoTrace.Reporter;

/// <summary>
/// The diff as a table, biggest change first:
/// <code>
/// base: base.gotrace  2.31s
/// head: head.gotrace  2.51s  (+8.7%)
/// 4 functions with at least 1ms and 1.0% of the time, by change in self time:
///   Δself  Δtotal  total%  total base → head  calls base → head  function
///  +200ms  +200ms  +48.5%      412ms → 612ms              1 → 1  Db.Connect
/// </code>
/// </summary>
public static class DiffRenderer
{
    public static void Render(TraceDiff diff, string basePath, string headPath, TextWriter output, int? top = null, bool fullNames = false, ConsoleStyle? style = null)
    {
        style ??= ConsoleStyle.Plain;
        var baseNanos = TraceDiff.Nanos(diff.Base, diff.Base.TotalTicks);
        var headNanos = TraceDiff.Nanos(diff.Head, diff.Head.TotalTicks);
        output.WriteLine($"base: {basePath}  {Duration(baseNanos)}");
        output.WriteLine($"head: {headPath}  {Duration(headNanos)}" + (baseNanos > 0 ? "  (" + Signed((headNanos - baseNanos) * 100.0 / baseNanos) + ")" : string.Empty));
        var count = diff.Functions.Count;
        output.WriteLine(
            $"{count} function{(count == 1 ? string.Empty : "s")} with at least {Duration(diff.MinNanos)} and {diff.MinPercent.ToString("0.0##", CultureInfo.InvariantCulture)}% of the time, by change in self time"
            + (top is { } n && n < count ? $" (first {n})" : string.Empty) + ":");
        var table = new TextTable<long>("Δself", "Δtotal", "total%", "total base → head", "calls base → head", "function");
        var shown = 0;
        foreach (var f in diff.Functions)
        {
            if (top is { } limit && shown++ == limit)
            {
                break;
            }

            table.Add(new[]
            {
                SignedDuration(f.SelfChangeNanos),
                SignedDuration(f.TotalChangeNanos),
                f.TotalChangePercent is { } p ? Signed(p) : f.Base == null ? "new" : "gone",
                $"{(f.Base == null ? "-" : Duration(f.Base.TotalNanos))} → {(f.Head == null ? "-" : Duration(f.Head.TotalNanos))}",
                $"{(f.Base?.Calls ?? 0).ToString(CultureInfo.InvariantCulture)} → {(f.Head?.Calls ?? 0).ToString(CultureInfo.InvariantCulture)}",
                fullNames ? f.Name : f.ShortName,
            }, f.TotalChangeNanos);
        }

        // Slower in red, faster in green.
        table.Write(output, style, (cells, change) =>
        {
            var line = TextTable<long>.Join(cells);
            return change > 0 ? style.Red(line) : change < 0 ? style.Green(line) : line;
        });
    }

    public static void RenderJson(TraceDiff diff, string basePath, string headPath, TextWriter output, double? failAbove)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            WriteTrace(json, "base", basePath, diff.Base);
            WriteTrace(json, "head", headPath, diff.Head);
            json.WriteNumber("min_ms", diff.MinNanos / 1e6);
            json.WriteNumber("min_percent", diff.MinPercent);
            if (failAbove is { } limit)
            {
                json.WriteNumber("fail_above_percent", limit);
                json.WriteStartArray("regressions");
                foreach (var f in diff.SlowerThan(limit))
                {
                    json.WriteStringValue(f.Name);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("functions");
            foreach (var f in diff.Functions)
            {
                json.WriteStartObject();
                json.WriteString("name", f.Name);
                WriteTimes(json, "base", f.Base);
                WriteTimes(json, "head", f.Head);
                json.WriteNumber("self_change_ms", f.SelfChangeNanos / 1e6);
                json.WriteNumber("total_change_ms", f.TotalChangeNanos / 1e6);
                if (f.TotalChangePercent is { } p)
                {
                    json.WriteNumber("total_change_percent", Math.Round(p, 3));
                }
                else
                {
                    json.WriteNull("total_change_percent");
                }

                json.WriteNumber("calls_change", f.CallsChange);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.WriteLine();
    }

    private static void WriteTrace(Utf8JsonWriter json, string name, string path, CallTree tree)
    {
        json.WriteStartObject(name);
        json.WriteString("path", path);
        json.WriteNumber("total_ms", TraceDiff.Nanos(tree, tree.TotalTicks) / 1e6);
        json.WriteEndObject();
    }

    private static void WriteTimes(Utf8JsonWriter json, string name, FunctionTimes? times)
    {
        if (times == null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("self_ms", times.SelfNanos / 1e6);
        json.WriteNumber("total_ms", times.TotalNanos / 1e6);
        json.WriteNumber("calls", times.Calls);
        json.WriteEndObject();
    }

    private static string Duration(long nanos) => DurationFormat.Format(nanos / 1e9);

    private static string SignedDuration(long nanos) => nanos == 0 ? "0" : (nanos > 0 ? "+" : "-") + Duration(Math.Abs(nanos));

    private static string Signed(double percent) => (percent >= 0 ? "+" : "-") + Math.Abs(percent).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
