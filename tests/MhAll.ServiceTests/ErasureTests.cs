using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Contracts.Participation;
using MhAll.Messaging;
using MhAll.Messaging.Erasure;
using MhAll.Panel.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;
using Microsoft.EntityFrameworkCore;

namespace MhAll.ServiceTests;

public class PanelFactory() : ServiceFactory<PanelDbContext>(ResourceNames.Panel);

/// <summary>Every service acts on a volunteer's erasure and says so to programme staff.</summary>
public abstract class ErasureTests<TDbContext>(ServiceFactory<TDbContext> factory, string service)
    where TDbContext : DbContext, IMessagingDbContext
{
    [Fact]
    public async Task An_erasure_is_acted_on_once_and_programme_staff_can_confirm_it()
    {
        var volunteerId = Guid.NewGuid();
        var erased = new VolunteerErased(volunteerId, DateTimeOffset.UtcNow);
        await factory.Harness.Bus.Publish(erased);
        await factory.Harness.Bus.Publish(erased); // published again (a replay): acted on once
        await factory.WaitUntilAsync<TDbContext>(async db => await db.Set<ErasedVolunteer>().AnyAsync(e => e.VolunteerId == volunteerId));

        var url = $"/api/{service}/admin/erasures/{volunteerId}";
        var confirmed = await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(volunteerId, confirmed.GetProperty("volunteerId").GetGuid());
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Coordinator).GetAsync($"/api/{service}/admin/erasures/{Guid.NewGuid()}"))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingErasureTests(TrainingFactory factory) : ErasureTests<TrainingDbContext>(factory, "training"), IClassFixture<TrainingFactory>;

[Collection(ServiceTestsCollection.Name)]
public sealed class PanelErasureTests(PanelFactory factory) : ErasureTests<PanelDbContext>(factory, "panel"), IClassFixture<PanelFactory>;
