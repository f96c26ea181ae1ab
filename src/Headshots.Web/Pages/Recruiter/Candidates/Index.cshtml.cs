using Headshots.Web.Data;
using Headshots.Web.Features.Sharing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Recruiter.Candidates;

/// <summary>The recruiter's saved candidates: one row per share link kept, with its state as of now.</summary>
public sealed class IndexModel(AppDbContext db, ShareLinkService links, UserManager<AppUser> users) : PageModel
{
    public sealed record Row(Guid Id, string Name, DateTimeOffset SavedAt, ShareLinkState State, Guid? ThumbnailHeadshotId);

    public IReadOnlyList<Row> Candidates { get; private set; } = [];

    private string RecruiterId => users.GetUserId(User)!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var saved = await db.SavedCandidates.AsNoTracking()
            .Where(s => s.RecruiterId == RecruiterId)
            .Include(s => s.ShareLink)
            .OrderByDescending(s => s.SavedAt)
            .ToListAsync(cancellationToken);
        var rows = new List<Row>();
        foreach (var entry in saved)
        {
            var link = entry.ShareLink!;
            var state = links.StateOf(link);
            Guid? thumbnail = null;
            if (state == ShareLinkState.Active)
            {
                thumbnail = await links.FirstShownIdAsync(link, cancellationToken);
                state = thumbnail is null ? ShareLinkState.Empty : state;
            }

            rows.Add(new Row(entry.Id, link.DisplayName ?? "Unnamed candidate", entry.SavedAt, state, thumbnail));
        }

        Candidates = rows;
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        var removed = await db.SavedCandidates.Where(s => s.Id == id && s.RecruiterId == RecruiterId).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? NotFound() : RedirectToPage();
    }

    public static string Describe(ShareLinkState state) => state switch
    {
        ShareLinkState.Active => "Active",
        ShareLinkState.Expired => "Expired",
        ShareLinkState.Revoked => "Revoked by the candidate",
        _ => "No longer shows anything",
    };
}
