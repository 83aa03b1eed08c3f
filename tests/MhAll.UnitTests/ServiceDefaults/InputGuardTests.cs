using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace MhAll.UnitTests.ServiceDefaults;

/// <summary>The guard every JSON body passes through, and the field its refusals name.</summary>
public sealed class InputGuardTests
{
    public sealed record Criteria(List<string> Conditions, List<int>? Deciles = null);
    public sealed record Item(string? Code);
    public sealed record Body(string? Name, [FreeText(50)] string? Note = null, Criteria? Criteria = null, List<Item>? Items = null,
        [MaxLength(3)] List<string>? Tags = null);

    private static readonly JsonSerializerOptions Options = Configured();

    private static JsonSerializerOptions Configured()
    {
        var options = new JsonSerializerOptions();
        ServiceDefaultsExtensions.ConfigureJson(options);
        return options;
    }

    /// <summary>The field and message a client is told, through the one exception handler, as for a real request.</summary>
    private static async Task<(string Field, string Message)> RefusalAsync(string json)
    {
        var refused = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Body>(json, Options));
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ProblemDetailsExceptionHandler(services.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ProblemDetailsExceptionHandler>.Instance);
        Assert.True(await handler.TryHandleAsync(context, new BadHttpRequestException("Failed to read the body.", 400, refused), CancellationToken.None));
        Assert.Equal(400, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var errors = (await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body)).GetProperty("errors");
        var field = Assert.Single(errors.EnumerateObject());
        return (field.Name, field.Value[0].GetString()!);
    }

    [Theory]
    [InlineData("""{"name":"a\u0000b"}""", "name")]
    [InlineData("""{"name":"line\nbreak"}""", "name")]
    [InlineData("""{"name":"\u007f"}""", "name")]
    [InlineData("""{"note":"bell\u0007"}""", "note")]
    [InlineData("""{"criteria":{"conditions":["anxiety","\u0000"]}}""", "criteria.conditions[1]")]
    [InlineData("""{"items":[{"code":"ok"},{"code":"\u001b[31m"}]}""", "items[1].code")]
    [InlineData("""{"name":"\ud800"}""", "name")]
    public async Task Control_characters_and_broken_surrogates_are_refused_naming_the_field(string json, string field) =>
        Assert.Equal(field, (await RefusalAsync(json)).Field);

    [Fact]
    public void Free_text_may_hold_tabs_and_line_breaks() =>
        Assert.Equal("one\ttwo\r\nthree", JsonSerializer.Deserialize<Body>("""{"note":"one\ttwo\r\nthree"}""", Options)!.Note);

    [Theory]
    [InlineData("""{"criteria":{"conditions":["carer",null]}}""", "criteria.conditions[1]")]
    [InlineData("""{"items":[null]}""", "items[0]")]
    [InlineData("""{"criteria":{"conditions":[],"deciles":[1,null]}}""", "criteria.deciles[1]")]
    public async Task A_null_inside_a_list_is_refused_naming_the_item(string json, string field) =>
        Assert.Equal(field, (await RefusalAsync(json)).Field);

    [Fact]
    public async Task A_null_where_the_property_cannot_be_null_is_refused() =>
        Assert.Equal(("criteria.conditions", "This field is required."), await RefusalAsync("""{"criteria":{"conditions":null}}"""));

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Strings_are_bounded_by_default(int length, bool accepted) =>
        Assert.Equal(accepted, Accepts(JsonSerializer.Serialize(new { name = new string('a', length) })));

    [Fact]
    public async Task A_property_names_its_own_bound_for_text_and_lists()
    {
        Assert.Equal(("note", "At most 50 characters."), await RefusalAsync(JsonSerializer.Serialize(new { note = new string('a', 51) })));
        Assert.Equal(("tags", "At most 3 items."), await RefusalAsync("""{"tags":["a","b","c","d"]}"""));
        Assert.True(Accepts("""{"tags":["a","b","c"]}"""));
    }

    [Fact]
    public async Task Lists_are_bounded_by_default()
    {
        var items = string.Join(",", Enumerable.Repeat("""{"code":"x"}""", InputLimits.Items + 1));
        Assert.Equal("items", (await RefusalAsync($$"""{"items":[{{items}}]}""")).Field);
    }

    private static bool Accepts(string json)
    {
        try
        {
            JsonSerializer.Deserialize<Body>(json, Options);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
