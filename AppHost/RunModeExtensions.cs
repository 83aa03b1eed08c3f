using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace MhAll.AppHost;

public static class RunModeExtensions
{
    /// <summary>In production-like, the project runs as in production, whatever its launch profile says.</summary>
    public static IResourceBuilder<ProjectResource> InRunMode(this IResourceBuilder<ProjectResource> project, RunMode mode) =>
        mode == RunMode.ProductionLike
            ? project.WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production").WithEnvironment("DOTNET_ENVIRONMENT", "Production")
            : project;
}
