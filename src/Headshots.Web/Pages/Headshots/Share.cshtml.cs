using Headshots.Web.Data;
using Headshots.Web.Features.Sharing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Gallery;

/// <summary>The owner's share links: make one for chosen approved headshots, see when it was opened, revoke it.</summary>
public sealed class ShareModel(ShareLinkService links, AppDbContext db, UserManager<AppUser> users) : PageModel
{
    /// <summary>How many view times are listed per link (the count covers all of them).</summary>
    public const int ViewTimesShown = 20;

    public IReadOnlyList<Headshot> Shareable { get; private set; } = [];

    public IReadOnlyList<LinkRow> Links { get; private set; } = [];

    /// <summary>The address of the link just made: shown this once, never stored.</summary>
    public string? NewLinkAddress { get; private set; }

    public int DefaultDays => links.DefaultLifetimeDays;

    public int MaxDays => links.MaxLifetimeDays;

    private string UserId => users.GetUserId(User)!;

    public sealed record LinkRow(ShareLink Link, int Headshots, int Views, IReadOnlyList<DateTimeOffset> RecentViews, ShareLinkState State);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(List<Guid> headshots, string? displayName, int? days, bool allowBeforeAfter,
        CancellationToken cancellationToken)
    {
        var (created, problem) = await links.CreateAsync(UserId, headshots, displayName, days, allowBeforeAfter, cancellationToken);
        if (created is null)
        {
            ModelState.AddModelError(string.Empty, problem!);
        }
        else
        {
            // Rendered directly, not redirected: a redirect would have to carry the token through a URL or a cookie.
            NewLinkAddress = $"{Request.Scheme}://{Request.Host}/s/{created.Token}";
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken) =>
        await links.RevokeAsync(UserId, id, cancellationToken) ? RedirectToPage() : NotFound();

    public string StateText(LinkRow row) => row.State switch
    {
        ShareLinkState.Revoked => $"Revoked {row.Link.RevokedAt!.Value:d MMM yyyy}",
        ShareLinkState.Expired => $"Expired {row.Link.ExpiresAt:d MMM yyyy}",
        _ when row.Headshots == 0 => "Shows nothing any more (its headshots were deleted)",
        _ => $"Active until {row.Link.ExpiresAt:d MMM yyyy}",
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Shareable = await links.ShareableHeadshotsAsync(UserId, cancellationToken);
        var rows = await db.ShareLinks.AsNoTracking()
            .Where(l => l.UserId == UserId)
            .OrderByDescending(l => l.CreatedAt)
            .Select(l => new
            {
                Link = l,
                // What the link still shows (approved, not deleted), so "shows nothing any more" matches what visitors get.
                Headshots = db.Headshots.Where(Headshot.IsApprovedHeadshot).Count(h => h.UserId == l.UserId && h.Width > 0 && l.Headshots.Any(s => s.HeadshotId == h.Id)),
                Views = l.Views.Count,
                Recent = l.Views.OrderByDescending(v => v.At).Take(ViewTimesShown).Select(v => v.At).ToList(),
            })
            .ToListAsync(cancellationToken);
        Links = [.. rows.Select(r => new LinkRow(r.Link, r.Headshots, r.Views, r.Recent, links.StateOf(r.Link)))];
    }
}
