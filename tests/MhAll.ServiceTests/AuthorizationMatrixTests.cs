using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MhAll.Identity.Data;
using MhAll.Learning.Data;
using MhAll.Panel.Data;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MhAll.ServiceTests;

/// <summary>
/// Every endpoint of a service names its policy, and every role its policy leaves out is refused with 403, whatever
/// the object: checked for all endpoints at once, so a new endpoint cannot forget.
/// </summary>
public abstract partial class AuthorizationMatrixTests<TDbContext>(ServiceFactory<TDbContext> factory)
    where TDbContext : DbContext
{
    [GeneratedRegex(@"\{[^}]+\}")] private static partial Regex Parameter();

    [Fact]
    public async Task Every_endpoint_names_a_policy_and_refuses_the_roles_it_leaves_out()
    {
        var policies = factory.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(endpoints);
        var refusals = 0;
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText!;
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) continue; // the OpenAPI document
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            Assert.True(policy is not null, $"{route} names no policy");
            var admitted = policies.GetPolicy(policy!)!.Requirements.OfType<RolesAuthorizationRequirement>().SingleOrDefault()?.AllowedRoles;
            if (admitted is null) continue; // any signed-in caller
            var path = Parameter().Replace(route, _ => Guid.NewGuid().ToString());
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
            foreach (var role in Roles.All.Except(admitted))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                var response = await factory.CreateClient().As(role).SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {route} as {role}: {(int)response.StatusCode}");
                refusals++;
            }
        }
        Assert.True(refusals > 0);
    }

    /// <summary>Broken, empty and wrongly typed input, and out-of-range paging, sent to every endpoint by a role it admits.</summary>
    [Fact]
    public async Task Every_endpoint_answers_bad_input_with_a_problem_never_a_server_error()
    {
        var policies = factory.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        string[] bodies = ["{", "[]", "null", "{}", """{"unexpected": [1, {"deep": true}]}""", "\"text\"", """{"id": 12, "name": false}"""];
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText!;
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            var role = (policy is null ? null : policies.GetPolicy(policy)?.Requirements.OfType<RolesAuthorizationRequirement>().SingleOrDefault()
                ?.AllowedRoles.First()) ?? Roles.Coordinator;
            foreach (var path in new[]
                     {
                         Parameter().Replace(route, _ => Guid.NewGuid().ToString()) + "?page=0&pageSize=100000&_count=-1&month=2025-13&raw=maybe",
                         Parameter().Replace(route, _ => "not-an-id"),
                     })
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
            foreach (var body in method is "POST" or "PUT" or "PATCH" ? bodies : new string?[] { null })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                var response = await factory.CreateClient().As(role).SendAsync(request);
                var status = (int)response.StatusCode;
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                // 503 only where the broker is needed (there is none here), and said plainly with a time to retry.
                var honestOutage = status == 503 && problem && response.Headers.RetryAfter is not null && route.Contains("/dead-letters");
                if ((status >= 500 && !honestOutage) || (status == 400 && !problem))
                    failures.Add($"{method} {path} as {role} with {body ?? "no body"}: {status} {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }
}


[Collection(ServiceTestsCollection.Name)]
public sealed class ParticipationAuthorizationTests(ParticipationFactory factory)
    : AuthorizationMatrixTests<ParticipationDbContext>(factory), IClassFixture<ParticipationFactory>;

[Collection(ServiceTestsCollection.Name)]
public sealed class LearningAuthorizationTests(LearningFactory factory)
    : AuthorizationMatrixTests<LearningDbContext>(factory), IClassFixture<LearningFactory>;

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingAuthorizationTests(TrainingFactory factory)
    : AuthorizationMatrixTests<TrainingDbContext>(factory), IClassFixture<TrainingFactory>;

[Collection(ServiceTestsCollection.Name)]
public sealed class PanelAuthorizationTests(PanelFactory factory)
    : AuthorizationMatrixTests<PanelDbContext>(factory), IClassFixture<PanelFactory>;

[Collection(ServiceTestsCollection.Name)]
public sealed class IdentityAuthorizationTests(IdentityFactory factory)
    : AuthorizationMatrixTests<AccountsDbContext>(factory), IClassFixture<IdentityFactory>;
