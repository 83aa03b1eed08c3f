using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
using Xunit.Abstractions;

namespace MhAll.ServiceTests;

/// <summary>
/// Walks every operation of a service's OpenAPI document and, for every field of its body (at every depth, list items
/// included) and every query or route parameter in turn, sends each hostile value as every role the endpoint admits:
/// never a 5xx, a 400 names the field (or a path above or below it), and afterwards the service still does its work.
/// </summary>
public abstract partial class HostileInputSweepTests<TDbContext>(ServiceFactory<TDbContext> factory, string service, ITestOutputHelper output)
    where TDbContext : DbContext
{
    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")] private static partial Regex Parameter();

    /// <summary>Stands in for a raw JSON value in a body that is serialised first: some hostile values are not valid UTF-16.</summary>
    private const string RawMarker = "__hostile_value__";

    /// <summary>What a hostile field holds, as raw JSON; one at a time, everywhere.</summary>
    private static readonly string[] HostileJson =
    [
        "null", "\"\\u0000\"", "\"nul\\u0000inside\"", "\"bell\\u0007\"", "\"line\\nbreak\"", "\"\\u001b[2J\"", "\"\\u0085\"", "\"\\ud800\"",
        "\"\"", "\" \"", $"\"{new string('a', 201)}\"", $"\"{new string('a', 10_001)}\"",
        "12345", "-1", "0", "2147483648", "-2147483649", "99999999999999999999", "1e308", "-1e308", "0.5", "true",
        "\"9999-12-31\"", "\"0001-01-01\"", "\"9999-12-31T23:59:59Z\"", "\"10000-01-01\"", "\"not-a-date\"",
        "{}", "[]", "[null]", "[[null]]", "{\"unexpected\":null}",
    ];

    /// <summary>The last path segments of operations that close what they name, so the sweep sends them last.</summary>
    private static readonly string[] ClosingActions = ["/withdraw", "/cancel", "/end"];

    /// <summary>What a hostile query or route parameter holds, URL-encoded.</summary>
    private static readonly string[] HostileQuery =
    [
        "%00", "a%0Ab", "%1B", "%C2%85", new string('a', 201), new string('a', 600), "", "-1", "0", "2147483647", "2147483648",
        "99999999999999999999", "1e308", "9999-12", "0001-01", "9999-12-31", "abc", "true", "%ED%A0%80", "%FF",
    ];

    /// <summary>Values of a valid shape for fields of these names, so the requests go past validation to the database.</summary>
    private static readonly Dictionary<string, Func<JsonNode?>> Examples = new(StringComparer.Ordinal)
    {
        ["firstName"] = () => "Amina", ["lastName"] = () => "Begum", ["email"] = () => $"sweep.{Guid.NewGuid():N}@example.org",
        ["phone"] = () => "07700 900123", ["address"] = () => "1 Mile End Road\nLondon", ["postcode"] = () => "E1 4NS",
        ["contactChannels"] = () => new JsonArray("email"), ["language"] = () => "en", ["accessibilityNeeds"] = () => "Large print",
        ["yearOfBirth"] = () => 1988, ["sex"] = () => "female", ["genderIdentity"] = () => "same-as-sex-at-birth",
        ["ethnicGroup"] = () => "asian-bangladeshi", ["relationships"] = () => new JsonArray("carer"), ["conditions"] = () => new JsonArray("anxiety"),
        ["researchInterests"] = () => new JsonArray("questionnaires"), ["heardVia"] = () => "website", ["consentVersion"] = () => 1,
        ["consentMethod"] = () => "phone", ["title"] = () => "Sleep and low mood", ["laySummary"] = () => "Whether better sleep lifts low mood.",
        ["irasId"] = () => "312345", ["isrctnId"] = () => "ISRCTN12345678", ["sponsor"] = () => "Queen Mary University of London",
        ["sites"] = () => new JsonArray("Mile End Hospital"), ["boroughs"] = () => new JsonArray("E09000030"), ["minAge"] = () => 18,
        ["maxAge"] = () => 80, ["sexes"] = () => new JsonArray("female"), ["ethnicGroups"] = () => new JsonArray("asian-bangladeshi"),
        ["localAuthorities"] = () => new JsonArray("E09000030"), ["icbs"] = () => new JsonArray("E54000029"), ["imdDeciles"] = () => new JsonArray(1),
        ["languages"] = () => new JsonArray("en"), ["recruitmentTarget"] = () => 100, ["dimension"] = () => "imd-quintile", ["group"] = () => "1",
        ["share"] = () => 0.3, ["startDate"] = () => "2027-01-04", ["endDate"] = () => "2027-12-17", ["status"] = () => "active",
        ["note"] = () => "Reviewed.", ["body"] = () => "We may contact you about studies.", ["version"] = () => 1, ["size"] = () => 10,
        ["seed"] = () => 42, ["mode"] = () => "anonymous", ["kind"] = () => "single", ["text"] = () => "How far is the nearest site?",
        ["barrier"] = () => "travel", ["id"] = () => "q1", ["questionId"] = () => "q1", ["optionIds"] = () => new JsonArray("a"),
        ["likert"] = () => 3, ["heldOn"] = () => "2026-10-01", ["participantRelationship"] = () => "carer", ["ageBand"] = () => "25-34",
        ["relationship"] = () => "carer", ["setting"] = () => "Community centre", ["summary"] = () => "Spoke of travel and time.",
        // Training: staff profiles, organisations, courses and sessions.
        ["name"] = () => $"Sweep {Guid.NewGuid():N}", ["profession"] = () => "occupational-therapy", ["interests"] = () => new JsonArray("co-production"),
        ["disability"] = () => "prefer-not-to-say", ["capabilityLevel"] = () => "entry", ["capabilityAssessedOn"] = () => "2026-06-01",
        ["level"] = () => "entry", ["assessedOn"] = () => "2026-06-01", ["type"] = () => "vcse", ["icbCode"] = () => "E54000029",
        ["headcount"] = () => 120, ["format"] = () => "online", ["durationMinutes"] = () => 90, ["tags"] = () => new JsonArray("research-champion"),
        ["startsAt"] = () => "2027-03-01T09:00:00Z", ["endsAt"] = () => "2027-03-01T12:00:00Z", ["capacity"] = () => 10,
        ["onlineLink"] = () => "https://meet.example.org/academy", ["venue"] = () => "Mile End Hospital", ["priorityShare"] = () => 0.25,
        ["priorityReleaseAt"] = () => "2027-02-22T09:00:00Z", ["attended"] = () => true, ["reason"] = () => "Issued in error.",
        // Training: champions and funded posts.
        ["on"] = () => "2026-06-01", ["count"] = () => 12, ["description"] = () => "Funded time to build research skills.",
        ["priorityConditions"] = () => new JsonArray("psychosis"), ["priorityGroups"] = () => new JsonArray("carers"), ["amount"] = () => 5000,
        ["opensOn"] = () => "2026-06-01", ["closesOn"] = () => "2027-06-01", ["eligibleProfessions"] = () => new JsonArray("nursing"),
        ["eligibleOrganisationTypes"] = () => new JsonArray("nhs-trust"), ["weight"] = () => 2, ["maxScore"] = () => 10,
        ["statement"] = () => "Why I want the post.", ["requestedAmount"] = () => 1000, ["subjectId"] = () => "reviewer-1", ["conflict"] = () => false,
        ["outcome"] = () => "awarded", ["dueOn"] = () => "2027-06-01", ["doneOn"] = () => "2026-06-01",
        // Training: mentoring and the partner API.
        ["methods"] = () => new JsonArray("qualitative-interviews"), ["topics"] = () => new JsonArray("psychosis"), ["goals"] = () => new JsonArray("psychosis"),
        ["professionsSupported"] = () => new JsonArray("nursing"), ["availability"] = () => new JsonArray("tue-pm"), ["modes"] = () => new JsonArray("online"),
        ["category"] = () => "goals-met", ["courseCode"] = () => "MI-101", ["courseTitle"] = () => "Motivational interviewing", ["partnerRecordId"] = () => $"lms-{Guid.NewGuid():N}",
        // Panel: members, the confidentiality agreement and involvement requests.
        ["motivation"] = () => "To make research fit people's lives.", ["livedExperience"] = () => new JsonArray("psychosis"),
        ["skills"] = () => new JsonArray("co-design", "languages"), ["availableDays"] = () => new JsonArray("tue"),
        ["availableTimes"] = () => new JsonArray("evening"), ["formats"] = () => new JsonArray("online"), ["accessNeeds"] = () => "Papers a week ahead.",
        ["localAuthority"] = () => "E09000030", ["paymentPreference"] = () => "voucher", ["offeredOn"] = () => "2026-06-01",
        ["membersWanted"] = () => 4, ["livedExperienceWanted"] = () => new JsonArray("depression"), ["skillsWanted"] = () => new JsonArray("document-review"),
        ["respondBy"] = () => "2026-12-28", ["estimatedHours"] = () => 2, ["preparationHours"] = () => 1, ["decision"] = () => "request-changes",
        ["activityType"] = () => "protocol-review", ["rateCategory"] = () => "meeting",
        // Panel: time, claims, rates and payment runs.
        ["activityDate"] = () => "2026-06-01", ["hours"] = () => 2, ["miles"] = () => 30, ["travelReceiptsPence"] = () => new JsonArray(480),
        ["dataAllowancePence"] = () => 500, ["carerCostsPence"] = () => 1200, ["inWorkTime"] = () => false, ["outcome"] = () => "approve",
        ["effectiveFrom"] = () => "2030-01-01", ["amountPence"] = () => 3000, ["unit"] = () => "per-hour", ["idempotencyKey"] = () => $"sweep-{Guid.NewGuid():N}",
    };

    /// <summary>The researcher who owns the study the sweep works on, the volunteer on the register, and the member of staff and Panel member it acts as.</summary>
    protected readonly string Researcher = Guid.NewGuid().ToString(), Volunteer = Guid.NewGuid().ToString(), Staff = Guid.NewGuid().ToString(),
        PanelMember = Guid.NewGuid().ToString();

    /// <summary>Values of a valid shape for this service where a field's name means something else elsewhere (Training's "type" is an organisation's).</summary>
    protected virtual IReadOnlyDictionary<string, Func<JsonNode?>> ServiceExamples { get; } = new Dictionary<string, Func<JsonNode?>>();

    /// <summary>Real ids for route parameters, by the path segment before them ("studies" → a study the researcher owns).</summary>
    protected virtual Task<Dictionary<string, string>> KnownIdsAsync() => Task.FromResult(new Dictionary<string, string>());

    /// <summary>After the sweep: the service still does its ordinary work.</summary>
    protected virtual Task StillWorksAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_field_of_every_operation_answers_hostile_values_with_a_problem_naming_it_never_a_server_error()
    {
        var started = Stopwatch.StartNew();
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/{service}/openapi/v1.json");
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        var roles = AdmittedRoles();
        var ids = await KnownIdsAsync();
        var failures = new List<string>();
        var sent = 0;
        // Leaving the register, and anything else that closes a record (withdrawing, cancelling, ending), last: before
        // it, the endpoints that name the record reach past their lookups. Revising a study just before: a material
        // revision sends it back to review, and the recruitment endpoints need it active.
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(o => (Path: p.Name, Method: o.Name.ToUpperInvariant(), Operation: o.Value)))
            .OrderBy(o => o.Method == "DELETE" || ClosingActions.Any(a => o.Path.EndsWith(a, StringComparison.Ordinal)) ? 2
                : o.Method == "PUT" && o.Path.EndsWith("/studies/{id}", StringComparison.Ordinal) ? 1 : 0).ToList();
        Assert.NotEmpty(operations);
        foreach (var (template, method, operation) in operations)
        {
            if (!roles.TryGetValue((method, Normalise(template)), out var admitted)) continue; // anonymous: the document itself
            var body = operation.TryGetProperty("requestBody", out var requestBody)
                ? Build(requestBody.GetProperty("content").GetProperty("application/json").GetProperty("schema"), schemas, "", 0, ServiceExamples)
                : null;
            var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            var plainPath = Fill(template, ids, null);
            var plainBody = body?.ToJsonString();
            var variants = new List<Variant>();
            foreach (var (field, segments) in body is null ? [] : Fields(body, []))
            foreach (var hostile in HostileJson.Append(Many))
                variants.Add(new Variant(field, plainPath, Serialise(body!, segments, hostile), plainPath, plainBody));
            foreach (var parameter in parameters)
            {
                var name = parameter.GetProperty("name").GetString()!;
                var where = parameter.GetProperty("in").GetString();
                if (where == "path" && parameter.GetProperty("schema").TryGetProperty("format", out var format) && format.GetString() == "uuid") continue;
                // A NUL in the path itself never reaches a service: Kestrel refuses the request line (and the test host cannot send it).
                foreach (var hostile in HostileQuery.Where(h => where != "path" || h != "%00"))
                    variants.Add(new Variant(name, where == "path" ? Fill(template, ids, (name, hostile)) : $"{plainPath}?{name}={hostile}", plainBody,
                        plainPath, plainBody));
            }
            foreach (var variant in variants)
            foreach (var role in admitted)
            {
                var (field, path, content, _, _) = variant;
                var response = await SendAsync(method, path, content, role, template);
                sent++;
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                // No broker in these tests: the dead-letter tools say so plainly, with a time to retry.
                if (status == 503 && problem && response.Headers.RetryAfter is not null && template.Contains("/dead-letters")) continue;
                if (status >= 500) failures.Add($"{method} {path} as {role}, {field}: {status} {text[..Math.Min(text.Length, 300)]}");
                else if (status == 400 && (!problem || !await NamesAsync(text, variant, method, role, template)))
                    failures.Add($"{method} {path} as {role}, {field}: 400 not naming it: {text[..Math.Min(text.Length, 300)]} for {Shorten(content)}");
            }
        }
        output.WriteLine($"{service}: {sent} hostile requests in {started.Elapsed.TotalSeconds:F1} s, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(40)));
        await StillWorksAsync();
    }

    private static string Shorten(string? content) => content is null ? "no body" : content.Length > 200 ? content[..200] + "…" : content;

    private Dictionary<(string Method, string Route), string[]> AdmittedRoles()
    {
        var policies = factory.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
        var result = new Dictionary<(string, string), string[]>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) continue;
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            var admitted = (policy is null ? null : policies.GetPolicy(policy)?.Requirements.OfType<RolesAuthorizationRequirement>().SingleOrDefault()
                ?.AllowedRoles.ToArray()) ?? [.. Roles.All];
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                result[(method, Normalise(endpoint.RoutePattern.RawText!))] = admitted;
        }
        return result;
    }

    private static string Normalise(string route) => Parameter().Replace(route, "{$1}").TrimEnd('/');

    private static string Fill(string template, Dictionary<string, string> ids, (string Name, string Value)? hostile) =>
        Parameter().Replace(template, m =>
        {
            if (hostile is { } h && m.Groups[1].Value == h.Name) return h.Value;
            var before = template[..m.Index].TrimEnd('/');
            var segment = before[(before.LastIndexOf('/') + 1)..];
            return ids.GetValueOrDefault(segment) ?? Guid.NewGuid().ToString();
        });

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? content, string role, string template)
    {
        // Joining the register takes a person not yet on it; everything else acts as the sweep's own researcher and volunteer.
        var subject = role switch
        {
            Roles.Volunteer when method == "POST" && Normalise(template) == $"/api/{service}/volunteers" => Guid.NewGuid().ToString(),
            Roles.Volunteer => Volunteer,
            Roles.Researcher => Researcher,
            Roles.Staff => Staff,
            Roles.PanelMember => PanelMember,
            _ => null,
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (content is not null) request.Content = new StringContent(content, Encoding.UTF8, "application/json");
        return await factory.CreateClient().As(role, subject).SendAsync(request);
    }

    /// <param name="Baseline">The same request without the hostile value.</param>
    private sealed record Variant(string Field, string Path, string? Body, string BaselinePath, string? BaselineBody);

    private const string Many = "many";

    /// <summary>
    /// The problem names the field, a path above it or one below it; or the field took the value and the same request
    /// without it draws the very same errors (the value made no difference).
    /// </summary>
    private async Task<bool> NamesAsync(string problem, Variant variant, string method, string role, string template)
    {
        var field = variant.Field;
        var errors = JsonDocument.Parse(problem).RootElement.TryGetProperty("errors", out var e) ? e.EnumerateObject().Select(x => x.Name).ToList() : [];
        if (errors.Any(key => key == field || field.StartsWith(key + ".", StringComparison.Ordinal) || field.StartsWith(key + "[", StringComparison.Ordinal)
                || key.StartsWith(field + ".", StringComparison.Ordinal) || key.StartsWith(field + "[", StringComparison.Ordinal)))
            return true;
        if (errors.Count == 0) return false;
        var baseline = await SendAsync(method, variant.BaselinePath, variant.BaselineBody, role, template);
        if ((int)baseline.StatusCode != 400) return false;
        var baseErrors = JsonDocument.Parse(await baseline.Content.ReadAsStringAsync()).RootElement.TryGetProperty("errors", out var b)
            ? b.EnumerateObject().Select(x => x.Name).ToHashSet() : [];
        return baseErrors.SetEquals(errors);
    }

    /// <summary>A body of a valid shape for the schema: the examples above by name, otherwise a plain value of the type.</summary>
    private static JsonNode? Build(JsonElement schema, JsonElement schemas, string name, int depth, IReadOnlyDictionary<string, Func<JsonNode?>> own)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return depth > 6 ? null : Build(schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas, name, depth + 1, own);
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            if (schema.TryGetProperty(combinator, out var options))
                foreach (var option in options.EnumerateArray())
                    if (!(option.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"))
                        return Build(option, schemas, name, depth, own);
        if (own.TryGetValue(name, out var mine)) return mine();
        if (Examples.TryGetValue(name, out var example)) return example();
        if (schema.TryGetProperty("enum", out var values) && values.EnumerateArray().FirstOrDefault(v => v.ValueKind != JsonValueKind.Null) is
            { ValueKind: not JsonValueKind.Undefined } first)
            return JsonNode.Parse(first.GetRawText());
        var type = TypeOf(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case "object":
                var node = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                    foreach (var property in properties.EnumerateObject())
                        node[property.Name] = Build(property.Value, schemas, property.Name, depth + 1, own);
                return node;
            case "array":
                return schema.TryGetProperty("items", out var items) ? new JsonArray(Build(items, schemas, name, depth + 1, own)) : new JsonArray();
            case "integer": return 1;
            case "number": return 1.5;
            case "boolean": return false;
            default:
                return format switch
                {
                    "uuid" => Guid.NewGuid().ToString(),
                    "date" => "2026-06-01",
                    "date-time" => "2026-06-01T09:00:00Z",
                    _ => "x",
                };
        }
    }

    /// <summary>The schema's type: OpenAPI 3.1 lists several ("integer", "string" for numbers read from strings; "null").</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type)) return schema.TryGetProperty("properties", out _) ? "object" : "string";
        if (type.ValueKind == JsonValueKind.String) return type.GetString()!;
        var types = type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null").ToList();
        return types.FirstOrDefault(t => t != "string") ?? types.FirstOrDefault() ?? "string";
    }

    /// <summary>Every field of a body, at every depth (the first item of each list standing for all): its name as a problem names it, and the way to it.</summary>
    private static IEnumerable<(string Field, object[] Segments)> Fields(JsonNode node, object[] at)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    object[] segments = [.. at, key];
                    yield return (Name(segments), segments);
                    if (value is not null) foreach (var inner in Fields(value, segments)) yield return inner;
                }
                break;
            case JsonArray { Count: > 0 } array when array[0] is { } first:
                object[] item = [.. at, 0];
                yield return (Name(item), item);
                foreach (var inner in Fields(first, item)) yield return inner;
                break;
        }
    }

    private static string Name(object[] segments) =>
        string.Concat(segments.Select((s, i) => s is int index ? $"[{index}]" : i == 0 ? (string)s : "." + s));

    /// <summary>The body with the field at <paramref name="segments"/> replaced by the hostile raw JSON (<see cref="Many"/>: its list grown past any bound).</summary>
    private static string Serialise(JsonNode root, object[] segments, string hostile)
    {
        var copy = root.DeepClone();
        var parent = segments[..^1].Aggregate(copy, (node, s) => s is int i ? node![i]! : node![(string)s]!);
        var current = segments[^1] is int index ? parent[index] : parent[(string)segments[^1]];
        JsonNode replacement = hostile == Many
            ? new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => current?.DeepClone())])
            : JsonValue.Create(RawMarker);
        if (segments[^1] is int at) parent.AsArray()[at] = replacement;
        else parent.AsObject()[(string)segments[^1]] = replacement;
        var text = copy.ToJsonString();
        return hostile == Many ? text : text.Replace($"\"{RawMarker}\"", hostile);
    }
}

public sealed class SweepParticipationFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);
public sealed class SweepLearningFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning);
public sealed class SweepTrainingFactory() : ServiceFactory<TrainingDbContext>(ResourceNames.Training);
public sealed class SweepPanelFactory() : ServiceFactory<PanelDbContext>(ResourceNames.Panel);

[Collection(ServiceTestsCollection.Name)]
public sealed class ParticipationHostileInputSweepTests(SweepParticipationFactory factory, ITestOutputHelper output)
    : HostileInputSweepTests<ParticipationDbContext>(factory, "participation", output), IClassFixture<SweepParticipationFactory>
{
    private static readonly object Carers = new { criteria = new { relationships = new[] { "carer" } } };

    protected override async Task<Dictionary<string, string>> KnownIdsAsync()
    {
        var volunteer = await factory.CreateClient().As(Roles.Volunteer, Volunteer).PostAsJsonAsync("/api/participation/volunteers", new
        {
            firstName = "Amina", lastName = "Begum", email = $"amina.{Guid.NewGuid():N}@example.org", yearOfBirth = 1988,
            relationships = new[] { "carer" }, consentVersion = 1,
        });
        Assert.Equal(HttpStatusCode.Created, volunteer.StatusCode);
        var study = await factory.CreateClient().As(Roles.Researcher, Researcher).PostAsJsonAsync("/api/participation/studies", new
        {
            title = "Sleep and low mood", laySummary = "Whether better sleep lifts low mood.", sponsor = "Queen Mary University of London",
            sites = new[] { "Mile End Hospital" }, boroughs = new[] { "E09000030" }, eligibility = new { minAge = 18 }, recruitmentTarget = 100,
        });
        Assert.Equal(HttpStatusCode.Created, study.StatusCode);
        var studyId = (await study.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"/api/participation/studies/{studyId}/status", new { status = "active" })).StatusCode);
        var survey = await coordinator.PostAsJsonAsync("/api/participation/surveys", new
        {
            title = "What gets in the way", mode = "anonymous",
            questions = new[] { new { id = "q1", kind = "single", text = "How far is the nearest site?", required = false, barrier = (string?)null,
                options = new[] { new { id = "a", text = "Too far", barrier = (string?)"travel" }, new { id = "b", text = "Near", barrier = (string?)null } } } },
        });
        Assert.Equal(HttpStatusCode.Created, survey.StatusCode);
        var surveyId = (await survey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"/api/participation/surveys/{surveyId}/status", new { status = "open" })).StatusCode);
        return new Dictionary<string, string> { ["studies"] = studyId, ["surveys"] = surveyId };
    }

    /// <summary>A volunteer joins and feasibility counts them: the register index is still refreshing.</summary>
    protected override async Task StillWorksAsync()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        async Task<int> CarersAsync() => (await (await coordinator.PostAsJsonAsync("/api/participation/feasibility", Carers))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rawCount").GetInt32();
        var before = await CarersAsync();
        var joined = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync("/api/participation/volunteers", new
        {
            firstName = "Femi", lastName = "Adeyemi", email = $"femi.{Guid.NewGuid():N}@example.org", yearOfBirth = 1970,
            relationships = new[] { "carer" },
            consentVersion = (await coordinator.GetFromJsonAsync<JsonElement>("/api/participation/consent")).GetProperty("version").GetInt32(),
        });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        Assert.Equal(before + 1, await CarersAsync());
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class LearningHostileInputSweepTests(SweepLearningFactory factory, ITestOutputHelper output)
    : HostileInputSweepTests<LearningDbContext>(factory, "learning", output), IClassFixture<SweepLearningFactory>
{
    protected override async Task StillWorksAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().As(Roles.Researcher).GetAsync("/api/learning/representation?dimension=sex")).StatusCode);
}

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingHostileInputSweepTests(SweepTrainingFactory factory, ITestOutputHelper output)
    : HostileInputSweepTests<TrainingDbContext>(factory, "training", output), IClassFixture<SweepTrainingFactory>
{
    /// <summary>
    /// The sweep's member of staff with a profile, a course with a session they completed (so a certificate exists) and
    /// another session they are booked on, so the endpoints that name them reach past the lookups.
    /// </summary>
    protected override async Task<Dictionary<string, string>> KnownIdsAsync()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var staff = factory.CreateClient().As(Roles.Staff, Staff);
        async Task<string> CreatedAsync(HttpClient client, string path, object body, string property = "id")
        {
            var response = await client.PostAsJsonAsync(path, body);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(property).GetString()!;
        }
        var organisation = await CreatedAsync(coordinator, "/api/training/organisations", new { name = $"Sweep trust {Guid.NewGuid():N}", type = "nhs-trust" });
        var profile = await CreatedAsync(staff, "/api/training/profiles", new { name = "Sweep Staff", profession = "nursing", organisationId = organisation });
        var course = await CreatedAsync(coordinator, "/api/training/courses",
            new { title = "Sweep course", summary = "A course.", level = "entry", format = "online", durationMinutes = 60, tags = new[] { "research-champion" } });
        var starts = DateTimeOffset.UtcNow.AddDays(30);
        object Session() => new { startsAt = starts, endsAt = starts.AddHours(2), onlineLink = "https://meet.example.org/s", capacity = 10 };
        var done = await CreatedAsync(coordinator, $"/api/training/courses/{course}/sessions", Session());
        var completed = await CreatedAsync(staff, $"/api/training/sessions/{done}/enrolments", new { });
        Assert.True((await coordinator.PostAsJsonAsync($"/api/training/enrolments/{completed}/attendance", new { attended = true })).IsSuccessStatusCode);
        var code = await CreatedAsync(coordinator, $"/api/training/enrolments/{completed}/completion", new { }, "code");
        var session = await CreatedAsync(coordinator, $"/api/training/courses/{course}/sessions", Session());
        var booked = await CreatedAsync(staff, $"/api/training/sessions/{session}/enrolments", new { });
        // Having completed the champion course, they are a champion; they applied to an open call the sweep's researcher reviews.
        var champion = await CreatedAsync(coordinator, "/api/training/champions", new { profileId = profile });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var call = await CreatedAsync(coordinator, "/api/training/funded-posts/calls", new
        {
            title = "Sweep call", description = "A call.", amount = 5000, opensOn = today.AddDays(-1), closesOn = today.AddDays(30),
            criteria = new[] { new { name = "fit", weight = 1, maxScore = 10 } },
        });
        await CreatedAsync(coordinator, $"/api/training/funded-posts/calls/{call}/reviewers", new { subjectId = Researcher }, "subjectId");
        var application = await CreatedAsync(staff, $"/api/training/funded-posts/calls/{call}/applications", new
        {
            statement = "Why.", answers = new[] { new { criterion = "fit", answer = "Good." } }, requestedAmount = 1000,
        });

        // The sweep's researcher mentors the sweep's member of staff: a relationship with a goal for the mentoring endpoints.
        var mentorAsStaff = factory.CreateClient().As(Roles.Staff, Researcher);
        await CreatedAsync(mentorAsStaff, "/api/training/profiles", new { name = "Sweep Mentor", profession = "psychology", organisationId = organisation });
        var training = await CreatedAsync(coordinator, "/api/training/courses",
            new { title = "Sweep mentor training", summary = "A course.", level = "entry", format = "online", durationMinutes = 60, tags = new[] { "mentor-training" } });
        var trained = await CreatedAsync(mentorAsStaff, $"/api/training/sessions/{await CreatedAsync(coordinator, $"/api/training/courses/{training}/sessions", Session())}/enrolments", new { });
        Assert.True((await coordinator.PostAsJsonAsync($"/api/training/enrolments/{trained}/attendance", new { attended = true })).IsSuccessStatusCode);
        await CreatedAsync(coordinator, $"/api/training/enrolments/{trained}/completion", new { }, "code");
        Assert.True((await factory.CreateClient().As(Roles.Researcher, Researcher).PutAsJsonAsync("/api/training/mentoring/mentors/me", new
        {
            methods = new[] { "surveys" }, professionsSupported = new[] { "nursing" }, capacity = 1, availability = new[] { "tue-pm" }, modes = new[] { "online" },
        })).IsSuccessStatusCode);
        await CreatedAsync(staff, "/api/training/mentoring/requests", new { goals = new[] { "psychosis" }, availability = new[] { "tue-pm" }, modes = new[] { "online" } });
        var run = await (await coordinator.PostAsync("/api/training/mentoring/matching", null)).Content.ReadFromJsonAsync<JsonElement>();
        var pair = run.GetProperty("pairs")[0].GetProperty("id").GetString()!;
        var relationship = await CreatedAsync(coordinator, $"/api/training/mentoring/matching/pairs/{pair}/confirm", new { });
        var goal = await CreatedAsync(staff, $"/api/training/mentoring/relationships/{relationship}/goals", new { description = "A first grant application" });
        return new Dictionary<string, string>
        {
            ["organisations"] = organisation, ["profiles"] = profile, ["courses"] = course, ["sessions"] = session, ["enrolments"] = booked,
            ["certificates"] = code, ["verify"] = code, ["champions"] = champion, ["calls"] = call, ["applications"] = application,
            ["awards"] = application, ["matching"] = run.GetProperty("id").GetString()!, ["pairs"] = pair,
            ["relationships"] = relationship, ["goals"] = goal,
        };
    }

    /// <summary>A new member of staff still books a place, counted under the session's lock.</summary>
    protected override async Task StillWorksAsync()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var organisation = (await (await coordinator.PostAsJsonAsync("/api/training/organisations", new { name = $"After {Guid.NewGuid():N}", type = "vcse" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var course = (await (await coordinator.PostAsJsonAsync("/api/training/courses",
            new { title = "After the sweep", summary = "A course.", level = "entry", format = "online", durationMinutes = 60 }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var starts = DateTimeOffset.UtcNow.AddDays(30);
        var session = (await (await coordinator.PostAsJsonAsync($"/api/training/courses/{course}/sessions",
                new { startsAt = starts, endsAt = starts.AddHours(2), onlineLink = "https://meet.example.org/s", capacity = 1 }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var staff = factory.CreateClient().As(Roles.Staff, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/api/training/profiles",
            new { name = "After Sweep", profession = "peer-support", organisationId = organisation })).StatusCode);
        var enrolled = await staff.PostAsync($"/api/training/sessions/{session}/enrolments", null);
        Assert.Equal("booked", (await enrolled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class PanelHostileInputSweepTests(SweepPanelFactory factory, ITestOutputHelper output)
    : HostileInputSweepTests<PanelDbContext>(factory, "panel", output), IClassFixture<SweepPanelFactory>
{
    /// <summary>An involvement request's type, so request bodies reach past validation to the database.</summary>
    protected override IReadOnlyDictionary<string, Func<JsonNode?>> ServiceExamples { get; } = new Dictionary<string, Func<JsonNode?>>
    {
        ["type"] = () => "protocol-review", ["startDate"] = () => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd"),
        ["endDate"] = () => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(44).ToString("yyyy-MM-dd"),
        ["respondBy"] = () => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20).ToString("yyyy-MM-dd"),
        ["reason"] = () => "not-available",
    };

    private static object Application(string name) => new
    {
        name, email = $"sweep.{Guid.NewGuid():N}@example.org", livedExperience = new[] { "psychosis" }, paymentPreference = "paid",
    };

    /// <summary>
    /// The sweep's Panel member (active, with the current agreement signed), an involvement request of the sweep's
    /// researcher and an offer of another to the member, so the endpoints that name them reach past the lookups.
    /// </summary>
    protected override async Task<Dictionary<string, string>> KnownIdsAsync()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var applied = await factory.CreateClient().As(Roles.PanelMember, PanelMember).PostAsJsonAsync("/api/panel/members", Application("Sweep Member"));
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var member = (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var agreement = await coordinator.PostAsJsonAsync("/api/panel/agreements", new { text = "What is said in the Panel stays there." });
        var version = (await agreement.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        Assert.True((await factory.CreateClient().As(Roles.PanelMember, PanelMember).PostAsJsonAsync("/api/panel/members/me/agreement", new { version }))
            .IsSuccessStatusCode);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var request = await factory.CreateClient().As(Roles.Researcher, Researcher).PostAsJsonAsync("/api/panel/requests", new
        {
            type = "protocol-review", title = "Sweep request", description = "Read the protocol.", membersWanted = 3, startDate = start,
            estimatedHours = 2, format = "online",
        });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        // An offer of a second, accepted request to the sweep's member (made active), for the answer endpoints.
        foreach (var status in new[] { "shortlisted", "inducted", "active" })
            Assert.True((await coordinator.PostAsJsonAsync($"/api/panel/members/{member}/status", new { status })).IsSuccessStatusCode);
        var offered = await factory.CreateClient().As(Roles.Researcher, Researcher).PostAsJsonAsync("/api/panel/requests", new
        {
            type = "lay-summary-review", title = "Sweep offer", description = "Read a summary.", membersWanted = 1, startDate = start,
            estimatedHours = 1, format = "online",
        });
        var offeredId = (await offered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.True((await coordinator.PostAsJsonAsync($"/api/panel/requests/{offeredId}/triage",
            new { decision = "accept", activityType = "lay-summary-review", rateCategory = "short-task" })).IsSuccessStatusCode);
        Assert.True((await coordinator.PostAsJsonAsync($"/api/panel/requests/{offeredId}/offers", new { })).IsSuccessStatusCode);
        var offers = await factory.CreateClient().As(Roles.PanelMember, PanelMember).GetFromJsonAsync<JsonElement>("/api/panel/members/me/offers");
        var requestId = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var involvement = await InvolvementAsync(coordinator, Guid.Parse(member));
        // The sweep's member recorded time on it and claimed; a payment run exists.
        var panelMember = factory.CreateClient().As(Roles.PanelMember, PanelMember);
        Assert.True((await panelMember.PutAsJsonAsync($"/api/panel/involvements/{involvement}/attendance",
            new { activityDate = "2026-06-01", hours = 2 })).IsSuccessStatusCode);
        var claim = await panelMember.PostAsJsonAsync($"/api/panel/involvements/{involvement}/claim", new { miles = 30 });
        Assert.Equal(HttpStatusCode.Created, claim.StatusCode);
        var run = await coordinator.PostAsJsonAsync("/api/panel/payment-runs", new { idempotencyKey = "sweep-known" });
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        return new Dictionary<string, string>
        {
            ["members"] = member, ["requests"] = requestId, ["offers"] = offers.GetProperty("outstanding")[0].GetProperty("offerId").GetString()!,
            ["involvements"] = involvement.ToString(), ["claims"] = (await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!,
            ["payment-runs"] = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!,
        };
    }

    /// <summary>An accepted request of its own offered to and accepted by the member (in the database: offers are another feature's): their involvement.</summary>
    private async Task<Guid> InvolvementAsync(HttpClient coordinator, Guid memberId)
    {
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var request = await factory.CreateClient().As(Roles.Researcher, Researcher).PostAsJsonAsync("/api/panel/requests", new
        {
            type = "document-review", title = "Sweep involvement", description = "Read the summary.", membersWanted = 1, startDate = start,
            estimatedHours = 2, format = "online",
        });
        var requestId = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True((await coordinator.PostAsJsonAsync($"/api/panel/requests/{requestId}/triage",
            new { decision = "accept", activityType = "document-review", rateCategory = "hourly" })).IsSuccessStatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        var offer = new Offer
        {
            Id = Guid.NewGuid(), RequestId = requestId, MemberId = memberId, Rank = 1, MadeAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(7), Status = MhAll.Panel.Domain.OfferStatuses.Accepted, ClosedAt = DateTimeOffset.UtcNow,
        };
        db.Offers.Add(offer);
        await db.SaveChangesAsync();
        return offer.Id;
    }

    /// <summary>A new person still applies, and a coordinator still moves them on.</summary>
    protected override async Task StillWorksAsync()
    {
        var applied = await factory.CreateClient().As(Roles.PanelMember).PostAsJsonAsync("/api/panel/members", Application("After Sweep"));
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var id = (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().As(Roles.Coordinator)
            .PostAsJsonAsync($"/api/panel/members/{id}/status", new { status = "shortlisted" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().As(Roles.Coordinator).GetAsync($"/api/panel/admin/erasures/{Guid.NewGuid()}")).StatusCode);
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class IdentityHostileInputSweepTests(IdentityFactory factory, ITestOutputHelper output)
    : HostileInputSweepTests<AccountsDbContext>(factory, ResourceNames.Identity, output), IClassFixture<IdentityFactory>
{
    /// <summary>A role to grant, a partner's scopes and an authenticator code of a valid shape ("name" is the client's, as in Training).</summary>
    protected override IReadOnlyDictionary<string, Func<JsonNode?>> ServiceExamples { get; } = new Dictionary<string, Func<JsonNode?>>
    {
        ["role"] = () => "researcher", ["scopes"] = () => new JsonArray("studies.read"), ["code"] = () => "123456",
    };

    /// <summary>A verified account to grant roles to and a registered partner client, so the endpoints that name them reach past the lookups.</summary>
    protected override async Task<Dictionary<string, string>> KnownIdsAsync()
    {
        var account = await factory.VerifiedAccountAsync(IdentityFlows.NewEmail());
        var client = await factory.CreateClient().As(Roles.Coordinator)
            .PostAsJsonAsync("/api/identity/clients", new { name = "Sweep ICS", scopes = new[] { "studies.read" } });
        Assert.Equal(HttpStatusCode.Created, client.StatusCode);
        var clientId = (await client.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString()!;
        return new Dictionary<string, string> { ["accounts"] = account, ["roles"] = Roles.Volunteer, ["clients"] = clientId };
    }

    /// <summary>A new person still signs up, verifies their email and gets a token.</summary>
    protected override async Task StillWorksAsync()
    {
        var email = IdentityFlows.NewEmail();
        await factory.VerifiedAccountAsync(email);
        Assert.NotEmpty(await (await factory.CreateClient().PasswordTokenAsync(email)).AccessTokenAsync());
    }
}
