using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace MhAll.Testing;

/// <summary>A server started from one of the repository's <c>eng/*.sh</c> scripts, owned (and ended) by the tests.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static ServerProcess Start(string script, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("/bin/sh", [RepositoryPaths.Eng(script)])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {script}."));
    }

    /// <summary>SIGKILL: the server gets no chance to tidy up, as in a crash.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>A polite stop (SIGINT: PostgreSQL's fast shutdown; the Erlang VM stops too), SIGKILL if it lingers.</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        _ = SendSignal(_process.Id, 2);
        if (!_process.WaitForExit(15_000)) Kill();
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A folder the 'postgres' user can reach when the tests run as root.</summary>
    public static string NewDataDirectory(string name)
    {
        var root = Path.Combine(Path.GetTempPath(), $"mhall-tests-{Environment.UserName}");
        var dir = Path.Combine(root, $"{Environment.ProcessId}-{name}-{Guid.NewGuid():N}"[..^20]);
        Directory.CreateDirectory(dir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return dir;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length > 64_000) _output.Remove(0, 32_000);
            _output.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);
}

/// <summary>Finds the repository from the test's output folder, so tests use the same scripts as the AppHost.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Eng(string script) => Path.Combine(Root, "eng", script);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MhAll.sln"))) return dir.FullName;
        throw new InvalidOperationException("MhAll.sln not found above " + AppContext.BaseDirectory);
    }
}
