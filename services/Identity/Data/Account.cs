using Microsoft.AspNetCore.Identity;

namespace MhAll.Identity.Data;

/// <summary>A person's sign-in: their email (also the user name), password hash, lockout state, authenticator and roles.</summary>
public sealed class Account : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }
}
