using MhAll.Messaging;
using MhAll.Messaging.DeadLetters;
using MhAll.Messaging.Erasure;
using MhAll.Panel.Consumers;
using MhAll.Panel.Data;

namespace MhAll.Panel;

/// <summary>Everything the Panel service registers and maps. Its features arrive with their own issues.</summary>
public static class PanelService
{
    public static WebApplicationBuilder AddPanel(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PanelDbContext, WebApplicationBuilder>(ResourceNames.Panel);
        builder.AddMessaging<PanelDbContext, WebApplicationBuilder>(ResourceNames.Panel, consumers => consumers.Add<VolunteerErasedConsumer>());
        return builder;
    }

    public static WebApplication MapPanel(this WebApplication app)
    {
        app.MapDeadLetterEndpoints(ResourceNames.Panel);
        app.MapErasureEndpoint<PanelDbContext>(ResourceNames.Panel);
        return app;
    }
}
