using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Tests.Cli;

namespace Tests.Support;

/// <summary>
/// <c>gotrace exec samples/WebApp -o trace -- --urls http://127.0.0.1:port [app arguments]</c>, its temp folder in
/// a folder of the test's, up once <c>/health</c> answers; <see cref="Stop"/> sends SIGINT to gotrace alone, which
/// passes it on to the server, reports and keeps the trace.
/// </summary>
public sealed class ServedWebApp : IDisposable
{
    private readonly Process _gotrace;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServedWebApp(Process gotrace, string url, string temp)
    {
        _gotrace = gotrace;
        Url = url;
        Temp = temp;
    }

    public string Url { get; }

    /// <summary>gotrace's temp folder: the workspace.</summary>
    public string Temp { get; }

    public string StdOut
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StdErr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int ExitCode => _gotrace.ExitCode;

    /// <summary>The trace file the served program writes, kept.</summary>
    public string Trace => Path.Combine(Temp, "webapp.gotrace");

    public static ServedWebApp Start(string temp, params string[] appArguments)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[] { Gotrace.Dll, "exec", "samples/WebApp", "-o", Path.Combine(temp, "webapp.gotrace"), "--", "--urls", url }.Concat(appArguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = temp;
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GOTRACE_", StringComparison.Ordinal) && k != "GOTRACE_CLOCK").ToList())
        {
            start.Environment.Remove(key);
        }

        var served = new ServedWebApp(Process.Start(start)!, url, temp);
        served._gotrace.OutputDataReceived += (_, e) => served.Append(served._stdout, e.Data);
        served._gotrace.ErrorDataReceived += (_, e) => served.Append(served._stderr, e.Data);
        served._gotrace.BeginOutputReadLine();
        served._gotrace.BeginErrorReadLine();
        try
        {
            served.WaitUntilServing();
            return served;
        }
        catch
        {
            served.Dispose();
            throw;
        }
    }

    /// <summary>SIGINT to gotrace; waits for it to report and exit.</summary>
    public void Stop()
    {
        if (_gotrace.HasExited)
        {
            return;
        }

        Kill(_gotrace.Id, 2);
        if (!_gotrace.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            _gotrace.Kill(entireProcessTree: true);
        }

        _gotrace.WaitForExit();
    }

    public void Dispose()
    {
        Stop();
        _gotrace.Dispose();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line != null)
        {
            lock (to)
            {
                to.Append(line).Append('\n');
            }
        }
    }

    private void WaitUntilServing()
    {
        using var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(6);
        while (DateTime.UtcNow < until && !_gotrace.HasExited)
        {
            try
            {
                if (client.GetStringAsync("/health").Result == "ok")
                {
                    return;
                }
            }
            catch (AggregateException)
            {
            }

            Thread.Sleep(500);
        }

        throw new InvalidOperationException("the sample web app did not start serving: " + StdErr);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
