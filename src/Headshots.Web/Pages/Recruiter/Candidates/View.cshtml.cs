using Headshots.Web.Data;
using Headshots.Web.Features.Sharing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Recruiter.Candidates;

/// <summary>
/// A saved candidate's card, re-opened without the token: the recruiter's own saved entry (checked by owner) leads to
/// the link by id. The owner's revocation or the link's expiry applies here exactly as on /s/{token}.
/// </summary>
public sealed class ViewModel(AppDbContext db, ShareLinkService links, UserManager<AppUser> users) : PageModel
{
    public Guid Id { get; private set; }

    public ShareCard? Card { get; private set; }

    public ShareLinkState State { get; private set; }

    public Share.ShareCardView? CardView => Card is null ? null
        : new(Card, headshotId => $"/Recruiter/Candidates/Image?id={Id}&headshotId={headshotId}", $"/Recruiter/Candidates/Image?id={Id}&source=true");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var recruiterId = users.GetUserId(User);
        var saved = await db.SavedCandidates.AsNoTracking().Include(s => s.ShareLink)
            .SingleOrDefaultAsync(s => s.Id == id && s.RecruiterId == recruiterId, cancellationToken);
        if (saved is null)
        {
            return NotFound();
        }

        Id = id;
        (State, Card) = await links.OpenAsync(saved.ShareLink!, cancellationToken);
        if (State == ShareLinkState.Active)
        {
            await links.RecordViewAsync(saved.ShareLink!, cancellationToken);
        }

        return Page();
    }
}
