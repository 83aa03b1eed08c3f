using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace MhAll.ServiceTests;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the given status, and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem that names each of <paramref name="fields"/>.</summary>
    public static async Task<JsonElement> AssertValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in fields)
            Assert.True(errors.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0,
                $"expected an error for '{field}' in {errors}");
        return problem;
    }
}
