using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using static MhAll.ServiceTests.PanelSeeding;

namespace MhAll.ServiceTests;

[Collection(ServiceTestsCollection.Name)]
public sealed class PanelRequestTests(PanelFactory factory) : IClassFixture<PanelFactory>
{
    private static readonly object Accept = new { decision = "accept", activityType = "lay-summary-review", rateCategory = "short-task" };

    [Fact]
    public async Task A_researchers_request_awaits_triage_with_what_they_asked_for()
    {
        var (researcher, id) = await factory.RequestAsync();
        var request = await researcher.GetFromJsonAsync<JsonElement>($"{Requests}/{id}");
        Assert.Equal(("awaiting-triage", "lay-summary-review", "researcher", 4), (request.GetProperty("status").GetString(),
            request.GetProperty("type").GetString(), request.GetProperty("source").GetString(), request.GetProperty("membersWanted").GetInt32()));
        Assert.Equal((2.0m, 1.0m), (request.GetProperty("estimatedHours").GetDecimal(), request.GetProperty("preparationHours").GetDecimal()));
    }

    [Fact]
    public async Task A_request_names_each_field_it_refuses()
    {
        var response = await factory.CreateClient().As(Roles.Researcher).PostAsJsonAsync(Requests, InvolvementRequest(b =>
        {
            b["type"] = "focus-group"; b["membersWanted"] = 0; b["format"] = "by-post"; b["estimatedHours"] = 0;
            b["respondBy"] = ((DateOnly)b["startDate"]!).AddDays(1);
        }));
        await response.AssertValidationProblemAsync("type", "membersWanted", "format", "estimatedHours", "respondBy");
    }

    [Fact]
    public async Task Another_researchers_request_is_not_found()
    {
        var (_, id) = await factory.RequestAsync();
        var other = factory.CreateClient().As(Roles.Researcher);
        await (await other.GetAsync($"{Requests}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.PutAsJsonAsync($"{Requests}/{id}", InvolvementRequest())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsync($"{Requests}/{id}/resubmit", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_researcher_lists_only_their_own_requests_and_a_coordinator_all()
    {
        var (researcher, mine) = await factory.RequestAsync();
        var (_, theirs) = await factory.RequestAsync();
        var own = (await researcher.GetFromJsonAsync<JsonElement>(Requests)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([mine], own);
        var all = (await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Requests}?pageSize=200")).GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(mine, all);
        Assert.Contains(theirs, all);
    }

    [Theory]
    [InlineData(Roles.PanelMember)]
    [InlineData(Roles.Volunteer)]
    [InlineData(Roles.Staff)]
    public async Task Only_researchers_and_coordinators_ask_for_involvement(string role)
    {
        await (await factory.CreateClient().As(role).PostAsJsonAsync(Requests, InvolvementRequest())).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_coordinator_accepts_a_request_setting_its_activity_type_and_rate_category()
    {
        var (researcher, id) = await factory.RequestAsync();
        Assert.Equal(HttpStatusCode.OK, (await factory.TriageAsync(id, Accept)).StatusCode);
        var request = await researcher.GetFromJsonAsync<JsonElement>($"{Requests}/{id}");
        Assert.Equal(("accepted", "lay-summary-review", "short-task"), (request.GetProperty("status").GetString(),
            request.GetProperty("activityType").GetString(), request.GetProperty("rateCategory").GetString()));
    }

    [Fact]
    public async Task Accepting_needs_an_activity_type_and_a_rate_category()
    {
        var (_, id) = await factory.RequestAsync();
        await (await factory.TriageAsync(id, new { decision = "accept" })).AssertValidationProblemAsync("activityType", "rateCategory");
        // A category the rate table does not know would leave the members unable to claim.
        await (await factory.TriageAsync(id, new { decision = "accept", activityType = "lay-summary-review", rateCategory = "no-such-rate" }))
            .AssertValidationProblemAsync("rateCategory");
    }

    [Fact]
    public async Task Asking_for_changes_lets_the_researcher_change_and_resubmit_the_request()
    {
        var (researcher, id) = await factory.RequestAsync();
        Assert.Equal(HttpStatusCode.OK, (await factory.TriageAsync(id, new { decision = "request-changes", note = "Say how long the summary is." })).StatusCode);
        var asked = await researcher.GetFromJsonAsync<JsonElement>($"{Requests}/{id}");
        Assert.Equal(("changes-requested", "Say how long the summary is."), (asked.GetProperty("status").GetString(), asked.GetProperty("triageNote").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await researcher.PutAsJsonAsync($"{Requests}/{id}", InvolvementRequest(b => b["description"] = "One page, 400 words."))).StatusCode);
        var resubmitted = await researcher.PostAsync($"{Requests}/{id}/resubmit", null);
        Assert.Equal("awaiting-triage", (await resubmitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await factory.TriageAsync(id, Accept)).StatusCode);
    }

    [Fact]
    public async Task Asking_for_changes_needs_a_note()
    {
        var (_, id) = await factory.RequestAsync();
        await (await factory.TriageAsync(id, new { decision = "request-changes" })).AssertValidationProblemAsync("note");
    }

    [Fact]
    public async Task Declining_needs_a_reason()
    {
        var (_, id) = await factory.RequestAsync();
        await (await factory.TriageAsync(id, new { decision = "decline", note = " " })).AssertValidationProblemAsync("note");
    }

    [Fact]
    public async Task A_declined_request_can_no_longer_be_changed_and_the_researcher_reads_why()
    {
        var (researcher, id) = await factory.RequestAsync();
        Assert.Equal(HttpStatusCode.OK, (await factory.TriageAsync(id, new { decision = "decline", note = "The Panel does not review grant budgets." })).StatusCode);
        await (await researcher.PutAsJsonAsync($"{Requests}/{id}", InvolvementRequest())).AssertProblemAsync(HttpStatusCode.Conflict);
        var request = await researcher.GetFromJsonAsync<JsonElement>($"{Requests}/{id}");
        Assert.Equal("The Panel does not review grant budgets.", request.GetProperty("triageNote").GetString());
    }

    [Fact]
    public async Task A_decided_request_cannot_be_triaged_again()
    {
        var (_, id) = await factory.RequestAsync();
        Assert.Equal(HttpStatusCode.OK, (await factory.TriageAsync(id, Accept)).StatusCode);
        await (await factory.TriageAsync(id, new { decision = "decline", note = "Changed my mind." })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_a_request_sent_back_for_changes_can_be_resubmitted()
    {
        var (researcher, id) = await factory.RequestAsync();
        await (await researcher.PostAsync($"{Requests}/{id}/resubmit", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Researchers_do_not_triage_even_their_own_request()
    {
        var (researcher, id) = await factory.RequestAsync();
        await (await researcher.PostAsJsonAsync($"{Requests}/{id}/triage", Accept)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Triaging_an_unknown_request_is_not_found()
    {
        await (await factory.TriageAsync(Guid.NewGuid(), Accept)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
