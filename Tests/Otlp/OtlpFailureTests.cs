using System;
using System.IO;
using System.Linq;
using System.Net;
using GoTrace.Reporter;
using NUnit.Framework;
using Shouldly;
using Tests.Reporter;
using Tests.Support;

namespace Tests.Otlp;

/// <summary>
/// An endpoint that cannot be reached or refuses the spans: one line on stderr, exit code 2, no stack trace;
/// transient refusals (503) are retried first. Bad --otlp options are refused before anything is read.
/// </summary>
[TestFixture]
public sealed class OtlpFailureTests : ReporterTestBase
{
    [Test]
    public void An_unreachable_endpoint_fails_with_one_line_and_exit_code_2()
    {
        var port = LocalHttpEndpoint.FreePort();
        var (exit, stdout, stderr) = Run(Save(SmallTrace()), "--otlp", $"http://127.0.0.1:{port}");
        exit.ShouldBe(ReportCommand.BadInput);
        stdout.ShouldBeEmpty();
        var line = Lines(stderr).ShouldHaveSingleItem();
        line.ShouldStartWith($"gotrace-report: cannot send spans to http://127.0.0.1:{port}/v1/traces (OTLP/HTTP): ");
        line.ShouldContain("refused");
    }

    [Test]
    public void A_refused_export_fails_at_once_with_the_status()
    {
        using var endpoint = new LocalHttpEndpoint(HttpStatusCode.BadRequest);
        var (exit, _, stderr) = Run(Save(SmallTrace()), "--otlp", endpoint.Url);
        exit.ShouldBe(ReportCommand.BadInput);
        Lines(stderr).ShouldHaveSingleItem().ShouldContain("400 (Bad Request)");
        endpoint.Requests.ShouldBe(1, "a bad request is not retried");
    }

    [Test]
    public void An_unavailable_endpoint_is_retried_then_fails()
    {
        using var endpoint = new LocalHttpEndpoint(HttpStatusCode.ServiceUnavailable);
        var (exit, _, stderr) = Run(Save(SmallTrace()), "--otlp", endpoint.Url);
        exit.ShouldBe(ReportCommand.BadInput);
        Lines(stderr).ShouldHaveSingleItem().ShouldContain("503 (Service Unavailable)");
        endpoint.Requests.ShouldBeGreaterThan(1, "503 is transient: the exporter tries again");
    }

    [TestCase("--otlp", "localhost:4318", "--otlp needs an http:// or https:// URL, e.g. http://localhost:4318 (got 'localhost:4318')")]
    [TestCase("--otlp-protocol", "thrift", "--otlp-protocol needs grpc or http (got 'thrift')")]
    public void Bad_values_are_refused(string option, string value, string message)
    {
        var options = option == "--otlp" ? new[] { option, value } : new[] { "--otlp", "http://127.0.0.1:4318", option, value };
        var (exit, _, stderr) = Run(Save(SmallTrace()), options);
        exit.ShouldBe(ReportCommand.BadInput);
        stderr.ShouldBe("gotrace-report: " + message + "\n");
    }

    [TestCase("--json")]
    [TestCase("--depth", "3")]
    [TestCase("--threads")]
    [TestCase("-o", "out.json")]
    public void Report_options_do_not_go_with_otlp(params string[] options)
    {
        var (exit, _, stderr) = Run(Save(SmallTrace()), new[] { "--otlp", "http://127.0.0.1:4318" }.Concat(options).ToArray());
        exit.ShouldBe(ReportCommand.BadInput);
        stderr.ShouldContain("does not apply to --otlp");
    }

    [Test]
    public void Otlp_settings_without_an_endpoint_are_refused()
    {
        var (exit, _, stderr) = Run(Save(SmallTrace()), "--service-name", "shop");
        exit.ShouldBe(ReportCommand.BadInput);
        stderr.ShouldBe("gotrace-report: --service-name goes with --otlp <endpoint>\n");
    }

    [TestCase("http://collector:4317", OtlpProtocol.Grpc, "http://collector:4317/")]
    [TestCase("http://collector:4318", OtlpProtocol.HttpProtobuf, "http://collector:4318/v1/traces")]
    [TestCase("https://api.example.com/v1/traces", OtlpProtocol.HttpProtobuf, "https://api.example.com/v1/traces")]
    public void The_protocol_follows_the_port_unless_told(string endpoint, OtlpProtocol protocol, string posted)
    {
        OtlpExportOptions.TryParseEndpoint(endpoint, out var uri).ShouldBeTrue();
        var options = new OtlpExportOptions { Endpoint = uri };
        options.EffectiveProtocol.ShouldBe(protocol);
        options.TracesEndpoint().ToString().ShouldBe(posted);
        new OtlpExportOptions { Endpoint = uri, Protocol = OtlpProtocol.HttpProtobuf }.EffectiveProtocol.ShouldBe(OtlpProtocol.HttpProtobuf);
    }

    private static TraceFileBuilder SmallTrace()
    {
        var builder = NewTrace();
        builder.Events(0).Enter(ProgramMain, 0).Call(ServerStart, 1_000_000, 4_000_000).Exit(ProgramMain, 6_000_000);
        return builder;
    }

    private static (int Exit, string Stdout, string Stderr) Run(string trace, params string[] options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = ReportCommand.Run(new[] { trace }.Concat(options).ToArray(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
