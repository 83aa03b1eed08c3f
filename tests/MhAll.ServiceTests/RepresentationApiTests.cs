using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>Learning with a known read model: 40 Bangladeshi, 12 Black African and 3 White British volunteers
/// in Tower Hamlets, and 2 who preferred not to say, registered through the consumer; all in IMD 2019 decile 2 and IMD 2025 decile 3.</summary>
public sealed class RepresentationFactory() : ServiceFactory<LearningDbContext>(ResourceNames.Learning), IAsyncLifetime
{
    public const string TowerHamlets = "E09000030";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        // Through the consumer, as Participation's events would arrive.
        var events = new[] { (40, "asian-bangladeshi", "female"), (12, "black-african", "male"), (3, "white-british", "female"), (2, "prefer-not-to-say", "male") }
            .SelectMany(g => Enumerable.Range(0, g.Item1).Select(_ =>
                new VolunteerRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, "25-34", g.Item2, g.Item3, TowerHamlets, ImdDecile: 2, Imd2025Decile: 3)))
            .ToList();
        foreach (var e in events) await Harness.Bus.Publish(e);
        await WaitUntilAsync<LearningDbContext>(async db => await db.RegisteredVolunteers.CountAsync() == events.Count);
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class RepresentationApiTests(RepresentationFactory factory) : IClassFixture<RepresentationFactory>
{
    private const string Url = "/api/learning/representation";

    private async Task<JsonElement> GetAsync(string query, string role = Roles.Researcher)
    {
        var response = await factory.CreateClient().As(role).GetAsync($"{Url}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Group(JsonElement report, string name) =>
        report.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == name);

    [Theory]
    [InlineData("E09000030", "asian-bangladeshi", 107333, 310306)] // Tower Hamlets, Census 2021 TS021
    [InlineData("E06000034", "white-british", 116430, 175993)]    // Thurrock
    public async Task Population_shares_equal_the_census_files(string area, string group, int residents, int total)
    {
        var report = await GetAsync($"area={area}&dimension=ethnic-group");
        Assert.Equal((double)residents / total, Group(report, group).GetProperty("populationShare").GetDouble(), 12);
        Assert.Equal("census-2021", report.GetProperty("baseline").GetProperty("edition").GetString());
    }

    /// <summary>
    /// Hand-computed from the shared files, not from the shipped tables: Census 2021 usual residents (census2021/ethnicity_5groups_lsoa21,
    /// total) of each LSOA 2021 of the authority (geography/lsoa11_lsoa21_lad22_exact) in each IMD 2025 decile (imd2025/imd2025_lsoa21).
    /// Tower Hamlets: 310,322 residents, 95,266 in decile 2 and 38,546 in decile 1. Uttlesford: 91,351, 25,488 in decile 9.
    /// </summary>
    [Theory]
    [InlineData("E09000030", "imd-decile", "2", 95266, 310322)]
    [InlineData("E09000030", "imd-quintile", "1", 38546 + 95266, 310322)]
    [InlineData("E07000077", "imd-decile", "9", 25488, 91351)]
    public async Task Imd_2025_population_shares_equal_a_hand_computation_from_the_census_and_imd_2025_files(string area, string dimension, string group,
        int residents, int total)
    {
        var report = await GetAsync($"area={area}&dimension={dimension}");
        Assert.Equal((double)residents / total, Group(report, group).GetProperty("populationShare").GetDouble(), 12);
        Assert.Equal("imd-2025", report.GetProperty("baseline").GetProperty("edition").GetString());
        Assert.Equal(2025, report.GetProperty("imdEdition").GetInt32());
    }

    /// <summary>Unchanged by IMD 2025: Tower Hamlets' mid-2015 population aged 16+ (IoD 2019 File 6), 66,240 of 234,767 in IMD 2019 decile 2.</summary>
    [Fact]
    public async Task Imd_2019_figures_are_unchanged_when_asked_for()
    {
        var report = await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=imd-decile&imdEdition=2019");
        Assert.Equal(66240.0 / 234767, Group(report, "2").GetProperty("populationShare").GetDouble(), 12);
        Assert.Equal("imd-2019", report.GetProperty("baseline").GetProperty("edition").GetString());
        Assert.Equal(2019, report.GetProperty("imdEdition").GetInt32());
        Assert.Equal(55, Group(report, "2").GetProperty("count").GetInt32());
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Url}?dimension=imd-decile&imdEdition=2015"))
            .AssertValidationProblemAsync("imdEdition");
    }

    [Fact]
    public async Task Published_counts_are_rounded_small_ones_hidden_and_a_lone_hidden_cell_gets_a_partner()
    {
        var report = await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=ethnic-group");

        Assert.True(report.GetProperty("protected").GetBoolean());
        Assert.Equal(55, report.GetProperty("total").GetInt32());
        Assert.Equal(40, Group(report, "asian-bangladeshi").GetProperty("count").GetInt32());
        var whiteBritish = Group(report, "white-british");
        Assert.Equal(JsonValueKind.Null, whiteBritish.GetProperty("count").ValueKind);
        Assert.Equal("small-count", whiteBritish.GetProperty("suppression").GetString());
        Assert.Equal(JsonValueKind.Null, whiteBritish.GetProperty("share").ValueKind);
        var blackAfrican = Group(report, "black-african");
        Assert.Equal("secondary", blackAfrican.GetProperty("suppression").GetString());
        Assert.Equal(JsonValueKind.Null, blackAfrican.GetProperty("ratio").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("notStated").ValueKind); // 2 people: small
    }

    [Fact]
    public async Task The_detailed_and_broad_groups_read_together_do_not_give_back_a_small_group_s_count()
    {
        // The 3 White British. A reader has the 19 groups and the 5 broad ones, knows each broad group is the sum of its
        // detailed groups and that both tables count the same people, and narrows every count in turn until nothing changes.
        static (int Low, int High) WhiteBritish(JsonElement detailed, JsonElement broad)
        {
            var raw = !detailed.GetProperty("protected").GetBoolean();
            // A shown count is exact when raw, a true zero, or the true one (8 or more) rounded to 5; a hidden one is 1–7 when small.
            (int, int) Bounds(JsonElement count, string? suppression) => count is { ValueKind: JsonValueKind.Number }
                ? raw || count.GetInt32() == 0 ? (count.GetInt32(), count.GetInt32())
                    : (Math.Max(DisclosureControl.LargestSmallCount + 1, count.GetInt32() - 2), count.GetInt32() + 2)
                : suppression == "small-count" ? (1, DisclosureControl.LargestSmallCount) : (0, 1000);
            var bounds = new Dictionary<string, (int Low, int High)> { ["total"] = Bounds(detailed.GetProperty("total"), null) };
            foreach (var (table, prefix) in new[] { (detailed, ""), (broad, "broad ") })
                foreach (var g in table.GetProperty("groups").EnumerateArray())
                    bounds[prefix + g.GetProperty("name").GetString()] = Bounds(g.GetProperty("count"), g.GetProperty("suppression").GetString());
            var detailedNames = detailed.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!).ToList();
            var broadNames = broad.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!).ToList();
            // Each sum: its parts, and what they add up to.
            var sums = broadNames.Select(b => (Parts: detailedNames.Where(d => d.Split('-')[0] == b).ToList(), Sum: "broad " + b))
                .Append((detailedNames, "total")).Append((broadNames.Select(b => "broad " + b).ToList(), "total")).ToList();
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var (parts, sum) in sums)
                {
                    var (low, high) = (parts.Sum(p => bounds[p].Low), parts.Sum(p => bounds[p].High));
                    changed |= Narrow(sum, low, high);
                    foreach (var part in parts)
                        changed |= Narrow(part, bounds[sum].Low - (high - bounds[part].High), bounds[sum].High - (low - bounds[part].Low));
                }
            }
            return bounds["white-british"];

            bool Narrow(string name, int low, int high)
            {
                var (l, h) = bounds[name];
                var narrowed = (Math.Max(l, low), Math.Min(h, high));
                bounds[name] = narrowed;
                return narrowed != (l, h);
            }
        }

        var area = $"area={RepresentationFactory.TowerHamlets}";
        Assert.Equal((3, 3), WhiteBritish(await GetAsync($"{area}&dimension=ethnic-group&raw=true", Roles.Coordinator),
            await GetAsync($"{area}&dimension=ethnic-group-broad&raw=true", Roles.Coordinator)));
        var (low, high) = WhiteBritish(await GetAsync($"{area}&dimension=ethnic-group"), await GetAsync($"{area}&dimension=ethnic-group-broad"));
        Assert.True(high > low, $"the 3 White British can be worked out ({low}..{high})");
        // Here only Tower Hamlets has volunteers: its ICB's and the programme's counts are the same table, protected the same way.
        async Task<string> CountsAsync(string query) => string.Join(' ', (await GetAsync($"{query}&dimension=ethnic-group")).GetProperty("groups")
            .EnumerateArray().Select(g => $"{g.GetProperty("name")}:{g.GetProperty("count")}:{g.GetProperty("suppression")}"));
        var counts = await CountsAsync(area);
        Assert.Equal(counts, await CountsAsync("area=E54000029"));
        Assert.Equal(counts, await CountsAsync("area=programme"));
    }

    [Fact]
    public async Task The_ratio_and_its_interval_are_computed_from_the_published_counts()
    {
        var bangladeshi = Group(await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=ethnic-group"), "asian-bangladeshi");
        // Hand-computed: share 40/55 over 107333/310306; Wilson 95% interval of 40/55 is [0.59768, 0.82719].
        Assert.Equal(2.10259, bangladeshi.GetProperty("ratio").GetDouble(), 4);
        Assert.Equal(1.72792, bangladeshi.GetProperty("ratioLow").GetDouble(), 4);
        Assert.Equal(2.39146, bangladeshi.GetProperty("ratioHigh").GetDouble(), 4);
        Assert.False(bangladeshi.GetProperty("underRepresented").GetBoolean());
    }

    [Fact]
    public async Task Raw_counts_are_for_coordinators_and_every_request_is_audited()
    {
        var denied = await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Url}?area={RepresentationFactory.TowerHamlets}&raw=true");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        var coordinator = Guid.NewGuid().ToString();
        var response = await factory.CreateClient().As(Roles.Coordinator, coordinator)
            .GetAsync($"{Url}?area={RepresentationFactory.TowerHamlets}&dimension=ethnic-group&raw=true&reason=checking+a+board+paper");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(report.GetProperty("protected").GetBoolean());
        Assert.Equal(3, Group(report, "white-british").GetProperty("count").GetInt32());
        Assert.Equal(55, report.GetProperty("total").GetInt32());
        Assert.Equal(2, report.GetProperty("notStated").GetInt32());

        var trail = await factory.CreateClient().As(Roles.Coordinator)
            .GetFromJsonAsync<JsonElement>($"/api/learning/admin/audit?actor={coordinator}&action=raw-figure-read");
        var entry = Assert.Single(trail.GetProperty("items").EnumerateArray());
        Assert.Contains("raw=true", entry.GetProperty("subjectId").GetString());
        Assert.Equal("checking a board paper", entry.GetProperty("reason").GetString());
        Assert.Equal(Roles.Coordinator, entry.GetProperty("actorRole").GetString());
        Assert.Equal(response.Headers.GetValues("X-Correlation-Id").Single(), entry.GetProperty("correlationId").GetString());

        // A protected report is nobody's business to audit.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().As(Roles.Coordinator, coordinator)
            .GetAsync($"{Url}?area={RepresentationFactory.TowerHamlets}&dimension=ethnic-group")).StatusCode);
        Assert.Equal(1, (await factory.CreateClient().As(Roles.Coordinator)
            .GetFromJsonAsync<JsonElement>($"/api/learning/admin/audit?actor={coordinator}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Broad_groups_quintiles_sex_and_icbs_are_reported_too()
    {
        var broad = await GetAsync("area=E54000029&dimension=ethnic-group-broad"); // North East London ICB
        Assert.Equal("icb", broad.GetProperty("area").GetProperty("kind").GetString());
        Assert.Equal(40, Group(broad, "asian").GetProperty("count").GetInt32());
        Assert.Equal(5, broad.GetProperty("groups").GetArrayLength());

        var quintile = await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=imd-quintile");
        Assert.Equal(55, Group(quintile, "2").GetProperty("count").GetInt32()); // IMD 2025 decile 3 is quintile 2
        Assert.Equal(2025, quintile.GetProperty("imdEdition").GetInt32());
        var quintile2019 = await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=imd-quintile&imdEdition=2019");
        Assert.Equal(55, Group(quintile2019, "1").GetProperty("count").GetInt32()); // IMD 2019 decile 2 is quintile 1
        var sex = await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=sex");
        Assert.Equal(45, Group(sex, "female").GetProperty("count").GetInt32()); // 43 rounded
    }

    [Fact]
    public async Task Csv_is_available_with_the_same_protection()
    {
        var response = await factory.CreateClient().As(Roles.Partner).GetAsync($"{Url}?area={RepresentationFactory.TowerHamlets}&format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("area,dimension,population,study,month,protected,group,count,suppression", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("E09000030,ethnic-group,registered,,,True,white-british,,small-count", StringComparison.Ordinal));
        var imd = (await (await factory.CreateClient().As(Roles.Partner).GetAsync($"{Url}?area={RepresentationFactory.TowerHamlets}&dimension=imd-decile&format=csv"))
            .Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",imd_edition,baseline_edition", imd[0]);
        Assert.All(imd.Skip(1), l => Assert.EndsWith(",2025,imd-2025", l));
    }

    [Fact]
    public async Task Unknown_dimensions_and_areas_are_named_in_a_400_and_volunteers_are_refused()
    {
        var bad = await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Url}?dimension=religion&area=E99999999");
        await bad.AssertValidationProblemAsync("dimension", "area");
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Url}?population=enrolled")).AssertValidationProblemAsync("study");
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Url}?month=November")).AssertValidationProblemAsync("month");
        var volunteer = await factory.CreateClient().As(Roles.Volunteer).GetAsync(Url);
        await volunteer.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Essex_authorities_report_under_nhs_essex_icb_since_april_2026()
    {
        var essex = await GetAsync("area=essex-2026&dimension=sex");
        Assert.Equal("NHS Essex Integrated Care Board", essex.GetProperty("area").GetProperty("name").GetString());
        // The old Mid and South Essex ICB no longer exists today.
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Url}?area=E54000026")).AssertValidationProblemAsync("area");
    }

    [Fact]
    public async Task A_study_s_invited_and_enrolled_people_are_shown_against_the_local_population()
    {
        var study = Guid.NewGuid();
        var invitations = Enumerable.Range(0, 30).Select(i => new VolunteerInvited(Guid.NewGuid(), study, Guid.NewGuid(), DateTimeOffset.UtcNow,
            "35-44", i < 20 ? "asian-bangladeshi" : "white-british", "female", RepresentationFactory.TowerHamlets, 1)).ToList();
        // One enrolment overtakes its own invitation, as queues allow; and a late, older change does not undo a newer one.
        await factory.Harness.Bus.Publish(new InvitationStatusChanged(invitations[0].InvitationId, study, invitations[0].VolunteerId, "enrolled",
            DateTimeOffset.UtcNow.AddMinutes(2)));
        foreach (var invitation in invitations) await factory.Harness.Bus.Publish(invitation);
        foreach (var invitation in invitations.Take(12))
            await factory.Harness.Bus.Publish(new InvitationStatusChanged(invitation.InvitationId, study, invitation.VolunteerId, "enrolled",
                DateTimeOffset.UtcNow.AddMinutes(1)));
        await factory.Harness.Bus.Publish(new InvitationStatusChanged(invitations[0].InvitationId, study, invitations[0].VolunteerId, "interested",
            DateTimeOffset.UtcNow));
        await factory.WaitUntilAsync<LearningDbContext>(async db =>
            await db.StudyParticipants.CountAsync(p => p.StudyId == study && p.InvitedAt != null) == 30
            && await db.StudyParticipants.CountAsync(p => p.StudyId == study && p.EnrolledAt != null) == 12
            && await db.InboxMessages.CountAsync() >= 57 + 30 + 14);

        var invited = await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=ethnic-group&population=invited&study={study}",
            Roles.Coordinator);
        var raw = await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=ethnic-group&population=invited&study={study}&raw=true",
            Roles.Coordinator);
        Assert.Equal(30, raw.GetProperty("total").GetInt32());
        Assert.Equal(20, Group(raw, "asian-bangladeshi").GetProperty("count").GetInt32());
        Assert.Equal(study, invited.GetProperty("study").GetGuid());

        var enrolled = await GetAsync($"area={RepresentationFactory.TowerHamlets}&dimension=ethnic-group&population=enrolled&study={study}&raw=true",
            Roles.Coordinator);
        Assert.Equal(12, enrolled.GetProperty("total").GetInt32());
        Assert.Equal(12, Group(enrolled, "asian-bangladeshi").GetProperty("count").GetInt32());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        Assert.Equal("enrolled", (await db.StudyParticipants.SingleAsync(p => p.InvitationId == invitations[0].InvitationId)).Status);
    }

    [Fact]
    public async Task Registrations_of_one_month_are_shown_against_the_population_including_those_who_left_since()
    {
        // Thurrock, so that the borough holds only this test's volunteers: 12 in March 2025, 9 in April, one of whom has left.
        const string thurrock = "E06000034";
        var march = Enumerable.Range(0, 12).Select(i => new VolunteerRegistered(Guid.NewGuid(), new DateTimeOffset(2025, 3, 1 + i, 12, 0, 0, TimeSpan.Zero),
            "45-54", "white-british", "male", thurrock, 3)).ToList();
        var april = Enumerable.Range(0, 9).Select(i => new VolunteerRegistered(Guid.NewGuid(), new DateTimeOffset(2025, 4, 1 + i, 12, 0, 0, TimeSpan.Zero),
            "45-54", "black-african", "female", thurrock, 3)).ToList();
        foreach (var e in march.Concat(april)) await factory.Harness.Bus.Publish(e);
        await factory.Harness.Bus.Publish(new VolunteerWithdrawn(march[0].VolunteerId, DateTimeOffset.UtcNow));
        await factory.WaitUntilAsync<LearningDbContext>(async db =>
            await db.RegisteredVolunteers.CountAsync(v => v.LocalAuthorityCode == thurrock) == 21
            && await db.RegisteredVolunteers.AnyAsync(v => v.VolunteerId == march[0].VolunteerId && v.Left));

        var inMarch = await GetAsync($"area={thurrock}&dimension=ethnic-group&month=2025-03&raw=true", Roles.Coordinator);
        Assert.Equal(("2025-03", 12), (inMarch.GetProperty("month").GetString(), inMarch.GetProperty("total").GetInt32()));
        var inApril = await GetAsync($"area={thurrock}&dimension=sex&month=2025-04");
        Assert.Equal(10, Group(inApril, "female").GetProperty("count").GetInt32()); // 9, rounded
        var now = await GetAsync($"area={thurrock}&dimension=ethnic-group&raw=true", Roles.Coordinator);
        Assert.Equal(20, now.GetProperty("total").GetInt32()); // the register now: one has left
    }
}
