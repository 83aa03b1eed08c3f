using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MhAll.Identity.Features.Tokens;

/// <summary>
/// The input guard (docs/decisions/0006) for the token endpoint's form, which no JSON guard sees: a parameter with a
/// control character or longer than any real one is refused as an OAuth <c>invalid_request</c> naming it, before
/// OpenIddict looks up a client or the database sees the value (PostgreSQL refuses NUL).
/// </summary>
public sealed class TokenRequestGuard : IOpenIddictServerHandler<OpenIddictServerEvents.ExtractTokenRequestContext>
{
    /// <summary>Longer than any client id, secret, code, code verifier or password we accept.</summary>
    public const int MaxLength = 2000;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ExtractTokenRequestContext>()
            .UseSingletonHandler<TokenRequestGuard>()
            // Before OpenIddict reads the form: ASP.NET Core's form reader itself throws on a NUL.
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractPostRequest<OpenIddictServerEvents.ExtractTokenRequestContext>.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(OpenIddictServerEvents.ExtractTokenRequestContext context)
    {
        if (context.Transaction.GetHttpRequest() is not { HasFormContentType: true } http) return;
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(context.CancellationToken);
        }
        catch (InvalidDataException)
        {
            context.Reject(error: Errors.InvalidRequest, description: "The form holds characters that are not allowed, or is too large.");
            return;
        }
        foreach (var (name, values) in form)
            foreach (var value in values)
            {
                if (value is null) continue;
                var refused = name.Length > InputLimits.Text || name.Any(char.IsControl) ? "is not a parameter name we accept"
                    : value.Length > MaxLength ? $"is longer than {MaxLength} characters"
                    : value.Any(char.IsControl) || HasBrokenSurrogate(value) ? "holds characters that are not allowed"
                    : null;
                if (refused is null) continue;
                var shown = name.Length > InputLimits.Text || name.Any(char.IsControl) ? "(a parameter)" : $"'{name}'";
                context.Reject(error: Errors.InvalidRequest, description: $"The parameter {shown} {refused}.");
                return;
            }
    }

    private static bool HasBrokenSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return true;
        }
        return false;
    }
}
