namespace Headshots.Web.Hosting;

/// <summary>
/// Whether the schema is in place. The app starts even while PostgreSQL is down; readiness and the job servers
/// wait on this instead of crashing the process.
/// </summary>
public sealed class DatabaseState
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Why the schema is not ready yet, in words an operator can act on.</summary>
    public string? Problem { get; private set; } = "Database migrations have not run yet.";

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void MarkReady()
    {
        Problem = null;
        _ready.TrySetResult();
    }

    public void ReportProblem(string problem) => Problem = problem;
}
