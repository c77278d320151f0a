using System.Runtime.CompilerServices;
using System.Threading.Tasks;

// Compiled twice, like Workload.cs: woven into GoTrace.Benchmarks.Traced and plain into GoTrace.Benchmarks (the
// fidelity test builds both copies into one woven program, the plain one under [NoTrace], with NOTRACE_PLAIN).
#if TRACED
namespace GoTrace.Benchmarks.Traced
#else
namespace GoTrace.Benchmarks.Plain
#endif
{
    /// <summary>
    /// Four phases of a program, each one call, whose untraced wall times are measured with Stopwatch and compared
    /// with their share of the woven program's call tree: millions of calls to tiny members, a loop without calls,
    /// tens of thousands of calls doing microseconds of work, and an async phase that awaits.
    /// </summary>
#if !TRACED && NOTRACE_PLAIN
    [GoTrace.NoTrace]
#endif
    public static class FidelityPhases
    {
        /// <summary>Calls of each of the two tiny members in <see cref="TinyMembers"/> at 100 percent.</summary>
        public const int TinyCalls = 2_000_000;

        /// <summary>Calls of <see cref="Work"/> in <see cref="SmallWork"/>.</summary>
        public const int WorkCalls = 20_000;

        private static long _sink;

        /// <summary>Every phase once, at a tenth of its size: the JIT's first calls, under a caller of its own.</summary>
        public static void Warm()
        {
            TinyMembers(10);
            CallFreeLoop(10);
            SmallWork(10);
            AsyncPhase(20).GetAwaiter().GetResult();
        }

        /// <summary>Millions of calls to two one-line getters the JIT inlines untraced (counted, not timed, woven).</summary>
        public static long TinyMembers(int percent)
        {
            var particle = new Particle(3, 1);
            long moving = 0;
            for (var i = 0; i < TinyCalls / 100 * percent; i++)
            {
                if (particle.Moving)
                {
                    moving += particle.Position;
                }
            }

            return _sink += moving;
        }

        /// <summary>Arithmetic in a loop, no calls.</summary>
        public static long CallFreeLoop(int percent)
        {
            ulong x = 88172645463325252UL;
            for (var i = 0; i < 60_000_000 / 100 * percent; i++)
            {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }

            return _sink += (long)(x & 0xFF);
        }

        /// <summary>Tens of thousands of calls each doing a few microseconds of work.</summary>
        public static long SmallWork(int percent)
        {
            long total = 0;
            for (var i = 0; i < WorkCalls / 100 * percent; i++)
            {
                total += Work(i);
            }

            return _sink += total;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static long Work(int seed)
        {
            var x = (uint)seed | 1;
            for (var i = 0; i < 2_000; i++)
            {
                x = (x * 1664525) + 1013904223;
            }

            return x & 0xF;
        }

        /// <summary>Awaits timers: the phase's time is mostly waiting.</summary>
        public static async Task<long> AsyncPhase(int percent)
        {
            long total = 0;
            for (var i = 0; i < 5 * percent / 100; i++)
            {
                await Task.Delay(10).ConfigureAwait(false);
                total += Work(i);
            }

            return _sink += total;
        }
    }

    /// <summary>A particle whose getters are tiny: no calls, a few bytes of IL.</summary>
#if !TRACED && NOTRACE_PLAIN
    [GoTrace.NoTrace]
#endif
    public sealed class Particle
    {
        private readonly int _position;
        private readonly int _speed;

        public Particle(int position, int speed)
        {
            _position = position;
            _speed = speed;
        }

        public bool Moving => _speed != 0;

        public int Position => _position;
    }
}
