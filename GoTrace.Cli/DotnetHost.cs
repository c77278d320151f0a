using System;
using System.IO;

namespace GoTrace.Cli;

/// <summary>The <c>dotnet</c> executable to build and run with: the one running gotrace when it can be told.</summary>
public static class DotnetHost
{
    public static string Path { get; } = Find();

    static string Find()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var self = Environment.ProcessPath;
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (self != null && string.Equals(System.IO.Path.GetFileName(self), name, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(System.IO.Path.Combine(root, name)))
        {
            return System.IO.Path.Combine(root, name);
        }

        return name;
    }
}
