using System.Net;
using Hangfire;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Hosting;

/// <summary>The same app runs as web only or as a worker only, so operators can add worker machines on one PostgreSQL.</summary>
public sealed class DeploymentModeTests
{
    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_worker_only_instance_serves_health_but_no_pages_and_runs_the_queues()
    {
        await using var database = TestDatabase.Create("worker");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?> { ["Web:Enabled"] = "false" });
        await factory.StartAndWaitUntilReadyAsync();
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var monitoring = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (monitoring.Servers().Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(2, monitoring.Servers().Count);
    }

    [Fact]
    public async Task A_web_only_instance_serves_pages_and_runs_no_workers()
    {
        await using var database = TestDatabase.Create("webonly");
        await using var factory = new HeadshotsFactory(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        await factory.StartAndWaitUntilReadyAsync();
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        await Task.Delay(1000);
        Assert.Empty(factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers());
    }
}
