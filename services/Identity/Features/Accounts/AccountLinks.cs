using MhAll.Identity.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MhAll.Identity.Features.Accounts;

/// <summary>The links emailed to a person: to verify their address and to choose a new password.</summary>
public sealed class AccountLinks(UserManager<Account> users, IOptions<IdentitySettings> settings)
{
    public const string VerifyPage = "verify-email";
    public const string ResetPage = "reset-password";

    public async Task<string> VerificationAsync(Account account) =>
        Link(VerifyPage, account, await users.GenerateEmailConfirmationTokenAsync(account));

    public async Task<string> ResetAsync(Account account) =>
        Link(ResetPage, account, await users.GeneratePasswordResetTokenAsync(account));

    private string Link(string page, Account account, string token) =>
        new Uri(settings.Value.Links, $"{page}?account={Uri.EscapeDataString(account.Id)}&token={Uri.EscapeDataString(token)}").AbsoluteUri;
}
