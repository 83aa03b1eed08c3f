using System.Diagnostics;
using Npgsql;

namespace MhAll.Testing;

/// <summary>
/// A real PostgreSQL server for a test run, started from eng/postgres-server.sh on a free port.
/// <paramref name="durable"/> false turns fsync off for speed; fault tests and benchmarks keep it on.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Password = "mhall-tests";
    private ServerProcess _process;
    private readonly string _dataDir;
    private readonly Dictionary<string, string> _environment;

    private PostgresServer(ServerProcess process, int port, string dataDir, Dictionary<string, string> environment)
    {
        _process = process;
        Port = port;
        _dataDir = dataDir;
        _environment = environment;
    }

    public int Port { get; }

    public static async Task<PostgresServer> StartAsync(bool durable)
    {
        var port = ServerProcess.FreeTcpPort();
        var dataDir = ServerProcess.NewDataDirectory("postgres");
        var environment = new Dictionary<string, string>
        {
            ["DATA_DIR"] = dataDir, ["PGPORT"] = port.ToString(), ["PG_PASSWORD"] = Password, ["PG_DURABLE"] = durable ? "on" : "off",
        };
        var server = new PostgresServer(ServerProcess.Start("postgres-server.sh", environment), port, dataDir, environment);
        await server.WaitUntilReadyAsync();
        return server;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database};Include Error Detail=true";

    /// <summary>A new empty database with a unique name; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)].Replace('-', '_');
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stop the server (fast shutdown: every connection is cut), as in a restart or failover.</summary>
    public void Stop() => _process.Stop();

    /// <summary>Start the server again after <see cref="Stop"/>, on the same port and data.</summary>
    public async Task RestartAsync()
    {
        _process.Dispose();
        _process = ServerProcess.Start("postgres-server.sh", _environment);
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("PostgreSQL did not start:\n" + _process.Output);
            try
            {
                // Unpooled: after a restart, a pooled connection to the old server would open without asking the new one.
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        _process.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
