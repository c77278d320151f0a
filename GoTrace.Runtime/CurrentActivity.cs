using System;

namespace GoTrace;

/// <summary>
/// How the runtime reaches <c>System.Diagnostics.Activity.Current</c> and reads its W3C ids. On net10.0 the type
/// is in the shared framework; a netstandard2.0 build has no reference to it, so it binds the getters of
/// <c>Current</c> and <c>Id</c> once, by reflection, and parses the W3C id string (<c>00-trace-span-flags</c>).
/// An activity whose ids are not W3C (hierarchical ids) reads as no activity.
/// </summary>
internal static class CurrentActivity
{
    /// <summary>Trace id (16 bytes), span id (8 bytes).</summary>
    public const int IdBytes = 24;

#if NET5_0_OR_GREATER
    /// <summary>The activity current on this thread's async flow, or null.</summary>
    public static object? Get() => System.Diagnostics.Activity.Current;

    /// <summary>Fills <paramref name="ids"/> with the activity's trace id and span id; false when it has no W3C ids.</summary>
    public static bool TryRead(object current, byte[] ids, out byte flags)
    {
        var activity = (System.Diagnostics.Activity)current;
        flags = (byte)activity.ActivityTraceFlags;
        if (activity.IdFormat != System.Diagnostics.ActivityIdFormat.W3C)
        {
            return false;
        }

        activity.TraceId.CopyTo(ids.AsSpan(0, 16));
        activity.SpanId.CopyTo(ids.AsSpan(16, 8));
        return true;
    }
#else
    private static readonly Func<object?>? CurrentGetter;
    private static readonly Func<object, string?>? IdGetter;

    static CurrentActivity()
    {
        try
        {
            var type = Type.GetType("System.Diagnostics.Activity, System.Diagnostics.DiagnosticSource", throwOnError: false);
            var current = type?.GetProperty("Current")?.GetGetMethod();
            var id = type?.GetProperty("Id")?.GetGetMethod();
            if (type == null || current == null || id == null)
            {
                return;
            }

            // () => (object)Activity.Current; (object a) => ((Activity)a).Id
            var instance = System.Linq.Expressions.Expression.Parameter(typeof(object));
            CurrentGetter = System.Linq.Expressions.Expression.Lambda<Func<object?>>(
                System.Linq.Expressions.Expression.Convert(System.Linq.Expressions.Expression.Call(current), typeof(object))).Compile();
            IdGetter = System.Linq.Expressions.Expression.Lambda<Func<object, string?>>(
                System.Linq.Expressions.Expression.Call(System.Linq.Expressions.Expression.Convert(instance, type), id), instance).Compile();
        }
        catch (Exception)
        {
            CurrentGetter = null;
            IdGetter = null;
        }
    }

    public static object? Get() => CurrentGetter?.Invoke();

    public static bool TryRead(object current, byte[] ids, out byte flags)
    {
        flags = 0;
        var id = IdGetter?.Invoke(current);

        // 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>
        if (id == null || id.Length != 55 || id[2] != '-' || id[35] != '-' || id[52] != '-')
        {
            return false;
        }

        for (var i = 0; i < 16; i++)
        {
            if (!TryHex(id, 3 + (2 * i), out ids[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < 8; i++)
        {
            if (!TryHex(id, 36 + (2 * i), out ids[16 + i]))
            {
                return false;
            }
        }

        return TryHex(id, 53, out flags);
    }

    private static bool TryHex(string text, int at, out byte value)
    {
        var high = Nibble(text[at]);
        var low = Nibble(text[at + 1]);
        value = (byte)((high << 4) | low);
        return high >= 0 && low >= 0;
    }

    private static int Nibble(char c) => c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
#endif
}
