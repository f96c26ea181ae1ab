using Headshots.Web.Features.Reviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Admin.Reviews;

/// <summary>The review queue: outputs waiting for a person (oldest first), or those already decided.</summary>
public sealed class IndexModel(HeadshotReviews queue) : PageModel
{
    /// <summary>"pending" (default) or "decided".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public bool ShowDecided => string.Equals(Show, "decided", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<ReviewQueueItem> Items { get; private set; } = [];

    public int PendingCount { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Items = await queue.ListAsync(ShowDecided, cancellationToken);
        PendingCount = await queue.CountPendingAsync(cancellationToken);
    }

    public static string Why(ReviewQueueItem item) => (item.Verdict, item.AppealRequestedAt) switch
    {
        ("Review", null) => "The gate was unsure",
        ("Review", { } at) => $"The gate was unsure; owner asked on {at:d MMM}",
        (_, { } at) => $"Owner appealed a {item.Verdict.ToLowerInvariant()} on {at:d MMM}",
        _ => item.Verdict,
    };
}
