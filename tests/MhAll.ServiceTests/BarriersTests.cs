using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class BarriersFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

[Collection(ServiceTestsCollection.Name)]
public sealed class BarriersTests(BarriersFactory factory) : IClassFixture<BarriersFactory>
{
    private const string Surveys = "/api/participation/surveys";

    private static object NewSurvey(string mode) => new
    {
        title = "What gets in the way of taking part in research?", mode,
        questions = new object[]
        {
            new
            {
                id = "q1", kind = "multiple", text = "Which of these have stopped you taking part?", required = true,
                options = new object[]
                {
                    new { id = "a", text = "I could not get time off work", barrier = "time" },
                    new { id = "b", text = "The study was too far away", barrier = "travel" },
                    new { id = "c", text = "Nobody ever asked me", barrier = "not-asked" },
                    new { id = "d", text = "None of these" },
                },
            },
            new { id = "q2", kind = "likert", text = "I trust researchers to use my information well.", barrier = "trust" },
            new { id = "q3", kind = "text", text = "Anything else?" },
        },
    };

    private async Task<Guid> OpenSurveyAsync(string mode)
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var created = await coordinator.PostAsJsonAsync(Surveys, NewSurvey(mode));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Surveys}/{id}/status", new { status = "open" })).StatusCode);
        return id;
    }

    private static object Answers(string[] options, int likert, string? text = null, string? relationship = null) => new
    {
        answers = new object[]
        {
            new { questionId = "q1", optionIds = options },
            new { questionId = "q2", likert },
            new { questionId = "q3", text = text ?? "No" },
        },
        relationship,
    };

    [Fact]
    public async Task Programme_staff_build_surveys_whose_answers_give_results_per_barrier_and_per_group()
    {
        var bad = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync(Surveys, new
        {
            title = "", mode = "public",
            questions = new object[] { new { id = "q1", kind = "single", text = "Pick", options = new object[] { new { id = "a", text = "A", barrier = "weather" } } } },
        });
        await bad.AssertValidationProblemAsync("title", "mode", "questions[0].options", "questions[0].options[0].barrier");
        await (await factory.CreateClient().As(Roles.Researcher).PostAsJsonAsync(Surveys, NewSurvey("anonymous"))).AssertProblemAsync(HttpStatusCode.Forbidden);

        var id = await OpenSurveyAsync("anonymous");
        // 9 carers cite time and travel and distrust researchers; 3 staff were never asked.
        for (var i = 0; i < 9; i++)
            Assert.Equal(HttpStatusCode.Created, (await factory.CreateClient().As(Roles.Volunteer)
                .PostAsJsonAsync($"{Surveys}/{id}/responses", Answers(["a", "b"], likert: 2, relationship: "carer"))).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await factory.CreateClient().As(Roles.Staff)
                .PostAsJsonAsync($"{Surveys}/{id}/responses", Answers(["c"], likert: 5, text: "My manager would not allow it", relationship: "staff"))).StatusCode);

        var invalid = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync($"{Surveys}/{id}/responses",
            new { answers = new object[] { new { questionId = "q2", likert = 9 }, new { questionId = "q9", text = "?" } } });
        await invalid.AssertValidationProblemAsync("answers", "answers[0].likert", "answers[1].questionId");
        await (await factory.CreateClient().As(Roles.Partner).PostAsJsonAsync($"{Surveys}/{id}/responses", Answers(["a"], 3)))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var raw = await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>($"{Surveys}/{id}/results?by=relationship");
        int? Barrier(JsonElement report, string name) => report.GetProperty("barriers").EnumerateArray()
            .Single(b => b.GetProperty("barrier").GetString() == name).GetProperty("count") is { ValueKind: JsonValueKind.Number } c ? c.GetInt32() : null;
        Assert.Equal(12, raw.GetProperty("responses").GetInt32());
        Assert.Equal((9, 9, 3, 0), (Barrier(raw, "time"), Barrier(raw, "travel"), Barrier(raw, "not-asked"), Barrier(raw, "payment")));
        Assert.Equal(3, Barrier(raw, "trust")); // agreeing (4–5) with a Likert statement about a barrier cites it
        var groups = raw.GetProperty("byGroup").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!);
        Assert.Equal(9, Barrier(groups["carer"], "time"));
        Assert.Equal(3, Barrier(groups["staff"], "not-asked"));
        var text = raw.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "q3");
        Assert.Contains("My manager would not allow it", text.GetProperty("textAnswers").EnumerateArray().Select(t => t.GetString()));

        // Everyone else: rounded, small numbers hidden, and no free text.
        var published = await factory.CreateClient().As(Roles.Researcher).GetFromJsonAsync<JsonElement>($"{Surveys}/{id}/results");
        Assert.Equal(10, Barrier(published, "time"));
        Assert.Null(Barrier(published, "not-asked"));
        Assert.Equal(JsonValueKind.Null, published.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "q3")
            .GetProperty("textAnswers").ValueKind);
    }

    [Fact]
    public async Task Linked_surveys_take_one_answer_per_registered_volunteer_and_erasure_leaves_it_anonymous()
    {
        var id = await OpenSurveyAsync("linked");
        var subject = Guid.NewGuid().ToString();
        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        await (await volunteer.PostAsJsonAsync($"{Surveys}/{id}/responses", Answers(["b"], 4))).AssertProblemAsync(HttpStatusCode.Conflict);

        var joined = await volunteer.PostAsJsonAsync("/api/participation/volunteers", new
        {
            firstName = "Nadia", lastName = "Hussain", email = $"nadia.{Guid.NewGuid():N}@example.org", yearOfBirth = 1979, consentVersion = 1,
            relationships = new[] { "carer" }, ethnicGroup = "asian-pakistani",
        });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        await (await volunteer.PostAsJsonAsync($"{Surveys}/{id}/responses", Answers(["b"], 4, relationship: "carer"))).AssertValidationProblemAsync("ethnicGroup");
        Assert.Equal(HttpStatusCode.Created, (await volunteer.PostAsJsonAsync($"{Surveys}/{id}/responses", Answers(["b"], 4))).StatusCode);
        await (await volunteer.PostAsJsonAsync($"{Surveys}/{id}/responses", Answers(["a"], 1))).AssertProblemAsync(HttpStatusCode.Conflict);

        var myData = await volunteer.GetFromJsonAsync<JsonElement>("/api/participation/volunteers/me/data");
        Assert.Single(myData.GetProperty("surveyAnswers").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await volunteer.DeleteAsync("/api/participation/volunteers/me")).StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var response = await db.SurveyResponses.SingleAsync(r => r.SurveyId == id);
        Assert.Null(response.VolunteerId);
        Assert.Equal("asian-pakistani", response.EthnicGroup);
    }

    [Fact]
    public async Task Linked_answers_by_deprivation_are_in_imd_2025_unless_2019_is_asked_for()
    {
        var id = await OpenSurveyAsync("linked");
        for (var i = 0; i < 10; i++)
        {
            var subject = Guid.NewGuid().ToString();
            // Placed in IMD 2025 decile 1 and IMD 2019 decile 5: an area that became relatively more deprived.
            await RegisterSeeding.AddVolunteersAsync(factory.Services, 1, "en", "asian-bangladeshi", imdDecile: 1, subject: subject, imd2019Decile: 5);
            Assert.Equal(HttpStatusCode.Created,
                (await factory.CreateClient().As(Roles.Volunteer, subject).PostAsJsonAsync($"{Surveys}/{id}/responses", Answers(["a"], 2))).StatusCode);
        }
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        async Task<(int? Edition, string Group, int Responses)> ByDeprivationAsync(string query)
        {
            var report = await coordinator.GetFromJsonAsync<JsonElement>($"{Surveys}/{id}/results?by=imd-quintile{query}");
            var group = report.GetProperty("byGroup").EnumerateArray().Single();
            return (report.GetProperty("imdEdition").GetInt32(), group.GetProperty("group").GetString()!, group.GetProperty("responses").GetInt32());
        }

        Assert.Equal((2025, "1", 10), await ByDeprivationAsync(""));
        Assert.Equal((2019, "3", 10), await ByDeprivationAsync("&imdEdition=2019"));
        await (await coordinator.GetAsync($"{Surveys}/{id}/results?by=imd-quintile&imdEdition=2015")).AssertValidationProblemAsync("imdEdition");
        var byRelationship = await coordinator.GetFromJsonAsync<JsonElement>($"{Surveys}/{id}/results");
        Assert.Equal(JsonValueKind.Null, byRelationship.GetProperty("imdEdition").ValueKind);
    }

    [Fact]
    public async Task Interviews_are_recorded_without_names_and_their_themes_counted()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        for (var i = 0; i < 8; i++)
        {
            var recorded = await coordinator.PostAsJsonAsync("/api/participation/interviews", new
            {
                heldOn = "2026-10-0" + (i % 9 + 1), participantRelationship = "lived-experience", ethnicGroup = "black-caribbean", localAuthorityCode = "E09000012",
                setting = "Community centre, Hackney", summary = "Talked about past experiences with services and why research felt distant.",
                themes = i < 2 ? new object[] { new { barrier = "trust", note = "bad experience with services" }, new { barrier = "stigma" } }
                    : new object[] { new { barrier = "trust" } },
            });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }
        var bad = await coordinator.PostAsJsonAsync("/api/participation/interviews", new { heldOn = "2099-01-01", participantRelationship = "friend", summary = "", themes = new[] { new { barrier = "weather" } } });
        await bad.AssertValidationProblemAsync("heldOn", "participantRelationship", "summary", "themes");

        Assert.Equal(2, (await coordinator.GetFromJsonAsync<JsonElement>("/api/participation/interviews?barrier=stigma")).GetProperty("total").GetInt32());
        var themes = await factory.CreateClient().As(Roles.Researcher).GetFromJsonAsync<JsonElement>("/api/participation/interviews/themes");
        var byBarrier = themes.GetProperty("byBarrier").EnumerateArray().ToDictionary(t => t.GetProperty("barrier").GetString()!, t => t.GetProperty("interviews"));
        Assert.Equal(10, byBarrier["trust"].GetInt32()); // 8 → 10
        Assert.Equal(JsonValueKind.Null, byBarrier["stigma"].ValueKind); // 2: hidden
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync("/api/participation/interviews")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
