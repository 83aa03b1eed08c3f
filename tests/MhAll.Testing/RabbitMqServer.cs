using System.Diagnostics;
using RabbitMQ.Client;

namespace MhAll.Testing;

/// <summary>
/// A real RabbitMQ node for a test run, started from eng/rabbitmq-server.sh. It can be killed (SIGKILL, as in a
/// crash) and started again on the same port with the same data, so durable queues and messages survive.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private const string User = "mhall";
    private const string Password = "mhall-tests";
    private readonly Dictionary<string, string> _environment;
    private readonly string _dataDir;
    private ServerProcess _process;

    private RabbitMqServer(Dictionary<string, string> environment, string dataDir)
    {
        _environment = environment;
        _dataDir = dataDir;
        _process = ServerProcess.Start("rabbitmq-server.sh", environment);
    }

    public int Port { get; private init; }
    public string ConnectionString => $"amqp://{User}:{Password}@127.0.0.1:{Port}";

    public static async Task<RabbitMqServer> StartAsync()
    {
        var port = ServerProcess.FreeTcpPort();
        var dataDir = ServerProcess.NewDataDirectory("rabbitmq");
        var environment = new Dictionary<string, string>
        {
            ["DATA_DIR"] = dataDir,
            ["RABBITMQ_NODE_PORT"] = port.ToString(),
            ["RABBITMQ_DIST_PORT"] = ServerProcess.FreeTcpPort().ToString(),
            ["RABBITMQ_NODENAME"] = $"mhall-tests-{Environment.ProcessId}-{port}@localhost",
            ["RABBIT_USER"] = User,
            ["RABBIT_PASSWORD"] = Password,
        };
        var server = new RabbitMqServer(environment, dataDir) { Port = port };
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>kill -9 the broker.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Start the broker again after <see cref="Kill"/>, on the same port and data.</summary>
    public async Task RestartAsync()
    {
        _process.Dispose();
        _process = ServerProcess.Start("rabbitmq-server.sh", _environment);
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionString) };
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("RabbitMQ did not start:\n" + _process.Output);
            try
            {
                await using var connection = await factory.CreateConnectionAsync();
                return;
            }
            catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(200);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
