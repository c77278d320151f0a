using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Tests.Support;

/// <summary>A local HTTP endpoint on a free loopback port that answers every request with one status, and counts them.</summary>
public sealed class LocalHttpEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _requests;

    public LocalHttpEndpoint(HttpStatusCode status)
    {
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                context.Response.StatusCode = (int)status;
                context.Response.Close();
            }
        });
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
