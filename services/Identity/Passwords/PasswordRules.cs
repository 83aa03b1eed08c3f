using MhAll.Identity.Data;
using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Passwords;

/// <summary>
/// Length over complexity (NCSC and NIST SP 800-63B): 12 to 128 characters of any kind, and none of the common passwords
/// in <c>common-passwords.txt</c>. No rules about digits or symbols, which only push people to predictable patterns.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<Account>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(() => File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Passwords", "common-passwords.txt"))
        .Where(line => line.Length > 0 && !line.StartsWith('#')).ToHashSet(StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyList<string> Check(string? password)
    {
        if (string.IsNullOrEmpty(password)) return ["This field is required."];
        if (password.Length < MinLength) return [$"At least {MinLength} characters: a few words together are easy to remember and hard to guess."];
        if (password.Length > MaxLength) return [$"At most {MaxLength} characters."];
        if (Common.Value.Contains(password)) return ["This password is too common; choose another."];
        return [];
    }

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password) =>
        Task.FromResult(Check(password) is [var first, ..]
            ? IdentityResult.Failed(new IdentityError { Code = "password", Description = first })
            : IdentityResult.Success);
}
