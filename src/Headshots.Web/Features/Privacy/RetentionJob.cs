using Hangfire;
using Headshots.Web.Features.Photos;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Features.Privacy;

/// <summary>Deletes source photos and their embeddings once the retention period is over. Runs hourly on the default queue.</summary>
public sealed class RetentionJob(DeletionService deletion, IOptions<PhotoOptions> options, TimeProvider clock, ILogger<RetentionJob> logger)
{
    public const string RecurringId = "retention";

    // A failure (database briefly away) is safe to retry: the next run deletes whatever is still due.
    [AutomaticRetry(Attempts = 2)]
    [Queue("default")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var deleted = await deletion.DeleteExpiredPhotosAsync(cutoff, cancellationToken);
        logger.LogInformation("Retention: deleted {Count} photos uploaded before {Cutoff:u}", deleted, cutoff);
    }
}
