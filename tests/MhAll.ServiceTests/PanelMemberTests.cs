using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Contracts.Panel;
using MhAll.Messaging.Audit;
using MhAll.Panel.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MhAll.ServiceTests.PanelSeeding;

namespace MhAll.ServiceTests;

[Collection(ServiceTestsCollection.Name)]
public sealed class PanelMemberTests(PanelFactory factory) : IClassFixture<PanelFactory>
{
    [Theory]
    [InlineData(Roles.Volunteer)]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.PanelMember)]
    public async Task Anyone_signed_in_may_apply_and_starts_as_applied_with_the_application_in_the_history(string role)
    {
        var subject = Guid.NewGuid().ToString();
        var created = await factory.CreateClient().As(role, subject).PostAsJsonAsync(Members, Application());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var member = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("applied", member.GetProperty("status").GetString());
        var step = Assert.Single(member.GetProperty("history").EnumerateArray());
        Assert.Equal((JsonValueKind.Null, "applied", subject), (step.GetProperty("from").ValueKind, step.GetProperty("to").GetString(), step.GetProperty("by").GetString()));
    }

    [Fact]
    public async Task Applying_twice_is_a_conflict()
    {
        var (client, _) = await factory.ApplicantAsync();
        await (await client.PostAsJsonAsync(Members, Application())).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_application_names_each_field_it_refuses()
    {
        var response = await factory.CreateClient().As(Roles.PanelMember).PostAsJsonAsync(Members, Application(b =>
        {
            b["ethnicGroup"] = "asian"; b["localAuthority"] = "E09000007"; b["paymentPreference"] = null; b["skills"] = new[] { "juggling" };
            b["email"] = "not-an-email";
        }));
        await response.AssertValidationProblemAsync("ethnicGroup", "localAuthority", "paymentPreference", "skills", "email");
    }

    [Fact]
    public async Task Every_equality_monitoring_question_takes_prefer_not_to_say()
    {
        var (client, _) = await factory.ApplicantAsync(b =>
        {
            foreach (var field in new[] { "ethnicGroup", "sex", "ageBand", "disability", "localAuthority" }) b[field] = "prefer-not-to-say";
        });
        var me = await client.GetFromJsonAsync<JsonElement>($"{Members}/me");
        Assert.Equal("prefer-not-to-say", me.GetProperty("localAuthority").GetString());
        Assert.Equal("prefer-not-to-say", me.GetProperty("ethnicGroup").GetString());
    }

    [Fact]
    public async Task A_member_corrects_their_own_record_and_another_member_finds_none()
    {
        var (client, id) = await factory.ApplicantAsync();
        var updated = await client.PutAsJsonAsync($"{Members}/me", Application(b => { b["paymentPreference"] = "voucher"; b["formats"] = new[] { "online", "in-person" }; }));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>($"{Members}/me");
        Assert.Equal((id, "voucher", 2), (me.GetProperty("id").GetGuid(), me.GetProperty("paymentPreference").GetString(), me.GetProperty("formats").GetArrayLength()));
        await (await factory.CreateClient().As(Roles.PanelMember).GetAsync($"{Members}/me")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.Researcher)]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Volunteer)]
    public async Task Only_a_panel_member_reaches_their_own_record(string role)
    {
        var client = factory.CreateClient().As(role);
        await (await client.GetAsync($"{Members}/me")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync($"{Members}/me")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_panel_member_cannot_list_or_read_other_members()
    {
        var (client, id) = await factory.ApplicantAsync();
        await (await client.GetAsync(Members)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"{Members}/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync($"{Members}/{id}/status", new { status = "shortlisted" })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Each_status_change_is_kept_dated_and_with_who_made_it()
    {
        var (client, id) = await factory.ApplicantAsync();
        var coordinator = Guid.NewGuid().ToString();
        var moved = await factory.CreateClient().As(Roles.Coordinator, coordinator)
            .PostAsJsonAsync($"{Members}/{id}/status", new { status = "shortlisted", note = "Strong application." });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var history = (await client.GetFromJsonAsync<JsonElement>($"{Members}/me")).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(("applied", "shortlisted", coordinator, "Strong application."), (history[1].GetProperty("from").GetString(),
            history[1].GetProperty("to").GetString(), history[1].GetProperty("by").GetString(), history[1].GetProperty("note").GetString()));
        Assert.True(history[1].GetProperty("at").GetDateTimeOffset() >= history[0].GetProperty("at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("active")]
    [InlineData("inducted")]
    [InlineData("paused")]
    public async Task An_applicant_cannot_skip_ahead_to(string status)
    {
        var (_, id) = await factory.ApplicantAsync();
        var problem = await (await factory.MoveAsync(id, status)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("applied", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Nothing_follows_leaving()
    {
        var (_, id) = await factory.ApplicantAsync();
        await factory.MoveThroughAsync(id, "left");
        await (await factory.MoveAsync(id, "shortlisted")).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Two_coordinators_moving_a_member_at_once_make_one_change_and_the_other_is_a_conflict()
    {
        var (client, id) = await factory.ApplicantAsync();
        var answers = await Task.WhenAll(factory.MoveAsync(id, "shortlisted"), factory.MoveAsync(id, "left"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>($"{Members}/me")).GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_status_is_a_validation_problem()
    {
        var (_, id) = await factory.ApplicantAsync();
        await (await factory.MoveAsync(id, "promoted")).AssertValidationProblemAsync("status");
    }

    [Fact]
    public async Task A_member_cannot_become_active_without_signing_the_current_agreement_and_the_conflict_says_so()
    {
        var (client, id) = await factory.ApplicantAsync();
        var version = await factory.PublishAgreementAsync();
        await factory.MoveThroughAsync(id, "shortlisted", "inducted");
        var problem = await (await factory.MoveAsync(id, "active")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"confidentiality agreement (version {version})", problem.GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.SignAsync(version)).StatusCode);
        await factory.MoveThroughAsync(id, "active");
    }

    [Fact]
    public async Task A_new_agreement_version_must_be_signed_before_a_paused_member_comes_back()
    {
        var (client, id) = await factory.ActiveMemberAsync();
        await factory.MoveThroughAsync(id, "paused");
        var newer = await factory.PublishAgreementAsync("Version with the new recording rules.");
        var me = await client.GetFromJsonAsync<JsonElement>($"{Members}/me");
        Assert.False(me.GetProperty("confidentialityAgreement").GetProperty("signedCurrent").GetBoolean());
        await (await factory.MoveAsync(id, "active")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.OK, (await client.SignAsync(newer)).StatusCode);
        await factory.MoveThroughAsync(id, "active");
    }

    [Fact]
    public async Task Signing_a_version_that_is_not_current_is_a_conflict()
    {
        var (client, _) = await factory.ApplicantAsync();
        var older = await factory.PublishAgreementAsync();
        var current = await factory.PublishAgreementAsync("A newer version.");
        var problem = await (await client.SignAsync(older)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"Version {current}", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_current_agreement_is_the_latest_published_version()
    {
        await factory.PublishAgreementAsync();
        var latest = await factory.PublishAgreementAsync("The latest text.");
        var current = await factory.CreateClient().As(Roles.Volunteer).GetFromJsonAsync<JsonElement>($"{Agreements}/current");
        Assert.Equal((latest, "The latest text."), (current.GetProperty("version").GetInt32(), current.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Only_coordinators_publish_an_agreement()
    {
        await (await factory.CreateClient().As(Roles.PanelMember).PostAsJsonAsync(Agreements, new { text = "Mine." }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Becoming_active_publishes_the_member_id_and_stated_categories_only()
    {
        var (_, id) = await factory.ActiveMemberAsync(b => b["sex"] = "prefer-not-to-say");
        Assert.True(await factory.PublishedAsync<PanelMemberJoined>(m => m.MemberId == id));
        var joined = factory.Harness.Published.Select<PanelMemberJoined>().Single(m => m.Context.Message.MemberId == id).Context.Message;
        Assert.Equal(("asian-bangladeshi", null, "35-44", null, "E09000030"), (joined.EthnicGroup, joined.Sex, joined.AgeBand, joined.Disability, joined.LocalAuthority));
    }

    [Fact]
    public async Task Coming_back_from_a_pause_is_not_joining_again()
    {
        var (_, id) = await factory.ActiveMemberAsync();
        await factory.MoveThroughAsync(id, "paused", "active");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        var named = id.ToString();
        var joined = await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType.Contains(nameof(PanelMemberJoined))).ToListAsync();
        Assert.Single(joined, m => m.Payload.Contains(named));
    }

    [Fact]
    public async Task Leaving_after_joining_is_published()
    {
        var (_, id) = await factory.ActiveMemberAsync();
        await factory.MoveThroughAsync(id, "left");
        Assert.True(await factory.PublishedAsync<PanelMemberLeft>(m => m.MemberId == id));
    }

    [Fact]
    public async Task Coordinators_filter_members_by_status_and_lived_experience_in_the_audit_trail()
    {
        var (_, wanted) = await factory.ApplicantAsync(b => b["livedExperience"] = new[] { "ocd" });
        var (_, other) = await factory.ApplicantAsync(b => b["livedExperience"] = new[] { "anxiety" });
        await factory.MoveThroughAsync(wanted, "shortlisted");
        await factory.MoveThroughAsync(other, "shortlisted");
        var page = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Members}?status=shortlisted&livedExperience=ocd");
        var ids = page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(wanted, ids);
        Assert.DoesNotContain(other, ids);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<PanelDbContext>().Set<AuditEntry>()
            .AnyAsync(a => a.Action == AuditActions.PanelMemberRecordRead && a.SubjectId.Contains("livedExperience=ocd")));
    }

    [Fact]
    public async Task A_coordinator_reads_one_member_in_the_audit_trail()
    {
        var (_, id) = await factory.ApplicantAsync();
        var member = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Members}/{id}");
        Assert.Equal("Rukhsana Ali", member.GetProperty("name").GetString());
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<PanelDbContext>().Set<AuditEntry>()
            .AnyAsync(a => a.Action == AuditActions.PanelMemberRecordRead && a.SubjectId == id.ToString()));
    }

    [Fact]
    public async Task A_coordinator_records_benefits_advice_with_its_date()
    {
        var (client, id) = await factory.ApplicantAsync();
        var advised = await factory.Coordinator().PostAsJsonAsync($"{Members}/{id}/benefits-advice", new { offeredOn = "2026-11-02" });
        Assert.Equal(HttpStatusCode.OK, advised.StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>($"{Members}/me");
        Assert.Equal((true, "2026-11-02"), (me.GetProperty("benefitsAdviceOffered").GetBoolean(), me.GetProperty("benefitsAdviceOfferedOn").GetString()));
    }

    [Fact]
    public async Task The_subject_access_copy_holds_the_record_history_and_signatures_and_is_in_the_audit_trail()
    {
        var (client, id) = await factory.ActiveMemberAsync();
        var copy = await client.GetFromJsonAsync<JsonElement>($"{Members}/me/data");
        Assert.Equal(id, copy.GetProperty("member").GetProperty("id").GetGuid());
        Assert.Equal("Papers a week ahead, in large print.", copy.GetProperty("member").GetProperty("accessNeeds").GetString());
        Assert.Equal(4, copy.GetProperty("member").GetProperty("history").GetArrayLength());
        Assert.Equal(1, copy.GetProperty("agreementSignatures").GetArrayLength());
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<PanelDbContext>().Set<AuditEntry>()
            .AnyAsync(a => a.Action == AuditActions.SubjectAccessExport && a.SubjectId == id.ToString()));
    }

    [Fact]
    public async Task Erasure_empties_every_personal_field_but_keeps_a_stub_id_for_payments()
    {
        var (client, id) = await factory.ActiveMemberAsync(b => b["paymentPreference"] = "voucher");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Members}/me")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        var stub = await db.Members.AsNoTracking().SingleAsync(m => m.Id == id);
        Assert.Equal((null, null, null, null, null, null), (stub.SubjectId, stub.Name, stub.Email, stub.Phone, stub.Motivation, stub.AccessNeeds));
        Assert.Equal((null, null, null, null, null), (stub.EthnicGroup, stub.Sex, stub.AgeBand, stub.Disability, stub.LocalAuthority));
        Assert.Empty(stub.LivedExperience.Concat(stub.Skills).Concat(stub.Languages).Concat(stub.AvailableDays).Concat(stub.AvailableTimes).Concat(stub.Formats));
        Assert.Equal(("left", "voucher"), (stub.Status, stub.PaymentPreference));
        Assert.NotNull(stub.ErasedAt);
        Assert.False(await db.MemberStatusChanges.AnyAsync(c => c.MemberId == id));
        Assert.False(await db.AgreementSignatures.AnyAsync(s => s.MemberId == id));
    }

    [Fact]
    public async Task Erasing_a_member_who_had_joined_tells_the_other_services_they_left()
    {
        var (client, id) = await factory.ActiveMemberAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Members}/me")).StatusCode);
        Assert.True(await factory.PublishedAsync<PanelMemberLeft>(m => m.MemberId == id));
    }

    [Fact]
    public async Task After_erasure_the_record_is_gone_for_its_owner_and_they_may_apply_again_as_someone_new()
    {
        var (client, id) = await factory.ApplicantAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Members}/me")).StatusCode);
        await (await client.GetAsync($"{Members}/me")).AssertProblemAsync(HttpStatusCode.NotFound);
        var again = await client.PostAsJsonAsync(Members, Application());
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_erased_member_drops_out_of_the_coordinators_list_and_cannot_be_moved()
    {
        var (client, id) = await factory.ApplicantAsync();
        await client.DeleteAsync($"{Members}/me");
        var page = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Members}?status=left&pageSize=200");
        Assert.DoesNotContain(id, page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
        await (await factory.MoveAsync(id, "shortlisted")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
