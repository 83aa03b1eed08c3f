using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace MhAll.Testing;

/// <summary>
/// A real SMTP server for a test run: smtp4dev started from eng/smtp-server.sh on free ports, its received messages
/// read through its HTTP API. Messages are kept in memory and are gone when it stops.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private readonly string _dataDir;
    private readonly HttpClient _api;

    private SmtpServer(ServerProcess process, int smtpPort, int httpPort, string dataDir)
    {
        _process = process;
        SmtpPort = smtpPort;
        _dataDir = dataDir;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int SmtpPort { get; }

    /// <summary>The connection string the identity service reads (<c>ConnectionStrings:mail</c>).</summary>
    public string ConnectionString => $"smtp://127.0.0.1:{SmtpPort}";

    public static async Task<SmtpServer> StartAsync()
    {
        var (smtpPort, httpPort) = (ServerProcess.FreeTcpPort(), ServerProcess.FreeTcpPort());
        var dataDir = ServerProcess.NewDataDirectory("smtp");
        var environment = new Dictionary<string, string>
        {
            ["DATA_DIR"] = dataDir, ["SMTP_PORT"] = smtpPort.ToString(), ["HTTP_PORT"] = httpPort.ToString(),
        };
        var server = new SmtpServer(ServerProcess.Start("smtp-server.sh", environment), smtpPort, httpPort, dataDir);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>A message as smtp4dev lists it, with its plain-text body.</summary>
    public sealed record Message(string Id, string From, IReadOnlyList<string> To, string Subject, DateTimeOffset ReceivedDate, string Body);

    private sealed record Summary(string Id, string From, List<string> To, string Subject, DateTimeOffset ReceivedDate);
    private sealed record Page(List<Summary> Results);

    /// <summary>Every message received so far for <paramref name="recipient"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Message>> MessagesToAsync(string recipient)
    {
        var page = await _api.GetFromJsonAsync<Page>("api/messages?pageSize=1000") ?? new Page([]);
        var messages = new List<Message>();
        foreach (var summary in page.Results.Where(m => m.To.Any(to => string.Equals(to, recipient, StringComparison.OrdinalIgnoreCase)))
                     .OrderBy(m => m.ReceivedDate))
            messages.Add(new Message(summary.Id, summary.From, summary.To, summary.Subject, summary.ReceivedDate,
                await _api.GetStringAsync($"api/messages/{summary.Id}/plaintext")));
        return messages;
    }

    /// <summary>Waits (up to 30 s) until <paramref name="count"/> messages have arrived for <paramref name="recipient"/>.</summary>
    public async Task<IReadOnlyList<Message>> WaitForMessagesAsync(string recipient, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var messages = await MessagesToAsync(recipient);
            if (messages.Count >= count) return messages;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{messages.Count} of {count} messages arrived in 30 s.");
            await Task.Delay(100);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("smtp4dev did not start:\n" + _process.Output);
            try
            {
                using var smtp = new TcpClient();
                await smtp.ConnectAsync("127.0.0.1", SmtpPort);
                (await _api.GetAsync("api/messages")).EnsureSuccessStatusCode();
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
        _api.Dispose();
        _process.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
