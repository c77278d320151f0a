using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;

namespace Tests.Reporter;

public class DurationFormatTests
{
    [TestCase(2.31, "2.31s")]
    [TestCase(1.0, "1.00s")]
    [TestCase(123.456, "123.46s")]
    [TestCase(0.412, "412ms")]
    [TestCase(0.0412, "41.2ms")]
    [TestCase(0.00412, "4.12ms")]
    [TestCase(0.001, "1ms")]
    [TestCase(0.0041, "4.1ms")]
    [TestCase(0.000038, "38µs")]
    [TestCase(0.0000412, "41.2µs")]
    [TestCase(0.00000412, "4.12µs")]
    [TestCase(0.00000095, "950ns")]
    [TestCase(0.000000001, "1ns")]
    [TestCase(0.0, "0ns")]
    public void Formats_durations(double seconds, string expected)
    {
        DurationFormat.Format(seconds).ShouldBe(expected);
    }

    [TestCase(0.9996, "1.00s")]
    [TestCase(0.0009996, "1ms")]
    [TestCase(0.0000009996, "1µs")]
    [TestCase(0.00099949, "999µs")]
    [TestCase(0.09996, "100ms")]
    public void Rounding_up_moves_to_the_next_unit(double seconds, string expected)
    {
        DurationFormat.Format(seconds).ShouldBe(expected);
    }

    [Test]
    public void Formats_ticks_at_a_clock_frequency()
    {
        DurationFormat.Format(2_310_000, 1e6).ShouldBe("2.31s");
    }
}
