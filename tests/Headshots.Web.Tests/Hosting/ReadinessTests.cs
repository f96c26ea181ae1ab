using System.Net;
using Headshots.Web.Tests.Infrastructure;
using Npgsql;

namespace Headshots.Web.Tests.Hosting;

[Trait("Needs", "Models")]
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_is_unhealthy_while_the_database_is_unreachable_and_healthy_when_it_is_back()
    {
        await using var database = TestDatabase.Create("ready");
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        proxy.Start();
        var viaProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await using var factory = new HeadshotsFactory(viaProxy, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
        await factory.StartAndWaitUntilReadyAsync();
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        proxy.Stop();
        var down = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("\"database\"", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        proxy.Start();
        Assert.Equal(HttpStatusCode.OK, await PollUntilOkAsync(client, "/health/ready", TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task App_starts_while_the_database_is_down_and_becomes_ready_when_it_comes_up()
    {
        await using var database = TestDatabase.Create("late");
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        proxy.Start();
        proxy.Stop();
        var viaProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port, Timeout = 2 }.ConnectionString;
        await using var factory = new HeadshotsFactory(viaProxy);
        var client = factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("PostgreSQL is unreachable", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        proxy.Start();
        Assert.Equal(HttpStatusCode.OK, await PollUntilOkAsync(client, "/health/ready", TimeSpan.FromSeconds(30)));
    }

    private static async Task<HttpStatusCode> PollUntilOkAsync(HttpClient client, string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync(path)).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        return status;
    }
}
