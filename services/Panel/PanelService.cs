using MhAll.Messaging;
using MhAll.Messaging.DeadLetters;
using MhAll.Panel.Data;

namespace MhAll.Panel;

/// <summary>Everything the Panel service registers and maps. Its features arrive with their own issues.</summary>
public static class PanelService
{
    public static WebApplicationBuilder AddPanel(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PanelDbContext, WebApplicationBuilder>(ResourceNames.Panel);
        builder.AddMessaging<PanelDbContext, WebApplicationBuilder>(ResourceNames.Panel);
        return builder;
    }

    public static WebApplication MapPanel(this WebApplication app)
    {
        app.MapDeadLetterEndpoints(ResourceNames.Panel);
        return app;
    }
}
