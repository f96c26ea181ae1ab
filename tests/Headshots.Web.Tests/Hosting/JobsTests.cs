using Hangfire;
using Hangfire.States;
using Headshots.Web.Hosting;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Hosting;

[Collection("web")]
public sealed class JobsTests(WebAppFixture app)
{
    [Fact]
    public async Task Workers_serve_an_inference_queue_with_one_worker_and_a_default_queue()
    {
        var monitoring = app.Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        var servers = await PollAsync(() => monitoring.Servers().Where(s => s.Name.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList(), s => s.Count == 2);

        var inference = Assert.Single(servers, s => s.Queues.Contains(JobQueues.Inference));
        Assert.Equal(1, inference.WorkersCount);
        Assert.Equal([JobQueues.Inference], inference.Queues);
        Assert.Single(servers, s => s.Queues.Contains(JobQueues.Default));
    }

    [Fact]
    public async Task A_job_enqueued_on_the_default_queue_runs_to_success_on_postgresql()
    {
        var client = app.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        var marker = Guid.NewGuid().ToString("N");

        var id = client.Create(() => ProbeJob.Record(marker), new EnqueuedState(JobQueues.Default));

        var monitoring = app.Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var details = await PollAsync(() => monitoring.JobDetails(id), d => d.History.FirstOrDefault()?.StateName == SucceededState.StateName);
        Assert.True(details.History[0].StateName == SucceededState.StateName,
            "job history: " + string.Join(" <- ", details.History.Select(h => $"{h.StateName} {h.Reason} {string.Join(",", h.Data)}")));
        Assert.True(ProbeJob.Seen.ContainsKey(marker));
    }

    [Fact]
    public async Task A_failing_job_without_its_own_retry_attribute_is_not_retried()
    {
        var client = app.Factory.Services.GetRequiredService<IBackgroundJobClient>();

        var id = client.Create(() => ProbeJob.Fail(), new EnqueuedState(JobQueues.Default));

        var monitoring = app.Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var details = await PollAsync(() => monitoring.JobDetails(id), d => d.History.FirstOrDefault()?.StateName == FailedState.StateName);
        Assert.Equal(FailedState.StateName, details.History[0].StateName);
        Assert.DoesNotContain(details.History, h => h.StateName == ScheduledState.StateName);
    }

    private static async Task<T> PollAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            value = read();
        }

        return value;
    }
}

public static class ProbeJob
{
    public static System.Collections.Concurrent.ConcurrentDictionary<string, bool> Seen { get; } = new();

    public static void Record(string marker) => Seen[marker] = true;

    public static void Fail() => throw new InvalidOperationException("probe failure");
}
