using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

// Compiled twice: woven by GoTrace into GoTrace.Benchmarks.Traced, and plain into GoTrace.Benchmarks.
#if TRACED
namespace GoTrace.Benchmarks.Traced
#else
namespace GoTrace.Benchmarks.Plain
#endif
{
    /// <summary>The code whose cost is measured with and without tracing.</summary>
    public static class Workload
    {
        /// <summary>An empty call: what remains is the cost of the call (and of tracing it).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Empty()
        {
        }

        private static readonly Action NoWork = () => { };

        /// <summary>An async method that completes without waiting: the cost of an async call.</summary>
        public static async Task<int> CompletedAsync(int x)
        {
            await Task.CompletedTask;
            return x + 1;
        }

        /// <summary>A spawn site whose work is never started: the cost of handing work elsewhere, by itself.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Task Spawn() => new Task(NoWork);

        /// <summary>Recursive Fibonacci: 1.6 million calls for n = 30, each doing almost nothing.</summary>
        public static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);

        /// <summary>
        /// A whole program of small calls: fib(32) (7,049,155 calls) and a loop of 11,000,000 calls of a small
        /// method with a loop of its own (timed, not counted), 18,049,156 calls with this one.
        /// </summary>
        public static long FibAndLoop()
        {
            long total = Fib(32);
            for (var i = 0; i < 11_000_000; i++)
            {
                total += Mix(i);
            }

            return total;
        }

        /// <summary>Calls <see cref="FibAndLoop"/> makes, itself included.</summary>
        public const long FibAndLoopCalls = 1 + 7_049_155 + 11_000_000;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Mix(int x)
        {
            for (var k = 0; k < 2; k++)
            {
                x = (x * 31) + k;
            }

            return x;
        }

        /// <summary>Many small methods doing a little real work: tokenising and summing a line.</summary>
        public static long SmallMethods(int lines)
        {
            long total = 0;
            for (var i = 0; i < lines; i++)
            {
                total += SumLine(MakeLine(i));
            }

            return total;
        }

        private static string MakeLine(int i) => "12," + (i % 97) + ",7," + (i % 13) + ",42";

        private static long SumLine(string line)
        {
            long sum = 0;
            var start = 0;
            for (var i = 0; i <= line.Length; i++)
            {
                if (i == line.Length || IsSeparator(line[i]))
                {
                    sum += ParseNumber(line, start, i);
                    start = i + 1;
                }
            }

            return sum;
        }

        private static bool IsSeparator(char c) => c == ',';

        private static long ParseNumber(string text, int from, int to)
        {
            long value = 0;
            for (var i = from; i < to; i++)
            {
                value = (value * 10) + Digit(text[i]);
            }

            return value;
        }

        private static int Digit(char c) => c - '0';
    }
}
