using Headshots.Web.Features.Reviews;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Admin;

public sealed class IndexModel(HeadshotReviews reviews) : PageModel
{
    public int PendingReviews { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => PendingReviews = await reviews.CountPendingAsync(cancellationToken);
}
