using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MhAll.Identity.Email;

/// <summary>An email to send, and the account it concerns (for the logs, which never carry an address).</summary>
public sealed record OutgoingEmail(string To, string Subject, string Body, string? AccountId);

/// <summary>
/// Emails waiting to be sent, so a request never waits on the mail server and answers in the same time whichever
/// email it queued (docs/decisions/0012-identity.md: no account enumeration). In memory: an email queued just before a
/// crash is lost, and the person asks again; the Notifications building block replaces this with a row in the same
/// transaction as its cause.
/// </summary>
public sealed class EmailOutbox
{
    private readonly Channel<OutgoingEmail> _queue = Channel.CreateBounded<OutgoingEmail>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Enqueue(OutgoingEmail email) => _queue.Writer.TryWrite(email);

    internal ChannelReader<OutgoingEmail> Reader => _queue.Reader;
}

/// <summary>Sends the queued emails over SMTP with MailKit (connection string <c>mail</c>, e.g. <c>smtp://host:port</c>).</summary>
public sealed class EmailSender(EmailOutbox outbox, IConfiguration configuration, IOptions<IdentitySettings> settings, ILogger<EmailSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in outbox.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await SendAsync(email, stoppingToken);
                    logger.LogInformation("Email \"{Subject}\" sent for account {AccountId}", email.Subject, email.AccountId);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && attempt < 3)
                {
                    logger.LogWarning(ex, "Email for account {AccountId} not sent (attempt {Attempt}); trying again", email.AccountId, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Email for account {AccountId} not sent; given up", email.AccountId);
                    break;
                }
            }
        }
    }

    private async Task SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var server = new Uri(configuration.GetConnectionString(ResourceNames.Mail)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Mail} is not configured."));
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.Value.EmailFrom));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Body };

        using var smtp = new SmtpClient();
        smtp.Timeout = 10_000;
        await smtp.ConnectAsync(server.Host, server.Port, server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, ct);
        if (server.UserInfo is { Length: > 0 } userInfo && userInfo.Split(':', 2) is [var user, var password])
            await smtp.AuthenticateAsync(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password), ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }
}
